"""Recognition procedures: read, create and update from the validated `ProcedureIn`,
suspend and resume, document notes.

Keyword-only functions; they flush, never commit. The field rules and the order of the steps
are the input models' (cases/recognition/schemas.py); here are the rules that need the
database (`rules.check`: references within the centre, open suspensions, the status), and
they raise `FieldErrors` before anything is written. Due dates are computed with
`cases.recognition.deadlines` and stored, so lists are sorted by SQL. The writing of values
and the history are in `changes`, the deadline lists in `due_lists`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session, col

from cases.counselling.models import Case
from cases.persons.models import Person
from cases.recognition import rules
from cases.recognition.changes import add_history, apply_values, as_json, snapshot
from cases.recognition.models import RecognitionProcedure, RecognitionSuspension
from cases.recognition.rules import EDITABLE_FIELDS, TERMINAL, natural_status, status_error
from cases.recognition.schemas import (
    ProcedureIn,
    StepIn,
    SuspensionEndIn,
    SuspensionIn,
)
from welcome import roles
from welcome.audit import REDACTED, AuditAction, AuditEntry
from welcome.db import actor_of, fetch, valid_id
from welcome.errors import FieldErrors, NotFound
from welcome.history import history
from welcome.i18n import _
from welcome.inputs import validate
from welcome.reads import audited_list

# a stored procedure in the input model's terms (the edit form, a PATCH merged into them)
PROCEDURE_FIELDS = ("person_id", *EDITABLE_FIELDS)

# --- reading --------------------------------------------------------------------------------


def get(db: Session, *, procedure_id: int) -> RecognitionProcedure:
    """One procedure of the actor's centre (audited as a view); NotFound otherwise."""
    found = fetch(db, RecognitionProcedure, procedure_id)
    if found is None:
        raise NotFound(_("No such recognition procedure."))
    return found


def suspensions_of(db: Session, *, procedure_id: int) -> list[RecognitionSuspension]:
    return list(
        db.scalars(
            select(RecognitionSuspension)
            .where(col(RecognitionSuspension.procedure_id) == procedure_id)
            .order_by(col(RecognitionSuspension.starts_on), col(RecognitionSuspension.id))
        )
    )


# beside the procedure's own fields: the computed due dates and what changes.py notes
HISTORY_EXTRAS = (
    "receipt_due_on",
    "decision_due_on",
    "suspension",
    "suspension_ends_on",
    "document",
)


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One entry of a procedure's history, as the page and the API show it."""

    id: int
    at: datetime
    user_id: int | None
    action: str  # created, updated, suspension_added, suspension_ended, document_added
    changes: dict[str, Any]


def _history_action(entry: AuditEntry) -> str:
    changes = entry.changes or {}
    if entry.action == AuditAction.CREATE:
        return "created"
    if "suspension" in changes:
        return "suspension_added"
    if "suspension_ends_on" in changes:
        return "suspension_ended"
    if "document" in changes:
        return "document_added"
    return "updated"


def history_of(db: Session, *, procedure_id: int) -> list[HistoryEntry]:
    """Newest first, from the audit log; only the fields a reader knows (no bookkeeping)."""
    known = {"person_id", *EDITABLE_FIELDS, *HISTORY_EXTRAS}
    return [
        HistoryEntry(
            id=entry.id or 0,
            at=entry.at,
            user_id=entry.user_id,
            action=_history_action(entry),
            changes={k: v for k, v in (entry.changes or {}).items() if k in known},
        )
        for entry in reversed(history(db, entity="recognition_procedures", entity_id=procedure_id))
    ]


