"""Employers: the register (duplicate warning, search, filters) and the employer's timeline.

Contact persons, consultations, outreach events, hiring needs and placements live in their
own modules (`contacts`, `consultations`, `events`, `hiring_needs`, `placements`); the field
rules in the input models (schemas.py, rules.py).

Keyword-only functions; they take the validated input model, write and flush, never commit.
Every query goes through the centre scope, so an id of another centre is simply not found.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, func, or_, select, union_all
from sqlmodel import Session, col

from cases.employers import consultations, events, hiring_needs, matching, placements, wz
from cases.employers.models import (
    Employer,
    EmployerConsultation,
    EventEmployer,
    OutreachEvent,
)
from cases.employers.rules import acting_centre_id, columns
from cases.employers.schemas import EmployerIn
from cases.persons.models import Person
from welcome import clock
from welcome.accounts.models import User
from welcome.db import fetch
from welcome.errors import NotFound
from welcome.i18n import _

LAST_CONTACT_FILTERS = ("3m", "12m", "older", "never")


# --- employers ------------------------------------------------------------------------------


def find_duplicates(
    db: Session, *, name: str, exclude_id: int | None = None, limit: int = 5
) -> list[Employer]:
    """Employers of the centre that are probably the same company (search before create)."""
    wanted = matching.key(name)
    if not wanted:
        return []
    scored = [
        (matching.similarity(wanted, other), ident)
        for ident, other in db.execute(select(col(Employer.id), col(Employer.search_key)))
        if ident != exclude_id and matching.is_similar(wanted, other)
    ]
    scored.sort(key=lambda pair: -pair[0])
    ids = [ident for _score, ident in scored[:limit]]
    if not ids:
        return []
    found = {e.id: e for e in db.scalars(select(Employer).where(col(Employer.id).in_(ids)))}
    return [found[i] for i in ids if i in found]


# values of a stored employer in the input model's terms (edit form, PATCH merge)
EMPLOYER_COLUMNS = tuple(EmployerIn.model_fields)


def _columns(data: EmployerIn) -> dict[str, Any]:
    return {
        **columns(data),
        "search_key": matching.key(data.name)[:200],
        "sector_section": data.sector_section,
    }


def create(db: Session, *, data: EmployerIn) -> Employer:
    """A new employer (the duplicate warning is the caller's step: `find_duplicates`)."""
    employer = Employer(centre_id=acting_centre_id(db), **_columns(data))
    db.add(employer)
    db.flush()
    return employer


def update(db: Session, *, employer: Employer, data: EmployerIn) -> Employer:
    for name, value in _columns(data).items():
        setattr(employer, name, value)
    db.flush()
    return employer


def values_of(employer: Employer) -> dict[str, Any]:
    """The stored employer as input values (the edit form, a PATCH merged into them)."""
    return {name: getattr(employer, name) for name in EMPLOYER_COLUMNS}


def get(db: Session, *, employer_id: int) -> Employer:
    """One employer of the centre (audited as a view); NotFound outside the centre."""
    employer = fetch(db, Employer, employer_id)
    if employer is None:
        raise NotFound(_("No such employer."))
    return employer


@dataclass(frozen=True, slots=True)
class EmployerRow:
    employer: Employer
    last_contact: date | None


def _last_contacts() -> Any:
    """Per employer the date of the last consultation or event that reached it by name."""
    consulted: Select[Any] = select(
        col(EmployerConsultation.employer_id).label("employer_id"),
        col(EmployerConsultation.held_on).label("contact_on"),
    )
    reached: Select[Any] = select(
        col(EventEmployer.employer_id).label("employer_id"),
        col(OutreachEvent.held_on).label("contact_on"),
    ).join(OutreachEvent, col(OutreachEvent.id) == col(EventEmployer.event_id))
    both = union_all(consulted, reached).subquery("contacts")
    return (
        select(both.c.employer_id, func.max(both.c.contact_on).label("last_on"))
        .group_by(both.c.employer_id)
        .subquery("last_contacts")
    )


def _search_ids(db: Session, q: str) -> list[int] | None:
    """Ids matching a search (None: no search). Substring of the key, else typo-tolerant."""
    wanted = matching.key(q)
    if not wanted:
        return None
    ids = [
        i
        for i in db.scalars(
            select(col(Employer.id)).where(col(Employer.search_key).contains(wanted))
        )
        if i is not None
    ]
    if ids or len(wanted) < 3:
        return ids
    return [
        ident
        for ident, other in db.execute(select(col(Employer.id), col(Employer.search_key)))
        if ident is not None
        and (
            matching.is_similar(wanted, other) or matching.is_similar(wanted, other[: len(wanted)])
        )
    ]


def list_employers(
    db: Session,
    *,
    q: str | None = None,
    sector: str | None = None,
    size_band: str | None = None,
    municipality: str | None = None,
    last_contact: str | None = None,
    offset: int = 0,
    limit: int = 50,
) -> tuple[list[EmployerRow], int]:
    """A page of the centre's employers with their last contact, and the total."""
    last = _last_contacts()
    stmt: Select[Any] = select(Employer, last.c.last_on).outerjoin(
        last, last.c.employer_id == col(Employer.id)
    )
    if q and q.strip():
        ids = _search_ids(db, q)
        if ids is not None:
            stmt = stmt.where(col(Employer.id).in_(ids))
    if sector:
        stmt = stmt.where(
            or_(
                col(Employer.sector_section) == sector.strip().upper(),
                col(Employer.sector_code) == wz.normalise(sector),
            )
        )
    if size_band:
        stmt = stmt.where(col(Employer.size_band) == size_band)
    if municipality and municipality.strip():
        stmt = stmt.where(func.lower(col(Employer.municipality)) == municipality.strip().casefold())
    if last_contact in LAST_CONTACT_FILTERS:
        recent = clock.today() - timedelta(days=90 if last_contact == "3m" else 365)
        if last_contact == "never":
            stmt = stmt.where(last.c.last_on.is_(None))
        elif last_contact == "older":
            stmt = stmt.where(or_(last.c.last_on.is_(None), last.c.last_on < recent))
        else:
            stmt = stmt.where(last.c.last_on >= recent)
    total = db.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = db.execute(
        stmt.order_by(func.lower(col(Employer.name)), col(Employer.id)).offset(offset).limit(limit)
    ).all()
    return [EmployerRow(employer=e, last_contact=on) for e, on in rows], total


def municipalities(db: Session) -> list[str]:
    """The municipalities the centre's employers are in (for the list filter)."""
    return [
        m
        for m in db.scalars(
            select(col(Employer.municipality))
            .where(col(Employer.municipality).is_not(None))
            .distinct()
            .order_by(col(Employer.municipality))
        )
        if m
    ]


# --- the employer's timeline ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    on: date
    kind: str  # consultation, event, hiring_need, placement
    item: Any
    topics: tuple[str, ...] = ()
    person: Person | None = None


def timeline(db: Session, *, employer_id: int) -> list[TimelineEntry]:
    """Consultations, events that reached the employer, hiring needs and placements."""
    entries: list[TimelineEntry] = []
    held = consultations.list_consultations(db, employer_id=employer_id)
    topics = consultations.topics_of(db, (c.id for c in held if c.id is not None))
    for c in held:
        assert c.id is not None
        entries.append(TimelineEntry(c.held_on, "consultation", c, tuple(topics[c.id])))
    reached, _total = events.list_events(db, employer_id=employer_id, limit=500)
    entries += [TimelineEntry(e.held_on, "event", e) for e, _n in reached]
    entries += [
        TimelineEntry(n.recorded_on, "hiring_need", n)
        for n in hiring_needs.list_hiring_needs(db, employer_id=employer_id)
    ]
    entries += [
        TimelineEntry(p.starts_on, "placement", p, person=person)
        for p, person, _e in placements.list_placements(db, employer_id=employer_id)
    ]
    rank = {"placement": 0, "consultation": 1, "event": 2, "hiring_need": 3}
    entries.sort(key=lambda t: (t.on, -rank[t.kind], getattr(t.item, "id", 0)), reverse=True)
    return entries


def counsellor_names(db: Session, ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return {
        u.id: u.display_name or u.email
        for u in db.scalars(select(User).where(col(User.id).in_(wanted)))
        if u.id is not None
    }
