"""Reading the audit log: the lead's list, and a record's history (the one history
mechanism) for its page and the API, with old and new values in the reader's language."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlmodel import Session, col

from welcome.accounts.models import User
from welcome.audit import HISTORY_ACTIONS, REDACTED, AuditEntry
from welcome.i18n import _
from welcome.inputs import Output
from welcome.labels import action_names

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


def history(
    session: Session,
    *,
    entity: str,
    entity_id: int,
    related: Sequence[tuple[str, Collection[int]]] = (),
) -> list[AuditEntry]:
    """A record's history: its creates, updates, deletes, cancellations and restores (with
    what changed), oldest first, with those of its `related` entries ((entity, ids): a case's
    contacts). Views are not history; the centre scope applies."""
    wanted = [and_(col(AuditEntry.entity) == entity, col(AuditEntry.entity_id) == entity_id)]
    wanted += [
        and_(col(AuditEntry.entity) == name, col(AuditEntry.entity_id).in_(sorted(ids)))
        for name, ids in related
        if ids
    ]
    return list(
        session.scalars(
            select(AuditEntry)
            .where(or_(*wanted), col(AuditEntry.action).in_(HISTORY_ACTIONS))
            .order_by(col(AuditEntry.id))
        )
    )


@dataclass(frozen=True, slots=True)
class Related:
    """Entries shown in a record's history (a case's contacts): their table, the ids (deleted
    ones included), what one is called, its fields' labels and how values are shown."""

    entity: str
    ids: Collection[int]
    name: Callable[[], str]
    labels: Mapping[str, str]
    shows: Mapping[str, Callable[[Any], str]] = field(default_factory=dict)


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
    subject: str = ""  # a related entry's name ("Contact"); "" for the record itself


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
    related: Sequence[Related] = (),
) -> list[HistoryRow]:
    """Newest first. `labels`: field -> its label; `shows`: field -> how a value is shown
    (a code's label, a country's name); fields without a label are left out. A deletion's
    reason is shown with it."""
    entries = history(
        db, entity=entity, entity_id=entity_id, related=[(r.entity, r.ids) for r in related]
    )
    ids = {e.user_id for e in entries if e.user_id is not None}
    names: dict[int, str] = {}
    if ids:  # no query for an empty list (entries of the system only)
        found = db.execute(
            select(col(User.id), col(User.display_name)).where(col(User.id).in_(ids))
        )
        names = {uid: name for uid, name in found}
    actions = action_names()
    reason = {"reason": _("Reason")}
    parts = {r.entity: r for r in related}
    rows = []
    for entry in reversed(entries):
        part = parts.get(entry.entity) if entry.entity != entity else None
        known = {**(part.labels if part else labels), **reason}
        how = (part.shows if part else shows) or {}
        changes = []
        for name, value in (entry.changes or {}).items():
            if name not in known:
                continue
            if value == REDACTED:
                changes.append(Change(known[name], "", "", redacted=True))
                continue
            show = how.get(name) if name != "reason" else None
            changes.append(Change(known[name], _shown(value[0], show), _shown(value[1], show)))
        who = names.get(entry.user_id or 0) or (_("the system") if entry.user_id is None else "")
        action = actions.get(entry.action, entry.action)
        subject = part.name() if part else ""
        rows.append(HistoryRow(entry.at, who, action, tuple(changes), subject))
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


def history_out(
    db: Session,
    *,
    entity: str,
    entity_id: int,
    related: Sequence[tuple[str, Collection[int]]] = (),
) -> HistoryOut:
    """A record's history (and its related entries'), oldest first, fields by their names."""
    items = []
    for entry in history(db, entity=entity, entity_id=entity_id, related=related):
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
