"""Likely duplicates of a sheet's rows: with the centre's records and within the file; and
the rows imported before (their key is in a committed batch of the kind and centre).

Persons: the registration's rule (cases.persons.service.find_duplicates): both names share a
search key with the person's and are within one typo each, in either order. The keys of the
rows' last names are asked for once per sheet (first names are too common to look up: every
Mohammed of the centre), the candidates' names read once, and each pair of names judged once.
Employers: the register's rule (cases.employers.matching), similar names once legal forms
and spelling are folded.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from cases.employers import matching as employer_matching
from cases.employers.models import Employer, OutreachEvent
from cases.imports.models import ImportBatch, ImportRow
from cases.imports.plan import Candidate, Plan, PlannedRow
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


class _Names:
    """Normalised names and their one-letter deletions, each computed once per sheet."""

    def __init__(self) -> None:
        self.forms: dict[str, str] = {}
        self.variants: dict[str, frozenset[str]] = {}

    def normalise(self, name: str) -> str:
        form = self.forms.get(name)
        if form is None:
            form = self.forms[name] = matching.normalise(name)
        return form

    def deletions(self, form: str) -> frozenset[str]:
        found = self.variants.get(form)
        if found is None:
            found = self.variants[form] = frozenset(matching.deletions(form))
        return found

    def near(self, a: tuple[str, str], b: tuple[str, str]) -> bool:
        """Could a and b be within one typo each, in either order? (Two names within one
        edit share a one-letter deletion; the exact rule is checked after this cheap one.)"""
        d = self.deletions
        straight = not d(a[0]).isdisjoint(d(b[0])) and not d(a[1]).isdisjoint(d(b[1]))
        swapped = not d(a[0]).isdisjoint(d(b[1])) and not d(a[1]).isdisjoint(d(b[0]))
        return straight or swapped


def of_persons(db: Session, rows: list[PlannedRow]) -> None:
    """Flag each row's likely duplicates. Rows are grouped by their normalised names (each
    distinct name is judged once, whatever the number of its rows); candidates are blocked by
    the one-letter deletions of the last name (an index lookup per key, never all pairs)."""
    names = _Names()
    groups: dict[tuple[str, str], list[int]] = {}  # distinct (first, last) -> row positions
    for position, row in enumerate(rows):
        given = _names(row)
        if given is None or row.imported_before:
            continue
        first, last = names.normalise(given[0]), names.normalise(given[1])
        if first and last:
            groups.setdefault((first, last), []).append(position)
    _within_file(rows, groups, names)
    _with_centre(db, rows, groups, names)


def _within_file(
    rows: list[PlannedRow], groups: dict[tuple[str, str], list[int]], names: _Names
) -> None:
    """A row repeating an earlier row's names points to that row; the first row of a name
    points to the earliest earlier row within one typo of it (either order)."""
    by_last: dict[str, list[tuple[str, str]]] = {}  # deletion of a last name -> earlier names
    for name, positions in groups.items():  # in the order of their first row
        first, last = name
        seen: set[tuple[str, str]] = set()
        best: int | None = None
        # straight order: an earlier last name near this last name; swapped: near this first
        for key in names.deletions(last) | names.deletions(first):
            for other in by_last.get(key, ()):
                if other in seen:
                    continue
                seen.add(other)
                earlier = groups[other][0]
                if (
                    (best is None or earlier < best)
                    and names.near(name, other)
                    and matching.is_likely_duplicate(first, last, *other)
                ):
                    best = earlier
        if best is not None:
            rows[positions[0]].same_as_row = rows[best].number
        for later in positions[1:]:
            rows[later].same_as_row = rows[positions[0]].number
        for key in names.deletions(last):
            by_last.setdefault(key, []).append(name)


def _with_centre(
    db: Session,
    rows: list[PlannedRow],
    groups: dict[tuple[str, str], list[int]],
    names: _Names,
) -> None:
    """The centre's persons sharing a search key with a row's last name (the keys hold both
    names, so this finds the swapped order too); each key asked for once per sheet."""
    wanted = sorted({k for _first, last in groups for k in names.deletions(last)})
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
    candidates: dict[tuple[str, str], set[int]] = {}
    for name in groups:
        found: set[int] = set()
        for key in names.deletions(name[1]):
            found |= stored.get(key, set())
        candidates[name] = found
    ids = sorted(set().union(*candidates.values())) if candidates else []
    people: dict[int, tuple[str, str, str, int | None, frozenset[str]]] = {}
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
            keys = frozenset(matching.keys_for(first_name, last_name))
            people[pid] = (s_first, s_last, f"{last_name}, {first_name}", birth_year, keys)
    for name, persons in candidates.items():
        first, last = name
        hits = []
        for i in persons:
            person = people.get(i)
            if person is None:
                continue
            # find_duplicates' other condition: the first name shares a search key too
            if names.deletions(first).isdisjoint(person[4]):
                continue
            if matching.is_likely_duplicate(first, last, person[0], person[1]):
                hits.append((person[2], i))
        if hits:
            shown = [Candidate(i, label, str(people[i][3] or "")) for label, i in sorted(hits)]
            for position in groups[name]:
                rows[position].duplicates = shown[:MAX_SHOWN]


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


def of_events(db: Session, rows: list[PlannedRow]) -> None:
    """An event of the centre (or an earlier row) on the same day with the same title (case,
    accents and spacing folded)."""
    days = sorted({m.date for r in rows if (m := r.models.get("event")) is not None})
    stored: dict[tuple[Any, str], list[Candidate]] = {}
    for start in range(0, len(days), KEYS_PER_QUERY):
        query = select(col(OutreachEvent.id), col(OutreachEvent.held_on), col(OutreachEvent.title))
        query = query.where(col(OutreachEvent.held_on).in_(days[start : start + KEYS_PER_QUERY]))
        for ident, day, title in db.execute(query):
            stored.setdefault((day, matching.normalise(title)), []).append(
                Candidate(ident, title, day.isoformat())
            )
    earlier: dict[tuple[Any, str], int] = {}
    for row in rows:
        event = row.models.get("event")
        if event is None or row.imported_before:
            continue
        key = (event.date, matching.normalise(event.title))
        row.duplicates = stored.get(key, [])[:MAX_SHOWN]
        if key in earlier:
            row.same_as_row = earlier[key]
        else:
            earlier[key] = row.number


def imported_keys(db: Session, *, kind: str, centre_id: int, keys: Iterable[str]) -> set[str]:
    wanted = sorted(set(keys))
    found: set[str] = set()
    for start in range(0, len(wanted), 500):
        query = (
            select(col(ImportRow.row_key))
            .join(ImportBatch, col(ImportBatch.id) == col(ImportRow.batch_id))
            .where(
                col(ImportBatch.centre_id) == centre_id,
                col(ImportBatch.kind) == kind,
                col(ImportBatch.status) == "committed",
                col(ImportRow.row_key).in_(wanted[start : start + 500]),
            )
        )
        found.update(db.scalars(query))
    return found


def mark_imported(db: Session, plan: Plan, centre_id: int) -> None:
    known = imported_keys(
        db, kind=plan.kind.name, centre_id=centre_id, keys=(r.key for r in plan.rows)
    )
    for row in plan.rows:
        row.imported_before = row.key in known
