"""The Löschkonzept page (the rules in plain language, when each class of the centre's data
is next due, the legal holds, the run log), an admin's periods, a lead's holds, and the
erasure of a person with its confirmation page."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlalchemy import select
from sqlmodel import Session, col

from cases.retention import erase as erasing
from cases.retention import holds, rules
from cases.retention.holds import Held
from cases.retention.present import rules_of
from cases.retention.rules import CLASS_ORDER
from cases.retention.run import recent_runs
from cases.retention.schemas import EraseIn, HoldIn, PeriodIn
from cases.retention.service import run_locked
from welcome import clock, roles
from welcome.accounts.models import Centre
from welcome.forms import action_post, form_post, off_loop, redirect
from welcome.i18n import _
from welcome.merging import MergedAway
from welcome.nav import NavItem, PersonSection
from welcome.roles import Role
from welcome.templating import render
from welcome.web import CurrentUser, DbSession, Id, require_role

router = APIRouter()
READERS = frozenset({Role.COUNSELLOR, Role.LEAD, Role.ADMIN})
LEADS = frozenset({Role.LEAD})
ADMINS = frozenset({Role.ADMIN})
NAV = [NavItem("/retention", lambda: _("Deletion concept"), order=96, roles=roles.names(READERS))]


def _person_card(db: Session, *, person: Any) -> dict[str, object]:
    return {"person_id": person.id}


PERSON_SECTIONS = [
    PersonSection(
        template="retention/_person_erase.html",
        load=_person_card,
        order=95,
        roles=frozenset({"lead"}),
    )
]


def _page(
    request: Request,
    db: Session,
    *,
    centre_id: int | None,
    errors: dict[str, str],
    values: dict[str, Any],
) -> Response:
    view = request.state.user
    today = clock.today()
    centre = view.centre_id if view.centre_id is not None else centre_id
    centres = list(db.execute(select(col(Centre.id), col(Centre.name)).order_by(col(Centre.name))))
    held = holds.list_active(db, as_of=today) if view.centre_id is not None else []
    runs = []
    for run in recent_runs(db):
        counts = run.counts if centre is None else run.centres.get(str(centre), {})
        shown = {k: counts.get(k, 0) for k in CLASS_ORDER if counts.get(k)}
        if centre is None or view.role == "admin":
            shown = {k: run.counts.get(k, 0) for k in run.counts if run.counts.get(k)}
        runs.append({"run": run, "counts": shown})
    context = {
        "rules": rules_of(db, centre_id=centre, as_of=today),
        "centre_id": centre,
        "centres": centres,
        "holds": held,
        "runs": runs,
        "labels": rules.DataClass.labels(),
        "errors": errors,
        "values": values,
        "today": today,
        "is_admin": view.role == "admin",
        "is_lead": view.role == "lead",
    }
    return render(request, "retention/page.html", context)


@router.get("/retention", dependencies=[Depends(require_role(READERS))])
def retention_page(
    request: Request,
    db: DbSession,
    centre: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
) -> Response:
    return _page(request, db, centre_id=centre, errors={}, values={})


def _again(request: Request, db: Session, centre_id: int | None) -> Any:
    def again(errors: dict[str, str], values: dict[str, Any]) -> Response:
        return _page(request, db, centre_id=centre_id, errors=errors, values=values)

    return again


@router.post("/retention/periods", dependencies=[Depends(require_role(ADMINS))])
async def change_period(request: Request, db: DbSession) -> Response:
    form = await request.form()
    centre = int(str(form.get("centre_id") or 0)) or None

    def act(data: PeriodIn) -> object:
        return rules.update_period(
            db, centre_id=data.centre_id, data_class=data.data_class, amount=data.amount
        )

    return await form_post(
        request,
        db,
        PeriodIn,
        act,
        done=lambda _r: redirect(
            request, f"/retention?centre={centre}", _("The retention period has been changed.")
        ),
        invalid=_again(request, db, centre),
    )


@router.post("/retention/holds", dependencies=[Depends(require_role(LEADS))])
async def place_hold(request: Request, db: DbSession) -> Response:
    return await form_post(
        request,
        db,
        HoldIn,
        lambda data: holds.create(db, data=data),
        done=lambda _h: redirect(request, "/retention", _("The legal hold has been placed.")),
        invalid=_again(request, db, None),
    )


@router.post("/retention/holds/{hold_id}/release", dependencies=[Depends(require_role(LEADS))])
async def release_hold(request: Request, hold_id: Id, db: DbSession) -> Response:
    return await action_post(
        request,
        db,
        lambda: holds.release(db, hold_id=hold_id),
        done=lambda _h: redirect(request, "/retention", _("The legal hold has been released.")),
    )


@router.post("/retention/run", dependencies=[Depends(require_role(ADMINS))])
async def start_run(request: Request, user: CurrentUser, db: DbSession) -> Response:
    """An admin runs retention now (for every centre, as of today, under the lock)."""
    engine = request.app.state.engine
    user_id = user.id

    def act() -> object:
        db.commit()  # nothing of this request holds a lock while the run works
        return run_locked(engine, started_by=f"user:{user_id}")

    return await action_post(
        request,
        db,
        act,
        done=lambda _r: redirect(request, "/retention", _("The retention run is done.")),
    )


# --- erasure (Art. 17) ----------------------------------------------------------------------


def _confirm(
    request: Request,
    db: Session,
    person: Any,
    *,
    errors: dict[str, str],
    values: dict[str, Any],
    hold: Any = None,
) -> Response:
    context = {"person": person, "errors": errors, "values": values, "hold": hold}
    return render(request, "retention/erase.html", context)


@router.get("/persons/{person_id}/erase", dependencies=[Depends(require_role(LEADS))])
def erase_page(request: Request, person_id: Id, db: DbSession) -> Response:
    try:
        person = erasing.get(db, person_id=person_id)
    except MergedAway as gone:
        return redirect(request, f"/persons/{gone.merged_into}/erase")
    assert person.id is not None
    hold = holds.hold_on_person(db, person_id=person.id, as_of=clock.today())
    response = _confirm(request, db, person, errors={}, values={"mode": "anonymise"}, hold=hold)
    if hold is not None:
        response.status_code = 409
    return response


@router.post("/persons/{person_id}/erase", dependencies=[Depends(require_role(LEADS))])
async def erase_person(request: Request, person_id: Id, db: DbSession) -> Response:
    person = await off_loop(erasing.get, db, person_id=person_id)
    name = f"{person.first_name} {person.last_name}"

    def act(data: EraseIn) -> object:
        return erasing.erase(db, person=person, data=data)

    def invalid(errors: dict[str, str], values: dict[str, Any]) -> Response:
        return _confirm(request, db, person, errors=errors, values=values)

    try:
        return await form_post(
            request,
            db,
            EraseIn,
            act,
            done=lambda _e: redirect(
                request, "/persons", _("%(name)s has been erased.", name=name)
            ),
            invalid=invalid,
        )
    except Held as held:
        message = str(held)

        def refused() -> Response:
            db.rollback()
            assert person.id is not None
            hold = holds.hold_on_person(db, person_id=person.id, as_of=clock.today())
            response = _confirm(request, db, person, errors={"form": message}, values={}, hold=hold)
            response.status_code = 409
            return response

        return await off_loop(refused)
