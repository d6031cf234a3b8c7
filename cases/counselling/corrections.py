"""Corrections of counselling records: edit and delete (with a reason) contacts, referrals,
outcomes, consents and a case's fields; cancel a case opened by mistake; a lead's undo.

Who may: the counsellor of the case and the centre's lead (welcome.roles.may_correct). Every
edit takes the create's input model, so the create rules hold (not into the future, not
before the case opened, not after it closed), and the version the editor opened
(welcome.versions: a changed entry is Stale). Deletions are soft (welcome.deletions): the
rows leave every list and count, the audit log keeps what was deleted and why.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import delete, func, insert, select
from sqlmodel import Session, col

from cases.counselling import checks, queries
from cases.counselling.codes import CaseStatus
from cases.counselling.models import (
    Case,
    CaseEvent,
    Consent,
    Contact,
    ContactTopicRow,
    Outcome,
    Referral,
)
from cases.counselling.schemas import CaseEditIn, ConsentIn, ContactIn, OutcomeIn, ReferralIn
from cases.counselling.service import before_opening
from welcome import deletions, versions
from welcome.accounts.models import User
from welcome.audit import AuditAction
from welcome.db import fetch
from welcome.deletions import DeleteIn
from welcome.errors import FieldErrors, NotFound
from welcome.i18n import _
from welcome.roles import CENTRE_STAFF

EntryT = TypeVar("EntryT", Contact, Referral, Outcome, Consent, Case)
# the kinds of entry a path names (/contacts/{id}, /deleted/contacts/{id}/restore)
KINDS: dict[str, type[Any]] = {
    "contacts": Contact,
    "referrals": Referral,
    "outcomes": Outcome,
    "consents": Consent,
    "cases": Case,
}


def get_entry(db: Session, model: type[EntryT], ident: int) -> EntryT:
    """An entry of the actor's centre that is not deleted (audited as a view); NotFound."""
    found = fetch(db, model, ident)
    if found is None:
        raise NotFound()
    return found


def case_of(db: Session, entry: Contact | Referral | Outcome) -> Case:
    case = db.get(Case, entry.case_id)
    if case is None:  # the case was cancelled: its entries went with it
        raise NotFound()
    return case


def _errors_of(errors: dict[str, str]) -> None:
    if errors:
        raise FieldErrors(errors)


def _not_after_closure(errors: dict[str, str], case: Case, on: date) -> None:
    if case.closed_on is not None and on > case.closed_on:
        errors["date"] = _(
            "The date cannot be after the case was closed (%(date)s).",
            date=case.closed_on.isoformat(),
        )


def refresh_last_contact(db: Session, case: Case) -> None:
    """The case's latest contact date after an edit, a deletion or an undo."""
    db.flush()
    case.last_contact_on = db.scalar(
        select(func.max(col(Contact.date))).where(col(Contact.case_id) == case.id)
    )
    db.add(case)


# --- the form values of a stored entry (an edit form's start, a stale save's new values) ----


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def contact_values(db: Session, contact: Contact) -> dict[str, Any]:
    from cases.counselling.service import topics_of

    assert contact.id is not None
    return {
        "date": _iso(contact.date),
        "duration_minutes": str(contact.duration_minutes),
        "channel": contact.channel,
        "language": contact.language or "",
        "topics": topics_of(db, contact_ids=[contact.id])[contact.id],
        "notes": contact.notes or "",
        "version": str(contact.version),
    }


def referral_values(referral: Referral) -> dict[str, Any]:
    return {
        "date": _iso(referral.date),
        "partner": referral.partner,
        "notes": referral.notes or "",
        "version": str(referral.version),
    }


def outcome_values(outcome: Outcome) -> dict[str, Any]:
    return {"date": _iso(outcome.date), "type": outcome.type, "version": str(outcome.version)}


def consent_values(consent: Consent) -> dict[str, Any]:
    return {
        "purpose": consent.purpose,
        "given_on": _iso(consent.given_on),
        "sheet_version": consent.sheet_version,
        "sheet_language": consent.sheet_language,
        "version": str(consent.version),
    }


def case_values(case: Case) -> dict[str, Any]:
    return {
        "opened_on": _iso(case.opened_on),
        "counsellor_id": str(case.counsellor_id or ""),
        "referral_source": case.referral_source or "",
        "closed_on": _iso(case.closed_on),
        "reason": case.closure_reason or "",
        "version": str(case.version),
    }


def stored_values(db: Session, entry: Any) -> Mapping[str, Any]:
    if isinstance(entry, Contact):
        return contact_values(db, entry)
    if isinstance(entry, Referral):
        return referral_values(entry)
    if isinstance(entry, Outcome):
        return outcome_values(entry)
    if isinstance(entry, Consent):
        return consent_values(entry)
    return case_values(entry)


