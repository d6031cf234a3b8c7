"""What the deletion concept makes due on a day, per centre and data class (plain queries;
the run acts on them, the page shows when each class is next due)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from sqlalchemy import case, exists, func, or_, select
from sqlmodel import Session, col

from cases.counselling.models import Case, Contact, Outcome, Referral
from cases.employers.models import (
    EmployerConsultation,
    EmployerContact,
    EventEmployer,
    OutreachEvent,
)
from cases.packages.models import IssuedPackage
from cases.persons.models import Person
from cases.recognition.models import RecognitionDocument, RecognitionProcedure
from cases.retention.anonymise import every
from cases.retention.rules import Rule, cutoff, moment


def boundary(rule: Rule, as_of: date) -> date:
    """Triggers "end of the calendar year of X": X before this day is due on `as_of`."""
    return date(cutoff(rule, as_of).year, 1, 1)


def _not_in(column: Any, ids: Collection[int]) -> Any:
    return column.not_in(sorted(ids)) if ids else column.is_not(None)


def persons(
    db: Session, *, centre_id: int, rule: Rule, as_of: date, held: Collection[int]
) -> list[int]:
    """Persons whose case file is due: every case closed, and nothing of theirs (a case
    opened, closed or contacted, an outcome, a referral, a procedure's date, a package, a
    placement, the record itself) in or after the year `rule`'s period still covers."""
    b = boundary(rule, as_of)
    bt = moment(b)
    pid = col(Person.id)
    case_of = col(Case.person_id) == pid
    recent_case = exists().where(
        case_of,
        or_(
            (col(Case.status) == "open") & col(Case.deleted_at).is_(None),
            col(Case.opened_on) >= b,
            col(Case.closed_on) >= b,
            col(Case.last_contact_on) >= b,
        ),
    )
    recent_entry = [
        exists().where(col(model.case_id) == col(Case.id), case_of, col(model.date) >= b)
        for model in (Outcome, Referral)
    ]
    procedure = RecognitionProcedure
    recent_procedure = exists().where(
        col(procedure.person_id) == pid,
        or_(
            col(procedure.applied_on) >= b,
            col(procedure.decided_on) >= b,
            col(procedure.documents_complete_on) >= b,
            col(procedure.created_at) >= bt,
        ),
    )
    recent_package = exists().where(
        col(IssuedPackage.person_id) == pid, col(IssuedPackage.issued_at) >= bt
    )
    from cases.employers.models import Placement

    recent_placement = exists().where(
        col(Placement.person_id) == pid, col(Placement.starts_on) >= b
    )
    query = (
        select(pid)
        .where(
            col(Person.centre_id) == centre_id,
            col(Person.anonymised_at).is_(None),
            col(Person.merged_into_id).is_(None),
            col(Person.created_at) < bt,
            _not_in(pid, held),
            ~recent_case,
            ~recent_entry[0],
            ~recent_entry[1],
            ~recent_procedure,
            ~recent_package,
            ~recent_placement,
        )
        .order_by(pid)
    )
    return list(db.scalars(every(query)))


def notes(
    db: Session, *, centre_id: int, rule: Rule, as_of: date, held: Collection[int]
) -> dict[str, list[int]]:
    """Contacts and referrals whose notes are due (end of the year of the contact)."""
    b = boundary(rule, as_of)
    found: dict[str, list[int]] = {}
    for name, model in (("contacts", Contact), ("referrals", Referral)):
        query = (
            select(col(model.id))
            .join(Case, col(Case.id) == col(model.case_id))
            .where(
                col(model.centre_id) == centre_id,
                col(model.notes).is_not(None),
                col(model.date) < b,
                _not_in(col(Case.person_id), held),
            )
        )
        found[name] = list(db.scalars(every(query)))
    return found


def documents(
    db: Session, *, centre_id: int, rule: Rule, as_of: date, held: Collection[int]
) -> list[tuple[int, str]]:
    """Uploaded documents of procedures decided (or ended) before the period's start."""
    start = cutoff(rule, as_of)
    query = (
        select(col(RecognitionDocument.id), col(RecognitionDocument.storage_key))
        .join(
            RecognitionProcedure,
            col(RecognitionProcedure.id) == col(RecognitionDocument.procedure_id),
        )
        .where(
            col(RecognitionDocument.centre_id) == centre_id,
            col(RecognitionProcedure.decided_on) < start,
            _not_in(col(RecognitionProcedure.person_id), held),
        )
    )
    return [(i, key) for i, key in db.execute(every(query))]


