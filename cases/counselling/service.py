"""Cases, contacts, referrals and outcomes from their validated input models.

Keyword-only functions; they flush, never commit. The field rules are the input models'
(schemas.py, checks.py); the rules here need the database or the stored case and raise
FieldErrors naming the field before anything is written. Consents, enquiries and the lists
live beside this module.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import insert, select
from sqlmodel import Session, col

from cases.counselling import checks
from cases.counselling.codes import CaseStatus
from cases.counselling.models import (
    Case,
    CaseEvent,
    Contact,
    ContactTopicRow,
    Outcome,
    Referral,
)
from cases.counselling.schemas import CaseIn, CloseIn, ContactIn, OutcomeIn, ReferralIn
from cases.persons.models import Person
from welcome import clock, deletions
from welcome.accounts.models import User
from welcome.db import fetch
from welcome.errors import Conflict, FieldErrors, NotFound
from welcome.i18n import _


def get(db: Session, *, case_id: int) -> Case:
    """One case of the actor's centre (audited as a view); NotFound otherwise."""
    case = fetch(db, Case, case_id)
    if case is None:
        raise NotFound()
    return case


class OpenCaseExists(Conflict):
    """The person has an open case already; a second one needs `allow_parallel` (409)."""

    def __init__(self, open_case_id: int) -> None:
        super().__init__(_("This person has an open case already (case %(id)d).", id=open_case_id))
        self.open_case_id = open_case_id
        self.problem_extra = {"open_case_id": open_case_id}


def open_case_of(db: Session, *, person_id: int) -> int | None:
    """The id of the person's open case (the oldest, if there are several), or None."""
    return db.scalars(
        select(col(Case.id))
        .where(col(Case.person_id) == person_id, col(Case.status) == CaseStatus.OPEN)
        .order_by(col(Case.opened_on), col(Case.id))
    ).first()


def create(db: Session, *, data: CaseIn) -> Case:
    """Open a case for a person of the centre; the counsellor defaults to the acting user.
    One open case per person unless `allow_parallel` says otherwise (OpenCaseExists)."""
    errors: dict[str, str] = {}
    person = db.scalars(select(Person).where(col(Person.id) == data.person_id)).first()
    if person is None:
        errors["person_id"] = _("There is no such person in your centre.")
    elif not data.allow_parallel:
        open_id = open_case_of(db, person_id=data.person_id)
        if open_id is not None:
            raise OpenCaseExists(open_id)
    counsellor_id = data.counsellor_id or checks.acting_user(db)
    if (
        counsellor_id is not None
        and db.scalars(select(col(User.id)).where(col(User.id) == counsellor_id)).first() is None
    ):
        errors["counsellor_id"] = _("There is no such counsellor in your centre.")
    if errors:
        raise FieldErrors(errors)
    assert person is not None and person.id is not None
    case = Case(
        person_id=person.id,
        centre_id=person.centre_id,
        opened_on=data.opened_on,
        referral_source=data.referral_source,
        counsellor_id=counsellor_id,
        status=CaseStatus.OPEN,
    )
    db.add(case)
    db.flush()
    return case


def close(db: Session, *, case: Case, data: CloseIn) -> Case:
    """Close a case: not before it opened or before its last contact."""
    if case.status == CaseStatus.CLOSED:
        raise Conflict(_("The case is closed already."))
    if data.closed_on < case.opened_on:
        raise FieldErrors({"closed_on": _("The case cannot close before it was opened.")})
    if case.last_contact_on is not None and data.closed_on < case.last_contact_on:
        raise FieldErrors({"closed_on": _("The case cannot close before its last contact.")})
    assert case.id is not None
    case.status = CaseStatus.CLOSED
    case.closed_on = data.closed_on
    case.closure_reason = data.reason
    db.add(
        CaseEvent(
            case_id=case.id,
            centre_id=case.centre_id,
            kind="closed",
            on=data.closed_on,
            reason=data.reason,
            user_id=checks.acting_user(db),
        )
    )
    db.flush()
    return case


def reopen(db: Session, *, case: Case, today: date | None = None) -> Case:
    """Reopen a closed case; the reopening is logged as a case event."""
    today = today or clock.today()
    if case.status != CaseStatus.CLOSED:
        raise Conflict(_("The case is open already."))
    assert case.id is not None
    case.status = CaseStatus.OPEN
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


def _of_case(case: Case, on: date, *, needs_open: bool = True) -> None:
    """The rules a case's entry meets: the case is open, the date not before it opened."""
    errors: dict[str, str] = {}
    if needs_open:
        checks.open_case(errors, case)
    checks.within_case(errors, "date", on, case)
    if errors:
        raise FieldErrors(errors)


def before_opening(db: Session, *, case: Case, on: date, move: bool) -> None:
    """A contact dated before the case opened: with `move`, the opening date goes back to it
    (the case's counsellor or the lead); without, a field error naming both dates."""
    if on >= case.opened_on:
        return
    if not move:
        raise FieldErrors(
            {
                "date": _(
                    "The contact (%(date)s) is dated before the case was opened (%(opened)s).",
                    date=on.isoformat(),
                    opened=case.opened_on.isoformat(),
                )
            }
        )
    deletions.require_may_correct(db, owner_id=case.counsellor_id)
    case.opened_on = on
    db.add(case)


def create_contact(db: Session, *, case: Case, data: ContactIn) -> Contact:
    """Log one counselling contact of an open case (one dated before the case opened moves
    the opening date back when `move_opening` says so)."""
    errors: dict[str, str] = {}
    checks.open_case(errors, case)
    if errors:
        raise FieldErrors(errors)
    before_opening(db, case=case, on=data.date, move=data.move_opening)
    _of_case(case, data.date)
    assert case.id is not None
    contact = Contact(
        case_id=case.id,
        centre_id=case.centre_id,
        date=data.date,
        duration_minutes=data.duration_minutes,
        channel=data.channel,
        language=data.language,
        notes=data.notes,
        counsellor_id=checks.acting_user(db),
    )
    db.add(contact)
    db.flush()
    db.execute(
        insert(ContactTopicRow),
        [{"contact_id": contact.id, "topic": t.value} for t in data.topics],
    )
    if case.last_contact_on is None or data.date > case.last_contact_on:
        case.last_contact_on = data.date
    db.flush()
    return contact


def create_referral(db: Session, *, case: Case, data: ReferralIn) -> Referral:
    """Refer the person of an open case to a partner."""
    _of_case(case, data.date)
    assert case.id is not None
    referral = Referral(
        case_id=case.id,
        centre_id=case.centre_id,
        date=data.date,
        partner=data.partner,
        notes=data.notes,
    )
    db.add(referral)
    db.flush()
    return referral


def create_outcome(db: Session, *, case: Case, data: OutcomeIn) -> Outcome:
    """Record what came of a case (also after it was closed: results often come later)."""
    _of_case(case, data.date, needs_open=False)
    assert case.id is not None
    outcome = Outcome(case_id=case.id, centre_id=case.centre_id, date=data.date, type=data.type)
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


def list_contacts(db: Session, *, case_id: int) -> list[Contact]:
    return list(
        db.scalars(
            select(Contact)
            .where(col(Contact.case_id) == case_id)
            .order_by(col(Contact.date), col(Contact.id))
        )
    )