# --- contacts, referrals, outcomes ----------------------------------------------------------


def update_contact(
    db: Session, *, contact: Contact, data: ContactIn, version: int | None = None
) -> Contact:
    """Correct a contact (also of a closed case): the create's rules, the opening date moved
    back when `move_opening` says so."""
    case = case_of(db, contact)
    deletions.require_may_correct(db, owner_id=case.counsellor_id)
    versions.check(contact, version, lambda: contact_values(db, contact))
    errors: dict[str, str] = {}
    _not_after_closure(errors, case, data.date)
    _errors_of(errors)
    assert contact.id is not None
    stored_topics = list(checks.in_code_order(contact_values(db, contact)["topics"]))
    before_opening(db, case=case, on=data.date, move=data.move_opening)
    contact.date = data.date
    contact.duration_minutes = data.duration_minutes
    contact.channel = data.channel
    contact.language = data.language
    contact.notes = data.notes
    topics = [t.value for t in data.topics]
    if stored_topics != topics:
        db.execute(delete(ContactTopicRow).where(col(ContactTopicRow.contact_id) == contact.id))
        rows = [{"contact_id": contact.id, "topic": t} for t in topics]
        db.execute(insert(ContactTopicRow), rows)
        contact.version += 1  # a change of the topics alone is a change of the contact
    db.add(contact)
    versions.save(db, contact)
    refresh_last_contact(db, case)
    db.flush()
    return contact


def update_referral(
    db: Session, *, referral: Referral, data: ReferralIn, version: int | None = None
) -> Referral:
    case = case_of(db, referral)
    deletions.require_may_correct(db, owner_id=case.counsellor_id)
    versions.check(referral, version, lambda: referral_values(referral))
    errors: dict[str, str] = {}
    checks.within_case(errors, "date", data.date, case)
    _not_after_closure(errors, case, data.date)
    _errors_of(errors)
    referral.date, referral.partner, referral.notes = data.date, data.partner, data.notes
    db.add(referral)
    versions.save(db, referral)
    return referral


def update_outcome(
    db: Session, *, outcome: Outcome, data: OutcomeIn, version: int | None = None
) -> Outcome:
    """Outcomes may be dated after the closure (results often come later), as when created."""
    case = case_of(db, outcome)
    deletions.require_may_correct(db, owner_id=case.counsellor_id)
    versions.check(outcome, version, lambda: outcome_values(outcome))
    errors: dict[str, str] = {}
    checks.within_case(errors, "date", data.date, case)
    _errors_of(errors)
    outcome.date, outcome.type = data.date, data.type
    db.add(outcome)
    versions.save(db, outcome)
    return outcome


def update_entry(db: Session, *, entry: Any, data: Any, version: int | None = None) -> Any:
    """Correct a contact, referral, outcome or consent by its kind's rules (above, below)."""
    if isinstance(entry, Contact):
        return update_contact(db, contact=entry, data=data, version=version)
    if isinstance(entry, Referral):
        return update_referral(db, referral=entry, data=data, version=version)
    if isinstance(entry, Consent):
        return update_consent(db, consent=entry, data=data, version=version)
    assert isinstance(entry, Outcome)
    return update_outcome(db, outcome=entry, data=data, version=version)


def delete_entry(
    db: Session, *, entry: Contact | Referral | Outcome | Consent, data: DeleteIn
) -> None:
    """Delete a contact, referral, outcome or consent with a reason (a lead may undo it for
    30 days); who may is the kind's rule, as for update_entry."""
    if isinstance(entry, Consent):
        delete_consent(db, consent=entry, data=data)
        return
    case = case_of(db, entry)
    deletions.require_may_correct(db, owner_id=case.counsellor_id)
    deletions.delete(db, row=entry, reason=data.reason)
    if isinstance(entry, Contact):
        refresh_last_contact(db, case)
    db.flush()


# --- consents -------------------------------------------------------------------------------


def _consent_owner(db: Session, consent: Consent) -> int | None:
    """A consent belongs to the person: the counsellor of the person's open (else latest)
    case may correct it, and the lead."""
    actor_id = checks.acting_user(db)
    counsellors = set(
        db.scalars(select(col(Case.counsellor_id)).where(col(Case.person_id) == consent.person_id))
    )
    return actor_id if actor_id in counsellors else None


