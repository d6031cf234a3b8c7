"""Writing the persons sheet's rows in chunks: the records the services would write, many at
a time.

`persons.create`, `counselling.create` and `create_contact` flush once per record and run the
scope and audit checks once per statement: about 14 statements per row, 30 s for 2,000 rows.
Here a chunk of rows is a handful of statements: the persons, cases and contacts are added
through the ORM (so the audit log has a create entry for each, with every field) and flushed
together; their child rows (nationalities, search keys, topics) are one core insert each,
which the scope checks against their parents and the audit joins to the parents' entries.
The values are built exactly as those services build them (the same columns, search forms
and keys; tests/imports/test_bulk.py compares a record made each way); the rules they check
against the database were checked by the plan (the case opens on a date, the contact is not
before it) or hold by construction (the person is the one just created).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert, select, text
from sqlmodel import Session, col

from cases.counselling.codes import CaseStatus
from cases.counselling.models import Case, Contact, ContactTopicRow
from cases.imports.plan import PlannedRow
from cases.persons import matching
from cases.persons.models import Person, PersonNationality, PersonSearchKey
from cases.persons.service import PERSON_COLUMNS
from welcome.db import actor_of

CHUNK = 500


def _ids(db: Session, table: str, n: int) -> list[int]:
    """N new ids for `table`, taken before the INSERT, so that the flush sends the chunk as one
    executemany (with ids to come back, SQLAlchemy sends one INSERT … RETURNING per record).
    PostgreSQL: from the table's sequence. SQLite: above the largest id, which is safe while
    this transaction holds the database's write lock (the commit has written before)."""
    if n == 0:
        return []
    if db.get_bind().dialect.name == "postgresql":
        query = text(
            f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, :n)"
        )
        return [int(i) for i in db.execute(query, {"n": n}).scalars()]
    top = db.execute(text(f"SELECT COALESCE(MAX(id), 0) FROM {table}")).scalar_one()
    return list(range(int(top) + 1, int(top) + 1 + n))


def person_of(data: Any, centre_id: int) -> Person:
    """The Person `persons.create` makes of a PersonIn."""
    person = Person(centre_id=centre_id, **data.model_dump(include=set(PERSON_COLUMNS)))
    person.search_first = matching.normalise(person.first_name)[:100]
    person.search_last = matching.normalise(person.last_name)[:100]
    return person


def _children(db: Session, people: Sequence[tuple[Person, Any]]) -> None:
    nationalities = [
        {"person_id": p.id, "country": code, "position": i}
        for p, data in people
        for i, code in enumerate(data.nationalities)
    ]
    keys = [
        {"person_id": p.id, "key": k[:100]}
        for p, _data in people
        for k in matching.keys_for(p.first_name, p.last_name)
    ]
    if nationalities:
        db.execute(insert(PersonNationality), nationalities)
    if keys:
        db.execute(insert(PersonSearchKey), keys)


def _open_cases(db: Session, person_ids: set[int]) -> dict[int, Case]:
    """The latest open case of each linked person (a linked row's contact goes there)."""
    found: dict[int, Case] = {}
    if not person_ids:
        return found
    query = (
        select(Case)
        .where(col(Case.person_id).in_(sorted(person_ids)), col(Case.status) == CaseStatus.OPEN)
        .order_by(col(Case.opened_on))
    )
    for case in db.scalars(query):
        found[case.person_id] = case  # the latest wins
    return found


def _persons(
    db: Session, chunk: Sequence[tuple[PlannedRow, int | None]], made: dict[int, int], centre: int
) -> dict[int, tuple[int, str]]:
    """Row number -> (its person, "created" or "linked"); new persons written."""
    new: list[tuple[PlannedRow, Person]] = []
    coming = set(made)  # rows whose person exists or is written in this flush
    for row, linked in chunk:
        if linked is not None or (row.decision == "link" and row.same_as_row in coming):
            continue
        new.append((row, person_of(row.models["person"], centre)))
        coming.add(row.number)
    for (_row, person), ident in zip(new, _ids(db, "persons", len(new)), strict=True):
        person.id = ident
    db.add_all([p for _row, p in new])
    db.flush()
    _children(db, [(p, row.models["person"]) for row, p in new])
    ids: dict[int, tuple[int, str]] = {}
    for row, person in new:
        assert person.id is not None
        made[row.number] = person.id
        ids[row.number] = (person.id, "created")
    for row, linked in chunk:
        if linked is not None:
            ids[row.number] = (linked, "linked")
        elif row.number not in ids and row.same_as_row in made:
            ids[row.number] = (made[row.same_as_row], "linked")
    return ids


