"""Likely duplicates of a sheet's rows: with the centre's records and within the file.

Persons: the registration's rule (cases.persons.service.find_duplicates): both names within
one typo, in either order, found through the persons' search keys. Each search key is asked
for once per sheet (a common first name is not fetched again for every chunk of rows), and
only the candidates that share a key with both names are read in full.
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
    in_file: dict[str, set[int]] = {}  # search key -> positions of earlier rows
    searched: dict[int, tuple[str, str]] = {}  # position -> normalised first, last name
    for position, row in enumerate(rows):
        names = _names(row)
        if names is None or row.imported_before:
            continue
        first, last = matching.normalise(names[0]), matching.normalise(names[1])
        if not first or not last:
            continue
        searched[position] = (first, last)
        for earlier in sorted(_shared(in_file, first) & _shared(in_file, last)):
            other = searched[earlier]
            if matching.is_likely_duplicate(first, last, other[0], other[1]):
                row.same_as_row = rows[earlier].number
                break
        for key in matching.keys_for(*names):
            in_file.setdefault(key, set()).add(position)
    # the centre's persons: key -> ids, each key asked for once (the scope limits the join)
    wanted = sorted({k for pair in searched.values() for n in pair for k in matching.deletions(n)})
    stored: dict[str, set[int]] = {}
    for start in range(0, len(wanted), KEYS_PER_QUERY):
        query = (
            select(col(PersonSearchKey.key), col(PersonSearchKey.person_id))
            .join(Person, col(Person.id) == col(PersonSearchKey.person_id))
            .where(col(PersonSearchKey.key).in_(wanted[start : start + KEYS_PER_QUERY]))
        )
        for key, person_id in db.execute(query):
            stored.setdefault(key, set()).add(person_id)
    candidates = {p: _shared(stored, f) & _shared(stored, n) for p, (f, n) in searched.items()}
    ids = sorted(set().union(*candidates.values())) if candidates else []
    people: dict[int, tuple[str, str, str, int | None]] = {}
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
            people[pid] = (s_first, s_last, f"{last_name}, {first_name}", birth_year)
    for position, found in candidates.items():
        first, last = searched[position]
        likely = sorted(
            (people[i][2], i)
            for i in found
            if i in people and matching.is_likely_duplicate(first, last, *people[i][:2])
        )
        rows[position].duplicates = [
            Candidate(i, name, str(people[i][3] or "")) for name, i in likely[:MAX_SHOWN]
        ]


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
