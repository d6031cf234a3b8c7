"""The deadline lists of recognition procedures: overdue, due soon, waiting on the person;
the open due dates for the calendar feed; today's date in Saxony.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlmodel import Session, col

from cases.persons.models import Person
from cases.recognition.models import RecognitionProcedure
from cases.recognition.rules import TERMINAL
from welcome.reads import audited_list

DUE_SOON_DAYS = 14


# --- deadline lists -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DueItem:
    """One line of the deadline lists (plain values, valid after the unit of work)."""

    id: int
    person_id: int
    person_name: str
    reference_occupation: str
    authority: str
    status: str
    kind: str  # receipt, decision, documents
    due_on: date | None
    days: int | None  # days left (negative: overdue)
    since: date | None  # waiting on the person: requested on
    counsellor_id: int | None


@dataclass(frozen=True, slots=True)
class Deadlines:
    today: date
    overdue: list[DueItem]
    due_soon: list[DueItem]
    waiting: list[DueItem]

    @property
    def empty(self) -> bool:
        return not (self.overdue or self.due_soon or self.waiting)


def _item(procedure: RecognitionProcedure, name: str, today: date) -> DueItem:
    assert procedure.id is not None
    due = procedure.next_due_on
    if due is None:
        kind = "documents"
    elif (
        procedure.receipt_confirmed_on is None
        and procedure.receipt_due_on is not None
        and procedure.receipt_due_on == due
    ):
        kind = "receipt"
    else:
        kind = "decision"
    return DueItem(
        id=procedure.id,
        person_id=procedure.person_id,
        person_name=name,
        reference_occupation=procedure.reference_occupation,
        authority=procedure.authority,
        status=procedure.status,
        kind=kind,
        due_on=due,
        days=(due - today).days if due else None,
        since=procedure.documents_requested_on,
        counsellor_id=procedure.counsellor_id,
    )


@audited_list("recognition_procedures")
def list_deadlines(
    db: Session, *, today: date, counsellor_id: int | None = None, limit: int = 200
) -> Deadlines:
    """Overdue, due within 14 days, waiting on the person; most urgent first.

    `counsellor_id` None = the whole centre (the lead's view; the scope applies anyway).
    """
    mine = (
        [col(RecognitionProcedure.counsellor_id) == counsellor_id]
        if counsellor_id is not None
        else []
    )
    base = select(RecognitionProcedure, col(Person.first_name), col(Person.last_name)).join(
        Person, col(Person.id) == col(RecognitionProcedure.person_id)
    )

    def run(query: Any) -> list[DueItem]:
        return [
            _item(proc, f"{first} {last}", today)
            for proc, first, last in db.execute(query.limit(limit))
        ]

    overdue = run(
        base.where(*mine, col(RecognitionProcedure.next_due_on) < today).order_by(
            col(RecognitionProcedure.next_due_on), col(RecognitionProcedure.id)
        )
    )
    due_soon = run(
        base.where(
            *mine,
            col(RecognitionProcedure.next_due_on) >= today,
            col(RecognitionProcedure.next_due_on) <= today + timedelta(days=DUE_SOON_DAYS),
        ).order_by(col(RecognitionProcedure.next_due_on), col(RecognitionProcedure.id))
    )
    waiting = run(
        base.where(
            *mine,
            col(RecognitionProcedure.documents_requested_on).is_not(None),
            col(RecognitionProcedure.documents_complete_on).is_(None),
            col(RecognitionProcedure.decided_on).is_(None),
            col(RecognitionProcedure.status).not_in(TERMINAL),
        ).order_by(col(RecognitionProcedure.documents_requested_on), col(RecognitionProcedure.id))
    )
    return Deadlines(today=today, overdue=overdue, due_soon=due_soon, waiting=waiting)


@audited_list("recognition_procedures")
def list_open(db: Session, *, counsellor_id: int | None) -> list[RecognitionProcedure]:
    """Procedures with an open due date (for the calendar feed)."""
    conditions: list[Any] = [
        or_(
            col(RecognitionProcedure.receipt_due_on).is_not(None),
            col(RecognitionProcedure.decision_due_on).is_not(None),
        ),
        col(RecognitionProcedure.next_due_on).is_not(None),
    ]
    if counsellor_id is not None:
        conditions.append(col(RecognitionProcedure.counsellor_id) == counsellor_id)
    return list(
        db.scalars(
            select(RecognitionProcedure)
            .where(*conditions)
            .order_by(col(RecognitionProcedure.next_due_on), col(RecognitionProcedure.id))
            .limit(1000)
        )
    )


def today() -> date:
    """The current day in Saxony (deadlines are days there, not in UTC)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo("Europe/Berlin")).date()
