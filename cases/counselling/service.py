"""Cases, contacts, referrals, outcomes, consents and anonymous enquiries, with their rules.

Keyword-only functions; they flush, never commit; every rule raises FieldErrors naming the
field, before anything is written.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import func, insert, or_, select
from sqlmodel import Session, col

from cases import codes
from cases.counselling.models import (
    Case,
    CaseEvent,
    Consent,
    Contact,
    ContactTopicRow,
    Enquiry,
    EnquiryTopicRow,
    Outcome,
    Referral,
)
from cases.persons import service as persons
from cases.persons.models import Person
from welcome.accounts.models import User
from welcome.db import actor_of, fetch
from welcome.errors import Conflict, FieldErrors, NotFound
from welcome.i18n import _

MIN_DURATION = 1
MAX_DURATION = 600


# --- shared checks --------------------------------------------------------------------------


def _known(errors: dict[str, str], name: str, value: str | None, enum: type[StrEnum]) -> None:
    if value is None or value == "":
        errors[name] = _("Please choose a value.")
    elif value not in {e.value for e in enum}:
        errors[name] = _("Unknown code %(code)s.", code=value)


def _topics(errors: dict[str, str], topics: Sequence[str]) -> list[str]:
    chosen: list[str] = []
    for topic in topics:
        if topic not in {t.value for t in codes.ContactTopic}:
            errors["topics"] = _("Unknown topic %(code)s.", code=topic)
        elif topic not in chosen:
            chosen.append(topic)
    if not topics:
        errors["topics"] = _("Please choose at least one topic.")
    return chosen


def _not_future(errors: dict[str, str], name: str, value: date | None, today: date) -> None:
    if value is None:
        errors[name] = _("Please enter a date.")
    elif value > today:
        errors[name] = _("The date cannot be in the future.")


def _duration(errors: dict[str, str], value: int | None, *, required: bool = True) -> None:
    if value is None:
        if required:
            errors["duration_minutes"] = _("Please enter the duration in minutes.")
    elif not MIN_DURATION <= value <= MAX_DURATION:
        errors["duration_minutes"] = _(
            "The duration must be between %(low)d and %(high)d minutes.",
            low=MIN_DURATION,
            high=MAX_DURATION,
        )


def _language(errors: dict[str, str], name: str, value: str | None) -> str | None:
    value = (value or "").strip() or None
    if value is not None and not persons.valid_language(value):
        errors[name] = _("Unknown language code %(code)s.", code=value)
    return value


def _acting_user(db: Session) -> int | None:
    actor = actor_of(db)
    return actor.user_id if actor else None


# --- cases ----------------------------------------------------------------------------------


def get(db: Session, *, case_id: int) -> Case:
    """One case of the actor's centre (audited as a view); NotFound otherwise."""
    case = fetch(db, Case, case_id)
    if case is None:
        raise NotFound()
    return case


def create(
    db: Session,
    *,
    person_id: int | None,
    opened_on: date | None,
    referral_source: str | None = None,
    counsellor_id: int | None = None,
    today: date | None = None,
) -> Case:
    """Open a case for a person of the centre; the counsellor defaults to the acting user."""
    today = today or date.today()
    errors: dict[str, str] = {}
    person = None
    if person_id is None:
        errors["person_id"] = _("Please choose a person.")
    else:
        person = db.scalars(select(Person).where(col(Person.id) == person_id)).first()
        if person is None:
            errors["person_id"] = _("There is no such person in your centre.")
    _not_future(errors, "opened_on", opened_on, today)
    referral_source = (referral_source or "").strip() or None
    if referral_source is not None:
        _known(errors, "referral_source", referral_source, codes.ReferralSource)
    counsellor_id = counsellor_id or _acting_user(db)
    if counsellor_id is not None and (
        db.scalars(select(col(User.id)).where(col(User.id) == counsellor_id)).first() is None
    ):
        errors["counsellor_id"] = _("There is no such counsellor in your centre.")
    if errors:
        raise FieldErrors(errors)
    assert person is not None and opened_on is not None
    case = Case(
        person_id=person.id or 0,
        centre_id=person.centre_id,
        opened_on=opened_on,
        referral_source=referral_source,
        counsellor_id=counsellor_id,
        status=codes.CaseStatus.OPEN,
    )
    db.add(case)
    db.flush()
    return case


