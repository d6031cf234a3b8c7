"""Employers: the register, their contact persons and the employer's timeline.

Consultations, outreach events, hiring needs and placements live in their own modules
(`consultations`, `events`, `placements`); the shared checks in `rules`.

Keyword-only functions; they validate first (FieldErrors naming every wrong field, with the
API's field names), then write and flush, never commit. Every query goes through the centre
scope, so an id of another centre is simply not found.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import Select, func, or_, select, union_all
from sqlmodel import Session, col

from cases.checks import check_code
from cases.codes import Chamber, SizeBand
from cases.employers import matching, wz
from cases.employers.consultations import consultations_of, topics_of
from cases.employers.events import list_events
from cases.employers.models import (
    Employer,
    EmployerConsultation,
    EmployerContact,
    EventEmployer,
    OutreachEvent,
)
from cases.employers.placements import hiring_needs_of, placements_of
from cases.employers.rules import (
    acting_centre_id,
    check_sector,
    clip_text,
    date_in_range,
    today,
)
from cases.persons.models import Person
from welcome.accounts.models import User
from welcome.db import fetch
from welcome.errors import FieldErrors, NotFound
from welcome.i18n import _

LAST_CONTACT_FILTERS = ("3m", "12m", "older", "never")


# --- employers ------------------------------------------------------------------------------


def similar(
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


def _employer_values(
    *,
    name: str,
    sector_code: str | None = None,
    sector_version: str | None = None,
    size_band: str | None = None,
    chamber: str | None = None,
    municipality: str | None = None,
    address: str | None = None,
    notes: str | None = None,
) -> dict[str, Any]:
    """The checked column values of an employer (FieldErrors naming every wrong field)."""
    errors: dict[str, str] = {}
    name = " ".join((name or "").split())
    if not name:
        errors["name"] = _("Please enter the company's name.")
    elif len(name) > 200:
        errors["name"] = _("At most %(n)d characters, please.", n=200)
    code, version, section = check_sector(errors, sector_code, sector_version)
    size_band = check_code(errors, "size_band", size_band, SizeBand)
    chamber = check_code(errors, "chamber", chamber, Chamber)
    if errors:
        raise FieldErrors(errors)
    return {
        "name": name,
        "search_key": matching.key(name)[:200],
        "sector_code": code,
        "sector_version": version,
        "sector_section": section,
        "size_band": size_band,
        "chamber": chamber,
        "municipality": clip_text(municipality, 120),
        "address": clip_text(address, 300),
        "notes": clip_text(notes, 4000),
    }


EDITABLE = (
    "name",
    "sector_code",
    "sector_version",
    "size_band",
    "chamber",
    "municipality",
    "address",
    "notes",
)


def create_employer(
    db: Session,
    *,
    name: str,
    sector_code: str | None = None,
    sector_version: str | None = None,
    size_band: str | None = None,
    chamber: str | None = None,
    municipality: str | None = None,
    address: str | None = None,
    notes: str | None = None,
) -> Employer:
    values = _employer_values(
        name=name,
        sector_code=sector_code,
        sector_version=sector_version,
        size_band=size_band,
        chamber=chamber,
        municipality=municipality,
        address=address,
        notes=notes,
    )
    employer = Employer(centre_id=acting_centre_id(db), **values)
    db.add(employer)
    db.flush()
    return employer


def update_employer(db: Session, *, employer: Employer, **changes: Any) -> Employer:
    """Change some of the EDITABLE fields; the others keep their values."""
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise FieldErrors({field: _("This field cannot be changed.") for field in unknown})
    current = {field: getattr(employer, field) for field in EDITABLE}
    values = _employer_values(**{**current, **changes})
    for field, value in values.items():
        setattr(employer, field, value)
    db.flush()
    return employer


def get_employer(db: Session, *, employer_id: int) -> Employer:
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
        recent = today() - timedelta(days=90 if last_contact == "3m" else 365)
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


# --- contact persons ------------------------------------------------------------------------


def add_contact(
    db: Session,
    *,
    employer: Employer,
    name: str,
    role: str | None = None,
    phone: str | None = None,
    email: str | None = None,
    consent_to_contact: bool = False,
    consent_on: date | None = None,
) -> EmployerContact:
    errors: dict[str, str] = {}
    name = " ".join((name or "").split())
    if not name:
        errors["name"] = _("Please enter a name.")
    email = (email or "").strip() or None
    if email is not None:
        try:
            email = validate_email(email, check_deliverability=False).normalized
        except EmailNotValidError:
            errors["email"] = _("Please enter a valid e-mail address.")
    date_in_range(errors, "consent_on", consent_on, future_ok=False)
    if consent_to_contact and consent_on is None:
        consent_on = today()
    if errors:
        raise FieldErrors(errors)
    assert employer.id is not None
    contact = EmployerContact(
        centre_id=employer.centre_id,
        employer_id=employer.id,
        name=name[:200],
        role=clip_text(role, 200),
        phone=clip_text(phone, 50),
        email=email,
        consent_to_contact=consent_to_contact,
        consent_on=consent_on if consent_to_contact else None,
    )
    db.add(contact)
    db.flush()
    return contact


def contacts_of(db: Session, *, employer_id: int) -> list[EmployerContact]:
    return list(
        db.scalars(
            select(EmployerContact)
            .where(col(EmployerContact.employer_id) == employer_id)
            .order_by(col(EmployerContact.name))
        )
    )


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
    consultations = consultations_of(db, employer_id=employer_id)
    topics = topics_of(db, (c.id for c in consultations if c.id is not None))
    for c in consultations:
        assert c.id is not None
        entries.append(TimelineEntry(c.held_on, "consultation", c, tuple(topics[c.id])))
    events, _total = list_events(db, employer_id=employer_id, limit=500)
    entries += [TimelineEntry(e.held_on, "event", e) for e, _n in events]
    entries += [
        TimelineEntry(n.recorded_on, "hiring_need", n)
        for n in hiring_needs_of(db, employer_id=employer_id)
    ]
    entries += [
        TimelineEntry(p.starts_on, "placement", p, person=person)
        for p, person, _e in placements_of(db, employer_id=employer_id)
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
