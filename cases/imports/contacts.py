"""The contacts kind: counselling contacts of persons already in welcome.

Each row names its person by a client number (the row key a persons sheet was imported with,
or a welcome person id) or by first and last name, with the birth year when several persons
share the names. The contact goes to the person's open case (it may not be dated before the
case opened); a person without an open case gets one, opened on the date of their earliest
contact in the sheet. Likely duplicates: a contact of the same person on the same day by the
same channel, in the centre or earlier in the file.
Written like the persons sheet's contacts (bulk.py), new cases through the counselling service.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from cases.counselling import service as counselling
from cases.counselling.codes import CaseStatus
from cases.counselling.models import Case, Contact
from cases.counselling.schemas import CaseIn
from cases.imports import bulk
from cases.imports.models import ImportBatch, ImportRow
from cases.imports.plan import Candidate, Plan, PlannedRow, RowError
from cases.persons import matching
from cases.persons.models import Person
from welcome.db import actor_of
from welcome.i18n import _, format_date

CHUNK = 500


def _persons_key(value: str) -> str:
    """The row key a persons import gave a row with this client number (plan._row_key)."""
    return "c:" + hashlib.sha256(f"persons\x1f{value}".encode()).hexdigest()[:60]


def _column(plan: Plan, name: str, fallback: str) -> str:
    for index, field in plan.columns.items():
        if field == name:
            from cases.imports.reading import column_letter

            return f"{column_letter(index)} ({plan.headers[index]})"
    return fallback


def _by_number(db: Session, refs: set[str], centre_id: int | None) -> dict[str, int]:
    """Client number -> person: a persons import's row key, else a welcome person id."""
    found: dict[str, int] = {}
    keys = {_persons_key(r): r for r in refs}
    # an XLSX persons sheet's whole number was keyed as read (1.0): found as 1 too
    keys |= {_persons_key(f"{r}.0"): r for r in refs if r.isdigit()}
    wanted = sorted(keys)
    for start in range(0, len(wanted), CHUNK):
        query = (
            select(col(ImportRow.row_key), col(ImportRow.person_id))
            .join(ImportBatch, col(ImportBatch.id) == col(ImportRow.batch_id))
            .where(
                col(ImportBatch.kind) == "persons",
                col(ImportBatch.status) == "committed",
                col(ImportBatch.centre_id) == centre_id,
                col(ImportRow.row_key).in_(wanted[start : start + CHUNK]),
                col(ImportRow.person_id).is_not(None),
            )
        )
        for key, person_id in db.execute(query):
            found[keys[key]] = int(person_id)
    for ref in refs:  # a welcome person id (the welcome_id column)
        if ref.startswith("#") and ref[1:].isdigit() and len(ref) < 12:
            found[ref] = int(ref[1:])
    # the persons read through the centre scope (another centre's id, a deleted person: none
    # here); one merged into another person since: the survivor
    wanted_ids = sorted(set(found.values()))
    alive: dict[int, int] = {}
    for start in range(0, len(wanted_ids), CHUNK):
        people = (
            select(col(Person.id), col(Person.merged_into_id))
            .where(col(Person.id).in_(wanted_ids[start : start + CHUNK]))
            .execution_options(include_merged=True)
        )
        for person_id, merged_into in db.execute(people):
            alive[person_id] = merged_into or person_id
    return {ref: alive[pid] for ref, pid in found.items() if pid in alive}


def _by_name(db: Session, names: set[tuple[str, str]]) -> dict[tuple[str, str], list[Person]]:
    found: dict[tuple[str, str], list[Person]] = {}
    lasts = sorted({last for _first, last in names})
    for start in range(0, len(lasts), CHUNK):
        query = select(Person).where(col(Person.search_last).in_(lasts[start : start + CHUNK]))
        for person in db.scalars(query):
            key = (person.search_first, person.search_last)
            if key in names:
                found.setdefault(key, []).append(person)
    return found


def judge(db: Session, plan: Plan) -> None:
    """Find each row's person and open case; flag likely duplicates (nothing is written)."""
    actor = actor_of(db)
    rows = [r for r in plan.rows if not r.errors and not r.imported_before]
    ref_column = _column(plan, "person_ref", _("Client number"))
    name_column = _column(plan, "last_name", _("Last name"))
    refs = {r.cells["person_ref"] for r in rows if r.cells.get("person_ref")}
    refs |= {"#" + r.cells["welcome_id"].lstrip("#") for r in rows if r.cells.get("welcome_id")}
    numbers = _by_number(db, refs, actor.centre_id if actor else None)
    names = {
        (matching.normalise(r.cells["first_name"]), matching.normalise(r.cells["last_name"]))
        for r in rows
        if r.cells.get("first_name") and r.cells.get("last_name")
    }
    named = _by_name(db, names)
    for row in rows:
        ref = row.cells.get("person_ref")
        if row.cells.get("welcome_id"):
            ref = "#" + row.cells["welcome_id"].lstrip("#")
        if ref:
            row.target = numbers.get(ref)
            if row.target is None:
                message = _("No person with the client number %(ref)s in your centre.", ref=ref)
                row.errors.append(RowError(row.number, ref_column, message))
            continue
        first, last = row.cells.get("first_name"), row.cells.get("last_name")
        if not first or not last:
            message = _("Please name the person: a client number, or first and last name.")
            row.errors.append(RowError(row.number, ref_column, message))
            continue
        people = named.get((matching.normalise(first), matching.normalise(last)), [])
        year = row.cells.get("birth_year")
        if year and len(people) > 1:
            people = [p for p in people if str(p.birth_year) == year]
        if len(people) == 1:
            row.target = people[0].id
        elif not people:
            message = _("No person of this name in your centre.")
            row.errors.append(RowError(row.number, name_column, message))
        else:
            message = _(
                "%(n)d persons of your centre have this name: add a client number or the "
                "year of birth.",
                n=len(people),
            )
            row.errors.append(RowError(row.number, name_column, message))
    _cases_and_duplicates(db, plan, [r for r in rows if r.target is not None])