def close(
    db: Session,
    *,
    case: Case,
    closed_on: date | None,
    reason: str | None,
    today: date | None = None,
) -> Case:
    """Close a case: needs a reason; not before it opened or before its last contact."""
    today = today or date.today()
    if case.status == codes.CaseStatus.CLOSED:
        raise Conflict(_("The case is closed already."))
    errors: dict[str, str] = {}
    _not_future(errors, "closed_on", closed_on, today)
    if closed_on is not None and "closed_on" not in errors:
        if closed_on < case.opened_on:
            errors["closed_on"] = _("The case cannot close before it was opened.")
        elif case.last_contact_on is not None and closed_on < case.last_contact_on:
            errors["closed_on"] = _("The case cannot close before its last contact.")
    if not reason:
        errors["reason"] = _("Please give the reason for closing the case.")
    else:
        _known(errors, "reason", reason, codes.ClosureReason)
    if errors:
        raise FieldErrors(errors)
    assert closed_on is not None and case.id is not None
    case.status = codes.CaseStatus.CLOSED
    case.closed_on = closed_on
    case.closure_reason = reason
    db.add(
        CaseEvent(
            case_id=case.id,
            centre_id=case.centre_id,
            kind="closed",
            on=closed_on,
            reason=reason,
            user_id=_acting_user(db),
        )
    )
    db.flush()
    return case


def reopen(db: Session, *, case: Case, today: date | None = None) -> Case:
    """Reopen a closed case; the reopening is logged as a case event."""
    today = today or date.today()
    if case.status != codes.CaseStatus.CLOSED:
        raise Conflict(_("The case is open already."))
    assert case.id is not None
    case.status = codes.CaseStatus.OPEN
    case.closed_on = None
    case.closure_reason = None
    db.add(
        CaseEvent(
            case_id=case.id,
            centre_id=case.centre_id,
            kind="reopened",
            on=today,
            user_id=_acting_user(db),
        )
    )
    db.flush()
    return case


def _open_case(errors: dict[str, str], case: Case, what: str = "case") -> None:
    if case.status == codes.CaseStatus.CLOSED:
        errors[what] = _("The case is closed. Reopen it first.")


def _within_case(errors: dict[str, str], name: str, value: date | None, case: Case) -> None:
    if value is not None and name not in errors and value < case.opened_on:
        errors[name] = _(
            "The date cannot be before the case was opened (%(date)s).",
            date=case.opened_on.isoformat(),
        )


# --- contacts, referrals, outcomes ----------------------------------------------------------


def add_contact(
    db: Session,
    *,
    case: Case,
    date: date | None,
    duration_minutes: int | None,
    channel: str | None,
    topics: Sequence[str],
    language: str | None = None,
    notes: str | None = None,
    today: date | None = None,
) -> Contact:
    """Log one counselling contact of an open case."""
    today = today or _today()
    errors: dict[str, str] = {}
    _open_case(errors, case)
    _not_future(errors, "date", date, today)
    _within_case(errors, "date", date, case)
    _duration(errors, duration_minutes)
    _known(errors, "channel", channel, codes.Channel)
    language = _language(errors, "language", language)
    chosen = _topics(errors, topics)
    notes = (notes or "").strip() or None
    if notes is not None and len(notes) > 4000:
        errors["notes"] = _("At most %(n)d characters.", n=4000)
    if errors:
        raise FieldErrors(errors)
    assert date is not None and duration_minutes is not None and channel and case.id
    contact = Contact(
        case_id=case.id,
        centre_id=case.centre_id,
        date=date,
        duration_minutes=duration_minutes,
        channel=channel,
        language=language,
        notes=notes,
        counsellor_id=_acting_user(db),
    )
    db.add(contact)
    db.flush()
    db.execute(insert(ContactTopicRow), [{"contact_id": contact.id, "topic": t} for t in chosen])
    if case.last_contact_on is None or date > case.last_contact_on:
        case.last_contact_on = date
    db.flush()
    return contact


def add_referral(
    db: Session,
    *,
    case: Case,
    date: date | None,
    partner: str | None,
    notes: str | None = None,
    today: date | None = None,
) -> Referral:
    today = today or _today()
    errors: dict[str, str] = {}
    _open_case(errors, case)
    _not_future(errors, "date", date, today)
    _within_case(errors, "date", date, case)
    _known(errors, "partner", partner, codes.ReferralPartner)
    notes = (notes or "").strip() or None
    if notes is not None and len(notes) > 2000:
        errors["notes"] = _("At most %(n)d characters.", n=2000)
    if errors:
        raise FieldErrors(errors)
    assert date is not None and partner and case.id
    referral = Referral(
        case_id=case.id, centre_id=case.centre_id, date=date, partner=partner, notes=notes
    )
    db.add(referral)
    db.flush()
    return referral


