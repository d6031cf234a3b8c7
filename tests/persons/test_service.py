"""Persons: field validation, search before create, name search (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from cases import cldr
from cases.persons import service
from cases.persons.models import Person, PersonNationality
from cases.persons.schemas import PersonIn
from tests.conftest import Factory
from tests.counselling.helpers import acting, person
from welcome.errors import FieldErrors
from welcome.inputs import validate


@pytest.fixture
def counsellor(factory: Factory):  # type: ignore[no-untyped-def]
    return factory.user(role="counsellor", centre=factory.centre(), locale="en")


def test_create_with_all_fields(factory: Factory, counsellor) -> None:  # type: ignore[no-untyped-def]
    with acting(factory, counsellor) as db:
        p = person(
            db,
            "Jörg",
            "Müller",
            client_group="returnee",
            birth_year=1990,
            gender="male",
            nationalities=["de", "AT", "DE"],
            previous_residence_country="at",
            municipality="Annaberg-Buchholz",
            preferred_language="pt-br",
            counselling_language="de",
            residence_status="german_citizen",
            german_level="native",
            qualification_level="master",
            occupation_kldb="43104",
            family_situation="family_with_children",
            children_count=2,
        )
        assert p.search_last == "muller" and p.search_first == "jorg"
        assert p.centre_id == counsellor.centre_id
        assert p.preferred_language == "pt-BR"
        assert service.nationalities_of(db, person_id=p.id) == ["DE", "AT"]


@pytest.mark.parametrize(
    ("fields", "wrong"),
    [
        ({"client_group": "tourist"}, "client_group"),
        ({"client_group": ""}, "client_group"),
        ({"nationalities": ["XX"]}, "nationalities"),
        ({"nationalities": ["DEU"]}, "nationalities"),
        ({"previous_residence_country": "EU"}, "previous_residence_country"),
        ({"preferred_language": "klingon"}, "preferred_language"),
        ({"counselling_language": "xx-YY"}, "counselling_language"),
        ({"occupation_kldb": "4310"}, "occupation_kldb"),
        ({"occupation_kldb": "4310a"}, "occupation_kldb"),
        ({"gender": "x"}, "gender"),
        ({"birth_year": 1850}, "birth_year"),
        ({"german_level": "d1"}, "german_level"),
        ({"residence_status": "visa"}, "residence_status"),
        ({"qualification_level": "phd"}, "qualification_level"),
        ({"family_situation": "many"}, "family_situation"),
        ({"previous_residence_state": "DE-XX"}, "previous_residence_state"),
        (
            {"client_group": "domestic_mover", "previous_residence_country": "PL"},
            "previous_residence_country",
        ),
        (
            {"previous_residence_country": "PL", "previous_residence_state": "DE-SN"},
            "previous_residence_state",
        ),
    ],
)
def test_wrong_fields_are_named(factory: Factory, counsellor, fields, wrong) -> None:  # type: ignore[no-untyped-def]
    data = {"first_name": "A", "last_name": "B", "client_group": "eu_immigrant", **fields}
    with acting(factory, counsellor) as db:
        with pytest.raises(FieldErrors) as caught:
            service.create(db, data=validate(PersonIn, data))
        assert wrong in caught.value.errors
        assert db.scalar(select(func.count()).select_from(Person)) == 0
        assert db.scalar(select(func.count()).select_from(PersonNationality)) == 0


def test_domestic_mover_with_german_state(factory: Factory, counsellor) -> None:  # type: ignore[no-untyped-def]
    with acting(factory, counsellor) as db:
        p = person(db, client_group="domestic_mover", previous_residence_state="de-by")
        assert (p.previous_residence_country, p.previous_residence_state) == ("DE", "DE-BY")


def test_names_required(factory: Factory, counsellor) -> None:  # type: ignore[no-untyped-def]
    with acting(factory, counsellor) as db, pytest.raises(FieldErrors) as caught:
        service.create(db, data=validate(PersonIn, {"first_name": " ", "client_group": "returnee"}))
    assert set(caught.value.errors) == {"first_name", "last_name"}


def test_country_and_language_names_are_localised() -> None:
    from welcome.i18n import force_locale

    with force_locale("de"):
        assert cldr.country_names()["DE"] == "Deutschland"
        assert cldr.language_names()["uk"] == "Ukrainisch"
    with force_locale("en"):
        assert cldr.country_names()["UA"] == "Ukraine"
        assert "EU" not in cldr.country_names()


def test_duplicates_spelling_order_and_typo(factory: Factory, counsellor) -> None:  # type: ignore[no-untyped-def]
    other = factory.user(role="counsellor", centre=factory.centre(), locale="en")
    with acting(factory, counsellor) as db:
        mine = person(db, "Jürgen", "Müller")
        person(db, "Anna", "Schmidt")
    with acting(factory, other) as db:
        person(db, "Jürgen", "Müller")  # another centre: never shown
    with acting(factory, counsellor) as db:
        for first, last in [
            ("Juergen", "Mueller"),
            ("JURGEN", "MULLER"),
            ("Müller", "Jürgen"),
            ("Jürgen", "Müler"),
            ("Jügren", "Müller"),
        ]:
            found = service.find_duplicates(db, first_name=first, last_name=last)
            assert [p.id for p in found] == [mine.id], (first, last)
        assert service.find_duplicates(db, first_name="Jürgen", last_name="Maier") == []
        assert [p.id for p in service.search(db, q="Mulelr")[0]] == [mine.id]  # typo only


def test_search_prefix_typo_and_order(factory: Factory, counsellor) -> None:  # type: ignore[no-untyped-def]
    with acting(factory, counsellor) as db:
        olena = person(db, "Olena", "Ivanova")
        oleksii = person(db, "Oleksii", "Ivanov")
        person(db, "Mohammed", "Al-Hassan")
    with acting(factory, counsellor) as db:
        ids = lambda q: [p.id for p in service.search(db, q=q)[0]]  # noqa: E731
        assert ids("Ivanova") == [olena.id, oleksii.id]  # exact first, then one typo
        assert set(ids("ivan")) == {olena.id, oleksii.id}
        assert ids("Ivanova Olena") == [olena.id]
        assert ids("olena ivanowa") == [olena.id]
        assert ids("alhassan")  # hyphen folded
        assert ids("") == [] and ids("zzzz") == []


def test_search_finds_a_word_of_a_compound_name(factory: Factory, counsellor) -> None:  # type: ignore[no-untyped-def]
    with acting(factory, counsellor) as db:
        anna_lena = person(db, "Anna-Lena", "Schmidt-Özdemir")
        person(db, "Lena", "Weber")
    with acting(factory, counsellor) as db:
        ids = lambda q: [p.id for p in service.search(db, q=q)[0]]  # noqa: E731
        assert anna_lena.id in ids("Lena")  # a word of the first name
        assert ids("Lena Ozdemir") == [anna_lena.id]  # words of both names, any order
        assert ids("Oezdemir Lena") == [anna_lena.id]  # transliterated
        assert ids("Annalena Schmidt") == [anna_lena.id]  # the whole name without hyphen
        assert ids("Lena Weber") != [anna_lena.id]
