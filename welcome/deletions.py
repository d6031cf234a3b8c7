"""Soft deletion that fails closed: a deleted row is gone from every ORM query unless the
statement asks for it, kept 30 days for a lead to undo, then purged.

- `SoftDeletable` (a model mixin, with `Versioned`) adds `deleted_at`, `deleted_by_id`,
  `deleted_reason` and `deleted_batch`: the rows deleted together (a cancelled case and its
  contacts) share a batch and come back together.
- Every ORM SELECT (lists, counts, subqueries, unions, `db.get`, reports, exports) gets
  `deleted_at IS NULL` for each such model, whoever acts — like the centre scope, added in
  `do_orm_execute`. A statement that needs deleted rows says so:
  `select(...).execution_options(include_deleted=True)` (or `with_deleted(select(...))`).
  Core tables (`Model.__table__`, `text()`) bypass the ORM and therefore this filter: the
  report counts through ORM entities (tests/test_deletions.py checks both).
- `delete(db, row=…, reason=…, also=[…])` records one audit entry per row with the action
  `delete` (or `cancel`) and what was deleted: the field values, free text as "changed", and
  the reason. `undo_delete(db, row=…)` (a lead, within 30 days) restores the whole batch,
  audited as `restore`. `purge(db, now=…)` removes what was deleted more than 30 days ago
  (`welcome deletions purge`, and the retention run calls it), audited as `purge`.
- `DeleteIn`: the reason, one input model for the form and the API (`DELETE …?reason=`).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from functools import cache
from typing import Any, ClassVar, TypeVar

from pydantic import Field as InputField
from sqlalchemy import Select, event, select, update
from sqlalchemy import delete as core_delete
from sqlalchemy.orm import ORMExecuteState, with_loader_criteria
from sqlmodel import Field, Session, col

from welcome import roles
from welcome.audit import AuditAction, deleted_values, mark, record
from welcome.db import SYSTEM, UTCDateTime, actor_of, marker_column, metadata, models, utcnow
from welcome.errors import Conflict, Forbidden, NotFound
from welcome.i18n import _
from welcome.inputs import Input, Line
from welcome.versions import Versioned

KEEP_DAYS = 30  # a deletion can be undone this long, then it is purged
INCLUDE_DELETED = "include_deleted"  # the execution option that shows deleted rows
REASON_MAX = 500
DELETION_FIELDS = frozenset({"deleted_at", "deleted_by_id", "deleted_reason", "deleted_batch"})


class Deletable:
    """Marker of the models whose rows are soft-deleted (see SoftDeletable)."""


class SoftDeletable(Versioned, Deletable):
    """Mixin: soft deletion with reason and batch, and the version column."""

    deleted_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    # a user's id without a foreign key: the migration adds the column in place on SQLite
    # (a key would need a table rebuild, which cascades into the child rows)
    deleted_by_id: int | None = Field(default=None)
    deleted_reason: str | None = Field(default=None, max_length=REASON_MAX)
    deleted_batch: str | None = Field(default=None, max_length=32, index=True)


class DeleteIn(Input):
    """Why an entry is deleted (or a case cancelled): required, one line, bounded."""

    required: ClassVar[Any] = {"reason": lambda: _("Please give a reason.")}

    reason: Line = InputField(min_length=3, max_length=REASON_MAX)


ModelT = TypeVar("ModelT")


# --- the filter -----------------------------------------------------------------------------


def deletable_classes() -> tuple[type[Any], ...]:
    """The soft-deletable models (from the one model registry, `welcome.db.models`)."""
    return models().subclasses_of(Deletable)


@cache
def _hide_options() -> tuple[Any, ...]:
    """Built once per process (building the criteria costs more than using them): one
    option on the marker class, which SQLAlchemy applies to each mapped subclass when it
    compiles a statement (welcome/db.py `_scope_options`): it covers models mapped later too."""
    return (
        with_loader_criteria(
            Deletable,
            lambda cls: marker_column(cls, "deleted_at").is_(None),
            include_aliases=True,
        ),
    )


@event.listens_for(Session, "do_orm_execute")
def _hide_deleted(state: ORMExecuteState) -> None:
    if not state.is_select or state.is_column_load or state.is_relationship_load:
        return  # the criteria of the statement that loaded the rows propagate to these
    if state.execution_options.get(INCLUDE_DELETED, False):
        return
    state.statement = state.statement.options(*_hide_options())


SelectT = TypeVar("SelectT", bound=Select[Any])


def with_deleted(statement: SelectT) -> SelectT:
    """The statement with deleted rows too (history, undo, purge, the lead's bin)."""
    return statement.execution_options(**{INCLUDE_DELETED: True})


# --- who may --------------------------------------------------------------------------------


def may_correct(db: Session, *, owner_id: int | None) -> bool:
    """The centre's lead, or the counsellor the record belongs to (`owner_id`)."""
    actor = actor_of(db)
    return actor is not None and roles.may_correct(actor.role, actor.user_id, owner_id)


def require_may_correct(db: Session, *, owner_id: int | None) -> None:
    if not may_correct(db, owner_id=owner_id):
        raise Forbidden(_("Only the counsellor of the case or the centre's lead may do this."))


# --- delete, undo, purge --------------------------------------------------------------------


def _key(row: Any) -> tuple[str, int]:
    return type(row).__tablename__, row.id


def delete(
    db: Session,
    *,
    row: SoftDeletable,
    reason: str,
    also: Iterable[SoftDeletable] = (),
    action: AuditAction | str = AuditAction.DELETE,
) -> str:
    """Soft-delete `row` (and `also`, e.g. a case's contacts) as one batch; returns the batch.
    Each row is one audit entry: `action` for `row`, `delete` for the others."""
    if row.deleted_at is not None:
        raise Conflict(_("This entry has been deleted already."))
    actor = actor_of(db)
    now, batch = utcnow(), uuid.uuid4().hex
    for item, item_action in [(row, action), *((a, AuditAction.DELETE) for a in also)]:
        if item.deleted_at is not None:
            continue  # deleted on its own before: its own undo brings it back
        changes = {**deleted_values(item), "reason": [None, reason]}
        item.deleted_at = now
        item.deleted_by_id = actor.user_id if actor else None
        item.deleted_reason = reason
        item.deleted_batch = batch
        db.add(item)
        mark(db, item, action=item_action, changes=changes)
    db.flush()
    return batch


def undo_delete(db: Session, *, row: SoftDeletable, now: datetime | None = None) -> int:
    """A lead brings back a deletion (the whole batch) within KEEP_DAYS; returns the rows."""
    actor = actor_of(db)
    if actor is None or actor.role not in roles.UNDOERS:
        raise Forbidden(_("Only the centre's lead may undo a deletion."))
    if row.deleted_at is None:
        raise Conflict(_("This entry is not deleted."))
    now = now or utcnow()
    if row.deleted_at < now - timedelta(days=KEEP_DAYS):
        raise Conflict(_("A deletion can be undone for %(n)d days only.", n=KEEP_DAYS))
    batch = row.deleted_batch
    rows: list[Any] = [row]
    if batch is not None:
        for model in deletable_classes():
            query = with_deleted(select(model).where(col(model.deleted_batch) == batch))
            rows += [r for r in db.scalars(query) if r is not row]
    for item in rows:
        mark(db, item, action=AuditAction.RESTORE, changes={"reason": [item.deleted_reason, None]})
        item.deleted_at = None
        item.deleted_by_id = None
        item.deleted_reason = None
        item.deleted_batch = None
        db.add(item)
    db.flush()
    return len(rows)


def get_deleted(db: Session, model: type[ModelT], ident: int) -> ModelT | None:
    """A deleted row by id (through the centre scope), for the undo."""
    query = with_deleted(select(model).where(model.id == ident))  # type: ignore[attr-defined]
    found = db.scalars(query).first()
    return found if found is not None and found.deleted_at is not None else None  # type: ignore[attr-defined]


def deleted_of_kind(
    db: Session, kinds: Mapping[str, type[Any]], kind: str, ident: int, *, missing: str | None
) -> Any:
    """A deleted row of one of an area's `kinds` (the word its paths use → the model), for a
    lead's undo; NotFound(`missing`) otherwise."""
    model = kinds.get(kind)
    row = get_deleted(db, model, ident) if model is not None else None
    if row is None:
        raise NotFound(missing) if missing is not None else NotFound()
    return row


def undo_since() -> datetime:
    """Deletions since then can still be undone (KEEP_DAYS)."""
    return utcnow() - timedelta(days=KEEP_DAYS)


def purge(db: Session, *, now: datetime | None = None, dry_run: bool = False) -> dict[str, int]:
    """Remove for good what was deleted more than KEEP_DAYS ago: table -> rows. Runs across
    all centres (a system job); rows pointing at a purged row lose the pointer (or go with it,
    where their key says ON DELETE CASCADE); each purged row is one `purge` audit entry."""
    if actor_of(db) is None:
        db.info["actor"] = SYSTEM
    cutoff = (now or utcnow()) - timedelta(days=KEEP_DAYS)
    found: dict[str, list[tuple[int, int | None]]] = {}
    for model in deletable_classes():  # all found first: a purged case takes its contacts along
        query = select(col(model.id), col(model.centre_id)).where(col(model.deleted_at) < cutoff)
        found[model.__tablename__] = [(i, c) for i, c in db.execute(with_deleted(query))]
    if dry_run:
        return {name: len(rows) for name, rows in found.items()}
    for name, rows in found.items():
        ids = [i for i, _centre in rows]
        _remove_stored_files(db, name, ids)
        _unlink(db, name, ids)
        table = metadata.tables[name]
        for start in range(0, len(ids), 500):
            db.execute(core_delete(table).where(table.c.id.in_(ids[start : start + 500])))
        for ident, centre in rows:
            record(db, action=AuditAction.PURGE, entity=name, entity_id=ident, centre_id=centre)
    db.flush()
    return {name: len(rows) for name, rows in found.items()}


def _file_columns() -> dict[str, tuple[str, ...]]:
    """Table -> its columns that hold `welcome.storage` references (a model names them in
    `__stored_files__`)."""
    return {
        c.__tablename__: tuple(c.__stored_files__)
        for c in models().classes
        if getattr(c, "__stored_files__", ())
    }


def _cascades(name: str) -> list[tuple[str, Any]]:
    """(child table, its key column) of the rows that go with a row of `name` (ON DELETE
    CASCADE)."""
    return [
        (table.name, fk.parent)
        for table in metadata.tables.values()
        for fk in table.foreign_keys
        if fk.column.table.name == name and (fk.ondelete or "").upper() == "CASCADE"
    ]


def _remove_stored_files(db: Session, name: str, ids: Sequence[int], depth: int = 0) -> None:
    """The stored files of the rows about to go, and of the rows going with them by
    cascade (a purged procedure takes its documents along): removed in this transaction
    (database storage) or queued for after the commit (object store)."""
    from welcome import storage

    if not ids or depth > 5:
        return
    table = metadata.tables[name]
    for column in _file_columns().get(name, ()):
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            query = with_deleted(select(table.c[column]).where(table.c.id.in_(chunk)))
            refs = db.execute(query).scalars()
            for ref in list(refs):
                if ref:
                    storage.remove(db, ref=ref)
    for child, key in _cascades(name):
        if not _holds_files(child):
            continue
        children = metadata.tables[child]
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            query = with_deleted(select(children.c.id).where(key.in_(chunk)))
            found = db.execute(query).scalars().all()
            _remove_stored_files(db, child, list(found), depth + 1)


def _holds_files(name: str, depth: int = 0) -> bool:
    """Whether rows of `name`, or rows that cascade from them, may own stored files."""
    if name in _file_columns():
        return True
    return depth < 5 and any(_holds_files(child, depth + 1) for child, _key in _cascades(name))


def _unlink(db: Session, name: str, ids: Sequence[int]) -> None:
    """Null the nullable pointers at rows about to go that would not cascade."""
    for table in metadata.tables.values():
        for fk in table.foreign_keys:
            if fk.column.table.name != name or fk.ondelete or not fk.parent.nullable:
                continue
            for start in range(0, len(ids), 500):
                chunk = list(ids[start : start + 500])
                db.execute(update(table).where(fk.parent.in_(chunk)).values({fk.parent.name: None}))