def add_outcome(
    db: Session, *, case: Case, date: date | None, type: str | None, today: date | None = None
) -> Outcome:
    """Record what came of a case (also after it was closed: results often come later)."""
    today = today or _today()
    errors: dict[str, str] = {}
    _not_future(errors, "date", date, today)
    _within_case(errors, "date", date, case)
    _known(errors, "type", type, codes.OutcomeType)
    if errors:
        raise FieldErrors(errors)
    assert date is not None and type and case.id
    outcome = Outcome(case_id=case.id, centre_id=case.centre_id, date=date, type=type)
    db.add(outcome)
    db.flush()
    return outcome


def _today() -> date:
    return date.today()


_TOPIC_ORDER = {t.value: n for n, t in enumerate(codes.ContactTopic)}


def _in_order(topics: list[str]) -> tuple[str, ...]:
    """Topics in the order of the code list (as forms and reports show them)."""
    return tuple(sorted(topics, key=lambda t: _TOPIC_ORDER.get(t, 99)))


def topics_of(db: Session, *, contact_ids: Iterable[int]) -> dict[int, list[str]]:
    ids = list(contact_ids)
    result: dict[int, list[str]] = {i: [] for i in ids}
    if not ids:
        return result
    for contact_id, topic in db.execute(
        select(col(ContactTopicRow.contact_id), col(ContactTopicRow.topic)).where(
            col(ContactTopicRow.contact_id).in_(ids)
        )
    ):
        result[contact_id].append(topic)
    return {key: list(_in_order(topics)) for key, topics in result.items()}


def contacts_of(db: Session, *, case_id: int) -> list[Contact]:
    return list(
        db.scalars(
            select(Contact)
            .where(col(Contact.case_id) == case_id)
            .order_by(col(Contact.date), col(Contact.id))
        )
    )


# --- consents -------------------------------------------------------------------------------


def give_consent(
    db: Session,
    *,
    person: Person,
    purpose: str | None,
    given_on: date | None,
    sheet_version: str | None,
    sheet_language: str | None,
    today: date | None = None,
) -> Consent:
    """A consent for one purpose; a purpose can have one consent in force at a time."""
    today = today or _today()
    errors: dict[str, str] = {}
    _known(errors, "purpose", purpose, codes.ConsentPurpose)
    _not_future(errors, "given_on", given_on, today)
    sheet_version = (sheet_version or "").strip() or None
    if sheet_version is None:
        errors["sheet_version"] = _("Please enter the version of the information sheet.")
    elif len(sheet_version) > 30:
        errors["sheet_version"] = _("At most %(n)d characters.", n=30)
    language = _language(errors, "sheet_language", sheet_language)
    if language is None and "sheet_language" not in errors:
        errors["sheet_language"] = _("Please choose the language of the information sheet.")
    if "purpose" not in errors and any(
        c.purpose == purpose and c.withdrawn_on is None
        for c in consents_of(db, person_id=person.id or 0)
    ):
        errors["purpose"] = _("A consent for this purpose is in force already.")
    if errors:
        raise FieldErrors(errors)
    assert purpose and given_on and sheet_version and language and person.id
    consent = Consent(
        person_id=person.id,
        centre_id=person.centre_id,
        purpose=purpose,
        given_on=given_on,
        sheet_version=sheet_version,
        sheet_language=language,
    )
    db.add(consent)
    db.flush()
    return consent


def withdraw_consent(
    db: Session, *, consent: Consent, withdrawn_on: date | None, today: date | None = None
) -> Consent:
    today = today or _today()
    errors: dict[str, str] = {}
    if consent.withdrawn_on is not None:
        raise Conflict(_("The consent was withdrawn already."))
    _not_future(errors, "withdrawn_on", withdrawn_on, today)
    if (
        withdrawn_on is not None
        and "withdrawn_on" not in errors
        and withdrawn_on < consent.given_on
    ):
        errors["withdrawn_on"] = _("A consent cannot be withdrawn before it was given.")
    if errors:
        raise FieldErrors(errors)
    consent.withdrawn_on = withdrawn_on
    db.flush()
    return consent


def consents_of(db: Session, *, person_id: int) -> list[Consent]:
    return list(
        db.scalars(
            select(Consent)
            .where(col(Consent.person_id) == person_id)
            .order_by(col(Consent.given_on), col(Consent.id))
        )
    )


