"""Cases, contacts, referrals and outcomes, with their rules.

Keyword-only functions; they flush, never commit; every rule raises FieldErrors naming the
field, before anything is written. Consents, enquiries and the lists live beside this module.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import insert, select
from sqlmodel import Session, col

from cases import codes
from cases.checks import check_duration
from cases.counselling import checks
from cases.counselling.models import (
    Case,
    CaseEvent,
    Contact,
    ContactTopicRow,
    Outcome,
    Referral,
)
from cases.persons.models import Person
from welcome.accounts.models import User
from welcome.db import fetch, valid_id
from welcome.errors import Conflict, FieldErrors, NotFound
from welcome.i18n import _


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
        person = (
            db.scalars(select(Person).where(col(Person.id) == person_id)).first()
            if valid_id(person_id)
            else None
        )
        if person is None:
            errors["person_id"] = _("There is no such person in your centre.")
    checks.not_future(errors, "opened_on", opened_on, today)
    referral_source = (referral_source or "").strip() or None
    if referral_source is not None:
        checks.known(errors, "referral_source", referral_source, codes.ReferralSource)
    counsellor_id = counsellor_id or checks.acting_user(db)
    if counsellor_id is not None and (
        not valid_id(counsellor_id)
        or db.scalars(select(col(User.id)).where(col(User.id) == counsellor_id)).first() is None
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
    checks.not_future(errors, "closed_on", closed_on, today)
    if closed_on is not None and "closed_on" not in errors:
        if closed_on < case.opened_on:
            errors["closed_on"] = _("The case cannot close before it was opened.")
        elif case.last_contact_on is not None and closed_on < case.last_contact_on:
            errors["closed_on"] = _("The case cannot close before its last contact.")
    if not reason:
        errors["reason"] = _("Please give the reason for closing the case.")
    else:
        checks.known(errors, "reason", reason, codes.ClosureReason)
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
            user_id=checks.acting_user(db),
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
            user_id=checks.acting_user(db),
        )
    )
    db.flush()
    return case


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
    today = today or checks.today()
    errors: dict[str, str] = {}
    checks.open_case(errors, case)
    checks.not_future(errors, "date", date, today)
    checks.within_case(errors, "date", date, case)
    check_duration(errors, duration_minutes)
    checks.known(errors, "channel", channel, codes.Channel)
    language = checks.language(errors, "language", language)
    chosen = checks.chosen_topics(errors, topics)
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
        counsellor_id=checks.acting_user(db),
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
    today = today or checks.today()
    errors: dict[str, str] = {}
    checks.open_case(errors, case)
    checks.not_future(errors, "date", date, today)
    checks.within_case(errors, "date", date, case)
    checks.known(errors, "partner", partner, codes.ReferralPartner)
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
    today = today or checks.today()
    errors: dict[str, str] = {}
    checks.not_future(errors, "date", date, today)
    checks.within_case(errors, "date", date, case)
    checks.known(errors, "type", type, codes.OutcomeType)
    if errors:
        raise FieldErrors(errors)
    assert date is not None and type and case.id
    outcome = Outcome(case_id=case.id, centre_id=case.centre_id, date=date, type=type)
    db.add(outcome)
    db.flush()
    return outcome


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
    return {key: list(checks.in_code_order(topics)) for key, topics in result.items()}


def contacts_of(db: Session, *, case_id: int) -> list[Contact]:
    return list(
        db.scalars(
            select(Contact)
            .where(col(Contact.case_id) == case_id)
            .order_by(col(Contact.date), col(Contact.id))
        )
    )
