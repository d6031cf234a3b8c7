"""Recognition procedures: read, create, update, suspensions, document notes.

Keyword-only functions; they validate everything first, raise `FieldErrors` naming every wrong
field, and only then touch the database (they flush, never commit). Due dates are computed
with `cases.recognition.deadlines` and stored, so lists are sorted by SQL. The rules live in
`rules`, the writing of values and the history in `changes`, the deadline lists in
`due_lists`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session, col

from cases.codes import LegalBasis, SuspensionReason
from cases.counselling.models import Case
from cases.persons.models import Person
from cases.recognition.changes import add_history, apply_values, as_json, computed_dates, snapshot
from cases.recognition.models import RecognitionHistory, RecognitionProcedure, RecognitionSuspension
from cases.recognition.rules import (
    EDITABLE_FIELDS,
    TERMINAL,
    clean,
    codes_of,
    natural_status,
    status_error,
    validate,
)
from welcome.accounts.models import Role
from welcome.db import actor_of, fetch, valid_id
from welcome.errors import FieldErrors, NotFound
from welcome.i18n import _

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


def history_of(db: Session, *, procedure_id: int) -> list[RecognitionHistory]:
    """Newest first."""
    return list(
        db.scalars(
            select(RecognitionHistory)
            .where(col(RecognitionHistory.procedure_id) == procedure_id)
            .order_by(col(RecognitionHistory.id).desc())
        )
    )


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
    total = (
        db.scalar(select(func.count()).select_from(RecognitionProcedure).where(*conditions)) or 0
    )
    rows = db.scalars(
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
    return list(rows), total


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


def _create_values(
    db: Session,
    *,
    person_id: int | None,
    reference_occupation: str | None,
    authority: str | None,
    fields: Mapping[str, Any],
) -> tuple[dict[str, str], dict[str, Any]]:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        return {name: _("Unknown field.") for name in sorted(unknown)}, {}
    values: dict[str, Any] = {
        "regulated": False,
        "legal_basis": LegalBasis.FEDERAL.value,
        "accelerated": False,
        "extension_months": 0,
        **clean(fields),
        "person_id": person_id,
        "reference_occupation": (reference_occupation or "").strip(),
        "authority": authority,
    }
    return validate(db, values, open_suspension=False, creating=True), values


def check_update(db: Session, *, procedure: RecognitionProcedure, **changes: Any) -> dict[str, str]:
    """The errors `update` would raise, without writing anything (the CLI's demo check)."""
    return _update_values(db, procedure, changes)[0]


def create(
    db: Session,
    *,
    person_id: int,
    reference_occupation: str,
    authority: str | None,
    **fields: Any,
) -> RecognitionProcedure:
    errors, values = _create_values(
        db,
        person_id=person_id,
        reference_occupation=reference_occupation,
        authority=authority,
        fields=fields,
    )
    if errors:
        raise FieldErrors(errors)
    if values.get("counsellor_id") is None:
        values["counsellor_id"] = _default_counsellor(db, values.get("case_id"))
    explicit = values.get("status")
    values["status"] = explicit or natural_status(values, open_suspension=False)
    centre_id = db.scalar(select(col(Person.centre_id)).where(col(Person.id) == person_id))
    assert centre_id is not None  # checked by _validate
    procedure = RecognitionProcedure(
        centre_id=centre_id,
        person_id=person_id,
        reference_occupation=values["reference_occupation"],
        authority=values["authority"],
    )
    apply_values(db, procedure, values, [])
    db.add(procedure)
    db.flush()
    add_history(
        db,
        procedure=procedure,
        action="created",
        changes={
            name: [None, as_json(value)]
            for name, value in {**snapshot(procedure), **computed_dates(procedure)}.items()
            if value not in (None, False, 0, "")
        },
    )
    db.flush()
    return procedure


def _default_counsellor(db: Session, case_id: int | None) -> int | None:
    if valid_id(case_id):
        owner = db.scalar(select(col(Case.counsellor_id)).where(col(Case.id) == case_id))
        if owner is not None:
            return owner
    actor = actor_of(db)
    if actor and actor.role in (Role.COUNSELLOR.value, Role.LEAD.value):
        return actor.user_id
    return None


def _update_values(
    db: Session, procedure: RecognitionProcedure, changes: Mapping[str, Any]
) -> tuple[dict[str, str], dict[str, Any], list[RecognitionSuspension]]:
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        return {name: _("This field cannot be changed.") for name in sorted(unknown)}, {}, []
    assert procedure.id is not None
    suspensions = suspensions_of(db, procedure_id=procedure.id)
    open_suspension = any(s.ends_on is None for s in suspensions)
    cleaned = clean(changes)
    values = {**snapshot(procedure), **cleaned}
    # without an explicit status, it follows the dates (a terminal one stays while it fits)
    values["status"] = cleaned.get("status")
    errors = validate(db, values, open_suspension=open_suspension, creating=False)
    return errors, values, suspensions


def update(db: Session, *, procedure: RecognitionProcedure, **changes: Any) -> RecognitionProcedure:
    """Change any editable field (PATCH semantics: only the given ones); due dates follow."""
    errors, values, suspensions = _update_values(db, procedure, changes)
    if errors:
        raise FieldErrors(errors)
    open_suspension = any(s.ends_on is None for s in suspensions)
    explicit = values["status"]
    natural = natural_status(values, open_suspension=open_suspension)
    if explicit is None:
        kept = procedure.status
        keep = kept in TERMINAL and status_error(kept, values, natural) is None
        values["status"] = kept if keep else natural
    diff = apply_values(db, procedure, values, suspensions)
    if diff:
        add_history(db, procedure=procedure, action="updated", changes=diff)
    db.flush()
    return procedure


def _refresh_after_suspension(
    db: Session, procedure: RecognitionProcedure, action: str, changes: dict[str, Any]
) -> None:
    assert procedure.id is not None
    suspensions = suspensions_of(db, procedure_id=procedure.id)
    open_suspension = any(s.ends_on is None for s in suspensions)
    values = snapshot(procedure)
    natural = natural_status(values, open_suspension=open_suspension)
    if procedure.status not in TERMINAL:
        values["status"] = natural
    diff = apply_values(db, procedure, values, suspensions)
    add_history(db, procedure=procedure, action=action, changes={**changes, **diff})
    db.flush()


def add_suspension(
    db: Session,
    *,
    procedure: RecognitionProcedure,
    starts_on: date | None,
    ends_on: date | None = None,
    reason: str = SuspensionReason.OTHER.value,
) -> RecognitionSuspension:
    assert procedure.id is not None
    errors: dict[str, str] = {}
    if starts_on is None:
        errors["starts_on"] = _("Please enter the first day of the suspension.")
    elif procedure.applied_on is None:
        errors["starts_on"] = _("A procedure can only be suspended after the application.")
    elif starts_on < procedure.applied_on:
        errors["starts_on"] = _("The suspension cannot start before the application.")
    elif procedure.decided_on is not None:
        errors["starts_on"] = _("The procedure is decided already.")
    if starts_on is not None and ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = _("The suspension cannot end before it starts.")
    if reason not in codes_of(SuspensionReason):
        errors["reason"] = _("Unknown code %(code)s.", code=reason)
    existing = suspensions_of(db, procedure_id=procedure.id)
    if ends_on is None and any(s.ends_on is None for s in existing):
        errors.setdefault("ends_on", _("Another suspension is still open."))
    if errors:
        raise FieldErrors(errors)
    assert starts_on is not None
    suspension = RecognitionSuspension(
        procedure_id=procedure.id,
        centre_id=procedure.centre_id,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason,
    )
    db.add(suspension)
    db.flush()
    _refresh_after_suspension(
        db,
        procedure,
        "suspension_added",
        {"suspension": [None, [starts_on.isoformat(), as_json(ends_on), reason]]},
    )
    return suspension


def end_suspension(
    db: Session, *, procedure: RecognitionProcedure, suspension_id: int, ends_on: date | None
) -> RecognitionSuspension:
    suspension = db.scalar(
        select(RecognitionSuspension).where(
            col(RecognitionSuspension.id) == suspension_id,
            col(RecognitionSuspension.procedure_id) == procedure.id,
        )
    )
    if suspension is None:
        raise NotFound(_("No such suspension."))
    if ends_on is None:
        raise FieldErrors({"ends_on": _("Please enter the last day of the suspension.")})
    if ends_on < suspension.starts_on:
        raise FieldErrors({"ends_on": _("The suspension cannot end before it starts.")})
    old = suspension.ends_on
    suspension.ends_on = ends_on
    db.flush()
    _refresh_after_suspension(
        db,
        procedure,
        "suspension_ended",
        {"suspension_ends_on": [as_json(old), ends_on.isoformat()]},
    )
    return suspension


def note_document(db: Session, *, procedure: RecognitionProcedure, filename: str) -> None:
    """History entry for an uploaded document."""
    add_history(
        db, procedure=procedure, action="document_added", changes={"document": [None, filename]}
    )
