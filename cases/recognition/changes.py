"""Writing a procedure's values: the stored due dates follow. The history is the audit log's
(one mechanism): the procedure's columns are logged by the flush hook, what is not a column
(a suspension, an uploaded document) is noted here and joins the same entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlmodel import Session

from cases.recognition.models import RecognitionProcedure, RecognitionSuspension
from cases.recognition.rules import EDITABLE_FIELDS, compute_due_dates
from welcome.audit import note_change


def as_json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def add_history(db: Session, *, procedure: RecognitionProcedure, changes: dict[str, Any]) -> None:
    """What changed beside the procedure's own columns, for its history (the audit log)."""
    assert procedure.id is not None
    note_change(db, entity="recognition_procedures", entity_id=procedure.id, changes=changes)


def snapshot(procedure: RecognitionProcedure) -> dict[str, Any]:
    return {name: getattr(procedure, name) for name in ("person_id", *EDITABLE_FIELDS)}


def apply_values(
    db: Session,
    procedure: RecognitionProcedure,
    values: Mapping[str, Any],
    suspensions: list[RecognitionSuspension],
) -> dict[str, Any]:
    """Write `values` and the computed fields; return the diff {field: [old, new]}."""
    before = {**snapshot(procedure), **computed_dates(procedure)}
    for name in EDITABLE_FIELDS:
        if name in values:
            setattr(procedure, name, values[name])
    recompute(procedure, suspensions)
    after = {**snapshot(procedure), **computed_dates(procedure)}
    return {
        name: [as_json(before[name]), as_json(after[name])]
        for name in after
        if before[name] != after[name]
    }


def computed_dates(procedure: RecognitionProcedure) -> dict[str, Any]:
    return {
        "receipt_due_on": procedure.receipt_due_on,
        "decision_due_on": procedure.decision_due_on,
    }


def recompute(procedure: RecognitionProcedure, suspensions: list[RecognitionSuspension]) -> None:
    """Status (unless set explicitly and still valid) and the stored due dates."""
    intervals = [(s.starts_on, s.ends_on) for s in suspensions]
    receipt, decision, next_due = compute_due_dates(snapshot(procedure), intervals)
    procedure.receipt_due_on = receipt
    procedure.decision_due_on = decision
    procedure.next_due_on = next_due