def get_consent(db: Session, *, consent_id: int) -> Consent:
    consent = fetch(db, Consent, consent_id)
    if consent is None:
        raise NotFound()
    return consent


# --- anonymous enquiries --------------------------------------------------------------------


def create_enquiry(
    db: Session,
    *,
    date: date | None,
    channel: str | None,
    topics: Sequence[str],
    language: str | None = None,
    duration_minutes: int | None = None,
    today: date | None = None,
) -> Enquiry:
    """An anonymous quick enquiry: counted as a contact, never as a person."""
    today = today or _today()
    errors: dict[str, str] = {}
    _not_future(errors, "date", date, today)
    _known(errors, "channel", channel, codes.Channel)
    chosen = _topics(errors, topics)
    language = _language(errors, "language", language)
    _duration(errors, duration_minutes, required=False)
    if errors:
        raise FieldErrors(errors)
    assert date is not None and channel
    actor = actor_of(db)
    if actor is None or actor.centre_id is None:
        raise FieldErrors({"centre": _("Only a member of a centre can record an enquiry.")})
    enquiry = Enquiry(
        centre_id=actor.centre_id,
        date=date,
        channel=channel,
        language=language,
        duration_minutes=duration_minutes,
        counsellor_id=_acting_user(db),
    )
    db.add(enquiry)
    db.flush()
    db.execute(insert(EnquiryTopicRow), [{"enquiry_id": enquiry.id, "topic": t} for t in chosen])
    return enquiry


def enquiry_topics(db: Session, *, enquiry_id: int) -> list[str]:
    return list(
        db.scalars(
            select(col(EnquiryTopicRow.topic)).where(col(EnquiryTopicRow.enquiry_id) == enquiry_id)
        )
    )


# --- lists and the timeline -----------------------------------------------------------------


SORTS = {
    "opened": col(Case.opened_on),
    "last_contact": col(Case.last_contact_on),
    "name": col(Person.search_last),
    "status": col(Case.status),
}


@dataclass(frozen=True, slots=True)
class CaseRow:
    id: int
    person_id: int
    first_name: str
    last_name: str
    client_group: str
    status: str
    opened_on: date
    closed_on: date | None
    last_contact_on: date | None
    counsellor_id: int | None
    counsellor_name: str | None


def list_cases(
    db: Session,
    *,
    status: str | None = None,
    client_group: str | None = None,
    counsellor_id: int | None = None,
    idle_days: int | None = None,
    person_id: int | None = None,
    sort: str = "opened",
    descending: bool = True,
    offset: int = 0,
    limit: int = 50,
    today: date | None = None,
) -> tuple[list[CaseRow], int]:
    """One page of the centre's cases with the person's name, and the total."""
    errors: dict[str, str] = {}
    if status:
        _known(errors, "status", status, codes.CaseStatus)
    if client_group:
        _known(errors, "client_group", client_group, codes.ClientGroup)
    if sort not in SORTS:
        errors["sort"] = _("Unknown sort order %(code)s.", code=sort)
    if idle_days is not None and idle_days < 0:
        errors["idle_days"] = _("Please enter a number of days of 0 or more.")
    if errors:
        raise FieldErrors(errors)
    conditions: list[Any] = []
    if status:
        conditions.append(col(Case.status) == status)
    if client_group:  # on the joined person: the planner can start from either table
        conditions.append(col(Person.client_group) == client_group)
    if counsellor_id is not None:
        conditions.append(col(Case.counsellor_id) == counsellor_id)
    if person_id is not None:
        conditions.append(col(Case.person_id) == person_id)
    if idle_days is not None:
        cutoff = (today or _today()) - timedelta(days=idle_days)
        conditions.append(
            or_(
                col(Case.last_contact_on) < cutoff,
                (col(Case.last_contact_on).is_(None)) & (col(Case.opened_on) < cutoff),
            )
        )
    tie = col(Case.id).desc() if descending else col(Case.id).asc()
    # only the columns a row shows, the counsellor's name joined in: one query per page
    rows_query = (
        select(
            col(Case.id),
            col(Case.person_id),
            col(Person.first_name),
            col(Person.last_name),
            col(Person.client_group),
            col(Case.status),
            col(Case.opened_on),
            col(Case.closed_on),
            col(Case.last_contact_on),
            col(Case.counsellor_id),
            col(User.display_name),
        )
        .join(Person, col(Person.id) == col(Case.person_id))
        .outerjoin(User, col(User.id) == col(Case.counsellor_id))
        .where(*conditions)
    )
    counted = select(func.count(col(Case.id))).where(*conditions)
    if client_group:
        counted = counted.join(Person, col(Person.id) == col(Case.person_id))

    def fetch(extra: tuple[Any, ...], order: Any, skip: int, take: int) -> list[CaseRow]:
        query = rows_query.where(*extra).order_by(order, tie).offset(skip).limit(take)
        return [CaseRow(*row) for row in db.execute(query)]

    def count(*extra: Any) -> int:
        return int(db.scalar(counted.where(*extra)) or 0)

    if sort != "last_contact":
        key = SORTS[sort]
        rows = fetch((), key.desc() if descending else key.asc(), offset, limit)
        if 0 < len(rows) < limit or (offset == 0 and not rows):
            return rows, offset + len(rows)  # the last page: no need to count
        return rows, count()
    # the only nullable sort key: cases without contact go last, in either direction. No
    # index gives NULLS LAST both ways on both backends, so the dated cases come first in
    # plain index order, then the undated ones
    last = col(Case.last_contact_on)
    dated = fetch((last.is_not(None),), last.desc() if descending else last.asc(), offset, limit)
    if len(dated) == limit:
        return dated, count()
    n_dated = offset + len(dated) if dated or offset == 0 else count(last.is_not(None))
    skip = offset - n_dated if not dated else 0
    undated = fetch((last.is_(None),), tie, skip, limit - len(dated))
    rows = dated + undated
    if len(rows) == limit or (not undated and skip > 0):
        return rows, count()
    return rows, n_dated + skip + len(undated)


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    on: date
    kind: str  # opened, contact, referral, outcome, closed, reopened, consent, withdrawn
    case_id: int | None
    item: Any
    topics: tuple[str, ...] = ()


