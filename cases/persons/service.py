"""Persons: create and update from the validated `PersonIn`, search before create, name search.

Keyword-only functions; they flush, never commit. The field rules are the input model's
(cases/persons/schemas.py); country and language names are in cases/cldr.py.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, delete, insert, intersect, select
from sqlmodel import Session, col

from cases.persons import matching
from cases.persons.models import Person, PersonNationality, PersonSearchKey
from cases.persons.schemas import PersonIn
from welcome.db import actor_of, fetch
from welcome.errors import FieldErrors, NotFound
from welcome.i18n import _
from welcome.reads import audited_list

SEARCH_CANDIDATES = 400
MAX_DUPLICATES = 20


# values of a stored person in the input model's terms (edit form, PATCH merge)
PERSON_COLUMNS = tuple(name for name in PersonIn.model_fields if name != "nationalities")


# --- persons --------------------------------------------------------------------------------


def _write_search(db: Session, person: Person) -> None:
    person.search_first = matching.normalise(person.first_name)[:100]
    person.search_last = matching.normalise(person.last_name)[:100]


def _write_keys(db: Session, person: Person) -> None:
    assert person.id is not None
    db.execute(delete(PersonSearchKey).where(col(PersonSearchKey.person_id) == person.id))
    keys = matching.keys_for(person.first_name, person.last_name)
    if keys:
        db.execute(
            insert(PersonSearchKey), [{"person_id": person.id, "key": k[:100]} for k in keys]
        )


def _write_nationalities(db: Session, person: Person, nationalities: list[str]) -> None:
    assert person.id is not None
    db.execute(delete(PersonNationality).where(col(PersonNationality.person_id) == person.id))
    if nationalities:
        db.execute(
            insert(PersonNationality),
            [
                {"person_id": person.id, "country": code, "position": i}
                for i, code in enumerate(nationalities)
            ],
        )


def create(db: Session, *, data: PersonIn) -> Person:
    """A new person (search before create is the caller's step: `find_duplicates`)."""
    actor = actor_of(db)
    if actor is None or actor.centre_id is None:
        raise FieldErrors({"centre": _("Only a member of a centre can register a person.")})
    person = Person(centre_id=actor.centre_id, **data.model_dump(include=set(PERSON_COLUMNS)))
    _write_search(db, person)
    db.add(person)
    db.flush()
    _write_nationalities(db, person, data.nationalities)
    _write_keys(db, person)
    return person


def update(db: Session, *, person: Person, data: PersonIn) -> Person:
    for name, value in data.model_dump(include=set(PERSON_COLUMNS)).items():
        setattr(person, name, value)
    _write_search(db, person)
    db.flush()
    _write_nationalities(db, person, data.nationalities)
    _write_keys(db, person)
    return person


def get(db: Session, *, person_id: int) -> Person:
    """One person of the actor's centre (audited as a view); NotFound otherwise."""
    person = fetch(db, Person, person_id)
    if person is None or person.anonymised_at is not None:  # anonymised: names no one
        raise NotFound()
    return person


def nationalities_of(db: Session, *, person_id: int) -> list[str]:
    return list(
        db.scalars(
            select(col(PersonNationality.country))
            .where(col(PersonNationality.person_id) == person_id)
            .order_by(col(PersonNationality.position))
        )
    )


def values_of(db: Session, *, person: Person) -> dict[str, Any]:
    """The stored person as input values (the edit form, a PATCH merged into them)."""
    assert person.id is not None
    values: dict[str, Any] = {name: getattr(person, name) for name in PERSON_COLUMNS}
    values["nationalities"] = nationalities_of(db, person_id=person.id)
    return values


# --- search ---------------------------------------------------------------------------------


def _prefix_range(column: Any, word: str) -> Any:
    """`column LIKE 'word%'` as an index-friendly range (words are lower-case letters/digits)."""
    upper = word[:-1] + chr(ord(word[-1]) + 1)
    return and_(column >= word, column < upper)


_Names = tuple[str, str, str, str]  # first and last name as typed, then their search forms


def _candidates(db: Session, word: str, *, prefix: bool) -> dict[int, _Names]:
    """Persons of the centre whose names (or a word of them) start with / are within one
    typo of `word`: id -> names."""
    found: dict[int, _Names] = {}
    columns = select(
        col(Person.id),
        col(Person.first_name),
        col(Person.last_name),
        col(Person.search_first),
        col(Person.search_last),
    )
    # the persons whose keys match (one name and its one-letter variants) as a semi-join in
    # one query: sending the ids of a common name back as thousands of parameters took
    # longer than the whole lookup
    keyed = select(col(PersonSearchKey.person_id)).where(
        col(PersonSearchKey.key).in_(sorted(matching.deletions(word)))
    )
    queries = [columns.where(col(Person.id).in_(keyed))]
    if prefix:
        queries += [
            columns.where(_prefix_range(col(Person.search_last), word)).limit(SEARCH_CANDIDATES),
            columns.where(_prefix_range(col(Person.search_first), word)).limit(SEARCH_CANDIDATES),
        ]
    for query in queries:
        for pid, first, last, search_first, search_last in db.execute(query):
            found[pid] = (first, last, search_first, search_last)
    return found


class _Fit:
    """`matching.score(words, first, last)` for names as typed, remembered per name.

    A common surname gives thousands of candidates (every Müller of the centre) but few
    distinct names; scoring each name once keeps the search box fast at any centre size.
    """

    def __init__(self, words: list[str]) -> None:
        self.words = words
        self._fits: dict[str, tuple[int, ...]] = {}

    def _of(self, name: str) -> tuple[int, ...]:
        """How well each query word fits this name or one of its words (Lena: Anna-Lena)."""
        fits = self._fits.get(name)
        if fits is None:
            parts = matching.search_forms(name)
            fits = tuple(
                max((matching.word_score(word, part) for part in parts), default=0)
                for word in self.words
            )
            self._fits[name] = fits
        return fits

    def score(self, first: str, last: str) -> int:
        total = 0
        for a, b in zip(self._of(first), self._of(last), strict=True):
            if not (best := max(a, b)):
                return 0
            total += best
        return total


@audited_list("persons")
def search(db: Session, *, q: str, limit: int = 20, offset: int = 0) -> tuple[list[Person], int]:
    """Persons of the centre by name: prefix and one typo per word, in any order, best first.

    Returns one page and the number of matches found (candidates are capped, so a very
    short query over a very large centre may count fewer than exist).
    """
    words = matching.tokens(q)[:4]
    if not words:
        return [], 0
    anchor = max(words, key=len)
    candidates = _candidates(db, anchor, prefix=True)
    fit = _Fit(words)
    scored = []
    for pid, (first, last, search_first, search_last) in candidates.items():
        points = fit.score(first, last)
        if points:
            scored.append((-points, search_last, search_first, pid))
    scored.sort()
    page_ids = [pid for *_rest, pid in scored[offset : offset + limit]]
    if not page_ids:
        return [], len(scored)
    persons = {p.id: p for p in db.scalars(select(Person).where(col(Person.id).in_(page_ids)))}
    return [persons[i] for i in page_ids if i in persons], len(scored)


def find_duplicates(
    db: Session, *, first_name: str, last_name: str, exclude_id: int | None = None
) -> list[Person]:
    """Likely duplicates in the centre: same names within one typo each, either order."""
    first = matching.normalise(first_name)
    last = matching.normalise(last_name)
    if not first or not last:
        return []
    both = intersect(
        select(col(PersonSearchKey.person_id)).where(
            col(PersonSearchKey.key).in_(sorted(matching.deletions(first)))
        ),
        select(col(PersonSearchKey.person_id)).where(
            col(PersonSearchKey.key).in_(sorted(matching.deletions(last)))
        ),
    )
    query = (
        select(col(Person.id), col(Person.search_first), col(Person.search_last))
        .where(col(Person.id).in_(both))
        .limit(SEARCH_CANDIDATES)
    )
    matches = sorted(
        (other_last, other_first, pid)
        for pid, other_first, other_last in db.execute(query)
        if pid != exclude_id and matching.is_likely_duplicate(first, last, other_first, other_last)
    )[:MAX_DUPLICATES]
    ids = [pid for _last, _first, pid in matches]
    if not ids:
        return []
    persons = {p.id: p for p in db.scalars(select(Person).where(col(Person.id).in_(ids)))}
    return [persons[i] for i in ids if i in persons]
