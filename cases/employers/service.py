"""Employers and the work with them: contact persons, consultations, outreach events,
hiring needs and placements.

Keyword-only functions; they validate first (FieldErrors naming every wrong field, with the
API's field names), then write and flush, never commit. Every query goes through the centre
scope, so an id of another centre is simply not found.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import Select, and_, delete, exists, func, insert, or_, select, union_all
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from cases.codes import (
    Chamber,
    Channel,
    EmployerTopic,
    EventFormat,
    EventType,
    PlacementType,
    RecruitingRoute,
    SizeBand,
)
from cases.employers import matching, wz
from cases.employers.models import (
    ConsultationTopic,
    Employer,
    EmployerConsultation,
    EmployerContact,
    EventEmployer,
    EventPerson,
    HiringNeed,
    OutreachEvent,
    Placement,
)
from cases.persons.models import Person
from welcome.accounts.models import User
from welcome.db import actor_of, fetch
from welcome.errors import FieldErrors, NotFound
from welcome.i18n import _

MIN_DURATION, MAX_DURATION = 1, 600  # minutes of one consultation
MAX_COUNT = 1_000_000  # companies or persons reached by one event
MAX_POSITIONS = 10_000
# "far future": an event or a placement more than two years (730 days) ahead is a typo
FAR_FUTURE_DAYS = 730
EARLIEST = date(2000, 1, 1)  # anything earlier is a typo in the year
FOLLOW_UP_WINDOW_DAYS = 7  # the dashboard shows follow-ups due within a week (and overdue)
LAST_CONTACT_FILTERS = ("3m", "12m", "older", "never")
MAX_ID = 2**31 - 1  # ids beyond are never found (and must not reach the database driver)


def valid_id(ident: int | None) -> bool:
    return ident is not None and 1 <= ident <= MAX_ID


def today() -> date:
    return date.today()


# --- validation helpers ---------------------------------------------------------------------


def _centre_id(db: Session) -> int:
    actor = actor_of(db)
    if actor is None or actor.centre_id is None:
        raise FieldErrors({"centre": _("Only a member of a centre can record this.")})
    return actor.centre_id


def _text(value: str | None, limit: int) -> str | None:
    value = (value or "").strip()
    return value[:limit] if value else None


def _code(errors: dict[str, str], field: str, value: str | None, enum: type[StrEnum]) -> str | None:
    value = (value or "").strip() or None
    if value is not None and value not in {m.value for m in enum}:
        errors[field] = _("Unknown code %(code)s.", code=value)
    return value


def _date_in_range(
    errors: dict[str, str], field: str, value: date | None, *, future_ok: bool = True
) -> None:
    if value is None:
        return
    if value < EARLIEST:
        errors[field] = _("Please check the year: %(date)s is too long ago.", date=value)
    elif not future_ok and value > today():
        errors[field] = _("This date lies in the future.")
    elif value > today() + timedelta(days=FAR_FUTURE_DAYS):
        errors[field] = _("This date lies more than two years ahead. Please check the year.")


def _count(errors: dict[str, str], field: str, value: int | None, *, high: int = MAX_COUNT) -> None:
    if value is None:
        return
    if value < 0:
        errors[field] = _("The number cannot be negative.")
    elif value > high:
        errors[field] = _("The number cannot be larger than %(n)d.", n=high)


def _sector(
    errors: dict[str, str], code: str | None, version: str | None
) -> tuple[str | None, str | None, str | None]:
    """(code, version, section) of a sector, validated against the stored WZ version."""
    code = wz.normalise(code or "") or None
    version = (version or "").strip() or None
    if code is None:
        return None, None, None  # a version without a code says nothing
    version = version or wz.DEFAULT_VERSION
    if version not in wz.TABLES:
        errors["sector_version"] = _("Unknown WZ version %(code)s (2008 or 2025).", code=version)
        return code, version, None
    section = wz.section_of(version, code)
    if section is None:
        errors["sector_code"] = _(
            "%(code)s is not a section or division of WZ %(version)s.", code=code, version=version
        )
    return code, version, section


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
    code, version, section = _sector(errors, sector_code, sector_version)
    size_band = _code(errors, "size_band", size_band, SizeBand)
    chamber = _code(errors, "chamber", chamber, Chamber)
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
        "municipality": _text(municipality, 120),
        "address": _text(address, 300),
        "notes": _text(notes, 4000),
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
    employer = Employer(centre_id=_centre_id(db), **values)
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
    employer = fetch(db, Employer, employer_id) if valid_id(employer_id) else None
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
    _date_in_range(errors, "consent_on", consent_on, future_ok=False)
    if consent_to_contact and consent_on is None:
        consent_on = today()
    if errors:
        raise FieldErrors(errors)
    assert employer.id is not None
    contact = EmployerContact(
        centre_id=employer.centre_id,
        employer_id=employer.id,
        name=name[:200],
        role=_text(role, 200),
        phone=_text(phone, 50),
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


# --- consultations --------------------------------------------------------------------------


def _counsellor(errors: dict[str, str], db: Session, counsellor_id: int | None) -> None:
    if counsellor_id is None:
        return
    query = select(col(User.id)).where(col(User.id) == counsellor_id)
    if not valid_id(counsellor_id) or db.scalars(query).first() is None:
        errors["counsellor_id"] = _("No such counsellor in your centre.")


def _consultation_values(
    db: Session,
    *,
    held_on: date | None,
    duration_minutes: int | None,
    channel: str | None,
    topics: Sequence[str],
    counsellor_id: int | None,
    follow_up_on: date | None,
) -> tuple[str, list[str]]:
    """The checks shared by create and update: (channel, topics) or FieldErrors."""
    errors: dict[str, str] = {}
    if held_on is None:
        errors["date"] = _("Please enter the date.")
    else:
        _date_in_range(errors, "date", held_on, future_ok=False)
    if duration_minutes is None:
        errors["duration_minutes"] = _("Please enter the duration in minutes.")
    elif not MIN_DURATION <= duration_minutes <= MAX_DURATION:
        errors["duration_minutes"] = _(
            "The duration must be between %(low)d and %(high)d minutes.",
            low=MIN_DURATION,
            high=MAX_DURATION,
        )
    if not (channel or "").strip():
        errors["channel"] = _("Please choose a channel.")
    else:
        channel = _code(errors, "channel", channel, Channel)
    chosen = list(dict.fromkeys(t.strip() for t in topics if t and t.strip()))
    unknown = [t for t in chosen if t not in {m.value for m in EmployerTopic}]
    if unknown:
        errors["topics"] = _("Unknown topics: %(codes)s.", codes=", ".join(unknown))
    _date_in_range(errors, "follow_up_on", follow_up_on)
    if follow_up_on is not None and held_on is not None and follow_up_on < held_on:
        errors["follow_up_on"] = _("The follow-up cannot be before the consultation.")
    _counsellor(errors, db, counsellor_id)
    if errors:
        raise FieldErrors(errors)
    return str(channel), chosen


def _set_topics(db: Session, consultation_id: int, topics: Sequence[str]) -> None:
    db.execute(
        delete(ConsultationTopic).where(col(ConsultationTopic.consultation_id) == consultation_id)
    )
    for topic in topics:
        db.add(ConsultationTopic(consultation_id=consultation_id, topic=topic))
    db.flush()


def create_consultation(
    db: Session,
    *,
    employer: Employer,
    held_on: date | None,
    duration_minutes: int | None,
    channel: str | None,
    topics: Sequence[str] = (),
    counsellor_id: int | None = None,
    notes: str | None = None,
    follow_up_on: date | None = None,
) -> EmployerConsultation:
    actor = db.info.get("actor")
    if counsellor_id is None and actor is not None:
        counsellor_id = actor.user_id  # the acting user, not checked again
        checked = None
    else:
        checked = counsellor_id
    channel, chosen = _consultation_values(
        db,
        held_on=held_on,
        duration_minutes=duration_minutes,
        channel=channel,
        topics=topics,
        counsellor_id=checked,
        follow_up_on=follow_up_on,
    )
    assert employer.id is not None and held_on is not None and duration_minutes is not None
    consultation = EmployerConsultation(
        centre_id=employer.centre_id,
        employer_id=employer.id,
        held_on=held_on,
        duration_minutes=duration_minutes,
        channel=channel,
        counsellor_id=counsellor_id,
        notes=_text(notes, 4000),
        follow_up_on=follow_up_on,
    )
    db.add(consultation)
    db.flush()
    assert consultation.id is not None
    _set_topics(db, consultation.id, chosen)
    return consultation


def get_consultation(
    db: Session, *, employer_id: int, consultation_id: int
) -> EmployerConsultation:
    """One consultation of that employer in the centre; NotFound otherwise."""
    found = fetch(db, EmployerConsultation, consultation_id) if valid_id(consultation_id) else None
    if found is None or found.employer_id != employer_id:
        raise NotFound(_("No such consultation."))
    return found


def update_consultation(
    db: Session,
    *,
    consultation: EmployerConsultation,
    held_on: date | None,
    duration_minutes: int | None,
    channel: str | None,
    topics: Sequence[str] = (),
    counsellor_id: int | None = None,
    notes: str | None = None,
    follow_up_on: date | None = None,
) -> EmployerConsultation:
    """Correct a consultation: every field replaced; the counsellor stays unless given."""
    channel, chosen = _consultation_values(
        db,
        held_on=held_on,
        duration_minutes=duration_minutes,
        channel=channel,
        topics=topics,
        counsellor_id=counsellor_id,
        follow_up_on=follow_up_on,
    )
    assert consultation.id is not None and held_on is not None and duration_minutes is not None
    consultation.held_on = held_on
    consultation.duration_minutes = duration_minutes
    consultation.channel = channel
    if counsellor_id is not None:
        consultation.counsellor_id = counsellor_id
    consultation.notes = _text(notes, 4000)
    consultation.follow_up_on = follow_up_on
    db.add(consultation)
    _set_topics(db, consultation.id, chosen)
    return consultation


def topics_of(db: Session, consultation_ids: Iterable[int]) -> dict[int, list[str]]:
    ids = list(consultation_ids)
    found: dict[int, list[str]] = {i: [] for i in ids}
    if not ids:
        return found
    order = {m.value: n for n, m in enumerate(EmployerTopic)}
    for cid, topic in db.execute(
        select(col(ConsultationTopic.consultation_id), col(ConsultationTopic.topic)).where(
            col(ConsultationTopic.consultation_id).in_(ids)
        )
    ):
        found[cid].append(topic)
    for topics in found.values():
        topics.sort(key=lambda t: order.get(t, 99))
    return found


def consultations_of(db: Session, *, employer_id: int) -> list[EmployerConsultation]:
    return list(
        db.scalars(
            select(EmployerConsultation)
            .where(col(EmployerConsultation.employer_id) == employer_id)
            .order_by(col(EmployerConsultation.held_on).desc(), col(EmployerConsultation.id).desc())
        )
    )


@dataclass(frozen=True, slots=True)
class FollowUp:
    consultation_id: int
    employer_id: int
    employer_name: str
    due_on: date


def follow_ups_due(
    db: Session, *, within_days: int = FOLLOW_UP_WINDOW_DAYS, limit: int = 20
) -> list[FollowUp]:
    """Follow-ups due within the window (or overdue) with no later consultation since."""
    later = aliased(EmployerConsultation)
    stmt = (
        select(
            col(EmployerConsultation.id),
            col(Employer.id),
            col(Employer.name),
            col(EmployerConsultation.follow_up_on),
        )
        .join(Employer, col(Employer.id) == col(EmployerConsultation.employer_id))
        .where(
            col(EmployerConsultation.follow_up_on).is_not(None),
            col(EmployerConsultation.follow_up_on) <= today() + timedelta(days=within_days),
            ~exists().where(
                and_(
                    col(later.employer_id) == col(EmployerConsultation.employer_id),
                    col(later.held_on) > col(EmployerConsultation.held_on),
                )
            ),
        )
        .order_by(col(EmployerConsultation.follow_up_on), col(Employer.name))
        .limit(limit)
    )
    return [
        FollowUp(consultation_id=cid, employer_id=eid, employer_name=name, due_on=due)
        for cid, eid, name, due in db.execute(stmt)
    ]


# --- outreach events ------------------------------------------------------------------------


def _existing_ids(db: Session, model: Any, ids: Iterable[int]) -> set[int]:
    wanted = {i for i in ids if valid_id(i)}
    if not wanted:
        return set()
    return set(db.scalars(select(model.id).where(model.id.in_(wanted))))


def create_event(
    db: Session,
    *,
    type: str | None,
    title: str,
    held_on: date | None,
    format: str | None = None,
    partners: str | None = None,
    employer_ids: Sequence[int] = (),
    anonymous_companies: int | None = 0,
    persons_reached: int | None = None,
    person_ids: Sequence[int] = (),
    notes: str | None = None,
) -> OutreachEvent:
    """An outreach event; named companies are linked once each, the rest are counts.

    `persons_reached` defaults to the number of linked persons and cannot be smaller.
    """
    errors: dict[str, str] = {}
    if not (type or "").strip():
        errors["type"] = _("Please choose the type of event.")
    else:
        type = _code(errors, "type", type, EventType)
    title = " ".join((title or "").split())
    if not title:
        errors["title"] = _("Please enter a title.")
    if held_on is None:
        errors["date"] = _("Please enter the date.")
    else:
        _date_in_range(errors, "date", held_on)
    format = _code(errors, "format", format, EventFormat)
    _count(errors, "anonymous_companies", anonymous_companies)
    _count(errors, "persons_reached", persons_reached)
    employers = list(dict.fromkeys(employer_ids))
    known = _existing_ids(db, Employer, employers)
    missing = [i for i in employers if i not in known]
    if missing:
        errors["employer_ids"] = _(
            "No such employer in your centre: %(ids)s.", ids=", ".join(map(str, missing))
        )
    persons = list(dict.fromkeys(person_ids))
    known = _existing_ids(db, Person, persons)
    missing = [i for i in persons if i not in known]
    if missing:
        errors["person_ids"] = _(
            "No such person in your centre: %(ids)s.", ids=", ".join(map(str, missing))
        )
    if persons_reached is None:
        persons_reached = len(persons)
    elif "persons_reached" not in errors and persons_reached < len(persons):
        errors["persons_reached"] = _(
            "At least the %(n)d linked persons were reached.", n=len(persons)
        )
    if errors:
        raise FieldErrors(errors)
    assert held_on is not None
    event = OutreachEvent(
        centre_id=_centre_id(db),
        type=str(type),
        title=title[:200],
        held_on=held_on,
        format=format,
        partners=_text(partners, 500),
        anonymous_companies=anonymous_companies or 0,
        persons_reached=persons_reached,
        notes=_text(notes, 4000),
    )
    db.add(event)
    db.flush()
    assert event.id is not None
    if employers:
        db.execute(
            insert(EventEmployer), [{"event_id": event.id, "employer_id": e} for e in employers]
        )
    if persons:
        db.execute(insert(EventPerson), [{"event_id": event.id, "person_id": p} for p in persons])
    return event


def get_event(db: Session, *, event_id: int) -> OutreachEvent:
    event = fetch(db, OutreachEvent, event_id) if valid_id(event_id) else None
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


# --- hiring needs and placements ------------------------------------------------------------


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
        _count(errors, "positions", positions, high=MAX_POSITIONS)
    _date_in_range(errors, "desired_start", desired_start)
    recorded_on = recorded_on or today()
    _date_in_range(errors, "recorded_on", recorded_on, future_ok=False)
    recruiting_route = _code(errors, "recruiting_route", recruiting_route, RecruitingRoute)
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
        notes=_text(notes, 4000),
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
    elif not _existing_ids(db, Person, [person_id]):
        errors["person_id"] = _("No such person in your centre: %(ids)s.", ids=str(person_id))
    if not (type or "").strip():
        errors["type"] = _("Please choose job, training or internship.")
    else:
        type = _code(errors, "type", type, PlacementType)
    if starts_on is None:
        errors["starts_on"] = _("Please enter the start date.")
    else:
        _date_in_range(errors, "starts_on", starts_on)
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


def employers_for_choice(db: Session, *, limit: int = 2000) -> list[Employer]:
    return list(db.scalars(select(Employer).order_by(func.lower(col(Employer.name))).limit(limit)))


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