def pdfs(
    db: Session, *, centre_id: int, rule: Rule, as_of: date, held: Collection[int]
) -> list[tuple[int, str]]:
    """Stored PDFs of packages issued before the period's start."""
    query = select(col(IssuedPackage.id), col(IssuedPackage.pdf_path)).where(
        col(IssuedPackage.centre_id) == centre_id,
        col(IssuedPackage.pdf_path) != "",
        col(IssuedPackage.issued_at) < moment(cutoff(rule, as_of)),
        _not_in(col(IssuedPackage.person_id), held),
    )
    return [(i, path) for i, path in db.execute(every(query))]


def employer_contacts(db: Session, *, centre_id: int, rule: Rule, as_of: date) -> list[int]:
    """Contact persons of companies with no consultation or event since the period's start
    (and recorded before it)."""
    start = cutoff(rule, as_of)
    employer = col(EmployerContact.employer_id)
    consulted = exists().where(
        col(EmployerConsultation.employer_id) == employer,
        col(EmployerConsultation.held_on) >= start,
    )
    reached = exists().where(
        col(EventEmployer.employer_id) == employer,
        col(EventEmployer.event_id) == col(OutreachEvent.id),
        col(OutreachEvent.held_on) >= start,
    )
    query = select(col(EmployerContact.id)).where(
        col(EmployerContact.centre_id) == centre_id,
        col(EmployerContact.created_at) < moment(start),
        ~consulted,
        ~reached,
    )
    return list(db.scalars(every(query)))


def next_due(db: Session, *, centre_id: int, rule: Rule, as_of: date) -> date | None:
    """When the next data of the centre in this class becomes due (None: nothing held that
    the class would ever remove, or already due today)."""
    from cases.retention.rules import due_on, year_end

    found: Any = None
    query: Any
    if rule.data_class in ("case_file", "consent_records"):
        last = func.max(
            func.coalesce(col(Case.closed_on), col(Case.last_contact_on), col(Case.opened_on))
        )
        query = (
            select(last)
            .join(Person, col(Person.id) == col(Case.person_id))
            .where(col(Case.centre_id) == centre_id, col(Person.anonymised_at).is_(None))
            .group_by(col(Case.person_id))
            .having(func.sum(case((col(Case.status) == "open", 1), else_=0)) == 0)
        )
        ends = sorted(due_on(rule, year_end(d)) for d in db.scalars(query) if d is not None)
        found = next((d for d in ends if d > as_of), None)
    elif rule.data_class == "contact_notes":
        query = select(func.min(col(Contact.date))).where(
            col(Contact.centre_id) == centre_id,
            col(Contact.notes).is_not(None),
            col(Contact.date) >= boundary(rule, as_of),
        )
        first = db.scalar(every(query))
        found = due_on(rule, year_end(first)) if first else None
    elif rule.data_class == "recognition_documents":
        query = (
            select(func.min(col(RecognitionProcedure.decided_on)))
            .join(
                RecognitionDocument,
                col(RecognitionDocument.procedure_id) == col(RecognitionProcedure.id),
            )
            .where(
                col(RecognitionProcedure.centre_id) == centre_id,
                col(RecognitionProcedure.decided_on) >= cutoff(rule, as_of),
            )
        )
        first = db.scalar(every(query))
        found = due_on(rule, first) if first else None
    elif rule.data_class == "package_pdfs":
        query = select(func.min(col(IssuedPackage.issued_at))).where(
            col(IssuedPackage.centre_id) == centre_id,
            col(IssuedPackage.pdf_path) != "",
            col(IssuedPackage.issued_at) >= moment(cutoff(rule, as_of)),
        )
        first = db.scalar(every(query))
        found = due_on(rule, first.date()) if first else None
    return found  # type: ignore[no-any-return]
