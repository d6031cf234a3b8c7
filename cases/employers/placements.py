"""Placements: a counselled person starts a job, training or internship with an employer.

Keyword-only functions; they take the validated `PlacementIn`, check what needs the database
(the person is of the centre), write and flush, never commit. Every query goes through the
centre scope, so an id of another centre is simply not found.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session, col

from cases.employers.models import Employer, Placement
from cases.employers.rules import columns, missing_ids
from cases.employers.schemas import PlacementIn
from cases.persons.models import Person
from welcome.db import valid_id
from welcome.errors import FieldErrors
from welcome.i18n import _


def create(db: Session, *, employer: Employer, data: PlacementIn) -> Placement:
    if missing_ids(db, Person, [data.person_id]):
        raise FieldErrors(
            {"person_id": _("No such person in your centre: %(ids)s.", ids=str(data.person_id))}
        )
    assert employer.id is not None
    placement = Placement(centre_id=employer.centre_id, employer_id=employer.id, **columns(data))
    db.add(placement)
    db.flush()
    return placement


def list_placements(
    db: Session, *, employer_id: int | None = None, person_id: int | None = None
) -> list[tuple[Placement, Person, Employer]]:
    """Placements of one employer or of one person (for the person's timeline), newest first."""
    if not all(valid_id(i) for i in (employer_id, person_id) if i is not None):
        return []
    stmt = (
        select(Placement, Person, Employer)
        .join(Person, col(Person.id) == col(Placement.person_id))
        .join(Employer, col(Employer.id) == col(Placement.employer_id))
    )
    if employer_id is not None:
        stmt = stmt.where(col(Placement.employer_id) == employer_id)
    if person_id is not None:
        stmt = stmt.where(col(Placement.person_id) == person_id)
    stmt = stmt.order_by(col(Placement.starts_on).desc(), col(Placement.id).desc())
    return [(p, person, e) for p, person, e in db.execute(stmt).all()]
