"""The append-only audit log, written by one mechanism.

- Creates, updates and deletes of models with `__audited__ = True` are recorded by a flush
  hook with what changed: `changes` maps each field to [old, new] (a create has old None, a
  delete new None); free text (`notes` and a model's `__audit_redact__`) is recorded only as
  "changed", never its words.
- A change to a child row (a table declared `Through(..., field=…)`: nationalities, topics,
  participants) is recorded as an update of its parent, with the field's old and new values,
  whether it was written through the ORM or with core insert/delete (not a system job's bulk
  seeding, which writes its own entries: only system jobs may write audited tables by core).
- Views: loading a row of a model with `__audit_views__ = True` (a person) records one view
  per row and unit of work, however it was loaded (`fetch`, `db.get`, a list, a search).
- Logins, logouts and exports by `record`. The database refuses UPDATE and DELETE on the table.
Entries are collected per flush and written at commit, so a record and its children are one.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Index, event, insert, inspect, select
from sqlalchemy.orm import ORMExecuteState, object_mapper
from sqlalchemy.sql.util import find_tables
from sqlmodel import Field, Session, SQLModel

from welcome.db import (
    SYSTEM,
    ScopedByCentre,
    Through,
    UTCDateTime,
    actor_of,
    models,
    table_scopes,
    utcnow,
)

REDACTED = "changed"
ALWAYS_REDACTED = frozenset({"notes", "password_hash", "token_hash", "csrf_token", "secret"})
# bookkeeping, not data (the soft deletion's columns are told by the delete/restore entry)
_SKIPPED = frozenset(
    {
        "created_at", "search_first", "search_last", "version",
        "deleted_at", "deleted_by_id", "deleted_reason", "deleted_batch",
    }
)  # fmt: skip


class AuditAction(enum.StrEnum):
    VIEW = "view"
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    MERGE = "merge"  # two records became one (welcome/merging.py)
    UNMERGE = "unmerge"  # a merge undone
    EXPORT = "export"
    LOGIN = "login"
    LOGOUT = "logout"
    LOGIN_FAILED = "login_failed"
    LOGIN_THROTTLED = "login_throttled"  # an attempt refused by the throttle (r2-harden)
    CANCEL = "cancel"  # a case opened by mistake (a soft deletion with its entries)
    RESTORE = "restore"  # a soft deletion undone
    PURGE = "purge"  # a soft deletion removed for good after its keeping time
    SEARCH = "search"  # a list or search shown: the query and the ids (welcome/reads.py)
    ANONYMISE = "anonymise"  # a person anonymised by the deletion concept (cases/retention)
    REDACT = "redact"  # personal values removed from older entries (welcome/audit_redaction.py)


# what a record's history shows (not views, logins, exports)
HISTORY_ACTIONS = (
    AuditAction.CREATE,
    AuditAction.UPDATE,
    AuditAction.DELETE,
    AuditAction.CANCEL,
    AuditAction.RESTORE,
    AuditAction.PURGE,
    AuditAction.MERGE,
    AuditAction.UNMERGE,
)


class AuditEntry(SQLModel, ScopedByCentre, table=True):
    __tablename__ = "audit_log"
    # a record's history (welcome.history) reads its entries by entity, id and action, past
    # the view entries that pile up each time the record is opened
    __table_args__ = (
        Index("ix_audit_log_entity_entity_id_action", "entity", "entity_id", "action"),
    )

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    user_id: int | None = Field(default=None, foreign_key="users.id", index=True)
    # NULL for actions outside any centre (admins); scoped readers never see those
    centre_id: int | None = Field(default=None, foreign_key="centres.id", index=True)
    action: str = Field(max_length=20)
    entity: str = Field(max_length=60)
    entity_id: int | None = None
    address: str | None = Field(default=None, max_length=64)
    # field -> [old, new]; free text as "changed"
    changes: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    # SHA-256 of the previous entry's hash and this entry (welcome/audit_chain.py)
    chain_hash: str | None = Field(default=None, max_length=64)


def _entry(
    session: Session,
    action: AuditAction | str,
    entity: str,
    entity_id: int | None,
    *,
    centre_id: int | None = None,
    user_id: int | None = None,
    changes: dict[str, Any] | None = None,
) -> dict[str, Any]:
    actor = actor_of(session)
    return {
        "at": utcnow(),
        "user_id": user_id if user_id is not None else (actor.user_id if actor else None),
        "centre_id": centre_id if centre_id is not None else (actor.centre_id if actor else None),
        "action": str(action),
        "entity": entity,
        "entity_id": entity_id,
        # the actor's address, else the request's (a login, before anyone acts)
        "address": (actor.address if actor else None) or session.info.get("address"),
        "changes": changes or None,
    }


def record(
    session: Session,
    *,
    action: AuditAction | str,
    entity: str,
    entity_id: int | None = None,
    user_id: int | None = None,
    centre_id: int | None = None,
    changes: dict[str, Any] | None = None,
) -> None:
    """Append one entry in the session's transaction (as the session's actor by default);
    `changes`: field -> [old, new] (a merge names both records' ids)."""
    if action == AuditAction.VIEW and entity_id is not None and changes is None:
        _pending_views(session)[(entity, entity_id)] = centre_id
        return
    row = _entry(
        session, action, entity, entity_id, centre_id=centre_id, user_id=user_id, changes=changes
    )
    session.execute(insert(AuditEntry), [row])


def record_at_commit(
    session: Session, *, action: AuditAction | str, entity: str, changes: dict[str, Any]
) -> None:
    """As `record`, but written with the session's other pending entries when it commits (one
    INSERT, one look at the chain's head: a page that lists several things pays once)."""
    row = _entry(session, action, entity, None, changes=changes)
    session.info.setdefault("audit_rows", []).append(row)


def note_change(session: Session, *, entity: str, entity_id: int, changes: dict[str, Any]) -> None:
    """Changes of a record that are not its columns (a suspension of a procedure, an uploaded
    document): they join the record's entry of the next flush, or become an update of their
    own at commit. A value is [old, new], or REDACTED for free text (recorded as "changed")."""
    extra: dict[tuple[str, int], dict[str, Any]] = session.info.setdefault("audit_extra", {})
    extra.setdefault((entity, entity_id), {}).update(
        {
            name: REDACTED if value == REDACTED else [_plain(value[0]), _plain(value[1])]
            for name, value in changes.items()
        }
    )


def mark(session: Session, obj: Any, *, action: AuditAction | str, changes: dict[str, Any]) -> None:
    """The next flush records `obj`'s update as `action` with these `changes` (a soft
    deletion is an UPDATE of its row, audited as the delete it is)."""
    marked: dict[tuple[str, int], Any] = session.info.setdefault("audit_marked", {})
    marked[(type(obj).__tablename__, obj.id)] = (str(action), changes)


def deleted_values(obj: Any) -> dict[str, Any]:
    """A record's values as a delete entry holds them: field -> [value, None], free text as
    "changed"."""
    return _changes(obj, AuditAction.DELETE)


# --- what changed ---------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """A value as JSON can hold it (a file's bytes as their size, not their content)."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, bytes | bytearray | memoryview):
        return f"{len(value)} bytes"
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _redacted(obj: Any) -> frozenset[str]:
    return ALWAYS_REDACTED | frozenset(getattr(type(obj), "__audit_redact__", ()))


def _changes(obj: Any, action: AuditAction) -> dict[str, Any]:
    state = inspect(obj)
    hidden = _redacted(obj)
    changes: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        name = attr.key
        if name in _SKIPPED or name == "id":
            continue
        if action is AuditAction.UPDATE:
            history = state.attrs[name].history
            if not history.has_changes():
                continue
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if _plain(old) == _plain(new):
                continue
        else:
            value = state.dict.get(name)  # no load: the row is being written or is gone
            if value is None:
                continue
            old, new = (None, value) if action is AuditAction.CREATE else (value, None)
        if name in hidden:
            changes[name] = REDACTED
        else:
            changes[name] = [_plain(old), _plain(new)]
    return changes


def _row(session: Session, action: AuditAction, obj: Any) -> dict[str, Any]:
    actor = actor_of(session)
    centre_id = getattr(obj, "centre_id", None)
    if centre_id is None and actor is not None:
        centre_id = actor.centre_id
    entity_id = object_mapper(obj).primary_key_from_instance(obj)[0]
    return _entry(
        session,
        action,
        type(obj).__tablename__,
        entity_id,
        centre_id=centre_id,
        changes=_changes(obj, action),
    )


@event.listens_for(Session, "after_flush")
def _write_changes(session: Session, _ctx: Any) -> None:
    # after_flush still sees the flushed objects in new/dirty/deleted, with their ids and the
    # attributes' history
    rows = []
    for action, objects in (
        (AuditAction.CREATE, session.new),
        (AuditAction.UPDATE, session.dirty),
        (AuditAction.DELETE, session.deleted),
    ):
        for obj in objects:
            if not getattr(type(obj), "__audited__", False):
                continue
            row = _row(session, action, obj)
            key = (row["entity"], row["entity_id"])
            noted = session.info.get("audit_extra", {}).pop(key, {})
            row["changes"] = {**(row["changes"] or {}), **noted} or None
            marked = session.info.get("audit_marked", {}).pop(key, None)
            if marked is not None:  # a soft deletion or its undo: told as what it is
                row["action"], changed = marked
                row["changes"] = {**changed, **(row["changes"] or {})} or None
            if action is AuditAction.UPDATE and not row["changes"]:
                continue  # touched but unchanged
            rows.append(row)
    if rows:  # written at commit, so that child rows can join their parent's entry
        session.info.setdefault("audit_rows", []).extend(rows)


# --- child rows: an update of the parent ----------------------------------------------------


def _children(session: Session) -> dict[tuple[str, str, int], list[Any]]:
    """(parent table, field, parent id) -> the field's values before this unit of work."""
    found: dict[tuple[str, str, int], list[Any]] = session.info.setdefault("audit_children", {})
    return found


def _pending_views(session: Session) -> dict[tuple[str, int], int | None]:
    found: dict[tuple[str, int], int | None] = session.info.setdefault("audit_views", {})
    return found


def _child_values(
    session: Session, table: Any, scope: Through, parent_ids: Iterable[int]
) -> dict[int, list[Any]]:
    """Each parent's child values, in their order, with a query per 500 parents."""
    value, parent = table.c[scope.value or scope.column], table.c[scope.column]
    order = [parent, *[table.c[c] for c in ("position",) if c in table.c], value]
    ids = sorted(set(parent_ids))
    found: dict[int, list[Any]] = {i: [] for i in ids}
    for start in range(0, len(ids), 500):
        query = select(parent, value).where(parent.in_(ids[start : start + 500])).order_by(*order)
        for parent_id, item in session.connection().execute(query):
            found[parent_id].append(_plain(item))
    return found


def _note_children(session: Session, table: Any, scope: Through, parent_ids: set[int]) -> None:
    known = _children(session)
    new = {i for i in parent_ids if (scope.parent, table.name, i) not in known}
    for parent_id, values in _child_values(session, table, scope, new).items():
        known[(scope.parent, table.name, parent_id)] = values


def _audited_child(name: str) -> Through | None:
    scope = table_scopes().get(name)
    return scope if isinstance(scope, Through) and scope.field else None


@event.listens_for(Session, "do_orm_execute")
def _core_child_write(state: ORMExecuteState) -> None:
    """Before a core insert/update/delete of child rows: remember the parents' old values.
    Before a query of the log itself: write what is pending, so a session reads its own
    entries."""
    if state.is_select:
        session = state.session
        pending = ("audit_rows", "audit_children", "audit_views", "audit_extra")
        unflushed = session.new or session.dirty or session.deleted  # autoflush comes later
        if (unflushed or any(session.info.get(k) for k in pending)) and _reads_log(state):
            _write_pending(session)
        return
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    name = getattr(table, "name", "")
    if name in models().audited_tables and name != AuditEntry.__tablename__:
        actor = actor_of(state.session)
        if actor is None or actor.role != "system":
            # core writes bypass the flush hook: only bulk seeding (the demo) may use them
            raise AuditBypass(f"write {name} through the ORM, so that the audit log sees it")
    scope = _audited_child(name)
    if scope is None or table is None:
        return
    if state.is_insert and (actor_of(state.session) or SYSTEM).role == "system":
        return  # bulk seeding by a system job: its new records write their own entries
    if state.is_insert:
        params: Any = state.parameters
        rows = params if isinstance(params, list) else [params] if params else []
        ids = {row[scope.column] for row in rows if scope.column in row}
    else:
        where: Any = getattr(state.statement, "whereclause", None)
        query = select(table.c[scope.column]).distinct()
        if where is not None:
            query = query.where(where)
        ids = set(state.session.connection().execute(query).scalars())
    _note_children(state.session, table, scope, ids)  # type: ignore[arg-type]


class AuditBypass(RuntimeError):
    """A core insert/update/delete of an audited table outside a system job."""


def _reads_log(state: ORMExecuteState) -> bool:
    """The statement reads audit_log (also as a bare column or count: not only as an entity)."""
    statement: Any = state.statement
    tables = find_tables(statement, include_joins=True, include_aliases=True)
    return any(t.name == AuditEntry.__tablename__ for t in tables)


@event.listens_for(Session, "before_flush")
def _orm_child_write(session: Session, _ctx: Any, _instances: Any) -> None:
    for obj in [*session.new, *session.deleted, *session.dirty]:
        table = getattr(type(obj), "__table__", None)
        scope = _audited_child(getattr(table, "name", ""))
        if scope is not None:
            with session.no_autoflush:
                _note_children(session, table, scope, {getattr(obj, scope.column)})


@event.listens_for(Session, "before_commit")
def _write_pending(session: Session) -> None:
    session.flush()  # what is still pending is noted by the flush
    rows: list[dict[str, Any]] = session.info.get("audit_rows", [])
    children, views = _children(session), _pending_views(session)
    updates = [(e, i, noted) for (e, i), noted in session.info.get("audit_extra", {}).items()]
    if not rows and not children and not views and not updates:
        return
    created = {(r["entity"], r["entity_id"]): r for r in rows if r["action"] == "create"}
    now = _children_now(session, children)
    for (parent, name, parent_id), old in children.items():
        scope = _audited_child(name)
        assert scope is not None and scope.field is not None
        new = now[(name, parent_id)]
        if new == old:
            continue
        if (parent, parent_id) in created:  # part of what was created: one entry
            entry = created[(parent, parent_id)]
            entry["changes"] = {**(entry["changes"] or {}), scope.field: [None, new]}
        else:
            updates.append((parent, parent_id, {scope.field: [old, new]}))
    centres = _centres(session, updates)
    for entity, entity_id, changes in updates:
        centre = centres.get((entity, entity_id))
        entry = _entry(session, AuditAction.UPDATE, entity, entity_id, centre_id=centre)
        rows.append({**entry, "changes": changes})
    for (entity, entity_id), centre_id in views.items():
        rows.append(_entry(session, AuditAction.VIEW, entity, entity_id, centre_id=centre_id))
    _clear(session)
    if rows:
        session.connection().execute(insert(AuditEntry), rows)


def _children_now(
    session: Session, children: dict[tuple[str, str, int], list[Any]]
) -> dict[tuple[str, int], list[Any]]:
    """The touched parents' child values now, one query per child table (and 500 parents)."""
    by_table: dict[str, set[int]] = {}
    for _parent, name, parent_id in children:
        by_table.setdefault(name, set()).add(parent_id)
    now: dict[tuple[str, int], list[Any]] = {}
    for name, ids in by_table.items():
        child = _audited_child(name)
        assert child is not None
        table = SQLModel.metadata.tables[name]
        for parent_id, values in _child_values(session, table, child, ids).items():
            now[(name, parent_id)] = values
    return now


def _centres(
    session: Session, updates: list[tuple[str, int, Any]]
) -> dict[tuple[str, int], int | None]:
    """Each updated record's centre, one query per table."""
    wanted: dict[str, set[int]] = {}
    for entity, entity_id, _changes in updates:
        wanted.setdefault(entity, set()).add(entity_id)
    found: dict[tuple[str, int], int | None] = {}
    for entity, ids in wanted.items():
        owner = SQLModel.metadata.tables[entity]
        query = select(owner.c.id, owner.c.centre_id).where(owner.c.id.in_(sorted(ids)))
        for entity_id, centre in session.connection().execute(query):
            found[(entity, entity_id)] = centre
    return found


@event.listens_for(Session, "after_rollback")
def _forget_pending(session: Session) -> None:
    _clear(session)


def _clear(session: Session) -> None:
    session.info.pop("audit_extra", None)
    session.info.pop("audit_marked", None)
    session.info.pop("audit_rows", None)
    session.info.pop("audit_children", None)
    session.info.pop("audit_views", None)


@event.listens_for(SQLModel, "load", propagate=True)
def _viewed(obj: Any, context: Any) -> None:
    """A person's row loaded for a human actor: one view entry at commit."""
    if not getattr(type(obj), "__audit_views__", False):
        return
    session = context.session
    actor = actor_of(session)
    if actor is None or actor.role in ("system", "login"):
        return
    _pending_views(session)[(type(obj).__tablename__, obj.id)] = getattr(obj, "centre_id", None)


# every INSERT into the log is sealed into the hash chain there (one hook)
import welcome.audit_chain  # noqa: E402, F401