_KIND_ORDER = {
    "opened": 0,
    "reopened": 1,
    "consent": 2,
    "contact": 3,
    "referral": 4,
    "outcome": 5,
    "withdrawn": 6,
    "closed": 7,
}


def timeline(db: Session, *, person_id: int, case_id: int | None = None) -> list[TimelineEntry]:
    """Everything that happened with a person (or one case), in date order."""
    case_query = select(Case).where(col(Case.person_id) == person_id)
    if case_id is not None:
        case_query = case_query.where(col(Case.id) == case_id)
    cases = list(db.scalars(case_query))
    ids = [c.id for c in cases if c.id is not None]
    entries: list[TimelineEntry] = [TimelineEntry(c.opened_on, "opened", c.id, c) for c in cases]
    if ids:
        # contacts with their topics in one query (a row per topic)
        contacts: dict[int, Contact] = {}
        topics: dict[int, list[str]] = {}
        for contact, topic in db.execute(
            select(Contact, col(ContactTopicRow.topic))
            .outerjoin(ContactTopicRow, col(ContactTopicRow.contact_id) == col(Contact.id))
            .where(col(Contact.case_id).in_(ids))
        ):
            contacts[contact.id] = contact
            topics.setdefault(contact.id, [])
            if topic is not None:
                topics[contact.id].append(topic)
        entries += [
            TimelineEntry(c.date, "contact", c.case_id, c, _in_order(topics[key]))
            for key, c in contacts.items()
        ]
        entries += [
            TimelineEntry(r.date, "referral", r.case_id, r)
            for r in db.scalars(select(Referral).where(col(Referral.case_id).in_(ids)))
        ]
        entries += [
            TimelineEntry(o.date, "outcome", o.case_id, o)
            for o in db.scalars(select(Outcome).where(col(Outcome.case_id).in_(ids)))
        ]
        entries += [
            TimelineEntry(e.on, e.kind, e.case_id, e)
            for e in db.scalars(select(CaseEvent).where(col(CaseEvent.case_id).in_(ids)))
        ]
    if case_id is None:
        for consent in consents_of(db, person_id=person_id):
            entries.append(TimelineEntry(consent.given_on, "consent", None, consent))
            if consent.withdrawn_on is not None:
                entries.append(TimelineEntry(consent.withdrawn_on, "withdrawn", None, consent))
    entries.sort(
        key=lambda e: (
            e.on,
            _KIND_ORDER.get(e.kind, 9),
            getattr(e.item, "created_at", None) is not None and e.item.created_at.timestamp(),
            getattr(e.item, "id", 0) or 0,
        )
    )
    return entries
