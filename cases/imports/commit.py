"""Writing a planned sheet through the areas' services, and undoing it.

The commit is one unit of work. Persons, their cases and contacts are written in chunks by
bulk.py (the records the services would make, audited like them); employers and their
consultations through the services a form uses (employers.create, consultations.create). The
batch remembers the ids it made (import_rows).
Undo deletes exactly those records, newest first, unless something else has been added to them
since (then it refuses and says what).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, insert, select
from sqlmodel import Session, SQLModel, col

from cases.counselling.models import Case, Contact
from cases.employers import consultations, events
from cases.employers import service as employers
from cases.employers.models import Employer, EmployerConsultation, OutreachEvent
from cases.imports import bulk, contacts, merges
from cases.imports.models import ImportBatch, ImportRow
from cases.imports.plan import Plan, PlannedRow
from cases.persons.models import Person
from welcome.errors import Conflict
from welcome.i18n import _


def write(db: Session, *, batch: ImportBatch, plan: Plan) -> dict[str, int]:
    """Write the plan's rows; return created / skipped / duplicates / refused."""
    assert batch.id is not None
    counts = {"created": 0, "skipped": 0, "duplicates": 0, "refused": 0}
    made: dict[int, int] = {}  # row number -> the person or employer it created
    chosen: list[tuple[PlannedRow, int | None]] = []  # rows to write, with a linked record
    for row in plan.rows:
        if row.errors:
            counts["refused"] += 1
            continue
        if row.imported_before:
            counts["skipped"] += 1
            continue
        if row.flagged:
            counts["duplicates"] += 1
            if row.decision == "skip":
                counts["skipped"] += 1
                continue
        linked = row.duplicates[0].id if row.decision == "link" and row.duplicates else None
        chosen.append((row, linked))
    counts["created"] = len(chosen)
    if plan.kind.name == "persons":
        records = bulk.write_persons(db, chosen, made)
    elif plan.kind.name == "contacts":
        records = contacts.write(db, [row for row, _linked in chosen])
    elif plan.kind.name == "events":
        records = [
            {
                "row_number": row.number,
                "row_key": row.key,
                "outcome": "created",
                "event_id": events.create(db, data=row.models["event"]).id,
            }
            for row, _linked in chosen
        ]
    else:
        records = [
            {"row_number": row.number, "row_key": row.key, **_employer_row(db, row, made)}
            for row, _linked in chosen
        ]
    if any(row.decision.startswith("merge") for row, _linked in chosen):
        merges.merge_rows(
            db, kind=plan.kind.name, rows=[r for r, _l in chosen], records=records, made=made
        )
    for record in records:
        record["batch_id"] = batch.id
    for start in range(0, len(records), 500):
        db.execute(insert(ImportRow), records[start : start + 500])
    return counts


def _linked_to(row: PlannedRow, made: dict[int, int]) -> int | None:
    """The existing record a duplicate row is linked to (its decision is "link")."""
    if row.decision != "link":
        return None
    if row.duplicates:
        return row.duplicates[0].id
    if row.same_as_row is not None:
        return made.get(row.same_as_row)
    return None


def _employer_row(db: Session, row: PlannedRow, made: dict[int, int]) -> dict[str, Any]:
    existing = _linked_to(row, made)
    if existing is not None:
        employer = employers.get(db, employer_id=existing)
        ids: dict[str, Any] = {"outcome": "linked"}
    else:
        employer = employers.create(db, data=row.models["employer"])
        ids = {"outcome": "created", "employer_id": employer.id}
    assert employer.id is not None
    made[row.number] = employer.id
    consultation_in = row.models.get("consultation")
    if consultation_in is not None:
        consultation = consultations.create(db, employer=employer, data=consultation_in)
        ids["consultation_id"] = consultation.id
    return ids


# --- undo -----------------------------------------------------------------------------------


def _ids(rows: Iterable[ImportRow], name: str) -> list[int]:
    return sorted({v for r in rows if (v := getattr(r, name)) is not None})


def _others(db: Session, table: str, ids: list[int], mine: dict[str, list[int]]) -> int:
    """Rows of other tables that point at `ids` of `table` and were not made by the batch."""
    if not ids:
        return 0
    count = 0
    for other in SQLModel.metadata.sorted_tables:
        for fk in other.foreign_keys:
            if fk.column.table.name != table or other.name in _OWNED_BY.get(table, ()):
                continue
            query = select(func.count()).select_from(other).where(fk.parent.in_(ids))
            own = mine.get(other.name)
            if own is not None and "id" in other.c:
                query = query.where(other.c.id.not_in(own or [0]))
            count += db.scalar(query) or 0
    return count


# child rows that belong to their parent and go with it (not "something added since")
_OWNED_BY = {
    "persons": ("person_nationalities", "person_search_keys"),
    "contacts": ("contact_topics",),
    "employer_consultations": ("employer_consultation_topics",),
    "cases": ("case_events",),
}


def undo(db: Session, *, batch: ImportBatch) -> dict[str, int]:
    """Delete what the batch made, or refuse (Conflict) when records were added to it since."""
    rows = list(db.scalars(select(ImportRow).where(col(ImportRow.batch_id) == batch.id)))
    mine = {
        "persons": _ids(rows, "person_id"),
        "cases": _ids(rows, "case_id"),
        "contacts": _ids(rows, "contact_id"),
        "employers": _ids(rows, "employer_id"),
        "employer_consultations": _ids(rows, "consultation_id"),
        "outreach_events": _ids(rows, "event_id"),
    }
    added = sum(_others(db, table, ids, mine) for table, ids in mine.items())
    if added:
        raise Conflict(
            _(
                "%(n)d records have been added to what this import created (contacts, "
                "procedures, …). Undo would delete them too, so it is refused.",
                n=added,
            )
        )
    merges.undo_merges(db, kind=batch.kind, rows=rows)
    models: list[tuple[type[SQLModel], str]] = [
        (Contact, "contacts"),
        (EmployerConsultation, "employer_consultations"),
        (Case, "cases"),
        (Person, "persons"),
        (Employer, "employers"),
        (OutreachEvent, "outreach_events"),
    ]
    touched = set(
        db.scalars(select(col(Contact.case_id)).where(col(Contact.id).in_(mine["contacts"] or [0])))
    ) - set(mine["cases"])
    deleted: dict[str, int] = {}
    for model, table in models:
        ids = mine[table]
        for start in range(0, len(ids), 500):
            pk = model.__table__.c.id  # type: ignore[attr-defined]
            for record in db.scalars(select(model).where(pk.in_(ids[start : start + 500]))):
                db.delete(record)
            db.flush()
        deleted[table] = len(ids)
    for case in db.scalars(select(Case).where(col(Case.id).in_(sorted(touched) or [0]))):
        case.last_contact_on = db.scalar(
            select(func.max(col(Contact.date))).where(col(Contact.case_id) == case.id)
        )
    db.flush()
    return deleted
