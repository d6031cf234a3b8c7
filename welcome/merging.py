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
  (welcome/merge_rows.py; its names are re-exported here.)
- `merge_records` and `undo_merge` are the skeleton of every merge and its undo; an area
  says what differs in a `Merger` (its table and model, the treatments, what is left of the
  pointer, its values, validation and update). welcome/merge_pairs.py compares the two.
- A `RecordMerge` row remembers what was moved and the values to restore, for an undo by a
  lead within `UNDO_DAYS`; afterwards (`purge_expired`) those values are removed and only the
  fact of the merge (who, when, which two ids) stays.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Annotated, Any, ClassVar, Generic, Literal, TypeVar

from pydantic import BeforeValidator
from pydantic import Field as Is
from sqlalchemy import JSON, event, select
from sqlalchemy.orm import ORMExecuteState, with_loader_criteria
from sqlmodel import Field, Session, col

from welcome import roles
from welcome.audit import AuditAction, record
from welcome.db import (
    CentreScoped,
    TimestampMixin,
    UTCDateTime,
    actor_of,
    marker_column,
    utcnow,
)
from welcome.errors import Forbidden, NotFound
from welcome.i18n import N_, _
from welcome.inputs import Input, RowId
from welcome.merge_rows import Link as Link
from welcome.merge_rows import Move as Move
from welcome.merge_rows import Own as Own
from welcome.merge_rows import Treatment as Treatment
from welcome.merge_rows import Unhandled as Unhandled
from welcome.merge_rows import check_declared as check_declared
from welcome.merge_rows import move_rows, restore_rows
from welcome.merge_rows import references as references

UNDO_DAYS = 30
RecordT = TypeVar("RecordT")


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


@cache
def _hidden() -> tuple[Any, ...]:
    """One option on the marker class, applied by SQLAlchemy to each mapped subclass when it
    compiles a statement (welcome/db.py `_scope_options`): it covers models mapped later too."""
    return (
        with_loader_criteria(
            Mergeable,
            lambda c: marker_column(c, "merged_into_id").is_(None),
            include_aliases=True,
        ),
    )


@event.listens_for(Session, "do_orm_execute")
def _hide_merged(state: ORMExecuteState) -> None:
    if not state.is_select or state.is_column_load or state.is_relationship_load:
        return
    if state.execution_options.get("include_merged", False):
        return
    state.statement = state.statement.options(*_hidden())


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


# --- the skeleton of a merge and of its undo ------------------------------------------------


@dataclass(frozen=True, slots=True)
class Merger(Generic[RecordT]):
    """What differs between the areas' merges; `merge_records` and `undo_merge` do the rest."""

    entity: str  # the table, and the audit log's entity: "persons"
    model: type[Any]
    treatments: Mapping[tuple[str, str], Treatment]
    cleared: Mapping[str, Any]  # what is left of the pointer's row (no personal data)
    values: Callable[[Session, RecordT], dict[str, Any]]  # the input model's terms
    check: Callable[[Mapping[str, Any]], Any]  # validated as the input model (FieldErrors)
    update: Callable[[Session, RecordT, Any], object]  # the area's service.update
    pointed: Callable[[Session, RecordT], None] = lambda db, record: None  # after the pointer


def plain(values: Mapping[str, Any]) -> dict[str, Any]:
    """Values as the undo's memory keeps them (JSON: dates as ISO text)."""
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in values.items()}


def merge_records(
    db: Session,
    how: Merger[RecordT],
    *,
    survivor: Any,
    duplicate: Any,
    mine: Mapping[str, Any],
    theirs: Mapping[str, Any],
    chosen: Mapping[str, Any],
) -> RecordT:
    """Merge `duplicate` into `survivor` in the caller's transaction (one unit of work): the
    `chosen` values checked first, then what points to the duplicate moved, the duplicate left
    as a pointer, the survivor updated, the undo's memory written, both records audited."""
    united = how.check(chosen)  # the result obeys the record's rules
    moved = move_rows(
        db, table=how.entity, old_id=duplicate.id, new_id=survivor.id, treatments=how.treatments
    )
    # the pointer: the duplicate's data leave the row (kept for the undo only)
    for name, value in how.cleared.items():
        setattr(duplicate, name, value)
    duplicate.merged_into_id = survivor.id
    db.flush()
    how.pointed(db, duplicate)
    how.update(db, survivor, united)
    actor = actor_of(db)
    row = remember(
        db,
        entity=how.entity,
        centre_id=survivor.centre_id,
        survivor_id=survivor.id,
        duplicate_id=duplicate.id,
        user_id=actor.user_id if actor else None,
        restore={
            "survivor": plain(mine),
            "duplicate": plain(theirs),
            "result": plain(how.values(db, survivor)),
            "moved": moved,
        },
    )
    purge_expired(db)  # the values kept for older merges whose 30 days are over
    audit_pair(
        db,
        entity=how.entity,
        centre_id=survivor.centre_id,
        survivor_id=survivor.id,
        duplicate_id=duplicate.id,
        merge=row,
    )
    return survivor  # type: ignore[no-any-return]


def require_undoer(db: Session) -> int | None:
    """A merge is undone by the centre's lead (or an admin); the acting user's id."""
    actor = actor_of(db)
    if actor is None or actor.role not in roles.MANAGERS:
        raise Forbidden(_("Only the centre's lead may undo a merge."))
    return actor.user_id


def undo_merge(db: Session, how: Merger[RecordT], *, survivor: Any, duplicate_id: int) -> RecordT:
    """Undo the merge of `duplicate_id` into `survivor` (a lead, within 30 days): the moved
    rows go back, both records get their values of before the merge (the survivor's only
    where nobody changed them since)."""
    undoer = require_undoer(db)
    row = latest(db, entity=how.entity, survivor_id=survivor.id, duplicate_id=duplicate_id)
    if row is None or row.restore is None:
        raise NotFound(_("There is no merge to undo (or its 30 days are over)."))
    duplicate = db.scalars(
        select(how.model)
        .where(col(how.model.id) == duplicate_id)
        .execution_options(include_merged=True)
    ).one()
    restore = row.restore
    restore_rows(db, moved=restore["moved"], old_id=duplicate_id, new_id=survivor.id)
    duplicate.merged_into_id = None
    db.flush()  # a record again before its fields are checked and written
    how.update(db, duplicate, how.check(restore["duplicate"]))
    # the survivor's fields go back where the merge set them and nobody changed them since
    now = plain(how.values(db, survivor))
    back = {
        name: restore["survivor"][name] if value == restore["result"].get(name) else value
        for name, value in now.items()
    }
    how.update(db, survivor, how.check(back))
    row.undone_at = utcnow()
    row.undone_by_id = undoer
    row.restore = None  # what was kept for the undo is back in the records: gone from here
    db.flush()
    audit_pair(
        db,
        entity=how.entity,
        centre_id=survivor.centre_id,
        survivor_id=survivor.id,
        duplicate_id=duplicate_id,
        merge=row,
        undone=True,
    )
    return survivor  # type: ignore[no-any-return]