def _cases_and_duplicates(db: Session, plan: Plan, rows: Sequence[PlannedRow]) -> None:
    person_ids = sorted({r.target for r in rows if r.target is not None})
    names: dict[int, str] = {}
    for start in range(0, len(person_ids), CHUNK):
        named = select(col(Person.id), col(Person.last_name), col(Person.first_name)).where(
            col(Person.id).in_(person_ids[start : start + CHUNK])
        )
        names.update((i, f"{last}, {first}") for i, last, first in db.execute(named))
    for row in rows:
        row.target_name = names.get(row.target or 0, "")
    open_cases: dict[int, Case] = {}
    for start in range(0, len(person_ids), CHUNK):
        query = (
            select(Case)
            .where(
                col(Case.person_id).in_(person_ids[start : start + CHUNK]),
                col(Case.status) == CaseStatus.OPEN,
            )
            .order_by(col(Case.opened_on), col(Case.id))
        )
        for case in db.scalars(query):
            open_cases[case.person_id] = case  # the latest open case wins
    case_ids = sorted({c.id for c in open_cases.values() if c.id is not None})
    stored: dict[tuple[int, Any, str], int] = {}  # (case, date, channel) -> its case
    for start in range(0, len(case_ids), CHUNK):
        entries = select(col(Contact.case_id), col(Contact.date), col(Contact.channel)).where(
            col(Contact.case_id).in_(case_ids[start : start + CHUNK])
        )
        for case_id, day, channel in db.execute(entries):
            stored[(case_id, day, str(channel))] = case_id
    date_column = _column(plan, "contact_date", _("Contact date"))
    earlier: dict[tuple[int, Any, str], int] = {}
    for row in rows:
        contact = row.models.get("contact")
        assert row.target is not None
        if contact is None:
            continue
        found = open_cases.get(row.target)
        if found is not None and contact.date < found.opened_on:
            message = _(
                "The contact is dated before the person's open case (opened on %(date)s).",
                date=format_date(found.opened_on),
            )
            row.errors.append(RowError(row.number, date_column, message))
            continue
        row.case_id = found.id if found is not None else None
        channel = str(contact.channel)
        if found is not None and (found.id, contact.date, channel) in stored:
            what = f"{format_date(contact.date)}, {contact.channel.label}"
            row.duplicates = [Candidate(found.id or 0, what)]
        same = earlier.get((row.target, contact.date, channel))
        if same is not None:
            row.same_as_row = same
        else:
            earlier[(row.target, contact.date, channel)] = row.number


def write(db: Session, chosen: Sequence[PlannedRow]) -> list[dict[str, Any]]:
    """The contacts of the chosen rows (a new case for a person without an open one);
    returns the import_rows records."""
    actor = actor_of(db)
    assert actor is not None and actor.centre_id is not None
    cases: dict[int, Case] = {}  # row number -> its case
    by_id: dict[int, Case] = {}
    wanted = sorted({r.case_id for r in chosen if r.case_id is not None})
    for start in range(0, len(wanted), CHUNK):
        for case in db.scalars(select(Case).where(col(Case.id).in_(wanted[start : start + CHUNK]))):
            assert case.id is not None
            by_id[case.id] = case
    new_cases: dict[int, Case] = {}  # person -> the case opened for them here
    made_case: set[int] = set()  # rows whose case is new (undo deletes it with its rows)
    first_day: dict[int, Any] = {}
    for row in chosen:
        if row.case_id is None and row.target is not None:
            day = row.models["contact"].date
            first_day[row.target] = min(day, first_day.get(row.target, day))
    for person_id, day in sorted(first_day.items()):
        case_in = CaseIn(person_id=person_id, opened_on=day, allow_parallel=True)
        new_cases[person_id] = counselling.create(db, data=case_in)
    for row in chosen:
        if row.case_id is not None:
            cases[row.number] = by_id[row.case_id]
        elif row.target is not None:
            cases[row.number] = new_cases[row.target]
    owner: dict[int, int] = {}  # a new case -> the first row that uses it
    for row in chosen:
        case = cases[row.number]
        if row.case_id is None and case.id is not None and case.id not in owner:
            owner[case.id] = row.number
            made_case.add(row.number)
    records: list[dict[str, Any]] = []
    for start in range(0, len(chosen), CHUNK):
        chunk = [(r, None) for r in chosen[start : start + CHUNK]]
        contacts = bulk.write_contacts(db, chunk, cases, actor.centre_id, actor.user_id)
        for row, _none in chunk:
            case = cases[row.number]
            records.append(
                {
                    "row_number": row.number,
                    "row_key": row.key,
                    "outcome": "added",
                    "case_id": case.id if row.number in made_case else None,
                    "contact_id": contacts.get(row.number),
                }
            )
    return records