@audited_list("recognition_procedures")
def list_procedures(
    db: Session,
    *,
    status: str | None = None,
    authority: str | None = None,
    person_id: int | None = None,
    counsellor_id: int | None = None,
    due_from: date | None = None,
    due_to: date | None = None,
    open_only: bool = False,
    offset: int = 0,
    limit: int = 50,
) -> tuple[list[RecognitionProcedure], int]:
    """Procedures of the centre by the next open due date (earliest first, none last)."""
    conditions: list[Any] = []
    if status:
        conditions.append(col(RecognitionProcedure.status) == status)
    if authority:
        conditions.append(col(RecognitionProcedure.authority) == authority)
    if person_id is not None:
        conditions.append(col(RecognitionProcedure.person_id) == person_id)
    if counsellor_id is not None:
        conditions.append(col(RecognitionProcedure.counsellor_id) == counsellor_id)
    if due_from is not None:
        conditions.append(col(RecognitionProcedure.next_due_on) >= due_from)
    if due_to is not None:
        conditions.append(col(RecognitionProcedure.next_due_on) <= due_to)
    if open_only:
        conditions.append(col(RecognitionProcedure.status).not_in(TERMINAL))
    rows = list(
        db.scalars(
            select(RecognitionProcedure)
            .where(*conditions)
            .order_by(
                col(RecognitionProcedure.next_due_on).is_(None),
                col(RecognitionProcedure.next_due_on),
                col(RecognitionProcedure.id),
            )
            .offset(offset)
            .limit(limit)
        )
    )
    if 0 < len(rows) < limit or (offset == 0 and not rows):
        return rows, offset + len(rows)  # the last page: no need to count (the person page)
    total = (
        db.scalar(select(func.count()).select_from(RecognitionProcedure).where(*conditions)) or 0
    )
    return rows, total


def person_names(db: Session, ids: Iterable[int]) -> dict[int, str]:
    wanted = set(ids)
    if not wanted:
        return {}
    rows = db.execute(
        select(col(Person.id), col(Person.first_name), col(Person.last_name)).where(
            col(Person.id).in_(wanted)
        )
    )
    return {pid: f"{first} {last}" for pid, first, last in rows}


# --- writing --------------------------------------------------------------------------------


def _plain(data: ProcedureIn) -> dict[str, Any]:
    """The model's values, codes as their plain strings (as stored and in the history)."""
    return {
        name: value.value if isinstance(value, StrEnum) else value
        for name, value in data.model_dump(include=set(PROCEDURE_FIELDS)).items()
    }


def values_of(procedure: RecognitionProcedure) -> dict[str, Any]:
    """The stored procedure as input values. The status is none: unless one is given, it
    follows the dates (a withdrawn or completed one stays while the dates fit it)."""
    values = {name: getattr(procedure, name) for name in PROCEDURE_FIELDS}
    values["status"] = None
    return values


def _open_suspension(db: Session, procedure: RecognitionProcedure) -> bool:
    assert procedure.id is not None
    return any(s.ends_on is None for s in suspensions_of(db, procedure_id=procedure.id))


def check_update(
    db: Session, *, procedure: RecognitionProcedure, data: ProcedureIn
) -> dict[str, str]:
    """The errors `update` would raise, without writing anything (the CLI's demo check)."""
    values = _plain(data)
    errors = rules.check(
        db, values, open_suspension=_open_suspension(db, procedure), creating=False
    )
    if values["person_id"] != procedure.person_id:
        errors["person_id"] = _("This field cannot be changed.")
    return errors


def create(db: Session, *, data: ProcedureIn) -> RecognitionProcedure:
    values = _plain(data)
    errors = rules.check(db, values, open_suspension=False, creating=True)
    if errors:
        raise FieldErrors(errors)
    if values["counsellor_id"] is None:
        values["counsellor_id"] = _default_counsellor(db, values["case_id"])
    values["status"] = values["status"] or natural_status(values, open_suspension=False)
    centre_id = db.scalar(select(col(Person.centre_id)).where(col(Person.id) == data.person_id))
    assert centre_id is not None  # checked by rules.check
    procedure = RecognitionProcedure(
        centre_id=centre_id,
        person_id=data.person_id,
        reference_occupation=values["reference_occupation"],
        authority=values["authority"],
    )
    apply_values(db, procedure, values, [])
    db.add(procedure)
    db.flush()  # the audit log records the procedure as created, with its values
    return procedure


def _default_counsellor(db: Session, case_id: int | None) -> int | None:
    if valid_id(case_id):
        owner = db.scalar(select(col(Case.counsellor_id)).where(col(Case.id) == case_id))
        if owner is not None:
            return owner
    actor = actor_of(db)
    if actor and actor.role in roles.CENTRE_STAFF:
        return actor.user_id
    return None


