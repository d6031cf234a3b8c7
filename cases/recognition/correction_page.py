"""What the procedure page shows for corrections: whether the user may correct it, the
suspension edited or the suspension, document or procedure being deleted in place
(`?edit=suspension:ID`, `?delete=suspension:ID|document:ID|procedure`), the history (the
shared card: leads and the responsible counsellor) and, for a lead, what can be undone."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlmodel import Session

from cases.recognition import corrections
from cases.recognition.models import RecognitionProcedure
from welcome import roles
from welcome.db import actor_of

BLOCKS = ("suspensions", "documents", "procedure")


def _key(raw: str | None) -> tuple[str, int] | None:
    """("suspension", 3), ("document", 5) or ("procedure", 0) from the query's value."""
    if raw == "procedure":
        return "procedure", 0
    kind, _sep, ident = (raw or "").partition(":")
    if kind in ("suspension", "document") and ident.isdigit() and len(ident) < 12:
        return kind, int(ident)
    return None


def context(
    db: Session,
    procedure: RecognitionProcedure,
    *,
    query: Mapping[str, str],
    typed: Mapping[str, Any] | None = None,
    errors: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    assert procedure.id is not None
    actor = actor_of(db)
    may = corrections.may_correct(db, procedure)
    editing = _key(query.get("edit")) if may else None
    deleting = _key(query.get("delete")) if may else None
    values: dict[str, Any] = {}
    if editing is not None and editing[0] == "suspension":
        found = corrections.get_suspension(db, procedure=procedure, suspension_id=editing[1])
        stored = corrections.suspension_values(found)
        values = {k: "" if v is None else str(v) for k, v in stored.items()}
        values["version"] = str(found.version)
    else:
        editing = None
    is_lead = actor is not None and actor.role in roles.UNDOERS
    sees_history = is_lead or (actor is not None and actor.user_id == procedure.counsellor_id)
    return {
        "may_correct": may,
        "edit_key": f"{editing[0]}:{editing[1]}" if editing else "",
        "delete_key": (
            "procedure"
            if deleting and deleting[0] == "procedure"
            else f"{deleting[0]}:{deleting[1]}"
            if deleting
            else ""
        ),
        "edit_values": {**values, **(typed or {})},
        "edit_errors": dict(errors or {}),
        "change_history": (
            corrections.history_rows(db, procedure_id=procedure.id) if sees_history else None
        ),
        "deleted": corrections.deleted_of(db, procedure_id=procedure.id) if is_lead else [],
    }
