"""Hiring needs of employers and placements of persons with them.

Keyword-only functions; they validate first (FieldErrors naming every wrong field, with the
API's field names), then write and flush, never commit. Every query goes through the centre
scope, so an id of another centre is simply not found.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlmodel import Session, col

from cases.checks import check_code
from cases.codes import PlacementType, RecruitingRoute
from cases.employers.models import Employer, HiringNeed, Placement
from cases.employers.rules import (
    check_count,
    clip_text,
    date_in_range,
    existing_ids,
    today,
)
from cases.persons.models import Person
from welcome.db import valid_id
from welcome.errors import FieldErrors
from welcome.i18n import _

MAX_POSITIONS = 10_000


def create_hiring_need(
    db: Session,
    *,
    employer: Employer,
    occupation: str,
    positions: int | None = 1,
    desired_start: date | None = None,
    recruiting_route: str | None = None,
    occupation_kldb: str | None = None,
    recorded_on: date | None = None,
    notes: str | None = None,
) -> HiringNeed:
    errors: dict[str, str] = {}
    occupation = " ".join((occupation or "").split())
    if not occupation:
        errors["occupation"] = _("Please enter the occupation.")
    if positions is None:
        errors["positions"] = _("Please enter the number of positions.")
    elif positions < 1:
        errors["positions"] = _("At least one position, please.")
    else:
        check_count(errors, "positions", positions, high=MAX_POSITIONS)
    date_in_range(errors, "desired_start", desired_start)
    recorded_on = recorded_on or today()
    date_in_range(errors, "recorded_on", recorded_on, future_ok=False)
    recruiting_route = check_code(errors, "recruiting_route", recruiting_route, RecruitingRoute)
    kldb = _kldb(errors, occupation_kldb)
    if errors:
        raise FieldErrors(errors)
    assert employer.id is not None and positions is not None
    need = HiringNeed(
        centre_id=employer.centre_id,
        employer_id=employer.id,
        recorded_on=recorded_on,
        occupation=occupation[:200],
        occupation_kldb=kldb,
        positions=positions,
        desired_start=desired_start,
        recruiting_route=recruiting_route,
        notes=clip_text(notes, 4000),
    )
    db.add(need)
    db.flush()
    return need


def _kldb(errors: dict[str, str], value: str | None) -> str | None:
    value = (value or "").strip() or None
    if value is not None and not (value.isdigit() and 1 <= len(value) <= 5):
        errors["occupation_kldb"] = _("A KldB 2010 code has up to five digits.")
    return value


def create_placement(
    db: Session,
    *,
    employer: Employer,
    person_id: int | None,
    type: str | None,
    starts_on: date | None,
    occupation: str,
    occupation_kldb: str | None = None,
) -> Placement:
    errors: dict[str, str] = {}
    if person_id is None:
        errors["person_id"] = _("Please choose the person.")
    elif not existing_ids(db, Person, [person_id]):
        errors["person_id"] = _("No such person in your centre: %(ids)s.", ids=str(person_id))
    if not (type or "").strip():
        errors["type"] = _("Please choose job, training or internship.")
    else:
        type = check_code(errors, "type", type, PlacementType)
    if starts_on is None:
        errors["starts_on"] = _("Please enter the start date.")
    else:
        date_in_range(errors, "starts_on", starts_on)
    occupation = " ".join((occupation or "").split())
    if not occupation:
        errors["occupation"] = _("Please enter the occupation.")
    kldb = _kldb(errors, occupation_kldb)
    if errors:
        raise FieldErrors(errors)
    assert employer.id is not None and person_id is not None and starts_on is not None
    placement = Placement(
        centre_id=employer.centre_id,
        employer_id=employer.id,
        person_id=person_id,
        type=str(type),
        starts_on=starts_on,
        occupation=occupation[:200],
        occupation_kldb=kldb,
    )
    db.add(placement)
    db.flush()
    return placement


def hiring_needs_of(db: Session, *, employer_id: int) -> list[HiringNeed]:
    return list(
        db.scalars(
            select(HiringNeed)
            .where(col(HiringNeed.employer_id) == employer_id)
            .order_by(col(HiringNeed.recorded_on).desc(), col(HiringNeed.id).desc())
        )
    )


def placements_of(
    db: Session, *, employer_id: int | None = None, person_id: int | None = None
) -> list[tuple[Placement, Person, Employer]]:
    """Placements of one employer or of one person (for the person's timeline), newest first."""
    stmt = (
        select(Placement, Person, Employer)
        .join(Person, col(Person.id) == col(Placement.person_id))
        .join(Employer, col(Employer.id) == col(Placement.employer_id))
    )
    if employer_id is not None:
        stmt = stmt.where(col(Placement.employer_id) == employer_id)
    if person_id is not None:
        stmt = stmt.where(col(Placement.person_id) == person_id)
    if not all(valid_id(i) for i in (employer_id, person_id) if i is not None):
        return []
    stmt = stmt.order_by(col(Placement.starts_on).desc(), col(Placement.id).desc())
    return [(p, person, e) for p, person, e in db.execute(stmt).all()]


def persons_for_choice(db: Session, *, limit: int = 1000) -> list[Person]:
    """The centre's persons for a placement form (most recently created first)."""
    return list(
        db.scalars(
            select(Person)
            .order_by(col(Person.last_name), col(Person.first_name), col(Person.id))
            .limit(limit)
        )
    )