def _cases(
    db: Session,
    chunk: Sequence[tuple[PlannedRow, int | None]],
    ids: dict[int, tuple[int, str]],
    centre: int,
    user: int | None,
) -> tuple[dict[int, Case], set[int]]:
    """Row number -> its case (a linked person's open case, else a new one); and the rows
    whose case is new."""
    linked = {pid for pid, outcome in ids.values() if outcome == "linked"}
    open_cases = _open_cases(db, linked)
    cases: dict[int, Case] = {}
    new: set[int] = set()
    for row, _linked in chunk:
        case_in, contact_in = row.models.get("case"), row.models.get("contact")
        if row.number not in ids or case_in is None:
            continue
        person_id, outcome = ids[row.number]
        existing = open_cases.get(person_id) if outcome == "linked" else None
        if existing is not None and (contact_in is None or contact_in.date >= existing.opened_on):
            cases[row.number] = existing
            continue
        case = Case(
            person_id=person_id,
            centre_id=centre,
            opened_on=case_in.opened_on,
            referral_source=case_in.referral_source,
            counsellor_id=case_in.counsellor_id or user,
            status=CaseStatus.OPEN,
            # its first contact's date at once (the services write it by a second UPDATE)
            last_contact_on=contact_in.date if contact_in is not None else None,
        )
        cases[row.number] = open_cases[person_id] = case  # a later row linked here finds it
        new.add(row.number)
    made = [cases[n] for n in sorted(new)]
    for case, ident in zip(made, _ids(db, "cases", len(made)), strict=True):
        case.id = ident
    db.add_all(made)
    db.flush()
    return cases, new


def write_contacts(
    db: Session,
    chunk: Sequence[tuple[PlannedRow, int | None]],
    cases: dict[int, Case],
    centre: int,
    user: int | None,
) -> dict[int, int]:
    """Row number -> its new contact's id (the case's last contact date kept)."""
    contacts: dict[int, tuple[Contact, Any]] = {}
    for row, _linked in chunk:
        data, case = row.models.get("contact"), cases.get(row.number)
        if data is None or case is None:
            continue
        assert case.id is not None
        contacts[row.number] = (
            Contact(
                case_id=case.id,
                centre_id=centre,
                date=data.date,
                duration_minutes=data.duration_minutes,
                channel=data.channel,
                language=data.language,
                notes=data.notes,
                counsellor_id=user,
            ),
            data,
        )
        if case.last_contact_on is None or data.date > case.last_contact_on:
            case.last_contact_on = data.date
    made = [c for c, _data in contacts.values()]
    for contact, ident in zip(made, _ids(db, "contacts", len(made)), strict=True):
        contact.id = ident
    db.add_all(made)
    db.flush()
    topics = [
        {"contact_id": c.id, "topic": t.value} for c, data in contacts.values() for t in data.topics
    ]
    if topics:
        db.execute(insert(ContactTopicRow), topics)
    return {n: c.id for n, (c, _data) in contacts.items() if c.id is not None}


def write_persons(
    db: Session, rows: Sequence[tuple[PlannedRow, int | None]], made: dict[int, int]
) -> list[dict[str, Any]]:
    """Write (row, linked person id or None) pairs in chunks; `made`: row number -> its
    person, so that a later row linked to an earlier one finds it. Returns the import_rows
    records."""
    actor = actor_of(db)
    assert actor is not None and actor.centre_id is not None
    records: list[dict[str, Any]] = []
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        ids = _persons(db, chunk, made, actor.centre_id)
        cases, new_cases = _cases(db, chunk, ids, actor.centre_id, actor.user_id)
        contacts = write_contacts(db, chunk, cases, actor.centre_id, actor.user_id)
        for row, _linked in chunk:
            if row.number not in ids:
                continue
            person_id, outcome = ids[row.number]
            case = cases.get(row.number)
            records.append(
                {
                    "row_number": row.number,
                    "row_key": row.key,
                    "outcome": outcome,
                    "person_id": person_id if outcome == "created" else None,
                    "case_id": case.id if case is not None and row.number in new_cases else None,
                    "contact_id": contacts.get(row.number),
                }
            )
    return records
