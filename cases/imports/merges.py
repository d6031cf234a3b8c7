"""The "merge" choice for a duplicate row: the row is written as a new record and at once
merged into the existing one by the areas' own merge (cases/persons/merge.py,
cases/employers/merge.py on welcome/merging.py): the existing record survives and keeps its
values, its empty fields take the row's, nationalities are united, and what the row made
(its case and contact, its consultation) moves to it. Each merge is recorded like one made on
the record's page (and can be undone there); undoing the import undoes its merges first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlmodel import Session, col

from cases.employers import merge as employer_merge
from cases.employers.models import Employer
from cases.employers.schemas import EmployerMergeIn, EmployerUndoMergeIn
from cases.imports.models import ImportRow
from cases.imports.plan import PlannedRow
from cases.persons import merge as person_merge
from cases.persons.models import Person
from cases.persons.schemas import PersonMergeIn, PersonUndoMergeIn
from welcome.merging import RecordMerge


@dataclass(frozen=True, slots=True)
class _Way:
    entity: str
    model: type[Any]
    column: str  # the import_rows column holding the record the row made

    def merge(self, db: Session, survivor_id: int, duplicate_id: int) -> None:
        if self.entity == "persons":
            person = person_merge.get(db, person_id=survivor_id)
            person_merge.merge(db, person=person, data=PersonMergeIn(duplicate_id=duplicate_id))
        else:
            employer = employer_merge.get(db, employer_id=survivor_id)
            employer_merge.merge(
                db, employer=employer, data=EmployerMergeIn(duplicate_id=duplicate_id)
            )

    def undo(self, db: Session, survivor_id: int, duplicate_id: int) -> None:
        if self.entity == "persons":
            person = person_merge.get(db, person_id=survivor_id)
            person_merge.undo(db, person=person, data=PersonUndoMergeIn(duplicate_id=duplicate_id))
        else:
            employer = employer_merge.get(db, employer_id=survivor_id)
            employer_merge.undo(
                db, employer=employer, data=EmployerUndoMergeIn(duplicate_id=duplicate_id)
            )


WAYS = {
    "persons": _Way("persons", Person, "person_id"),
    "employers": _Way("employers", Employer, "employer_id"),
}


def merge_rows(
    db: Session,
    *,
    kind: str,
    rows: Sequence[PlannedRow],
    records: list[dict[str, Any]],
    made: dict[int, int],
) -> None:
    """Merge each written row whose decision is "merge" into the record it is like (the
    existing one, else the earlier row's); its import_rows record says "merged"."""
    way = WAYS[kind]
    by_number = {r["row_number"]: r for r in records}
    into: dict[int, int] = {}  # a merged-away record -> the one it went into
    for row in rows:
        record = by_number.get(row.number)
        if not row.decision.startswith("merge") or record is None:
            continue
        if record.get(way.column) is None:
            continue
        new_id = int(record[way.column])
        # "merge:ID" names one of the row's candidates; "merge": the first one shown
        shown = [c.id for c in row.duplicates]
        chosen = int(row.decision[6:]) if row.decision.startswith("merge:") else None
        target = chosen if chosen in shown else (shown[0] if shown else None)
        if target is None:
            target = made.get(row.same_as_row or 0)
        while target is not None and target in into:  # the earlier row was merged itself
            target = into[target]
        if target is None or target == new_id:
            continue
        way.merge(db, target, new_id)
        into[new_id] = target
        made[row.number] = target
        record["outcome"] = "merged"


def undo_merges(db: Session, *, kind: str, rows: Iterable[ImportRow]) -> None:
    """Undo the batch's merges, newest first, and drop their records (the database as before
    the import; the merges' audit entries stay)."""
    way = WAYS.get(kind)
    if way is None:
        return
    merged = sorted(
        (r for r in rows if r.outcome == "merged" and getattr(r, way.column) is not None),
        key=lambda r: r.row_number,
        reverse=True,
    )
    for row in merged:
        duplicate_id = int(getattr(row, way.column))
        pointer = db.scalars(
            select(way.model)
            .where(way.model.id == duplicate_id)
            .execution_options(include_merged=True)
        ).one_or_none()
        if pointer is not None and pointer.merged_into_id is not None:
            way.undo(db, pointer.merged_into_id, duplicate_id)
        db.execute(
            delete(RecordMerge).where(
                col(RecordMerge.entity) == way.entity,
                col(RecordMerge.duplicate_id) == duplicate_id,
            )
        )
    db.flush()
