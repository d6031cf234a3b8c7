"""Reading the audit log: the lead's list, and a record's history (the one history
mechanism) for its page and the API, with old and new values in the reader's language."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session, col

from welcome.accounts.models import User
from welcome.audit import REDACTED, AuditAction, AuditEntry
from welcome.i18n import _
from welcome.inputs import Output
from welcome.labels import action_names

# what a record's history shows (views and exports are not changes)
HISTORY_ACTIONS = (
    AuditAction.CREATE,
    AuditAction.UPDATE,
    AuditAction.DELETE,
    AuditAction.MERGE,
    AuditAction.UNMERGE,
)

# --- reading --------------------------------------------------------------------------------


def list_entries(
    session: Session, *, action: str | None = None, offset: int = 0, limit: int = 50
) -> tuple[list[AuditEntry], int]:
    """Newest first; the centre scope applies (a lead sees the own centre only)."""
    conditions = [col(AuditEntry.action) == action] if action else []
    total = session.scalar(select(func.count(AuditEntry.id)).where(*conditions)) or 0  # type: ignore[arg-type]
    rows = session.scalars(
        select(AuditEntry)
        .where(*conditions)
        .order_by(AuditEntry.id.desc())  # type: ignore[union-attr]
        .offset(offset)
        .limit(limit)
    )
    return list(rows), total


def history(session: Session, *, entity: str, entity_id: int) -> list[AuditEntry]:
    """A record's history: its creates, updates, deletes and merges (with what changed),
    oldest first.
    Views are not history; the centre scope applies."""
    return list(
        session.scalars(
            select(AuditEntry)
            .where(
                col(AuditEntry.entity) == entity,
                col(AuditEntry.entity_id) == entity_id,
                col(AuditEntry.action).in_(HISTORY_ACTIONS),
            )
            .order_by(col(AuditEntry.id))
        )
    )


@dataclass(frozen=True, slots=True)
class Change:
    field: str
    old: str
    new: str
    redacted: bool = False


@dataclass(frozen=True, slots=True)
class HistoryRow:
    at: datetime
    who: str
    action: str
    changes: tuple[Change, ...]


def _shown(value: Any, show: Callable[[Any], str] | None) -> str:
    if value is None or value == []:
        return "–"
    if isinstance(value, list):
        return ", ".join(_shown(v, show) for v in value)
    return show(value) if show is not None else str(value)


def rows_for(
    db: Session,
    *,
    entity: str,
    entity_id: int,
    labels: Mapping[str, str],
    shows: Mapping[str, Callable[[Any], str]] | None = None,
) -> list[HistoryRow]:
    """Newest first. `labels`: field -> its label; `shows`: field -> how a value is shown
    (a code's label, a country's name); fields without a label are left out."""
    entries = history(db, entity=entity, entity_id=entity_id)
    ids = {e.user_id for e in entries if e.user_id is not None}
    found = db.execute(select(col(User.id), col(User.display_name)).where(col(User.id).in_(ids)))
    names: dict[int, str] = {uid: name for uid, name in found}
    actions = action_names()
    rows = []
    for entry in reversed(entries):
        changes = []
        for name, value in (entry.changes or {}).items():
            if name not in labels:
                continue
            if value == REDACTED:
                changes.append(Change(labels[name], "", "", redacted=True))
                continue
            show = (shows or {}).get(name)
            changes.append(Change(labels[name], _shown(value[0], show), _shown(value[1], show)))
        who = names.get(entry.user_id or 0) or (_("the system") if entry.user_id is None else "")
        rows.append(
            HistoryRow(entry.at, who, actions.get(entry.action, entry.action), tuple(changes))
        )
    return rows


# --- over JSON (API.md: GET /persons/{id}/history and the like) -----------------------------


class ChangeOut(Output):
    field: str
    old: Any = None
    new: Any = None  # free text: both "changed", never the words


class HistoryItemOut(Output):
    at: datetime
    user_id: int | None
    action: str
    entity: str
    entity_id: int | None
    changes: list[ChangeOut]


class HistoryOut(Output):
    items: list[HistoryItemOut]


def history_out(db: Session, *, entity: str, entity_id: int) -> HistoryOut:
    """A record's history, oldest first, with the fields by their names."""
    items = []
    for entry in history(db, entity=entity, entity_id=entity_id):
        changes = [
            ChangeOut(field=name, old=REDACTED, new=REDACTED)
            if value == REDACTED
            else ChangeOut(field=name, old=value[0], new=value[1])
            for name, value in (entry.changes or {}).items()
        ]
        items.append(
            HistoryItemOut(
                at=entry.at,
                user_id=entry.user_id,
                action=entry.action,
                entity=entry.entity,
                entity_id=entry.entity_id,
                changes=changes,
            )
        )
    return HistoryOut(items=items)
