"""Persons: validation of every field of DOMAIN.md, search before create, name search.

Keyword-only functions; they flush, never commit. Country and language names come from
Babel/CLDR in the UI language (no hand-written lists).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import date
from functools import lru_cache
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.localedata import locale_identifiers
from sqlalchemy import and_, delete, insert, intersect, select
from sqlmodel import Session, col

from cases import codes
from cases.checks import check_code
from cases.persons import matching
from cases.persons.models import Person, PersonNationality, PersonSearchKey
from welcome.db import actor_of, fetch
from welcome.errors import FieldErrors, NotFound
from welcome.i18n import _, get_locale

KLDB_PATTERN = re.compile(r"^\d{5}$")
MIN_BIRTH_YEAR = 1900
# CLDR territories with two letters that are not countries (EU, euro zone, UN, unknown…)
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"})
SEARCH_CANDIDATES = 400
MAX_DUPLICATES = 20


# --- countries and languages (CLDR) ---------------------------------------------------------


@lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    return frozenset(
        str(code)
        for code in Locale("en").territories
        if isinstance(code, str)
        and len(code) == 2
        and code.isalpha()
        and code not in _NOT_COUNTRIES
    )


@lru_cache(maxsize=8)
def _country_names(locale: str) -> tuple[tuple[str, str], ...]:
    names = Locale.parse(locale).territories
    pairs = [(code, names.get(code, code)) for code in country_codes()]
    return tuple(sorted(pairs, key=lambda p: matching.normalise(p[1])))


def country_names() -> dict[str, str]:
    """ISO alpha-2 code -> country name in the UI language, sorted by name."""
    return dict(_country_names(get_locale()))


def country_name(code: str | None) -> str:
    if not code:
        return ""
    return str(Locale.parse(get_locale()).territories.get(code, code))


@lru_cache(maxsize=8)
def _language_names(locale: str) -> tuple[tuple[str, str], ...]:
    ui = Locale.parse(locale)
    pairs = []
    for ident in locale_identifiers():
        if "_" in ident or ident == "root":
            continue
        name = ui.languages.get(ident)
        if name:
            pairs.append((ident, name))
    return tuple(sorted(pairs, key=lambda p: matching.normalise(p[1])))


def language_names() -> dict[str, str]:
    """BCP 47 language code -> language name in the UI language, sorted by name."""
    return dict(_language_names(get_locale()))


def valid_language(tag: str) -> bool:
    """A BCP 47 tag that CLDR knows (de, en, pt-BR, fa-AF, sr-Latn…)."""
    if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", tag):
        return False
    try:
        Locale.parse(tag, sep="-")
    except (ValueError, UnknownLocaleError):
        return False
    return True


# --- input ----------------------------------------------------------------------------------


@dataclass
class PersonData:
    """Everything a person record holds; typed values (views and the API parse input)."""

    first_name: str = ""
    last_name: str = ""
    client_group: str = ""
    birth_year: int | None = None
    gender: str | None = None
    nationalities: list[str] = field(default_factory=list)
    previous_residence_country: str | None = None
    previous_residence_state: str | None = None
    municipality: str | None = None
    arrived_on: date | None = None
    preferred_language: str | None = None
    counselling_language: str | None = None
    residence_status: str | None = None
    german_level: str | None = None
    qualification_level: str | None = None
    occupation_kldb: str | None = None
    occupation_title: str | None = None
    family_situation: str | None = None
    children_count: int | None = None


PERSON_COLUMNS = tuple(f.name for f in fields(PersonData) if f.name != "nationalities")


def _blank(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


def clean(data: PersonData, *, today: date | None = None) -> PersonData:
    """The data with blanks removed and codes normalised; FieldErrors naming every wrong field."""
    today = today or date.today()
    errors: dict[str, str] = {}
    out = PersonData()
    out.first_name = " ".join(data.first_name.split())
    out.last_name = " ".join(data.last_name.split())
    if not out.first_name:
        errors["first_name"] = _("Please enter the first name.")
    elif len(out.first_name) > 100:
        errors["first_name"] = _("At most %(n)d characters.", n=100)
    if not out.last_name:
        errors["last_name"] = _("Please enter the last name.")
    elif len(out.last_name) > 100:
        errors["last_name"] = _("At most %(n)d characters.", n=100)
    if not _blank(data.client_group):
        errors["client_group"] = _("Please choose a client group.")
    else:
        out.client_group = (
            check_code(errors, "client_group", data.client_group, codes.ClientGroup) or ""
        )
    if data.birth_year is not None and not MIN_BIRTH_YEAR <= data.birth_year <= today.year:
        errors["birth_year"] = _(
            "Please enter a year between %(low)d and %(high)d.", low=MIN_BIRTH_YEAR, high=today.year
        )
    out.birth_year = data.birth_year
    out.gender = check_code(errors, "gender", data.gender, codes.Gender)
    nationalities: list[str] = []
    for raw in data.nationalities:
        code = (raw or "").strip().upper()
        if not code:
            continue
        if code not in country_codes():
            errors["nationalities"] = _("Unknown country code %(code)s.", code=raw)
        elif code not in nationalities:
            nationalities.append(code)
    out.nationalities = nationalities
    country = _blank(data.previous_residence_country)
    if country is not None:
        country = country.upper()
        if country not in country_codes():
            errors["previous_residence_country"] = _("Unknown country code %(code)s.", code=country)
    state = _blank(data.previous_residence_state)
    if state is not None:
        state = state.upper()
        if state not in codes.GERMAN_STATES:
            errors["previous_residence_state"] = _("Unknown German state %(code)s.", code=state)
        elif country is None:
            country = "DE"
        elif country != "DE":
            errors["previous_residence_state"] = _(
                "A German state fits only a previous residence in Germany."
            )
    if (
        out.client_group == codes.ClientGroup.DOMESTIC_MOVER
        and country is not None
        and country != "DE"
        and "previous_residence_country" not in errors
    ):
        errors["previous_residence_country"] = _(
            "A mover from elsewhere in Germany cannot have a previous residence abroad."
        )
    out.previous_residence_country = country
    out.previous_residence_state = state
    out.municipality = _blank(data.municipality)
    if out.municipality and len(out.municipality) > 120:
        errors["municipality"] = _("At most %(n)d characters.", n=120)
    out.arrived_on = data.arrived_on
    if data.arrived_on is not None and data.arrived_on.year < MIN_BIRTH_YEAR:
        errors["arrived_on"] = _("Please enter a valid date.")
    for name in ("preferred_language", "counselling_language"):
        tag = _blank(getattr(data, name))
        if tag is not None and not valid_language(tag):
            errors[name] = _("Unknown language code %(code)s.", code=tag)
        elif tag is not None:
            tag = str(Locale.parse(tag, sep="-")).replace("_", "-")
        setattr(out, name, tag)
    out.residence_status = check_code(
        errors, "residence_status", data.residence_status, codes.ResidenceStatus
    )
    out.german_level = check_code(errors, "german_level", data.german_level, codes.GermanLevel)
    out.qualification_level = check_code(
        errors, "qualification_level", data.qualification_level, codes.QualificationLevel
    )
    kldb = _blank(data.occupation_kldb)
    if kldb is not None and not KLDB_PATTERN.match(kldb):
        errors["occupation_kldb"] = _("A KldB 2010 code has five digits.")
    out.occupation_kldb = kldb
    out.occupation_title = _blank(data.occupation_title)
    if out.occupation_title and len(out.occupation_title) > 200:
        errors["occupation_title"] = _("At most %(n)d characters.", n=200)
    out.family_situation = check_code(
        errors, "family_situation", data.family_situation, codes.FamilySituation
    )
    if data.children_count is not None and not 0 <= data.children_count <= 30:
        errors["children_count"] = _("Please enter a number between 0 and 30.")
    out.children_count = data.children_count
    if errors:
        raise FieldErrors(errors)
    return out


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


def create(db: Session, *, data: PersonData) -> Person:
    """A new person (search before create is the caller's step: `find_duplicates`)."""
    cleaned = clean(data)
    actor = actor_of(db)
    if actor is None or actor.centre_id is None:
        raise FieldErrors({"centre": _("Only a member of a centre can register a person.")})
    person = Person(
        centre_id=actor.centre_id, **{name: getattr(cleaned, name) for name in PERSON_COLUMNS}
    )
    _write_search(db, person)
    db.add(person)
    db.flush()
    _write_nationalities(db, person, cleaned.nationalities)
    _write_keys(db, person)
    return person


def update(db: Session, *, person: Person, data: PersonData) -> Person:
    cleaned = clean(data)
    for name in PERSON_COLUMNS:
        setattr(person, name, getattr(cleaned, name))
    _write_search(db, person)
    db.flush()
    _write_nationalities(db, person, cleaned.nationalities)
    _write_keys(db, person)
    return person


def get(db: Session, *, person_id: int) -> Person:
    """One person of the actor's centre (audited as a view); NotFound otherwise."""
    person = fetch(db, Person, person_id)
    if person is None:
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


def data_of(db: Session, *, person: Person) -> PersonData:
    assert person.id is not None
    data = PersonData(**{name: getattr(person, name) for name in PERSON_COLUMNS})
    data.nationalities = nationalities_of(db, person_id=person.id)
    return data


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