def update(
    db: Session, *, procedure: RecognitionProcedure, data: ProcedureIn | StepIn
) -> RecognitionProcedure:
    """The procedure as `data` has it (a step: one date set, the rest kept); due dates follow.
    Without a status, it follows the dates (a withdrawn or completed one stays while it fits)."""
    if isinstance(data, StepIn):
        data = validate(ProcedureIn, {**values_of(procedure), data.step: data.on})
    errors = check_update(db, procedure=procedure, data=data)
    if errors:
        raise FieldErrors(errors)
    assert procedure.id is not None
    suspensions = suspensions_of(db, procedure_id=procedure.id)
    open_suspension = any(s.ends_on is None for s in suspensions)
    values = _plain(data)
    if values["status"] is None:
        natural = natural_status(values, open_suspension=open_suspension)
        kept = procedure.status
        keep = kept in TERMINAL and status_error(kept, values, natural) is None
        values["status"] = kept if keep else natural
    apply_values(db, procedure, values, suspensions)
    db.flush()  # the audit log records what changed
    return procedure


def refresh_after_suspension(
    db: Session, procedure: RecognitionProcedure, changes: dict[str, Any]
) -> None:
    assert procedure.id is not None
    suspensions = suspensions_of(db, procedure_id=procedure.id)
    open_suspension = any(s.ends_on is None for s in suspensions)
    values = snapshot(procedure)
    natural = natural_status(values, open_suspension=open_suspension)
    if procedure.status not in TERMINAL:
        values["status"] = natural
    if changes:
        add_history(db, procedure=procedure, changes=changes)
    apply_values(db, procedure, values, suspensions)
    db.flush()


def suspend(
    db: Session, *, procedure: RecognitionProcedure, data: SuspensionIn
) -> RecognitionSuspension:
    """Stop the clock: a suspension from `starts_on` (open while it has no end)."""
    assert procedure.id is not None
    errors: dict[str, str] = {}
    if procedure.applied_on is None:
        errors["starts_on"] = _("A procedure can only be suspended after the application.")
    elif data.starts_on < procedure.applied_on:
        errors["starts_on"] = _("The suspension cannot start before the application.")
    elif procedure.decided_on is not None:
        errors["starts_on"] = _("The procedure is decided already.")
    if data.ends_on is None and _open_suspension(db, procedure):
        errors["ends_on"] = _("Another suspension is still open.")
    if errors:
        raise FieldErrors(errors)
    suspension = RecognitionSuspension(
        procedure_id=procedure.id,
        centre_id=procedure.centre_id,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        reason=data.reason.value,
    )
    db.add(suspension)
    db.flush()
    refresh_after_suspension(
        db,
        procedure,
        {
            "suspension": [
                None,
                [data.starts_on.isoformat(), as_json(data.ends_on), data.reason.value],
            ]
        },
    )
    return suspension


def resume(
    db: Session, *, procedure: RecognitionProcedure, suspension_id: int, data: SuspensionEndIn
) -> RecognitionSuspension:
    """End a suspension on its last day: the clock runs again."""
    suspension = (
        db.scalar(
            select(RecognitionSuspension).where(
                col(RecognitionSuspension.id) == suspension_id,
                col(RecognitionSuspension.procedure_id) == procedure.id,
            )
        )
        if valid_id(suspension_id)
        else None
    )
    if suspension is None:
        raise NotFound(_("No such suspension."))
    if data.ends_on < suspension.starts_on:
        raise FieldErrors({"ends_on": _("The suspension cannot end before it starts.")})
    old = suspension.ends_on
    suspension.ends_on = data.ends_on
    db.flush()
    refresh_after_suspension(
        db,
        procedure,
        {"suspension_ends_on": [as_json(old), data.ends_on.isoformat()]},
    )
    return suspension


def note_document(db: Session, *, procedure: RecognitionProcedure, filename: str) -> None:
    """History entry for an uploaded document. Its file name may name the person (issue 14):
    recorded as "changed", like the document's own entry (`__audit_redact__`)."""
    del filename  # the file list shows it; the audit log never holds it
    add_history(db, procedure=procedure, changes={"document": REDACTED})
