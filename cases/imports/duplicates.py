"""Likely duplicates of a sheet's rows: with the centre's records and within the file.

Persons: the registration's rule (cases.persons.service.find_duplicates): both names share a
search key with the person's and are within one typo each, in either order. The keys of the
rows' last names are asked for once per sheet (first names are too common to look up: every
Mohammed of the centre), the candidates' names read once, and each pair of names judged once.
Employers: the register's rule (cases.employers.matching), similar names once legal forms
and spelling are folded.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select
from sqlmodel import Session, col

from cases.employers import matching as employer_matching
from cases.employers.models import Employer
from cases.imports.plan import Candidate, PlannedRow
from cases.persons import matching
from cases.persons.models import Person, PersonSearchKey

KEYS_PER_QUERY = 2000
MAX_SHOWN = 5


def _names(row: PlannedRow) -> tuple[str, str] | None:
    person = row.models.get("person")
    if person is not None:
        return person.first_name, person.last_name
    first, last = row.cells.get("first_name"), row.cells.get("last_name")
    return (first, last) if first and last else None


def _shared(index: Mapping[str, set[int]], name: str) -> set[int]:
    found: set[int] = set()
    for key in matching.deletions(name):
        found |= index.get(key, set())
    return found


def of_persons(db: Session, rows: list[PlannedRow]) -> None:
    # within the file: earlier rows by pairs of name variants (first, last), looked up in
    # both orders, so a common first name does not make every earlier row a candidate
    in_file: dict[tuple[str, str], list[int]] = {}
    exact: dict[tuple[str, str], int] = {}  # the usual case: the same names again
    searched: dict[int, tuple[str, str]] = {}  # position -> normalised first, last name
    for position, row in enumerate(rows):
        names = _names(row)
        if names is None or row.imported_before:
            continue
        first, last = matching.normalise(names[0]), matching.normalise(names[1])
        if not first or not last:
            continue
        searched[position] = (first, last)
        same = exact.get((first, last), exact.get((last, first)))
        firsts, lasts = matching.deletions(first), matching.deletions(last)
        pairs = [(f, n) for f in firsts for n in lasts]
        if same is not None:
            row.same_as_row = rows[same].number
        else:
            earlier: set[int] = set()
            for f, n in pairs:
                earlier.update(in_file.get((f, n), ()))
                earlier.update(in_file.get((n, f), ()))
            for other in sorted(earlier):
                if matching.is_likely_duplicate(first, last, *searched[other]):
                    row.same_as_row = rows[other].number
                    break
            exact[(first, last)] = position
        for variant in pairs:
            found = in_file.setdefault(variant, [])
            if len(found) < MAX_SHOWN:
                found.append(position)
    # the centre's persons sharing a search key with a row's last name (the keys hold both
    # names, so this finds the swapped order too); each key asked for once per sheet
    wanted = sorted({k for _f, last in searched.values() for k in matching.deletions(last)})
    stored: dict[str, set[int]] = {}
    for start in range(0, len(wanted), KEYS_PER_QUERY):
        # the keys alone (an index lookup each; joined to the persons, SQLite took 0.5 s a
        # query): the persons are read below through the centre scope, so another centre's
        # ids found here are never shown
        query = select(col(PersonSearchKey.key), col(PersonSearchKey.person_id)).where(
            col(PersonSearchKey.key).in_(wanted[start : start + KEYS_PER_QUERY])
        )
        for key, person_id in db.execute(query):
            stored.setdefault(key, set()).add(person_id)
    candidates = {p: _shared(stored, last) for p, (_first, last) in searched.items()}
    ids = sorted(set().union(*candidates.values())) if candidates else []
    people: dict[int, tuple[str, str, str, int | None, str, str]] = {}
    for start in range(0, len(ids), KEYS_PER_QUERY):
        details = select(
            col(Person.id),
            col(Person.search_first),
            col(Person.search_last),
            col(Person.first_name),
            col(Person.last_name),
            col(Person.birth_year),
        ).where(col(Person.id).in_(ids[start : start + KEYS_PER_QUERY]))
        for pid, s_first, s_last, first_name, last_name, birth_year in db.execute(details):
            name = f"{last_name}, {first_name}"
            people[pid] = (s_first, s_last, name, birth_year, first_name, last_name)
    likely: dict[tuple[str, str, str, str], bool] = {}  # name pairs, each judged once
    for position, persons in candidates.items():
        first, last = searched[position]
        hits = []
        for i in persons:
            person = people.get(i)
            if person is None:
                continue
            pair = (first, last, person[4], person[5])
            if pair not in likely:
                likely[pair] = matching.is_likely_duplicate(
                    first, last, person[0], person[1]
                ) and _keyed(first, person)
            if likely[pair]:
                hits.append((person[2], i))
        rows[position].duplicates = [
            Candidate(i, name, str(people[i][3] or "")) for name, i in sorted(hits)[:MAX_SHOWN]
        ]


def _keyed(first: str, other: tuple[str, str, str, int | None, str, str]) -> bool:
    """find_duplicates' other condition: the first name shares a search key too."""
    return bool(matching.deletions(first) & matching.keys_for(other[4], other[5]))


def of_employers(db: Session, rows: list[PlannedRow]) -> None:
    stored = list(
        db.execute(select(col(Employer.id), col(Employer.search_key), col(Employer.name)))
    )
    earlier: list[tuple[str, int]] = []
    for row in rows:
        model = row.models.get("employer")
        name = model.name if model is not None else row.cells.get("name")
        if not name or row.imported_before:
            continue
        wanted = employer_matching.key(name)
        if not wanted:
            continue
        for other, number in earlier:
            if employer_matching.is_similar(wanted, other):
                row.same_as_row = number
                break
        row.duplicates = [
            Candidate(ident, label)
            for ident, key, label in stored
            if employer_matching.is_similar(wanted, key)
        ][:MAX_SHOWN]
        earlier.append((wanted, row.number))
