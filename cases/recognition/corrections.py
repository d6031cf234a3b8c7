"""Corrections of recognition procedures: a procedure's fields with the version it was opened
with, a suspension edited or deleted, a document deleted, a procedure deleted (with its
suspensions and documents), each deletion with a reason; a lead's undo within 30 days; the
procedure's history (the shared card, with its suspensions and documents).

Who may (welcome.roles.may_correct, the one rule): the procedure's responsible counsellor
(`counsellor_id`) and the centre's lead; a procedure without a counsellor: the lead only.
A deleted document's file stays on disk until the deletion is purged (30 days).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from babel.numbers import format_currency
from sqlalchemy import select
from sqlmodel import Session, col

from cases import cldr, codelists
from cases.recognition import forms, rules, service
from cases.recognition.changes import as_json
from cases.recognition.models import (
    RecognitionDocument,
    RecognitionProcedure,
    RecognitionSuspension,
)
from cases.recognition.schemas import ProcedureIn, StepIn, SuspensionIn
from welcome import deletions, versions
from welcome.accounts.models import User
from welcome.db import valid_id
from welcome.deletions import DeleteIn
from welcome.errors import FieldErrors, Forbidden, NotFound
from welcome.history import HistoryRow, Related, rows_for
from welcome.i18n import _, format_date, formats_locale

# the kinds a restore names (API: /deleted/<kind>/{id}/restore)
KINDS: dict[str, type[Any]] = {
    "recognitions": RecognitionProcedure,
    "recognition-suspensions": RecognitionSuspension,
    "recognition-documents": RecognitionDocument,
}


def may_correct(db: Session, procedure: RecognitionProcedure) -> bool:
    return deletions.may_correct(db, owner_id=procedure.counsellor_id)


def _require(db: Session, procedure: RecognitionProcedure) -> None:
    if not may_correct(db, procedure):
        raise Forbidden(
            _("Only the responsible counsellor or the centre's lead may correct this procedure.")
        )


# --- the procedure --------------------------------------------------------------------------


def update_procedure(
    db: Session,
    *,
    procedure: RecognitionProcedure,
    data: ProcedureIn | StepIn,
    version: int | None = None,
) -> RecognitionProcedure:
    """The procedure as `data` has it (service.update), by who may, if unchanged since."""
    _require(db, procedure)
    versions.check(procedure, version, lambda: forms.form_of(procedure))
    service.update(db, procedure=procedure, data=data)
    versions.save(db, procedure)
    return procedure


def delete_procedure(db: Session, *, procedure: RecognitionProcedure, data: DeleteIn) -> str:
    """A procedure recorded by mistake: it leaves every list, deadline and count, with its
    suspensions and documents (one batch: the undo brings them back together)."""
    _require(db, procedure)
    assert procedure.id is not None
    also: list[Any] = [*service.suspensions_of(db, procedure_id=procedure.id)]
    also += db.scalars(
        select(RecognitionDocument).where(col(RecognitionDocument.procedure_id) == procedure.id)
    )
    return deletions.delete(db, row=procedure, reason=data.reason, also=also)


# --- suspensions ----------------------------------------------------------------------------


def get_suspension(
    db: Session, *, procedure: RecognitionProcedure, suspension_id: int
) -> RecognitionSuspension:
    found = (
        db.scalar(
            select(RecognitionSuspension).where(
                col(RecognitionSuspension.id) == suspension_id,
                col(RecognitionSuspension.procedure_id) == procedure.id,
            )
        )
        if valid_id(suspension_id)
        else None
    )
    if found is None:
        raise NotFound(_("No such suspension."))
    return found


def suspension_values(suspension: RecognitionSuspension) -> dict[str, Any]:
    return {
        "starts_on": suspension.starts_on,
        "ends_on": suspension.ends_on,
        "reason": suspension.reason,
    }


def _triple(suspension: RecognitionSuspension) -> list[Any]:
    return [as_json(suspension.starts_on), as_json(suspension.ends_on), suspension.reason]


def update_suspension(
    db: Session,
    *,
    procedure: RecognitionProcedure,
    suspension: RecognitionSuspension,
    data: SuspensionIn,
    version: int | None = None,
) -> RecognitionSuspension:
    """Correct a suspension's days or reason; the same rules as when it was added (not
    before the application, one open at a time); the due dates follow."""
    _require(db, procedure)
    versions.check(suspension, version, lambda: suspension_values(suspension))
    errors: dict[str, str] = {}
    if procedure.applied_on is not None and data.starts_on < procedure.applied_on:
        errors["starts_on"] = _("The suspension cannot start before the application.")
    if data.ends_on is None:
        others = service.suspensions_of(db, procedure_id=procedure.id or 0)
        if any(s.ends_on is None and s.id != suspension.id for s in others):
            errors["ends_on"] = _("Another suspension is still open.")
    if errors:
        raise FieldErrors(errors)
    old = _triple(suspension)
    suspension.starts_on = data.starts_on
    suspension.ends_on = data.ends_on
    suspension.reason = data.reason.value
    db.add(suspension)
    versions.save(db, suspension)
    if old != _triple(suspension):
        service.refresh_after_suspension(db, procedure, {"suspension": [old, _triple(suspension)]})
    return suspension


def delete_suspension(
    db: Session,
    *,
    procedure: RecognitionProcedure,
    suspension: RecognitionSuspension,
    data: DeleteIn,
) -> str:
    """A suspension entered by mistake: the clock runs through it again."""
    _require(db, procedure)
    batch = deletions.delete(db, row=suspension, reason=data.reason)
    service.refresh_after_suspension(db, procedure, {})
    return batch


# --- documents ------------------------------------------------------------------------------


def get_document(
    db: Session, *, procedure: RecognitionProcedure, document_id: int
) -> RecognitionDocument:
    found = (
        db.scalar(
            select(RecognitionDocument).where(
                col(RecognitionDocument.id) == document_id,
                col(RecognitionDocument.procedure_id) == procedure.id,
            )
        )
        if valid_id(document_id)
        else None
    )
    if found is None:
        raise NotFound(_("No such document."))
    return found


def delete_document(
    db: Session, *, procedure: RecognitionProcedure, document: RecognitionDocument, data: DeleteIn
) -> str:
    """A document uploaded by mistake leaves the procedure (the file is removed when the
    deletion is purged after 30 days)."""
    _require(db, procedure)
    return deletions.delete(db, row=document, reason=data.reason)


# --- undo -----------------------------------------------------------------------------------


def get_deleted(db: Session, kind: str, ident: int) -> Any:
    return deletions.deleted_of_kind(db, KINDS, kind, ident, missing=_("No such deleted entry."))


def restore(db: Session, *, kind: str, ident: int) -> Any:
    """A lead's undo (30 days); a suspension back stops the clock again."""
    row = get_deleted(db, kind, ident)
    deletions.undo_delete(db, row=row)
    procedure_id = row.id if isinstance(row, RecognitionProcedure) else row.procedure_id
    procedure = db.get(RecognitionProcedure, procedure_id)
    if procedure is not None and procedure.deleted_at is None:
        service.refresh_after_suspension(db, procedure, {})
    return row


