"""The deletion concept over JSON: the rules, legal holds, runs, and a person's erasure."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from cases.retention import erase as erasing
from cases.retention import holds
from cases.retention.present import rule_out
from cases.retention.rules import effective_rules
from cases.retention.run import recent_runs
from cases.retention.schemas import ErasedOut, EraseIn, HoldIn, HoldOut
from welcome import clock
from welcome.roles import MANAGERS, Role
from welcome.web import ApiUser, DbSession, Id, require_api_role

router = APIRouter(tags=["retention"])
LEADS = frozenset({Role.LEAD})


@router.get("/retention/rules")
def list_rules(
    user: ApiUser,
    db: DbSession,
    centre_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
) -> list[dict[str, Any]]:
    """The deletion concept: per data class the period (ISO 8601, e.g. `P3Y`), its trigger and
    reason (in the caller's language), and the centre's own settings (the caller's centre;
    admins and statisticians may name one, else the defaults)."""
    centre = user.centre_id if user.centre_id is not None else centre_id
    return [rule_out(rule).model_dump() for rule in effective_rules(db, centre_id=centre)]


@router.post(
    "/persons/{person_id}/erase",
    response_model=ErasedOut,
    dependencies=[Depends(require_api_role(LEADS))],
)
def erase_person(person_id: Id, body: EraseIn, db: DbSession) -> ErasedOut:
    """Art. 17: anonymise the person at once (`mode=anonymise`, the report stays identical)
    or delete them entirely (`mode=delete`: live figures change, submitted reports stay).
    Afterwards `GET /persons/{id}` is 404. A held person: 409 naming the hold's reason."""
    person = erasing.get(db, person_id=person_id)
    erasing.erase(db, person=person, data=body)
    return ErasedOut(id=person_id, mode=body.mode)


@router.get(
    "/retention/holds",
    response_model=list[HoldOut],
    dependencies=[Depends(require_api_role(MANAGERS))],
)
def list_holds(db: DbSession) -> list[HoldOut]:
    """The centre's legal holds that apply today."""
    return [HoldOut.model_validate(h) for h in holds.list_active(db, as_of=clock.today())]


@router.post(
    "/retention/holds",
    status_code=201,
    response_model=HoldOut,
    dependencies=[Depends(require_api_role(LEADS))],
)
def create_hold(body: HoldIn, db: DbSession) -> HoldOut:
    """Hold a person's (`person_id`) or a case's (`case_id`) data until `until`."""
    return HoldOut.model_validate(holds.create(db, data=body))


@router.post(
    "/retention/holds/{hold_id}/release",
    response_model=HoldOut,
    dependencies=[Depends(require_api_role(LEADS))],
)
def release_hold(hold_id: Id, db: DbSession) -> HoldOut:
    return HoldOut.model_validate(holds.release(db, hold_id=hold_id))


@router.get("/retention/runs", dependencies=[Depends(require_api_role(MANAGERS))])
def list_runs(db: DbSession) -> list[dict[str, Any]]:
    """The latest retention runs: when, as of, who started them, counts per class."""
    return [
        {
            "id": r.id,
            "started_at": r.started_at.isoformat(),
            "as_of": r.as_of.isoformat(),
            "started_by": r.started_by,
            "counts": r.counts,
            "failures": r.failures,
            "finished": r.finished_at is not None,
        }
        for r in recent_runs(db)
    ]
