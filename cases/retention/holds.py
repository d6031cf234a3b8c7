"""Legal holds: a lead keeps a person's or a case's data beyond the rules until a day (e.g.
proof for a funding audit); the retention run and an erasure skip held data."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import or_, select
from sqlmodel import Session, col

from cases.counselling.models import Case
from cases.persons.models import Person
from cases.retention.models import LegalHold
from cases.retention.schemas import HoldIn
from welcome import clock
from welcome.db import actor_of, fetch
from welcome.errors import Conflict, FieldErrors, NotFound
from welcome.i18n import _


class Held(Conflict):
    """An erasure refused: the person's data is on hold (409 naming the hold's reason)."""

    def __init__(self, hold: LegalHold) -> None:
        super().__init__(
            _(
                "This person's data is on legal hold until %(day)s: %(reason)s",
                day=hold.until.isoformat(),
                reason=hold.reason,
            )
        )
        self.hold = hold
        self.problem_extra = {
            "hold": {"id": hold.id, "until": hold.until.isoformat(), "reason": hold.reason}
        }


def active(as_of: date) -> Any:
    """The condition of a hold that applies on `as_of`."""
    return (col(LegalHold.released_on).is_(None)) & (col(LegalHold.until) >= as_of)


def create(db: Session, *, data: HoldIn) -> LegalHold:
    """A hold on a person or case of the actor's centre (NotFound for another's)."""
    actor = actor_of(db)
    if actor is None or actor.centre_id is None:
        raise FieldErrors({"person_id": _("Only a lead of a centre can place a hold.")})
    if data.person_id is not None and (
        (person := fetch(db, Person, data.person_id)) is None or person.anonymised_at is not None
    ):
        raise FieldErrors({"person_id": _("There is no such person in your centre.")})
    if data.case_id is not None and fetch(db, Case, data.case_id) is None:
        raise FieldErrors({"case_id": _("There is no such case in your centre.")})
    hold = LegalHold(
        centre_id=actor.centre_id,
        person_id=data.person_id,
        case_id=data.case_id,
        until=data.until,
        reason=data.reason,
        created_by_id=actor.user_id,
    )
    db.add(hold)
    db.flush()
    return hold


def release(db: Session, *, hold_id: int, on: date | None = None) -> LegalHold:
    hold = fetch(db, LegalHold, hold_id)
    if hold is None or hold.released_on is not None:
        raise NotFound()
    actor = actor_of(db)
    hold.released_on = on or clock.today()
    hold.released_by_id = actor.user_id if actor else None
    db.flush()
    return hold


def list_active(db: Session, *, as_of: date) -> list[LegalHold]:
    """The centre's holds that apply on `as_of`, the soonest to end first."""
    query = select(LegalHold).where(active(as_of)).order_by(col(LegalHold.until), col(LegalHold.id))
    return list(db.scalars(query))


def hold_on_person(db: Session, *, person_id: int, as_of: date) -> LegalHold | None:
    """The hold (on the person or one of their cases) that blocks an erasure, if any."""
    cases = select(col(Case.id)).where(col(Case.person_id) == person_id)
    query = (
        select(LegalHold)
        .where(active(as_of))
        .where(or_(col(LegalHold.person_id) == person_id, col(LegalHold.case_id).in_(cases)))
        .order_by(col(LegalHold.until).desc())
    )
    return db.scalars(query).first()


def held_person_ids(db: Session, *, as_of: date, centre_id: int | None = None) -> set[int]:
    """Persons whose data is held on `as_of` (a hold on the person or one of their cases)."""
    direct = select(col(LegalHold.person_id)).where(
        active(as_of), col(LegalHold.person_id).is_not(None)
    )
    via_case = (
        select(col(Case.person_id))
        .join(LegalHold, col(LegalHold.case_id) == col(Case.id))
        .where(active(as_of))
    )
    if centre_id is not None:
        direct = direct.where(col(LegalHold.centre_id) == centre_id)
        via_case = via_case.where(col(LegalHold.centre_id) == centre_id)
    found = set(db.scalars(direct)) | set(db.scalars(via_case))
    return {i for i in found if i is not None}