def deleted_of(db: Session, *, procedure_id: int) -> list[tuple[str, Any]]:
    """A procedure's deleted suspensions and documents a lead can still bring back."""
    since = deletions.undo_since()
    found: list[tuple[str, Any]] = []
    for kind, model in (
        ("recognition-suspensions", RecognitionSuspension),
        ("recognition-documents", RecognitionDocument),
    ):
        query = select(model).where(
            col(model.procedure_id) == procedure_id,
            col(model.deleted_at) >= since,
        )
        found += [(kind, row) for row in db.scalars(deletions.with_deleted(query))]
    return found


# --- history --------------------------------------------------------------------------------


def _shows(db: Session) -> dict[str, Callable[[Any], str]]:
    codes = forms.labels()
    users = {u.id: u.display_name or u.email for u in db.scalars(select(User))}

    def code(name: str) -> Callable[[Any], str]:
        return lambda value: codes[name].get(value, str(value))

    shows: dict[str, Callable[[Any], str]] = {name: code(name) for name in codes}
    shows["counsellor_id"] = lambda value: users.get(value, str(value))
    reasons = codes["suspension_reason"]

    def step(value: Any) -> str:  # a suspension noted on the procedure: its days and reason
        if value in reasons:
            return reasons[value]
        try:
            return format_date(date.fromisoformat(str(value)))
        except ValueError:
            return str(value)

    shows["suspension"] = step
    shows["fee_cents"] = lambda cents: money(cents)  # "150,00 €", not 15000
    shows["training_country"] = cldr.country_name  # "Syrien", not SY
    shows["reference_occupation_kldb"] = lambda code: f"{code} {codelists.kldb_title(code)}"
    for name in (
        "starts_on",
        "ends_on",
        "suspension_ends_on",
        *rules.DATE_FIELDS,
        "receipt_due_on",
        "decision_due_on",
    ):
        shows[name] = step
    shows["kind"] = code("document_kind")
    return shows


def history_rows(db: Session, *, procedure_id: int) -> list[HistoryRow]:
    """The procedure's history with its suspensions' and documents' (deletions included)."""
    ids: dict[type[Any], list[int]] = {}
    for model in (RecognitionSuspension, RecognitionDocument):
        query = select(col(model.id)).where(col(model.procedure_id) == procedure_id)
        ids[model] = list(db.scalars(deletions.with_deleted(query)))
    shows = _shows(db)
    related = [
        Related("recognition_suspensions", ids[RecognitionSuspension], lambda: _("Suspension"),
                {"starts_on": _("Suspended from"), "ends_on": _("Last day of the suspension"),
                 "reason": _("Reason")}, shows),
        Related("recognition_documents", ids[RecognitionDocument], lambda: _("Document"),
                {"filename": _("File"), "kind": _("Kind")}, shows),
    ]  # fmt: skip
    return rows_for(
        db, entity="recognition_procedures", entity_id=procedure_id,
        labels=forms.field_labels(), shows=shows, related=related,
    )  # fmt: skip


def money(cents: Any) -> str:
    """Euro cents as the UI language writes money (Babel): "150,00 €", "€150.00"."""
    try:
        return format_currency(Decimal(int(cents)) / 100, "EUR", locale=formats_locale())
    except (TypeError, ValueError):
        return str(cents)
