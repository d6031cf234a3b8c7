"""Moving what points to a merged record (part of the one merge mechanism, welcome/merging.py,
which re-exports these names): `references(table)` finds every foreign key to the table in the
metadata, and each area says how each one is treated (`Move` through the ORM so that the audit
log sees it, `Link` for a link table whose primary key holds the id, `Own` for what the area
rewrites itself). A foreign key nobody declared is an error (`Unhandled`), so a new table
pointing to persons cannot be forgotten silently."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlmodel import Session, col

from welcome.db import metadata, models


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
    _load_models()
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


def _load_models() -> None:
    """Every model registered, whatever this process imported so far (a CLI run, one test
    file): a table not loaded would be a reference the merge silently leaves behind, or a
    row its undo cannot find the model of."""
    import welcome.models  # noqa: F401


def _model_of(table: str) -> type[Any]:
    _load_models()
    for cls in models().classes:
        if getattr(cls, "__tablename__", None) == table:
            return cls
    raise Unhandled(f"no model for {table}")


def _pointing(model: type[Any], column: str, value: int) -> Any:
    """The rows of `model` whose `column` is `value`, deleted ones too: a cancelled case or
    deleted consent of the duplicate moves with it, so that undoing its deletion later does
    not attach it to the pointer row."""
    return (
        select(model).where(getattr(model, column) == value).execution_options(include_deleted=True)
    )


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
            rows = list(db.scalars(_pointing(model, column, old_id)))
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
            rows = db.scalars(_pointing(model, column, new_id).where(col(model.id).in_(what)))
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