def update_consent(
    db: Session, *, consent: Consent, data: ConsentIn, version: int | None = None
) -> Consent:
    """Correct the date or purpose (and the sheet) of a consent; withdrawal is its own act."""
    deletions.require_may_correct(db, owner_id=_consent_owner(db, consent))
    versions.check(consent, version, lambda: consent_values(consent))
    errors: dict[str, str] = {}
    if consent.withdrawn_on is None and any(
        c.purpose == data.purpose and c.withdrawn_on is None and c.id != consent.id
        for c in queries.list_consents(db, person_id=consent.person_id)
    ):
        errors["purpose"] = _("A consent for this purpose is in force already.")
    if consent.withdrawn_on is not None and data.given_on > consent.withdrawn_on:
        errors["given_on"] = _("A consent cannot be withdrawn before it was given.")
    _errors_of(errors)
    consent.purpose, consent.given_on = data.purpose, data.given_on
    consent.sheet_version, consent.sheet_language = data.sheet_version, data.sheet_language
    db.add(consent)
    versions.save(db, consent)
    return consent


def delete_consent(db: Session, *, consent: Consent, data: DeleteIn) -> None:
    deletions.require_may_correct(db, owner_id=_consent_owner(db, consent))
    deletions.delete(db, row=consent, reason=data.reason)
    db.flush()


# --- the case -------------------------------------------------------------------------------


def first_entry_on(db: Session, case: Case) -> date | None:
    """The date of the case's first contact, referral or outcome (not deleted ones)."""
    dates = [
        db.scalar(select(func.min(col(model.date))).where(col(model.case_id) == case.id))
        for model in (Contact, Referral, Outcome)
    ]
    found = [d for d in dates if d is not None]
    return min(found) if found else None


def update_case(db: Session, *, case: Case, data: CaseEditIn, version: int | None = None) -> Case:
    """Correct the opening date (any date not after the first entry), the counsellor, the
    referral source, and of a closed case the closing date and reason."""
    deletions.require_may_correct(db, owner_id=case.counsellor_id)
    versions.check(case, version, lambda: case_values(case))
    errors: dict[str, str] = {}
    first = first_entry_on(db, case)
    if first is not None and data.opened_on > first:
        errors["opened_on"] = _(
            "The case cannot open after its first entry (%(date)s).", date=first.isoformat()
        )
    if data.counsellor_id is not None and data.counsellor_id != case.counsellor_id:
        staff = db.scalars(
            select(col(User.id)).where(
                col(User.id) == data.counsellor_id,
                col(User.role).in_([r.value for r in CENTRE_STAFF]),
                col(User.active).is_(True),
            )
        ).first()
        if staff is None:
            errors["counsellor_id"] = _("There is no such counsellor in your centre.")
    if case.status == CaseStatus.CLOSED:
        if data.closed_on is None:
            errors["closed_on"] = _("Please enter a date.")
        elif case.last_contact_on is not None and data.closed_on < case.last_contact_on:
            errors["closed_on"] = _("The case cannot close before its last contact.")
        if data.reason is None:
            errors["reason"] = _("Please give the reason for closing the case.")
    elif data.closed_on is not None or data.reason is not None:
        errors["closed_on"] = _("The case is open: close it to give a closing date and reason.")
    _errors_of(errors)
    case.opened_on = data.opened_on
    case.counsellor_id = data.counsellor_id or case.counsellor_id
    case.referral_source = data.referral_source
    if case.status == CaseStatus.CLOSED:
        case.closed_on, case.closure_reason = data.closed_on, data.reason
        _correct_closing_event(db, case)
    db.add(case)
    versions.save(db, case)
    return case


def _correct_closing_event(db: Session, case: Case) -> None:
    """The timeline's latest "closed" entry follows a corrected closing date and reason."""
    event = db.scalars(
        select(CaseEvent)
        .where(col(CaseEvent.case_id) == case.id, col(CaseEvent.kind) == "closed")
        .order_by(col(CaseEvent.id).desc())
    ).first()
    if event is not None and case.closed_on is not None:
        event.on, event.reason = case.closed_on, case.closure_reason
        db.add(event)


def cancel(db: Session, *, case: Case, data: DeleteIn) -> None:
    """A case opened by mistake: not a closure. The case and its contacts, referrals and
    outcomes leave every count and list (one batch a lead can undo); the person keeps the
    rest (consents, procedures, packages)."""
    deletions.require_may_correct(db, owner_id=case.counsellor_id)
    entries: list[Any] = []
    for model in (Contact, Referral, Outcome):
        entries += db.scalars(select(model).where(col(model.case_id) == case.id))
    deletions.delete(db, row=case, reason=data.reason, also=entries, action=AuditAction.CANCEL)


def restore(db: Session, *, kind: str, ident: int) -> Any:
    """A lead's undo of a deletion or a cancellation (within 30 days): the row and its batch."""
    row = deletions.deleted_of_kind(db, KINDS, kind, ident, missing=None)
    deletions.undo_delete(db, row=row)
    if isinstance(row, Contact):
        case = db.get(Case, row.case_id)
        if case is not None:
            refresh_last_contact(db, case)
    db.flush()
    return row
