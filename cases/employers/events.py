"""Outreach events: the named companies and persons they reached, and the counts.

Keyword-only functions; they take the validated `EventIn`, check what needs the database
(the ids name rows of the centre), write and flush, never commit. Every query goes through
the centre scope, so an id of another centre is simply not found.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import Select, exists, func, insert, select
from sqlmodel import Session, col

from cases.employers.models import Employer, EventEmployer, EventPerson, OutreachEvent
from cases.employers.rules import acting_centre_id, missing_ids
from cases.employers.schemas import EventIn
from cases.persons.models import Person
from welcome.db import fetch, valid_id
from welcome.errors import FieldErrors, NotFound
from welcome.i18n import _


def check_ids(db: Session, data: EventIn) -> None:
    errors: dict[str, str] = {}
    missing = missing_ids(db, Employer, data.employer_ids)
    if missing:
        errors["employer_ids"] = _(
            "No such employer in your centre: %(ids)s.", ids=", ".join(map(str, missing))
        )
    missing = missing_ids(db, Person, data.person_ids)
    if missing:
        errors["person_ids"] = _(
            "No such person in your centre: %(ids)s.", ids=", ".join(map(str, missing))
        )
    if errors:
        raise FieldErrors(errors)


def create(db: Session, *, data: EventIn) -> OutreachEvent:
    """An outreach event; named companies and persons are linked once each."""
    check_ids(db, data)
    event = OutreachEvent(
        centre_id=acting_centre_id(db),
        type=data.type.value,
        title=data.title,
        held_on=data.date,
        format=data.format.value if data.format else None,
        partners=data.partners,
        anonymous_companies=data.anonymous_companies or 0,
        persons_reached=data.persons_reached or 0,
        notes=data.notes,
    )
    db.add(event)
    db.flush()
    assert event.id is not None
    if data.employer_ids:
        db.execute(
            insert(EventEmployer),
            [{"event_id": event.id, "employer_id": e} for e in data.employer_ids],
        )
    if data.person_ids:
        db.execute(
            insert(EventPerson), [{"event_id": event.id, "person_id": p} for p in data.person_ids]
        )
    return event


def get(db: Session, *, event_id: int) -> OutreachEvent:
    event = fetch(db, OutreachEvent, event_id)
    if event is None:
        raise NotFound(_("No such event."))
    return event


def employers_reached(db: Session, *, event_id: int) -> list[Employer]:
    return list(
        db.scalars(
            select(Employer)
            .join(EventEmployer, col(EventEmployer.employer_id) == col(Employer.id))
            .where(col(EventEmployer.event_id) == event_id)
            .order_by(func.lower(col(Employer.name)))
        )
    )


def employer_ids_reached(db: Session, event_ids: Iterable[int]) -> dict[int, list[int]]:
    ids = list(event_ids)
    found: dict[int, list[int]] = {i: [] for i in ids}
    if ids:
        for event_id, employer_id in db.execute(
            select(col(EventEmployer.event_id), col(EventEmployer.employer_id))
            .where(col(EventEmployer.event_id).in_(ids))
            .order_by(col(EventEmployer.employer_id))
        ):
            found[event_id].append(employer_id)
    return found


def persons_linked(db: Session, *, event_id: int) -> list[Person]:
    return list(
        db.scalars(
            select(Person)
            .join(EventPerson, col(EventPerson.person_id) == col(Person.id))
            .where(col(EventPerson.event_id) == event_id)
            .order_by(col(Person.last_name), col(Person.first_name))
        )
    )


def list_events(
    db: Session,
    *,
    type: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    employer_id: int | None = None,
    offset: int = 0,
    limit: int = 50,
) -> tuple[list[tuple[OutreachEvent, int]], int]:
    """A page of events (newest first) with the number of named companies, and the total."""
    named = (
        select(col(EventEmployer.event_id), func.count().label("named"))
        .group_by(col(EventEmployer.event_id))
        .subquery("named")
    )
    stmt: Select[Any] = select(OutreachEvent, func.coalesce(named.c.named, 0)).outerjoin(
        named, named.c.event_id == col(OutreachEvent.id)
    )
    if type:
        stmt = stmt.where(col(OutreachEvent.type) == type)
    if date_from:
        stmt = stmt.where(col(OutreachEvent.held_on) >= date_from)
    if date_to:
        stmt = stmt.where(col(OutreachEvent.held_on) <= date_to)
    if employer_id is not None:
        if not valid_id(employer_id):
            return [], 0
        stmt = stmt.where(
            exists().where(
                col(EventEmployer.event_id) == col(OutreachEvent.id),
                col(EventEmployer.employer_id) == employer_id,
            )
        )
    total = db.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = db.execute(
        stmt.order_by(col(OutreachEvent.held_on).desc(), col(OutreachEvent.id).desc())
        .offset(offset)
        .limit(limit)
    ).all()
    return [(event, int(n)) for event, n in rows], total


def employers_for_choice(db: Session, *, limit: int = 2000) -> list[Employer]:
    return list(db.scalars(select(Employer).order_by(func.lower(col(Employer.name))).limit(limit)))
