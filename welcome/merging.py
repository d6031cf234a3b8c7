"""Merging two records of one centre (two persons, two employers): the one mechanism.

- A mergeable model (`Mergeable`) has a `merged_into_id` column. A merged-away row stays only
  as a pointer to the record it went into: every ORM query hides it (like the centre scope, on
  every statement), unless the statement asks for it with `execution_options(include_merged=
  True)`. So lists, searches, pickers and lookups by id in every area see only the survivor.
- The rows pointing to the merged-away record move to the survivor: `references(table)` finds
  every foreign key to the table in the metadata, and each area says how each one is treated
  (`Move` through the ORM so that the audit log sees it, `Link` for a link table whose primary
  key holds the id, `Own` for what the area rewrites itself). A foreign key nobody declared is
  an error (`Unhandled`), so a new table pointing to persons cannot be forgotten silently.
- A `RecordMerge` row remembers what was moved and the values to restore, for an undo by a
  lead within `UNDO_DAYS`; afterwards (`purge_expired`) those values are removed and only the
  fact of the merge (who, when, which two ids) stays.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BeforeValidator
from pydantic import Field as Is
from sqlalchemy import JSON, delete, event, insert, select, update
from sqlalchemy.orm import ORMExecuteState, with_loader_criteria
from sqlmodel import Field, Session, SQLModel, col

from welcome.audit import AuditAction, record
from welcome.db import (
    CentreScoped,
    TimestampMixin,
    UTCDateTime,
    marker_column,
    metadata,
    models,
    utcnow,
)
from welcome.errors import NotFound
from welcome.i18n import N_, _
from welcome.inputs import Input, RowId

UNDO_DAYS = 30


class Mergeable:
    """Marker: the model has `merged_into_id` (NULL while the record is itself)."""


class MergedAway(NotFound):
    """The record was merged into another one: 404, and the problem body names it."""

    def __init__(self, merged_into: int) -> None:
        super().__init__(_("This record was merged into another one."))
        self.merged_into = merged_into
        self.problem_extra = {"merged_into": merged_into}


class RecordMerge(TimestampMixin, CentreScoped, table=True):
    """One merge of two records of a centre; `restore` holds what an undo needs (personal data
    of both records: kept only until `undo_until`, see `purge_expired`). Not audited itself:
    the merge writes its own audit entries (both ids), without copying these values."""

    __tablename__ = "record_merges"

    id: int | None = Field(default=None, primary_key=True)
    entity: str = Field(max_length=30, index=True)  # "persons", "employers"
    survivor_id: int = Field(index=True)
    duplicate_id: int = Field(index=True)
    merged_by_id: int | None = Field(default=None, foreign_key="users.id")
    undo_until: datetime = Field(sa_type=UTCDateTime)
    undone_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    undone_by_id: int | None = Field(default=None, foreign_key="users.id")
    # {"survivor": {field: old value}, "duplicate": {field: value}, "moved": {...}}; NULL once
    # undone or expired
    restore: dict[str, Any] | None = Field(default=None, sa_type=JSON)


# --- what a merge is asked (the areas' input models derive from these) ----------------------

Side = Literal["survivor", "duplicate"]


def _keep(value: Any) -> Any:
    """`keep` as the API sends it (field -> "duplicate") or as a form sends it (the names of
    the fields whose duplicate value is ticked): both become field -> side."""
    if isinstance(value, list):
        return {name: "duplicate" for name in value}
    return value


class MergeIn(Input):
    """Merge `duplicate_id` into the record of the path; `keep`: field -> "duplicate" takes
    the duplicate's value, else the survivor's stays (or the duplicate's where the survivor
    has none)."""

    fields: ClassVar[frozenset[str]] = frozenset()  # the fields `keep` may name
    required: ClassVar[Mapping[str, Any]] = {
        "duplicate_id": lambda: _("Please choose the record to merge."),
    }

    duplicate_id: RowId = Is(title=N_("Duplicate"))
    keep: Annotated[dict[str, Side], BeforeValidator(_keep)] | list[str] = Is(
        default_factory=dict, title=N_("Values to keep")
    )

    def check(self) -> dict[str, str]:
        self.keep = keep = _keep(self.keep)
        unknown = sorted(set(keep) - self.fields)
        if unknown:
            return {"keep": _("Unknown field %(name)s.", name=unknown[0][:40])}
        return {}

    def sides(self) -> dict[str, str]:
        """Field -> "survivor" or "duplicate", as chosen."""
        keep = _keep(self.keep)
        return dict(keep) if isinstance(keep, dict) else {}


class UndoMergeIn(Input):
    """Undo the merge of `duplicate_id` into the record of the path (a lead, 30 days)."""

    duplicate_id: RowId = Is(title=N_("Duplicate"))


# --- hiding merged-away rows ----------------------------------------------------------------


@lru_cache(maxsize=4)
def _hidden(classes: tuple[type[Any], ...]) -> tuple[Any, ...]:
    """One option on the marker class, applied by SQLAlchemy to each mapped subclass when it
    compiles a statement (welcome/db.py `_scope_options`). `classes` keys the cache only."""
    del classes
    return (
        with_loader_criteria(
            Mergeable,
            lambda c: marker_column(c, "merged_into_id").is_(None),
            include_aliases=True,
            track_closure_variables=False,
        ),
    )


def _mergeable_classes() -> tuple[type[Any], ...]:
    """The mergeable models (from the one model registry, `welcome.db.models`)."""
    return models().subclasses_of(Mergeable)


@event.listens_for(Session, "do_orm_execute")
def _hide_merged(state: ORMExecuteState) -> None:
    if not state.is_select or state.is_column_load or state.is_relationship_load:
        return
    if state.execution_options.get("include_merged", False):
        return
    state.statement = state.statement.options(*_hidden(_mergeable_classes()))


# --- what points to a record ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Move:
    """Rows of an audited model with an `id`: moved through the ORM, one update entry each."""


@dataclass(frozen=True, slots=True)
class Link:
    """A link table whose primary key holds the id (an event's participants): moved by core
    statements; a row the survivor has already is dropped (the pair exists once)."""


@dataclass(frozen=True, slots=True)
class Own:
    """Rewritten by the area itself (nationalities united, search keys written again)."""


Treatment = Move | Link | Own


class Unhandled(RuntimeError):
    """A foreign key to a mergeable table that no area declared how to treat."""


def references(table: str) -> set[tuple[str, str]]:
    """Every (table, column) with a foreign key to `table`.id, but the table's own pointer."""
    found = set()
    for other in metadata.tables.values():
        for fk in other.foreign_keys:
            if fk.column.table.name == table and not (
                other.name == table and fk.parent.name == "merged_into_id"
            ):
                found.add((other.name, fk.parent.name))
    return found


def check_declared(table: str, treatments: Mapping[tuple[str, str], Treatment]) -> None:
    missing = references(table) - set(treatments)
    if missing:
        names = ", ".join(f"{t}.{c}" for t, c in sorted(missing))
        raise Unhandled(f"merging {table}: no treatment declared for {names}")


def _model_of(table: str) -> type[Any]:
    for mapper in SQLModel._sa_registry.mappers:
        if getattr(mapper.class_, "__tablename__", None) == table:
            return mapper.class_
    raise Unhandled(f"no model for {table}")


def move_rows(
    db: Session,
    *,
    table: str,
    old_id: int,
    new_id: int,
    treatments: Mapping[tuple[str, str], Treatment],
) -> dict[str, Any]:
    """Every row pointing to `old_id` now points to `new_id`; returns what was moved (the undo
    moves exactly these back): "table.column" -> ids, or for links {"moved", "dropped"}."""
    check_declared(table, treatments)
    moved: dict[str, Any] = {}
    for (name, column), how in sorted(treatments.items()):
        key = f"{name}.{column}"
        if isinstance(how, Move):
            model = _model_of(name)
            rows = list(db.scalars(select(model).where(getattr(model, column) == old_id)))
            for row in rows:
                setattr(row, column, new_id)
            if rows:
                moved[key] = sorted(row.id for row in rows)
        elif isinstance(how, Link):
            link = metadata.tables[name]
            (other,) = [c for c in link.primary_key.columns if c.name != column]
            mine = set(db.scalars(select(other).where(link.c[column] == old_id)))
            theirs = set(db.scalars(select(other).where(link.c[column] == new_id)))
            both, only = sorted(mine & theirs), sorted(mine - theirs)
            if both:
                db.execute(delete(link).where(link.c[column] == old_id, other.in_(both)))
            if only:
                db.execute(
                    update(link)
                    .where(link.c[column] == old_id, other.in_(only))
                    .values({column: new_id})
                )
            if both or only:
                moved[key] = {"moved": only, "dropped": both}
    db.flush()
    return moved


def restore_rows(db: Session, *, moved: Mapping[str, Any], old_id: int, new_id: int) -> None:
    """Move back what `move_rows` moved (rows still pointing to the survivor)."""
    for key, what in sorted(moved.items()):
        name, column = key.split(".", 1)
        if isinstance(what, list):
            model = _model_of(name)
            rows = db.scalars(
                select(model).where(col(model.id).in_(what), getattr(model, column) == new_id)
            )
            for row in rows:
                setattr(row, column, old_id)
            continue
        link = metadata.tables[name]
        (other,) = [c for c in link.primary_key.columns if c.name != column]
        if what["moved"]:
            db.execute(
                update(link)
                .where(link.c[column] == new_id, other.in_(what["moved"]))
                .values({column: old_id})
            )
        if what["dropped"]:
            db.execute(insert(link), [{column: old_id, other.name: o} for o in what["dropped"]])
    db.flush()


# --- the merge's record ---------------------------------------------------------------------


def remember(
    db: Session,
    *,
    entity: str,
    centre_id: int,
    survivor_id: int,
    duplicate_id: int,
    user_id: int | None,
    restore: dict[str, Any],
) -> RecordMerge:
    merge = RecordMerge(
        centre_id=centre_id,
        entity=entity,
        survivor_id=survivor_id,
        duplicate_id=duplicate_id,
        merged_by_id=user_id,
        undo_until=utcnow() + timedelta(days=UNDO_DAYS),
        restore=restore,
    )
    db.add(merge)
    db.flush()
    return merge


def undoable(db: Session, *, entity: str, survivor_id: int) -> list[RecordMerge]:
    """The merges into this record that can still be undone, newest first."""
    return list(
        db.scalars(
            select(RecordMerge)
            .where(
                col(RecordMerge.entity) == entity,
                col(RecordMerge.survivor_id) == survivor_id,
                col(RecordMerge.undone_at).is_(None),
                col(RecordMerge.restore).is_not(None),
                col(RecordMerge.undo_until) > utcnow(),
            )
            .order_by(col(RecordMerge.id).desc())
        )
    )


def latest(db: Session, *, entity: str, survivor_id: int, duplicate_id: int) -> RecordMerge | None:
    """The merge of that pair that can still be undone."""
    for merge in undoable(db, entity=entity, survivor_id=survivor_id):
        if merge.duplicate_id == duplicate_id:
            return merge
    return None


def purge_expired(db: Session, *, now: datetime | None = None) -> int:
    """Remove the values kept for an undo once its time is over (the actor's centre, or all
    centres for a system job); returns how many merges were purged."""
    moment = now or utcnow()
    expired = list(
        db.scalars(
            select(RecordMerge).where(
                col(RecordMerge.restore).is_not(None), col(RecordMerge.undo_until) <= moment
            )
        )
    )
    for merge in expired:
        merge.restore = None
    db.flush()
    return len(expired)


def pointer_of(db: Session, model: type[Any], ident: int) -> int | None:
    """Where a merged-away record went in the end (following later merges), else None."""
    current, seen = ident, set[int]()
    target = None
    while current not in seen and len(seen) < 20:
        seen.add(current)
        found = db.scalar(
            select(col(model.merged_into_id))
            .where(col(model.id) == current)
            .execution_options(include_merged=True)
        )
        if found is None:
            break
        target = current = found
    return target


def audit_pair(
    db: Session,
    *,
    entity: str,
    centre_id: int,
    survivor_id: int,
    duplicate_id: int,
    merge: RecordMerge,
    undone: bool = False,
) -> None:
    """One audit entry on each record, both naming both ids (and the merge)."""
    action = AuditAction.UNMERGE if undone else AuditAction.MERGE

    def change(value: int | None) -> list[int | None]:
        return [value, None] if undone else [None, value]

    for entity_id, name, other in (
        (survivor_id, "merged_from", duplicate_id),
        (duplicate_id, "merged_into", survivor_id),
    ):
        record(
            db,
            action=action,
            entity=entity,
            entity_id=entity_id,
            centre_id=centre_id,
            changes={name: change(other), "merge_id": change(merge.id)},
        )


def unite(*lists: Iterable[Any]) -> list[Any]:
    """The values of several lists once each, in their first order."""
    return list(dict.fromkeys(v for values in lists for v in values))
