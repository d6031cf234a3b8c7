"""Employer service rules on SQLite and PostgreSQL: each rule has its field error."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlmodel import col

from cases.employers import consultations, contacts, events, hiring_needs, placements, service
from cases.employers.models import Employer, EventEmployer, OutreachEvent
from cases.employers.schemas import (
    ConsultationIn,
    ContactPersonIn,
    EmployerIn,
    EventIn,
    HiringNeedIn,
    PlacementIn,
)
from tests.conftest import Factory
from tests.employers.conftest import acting, add_person
from tests.employers.helpers import consultation, employer, event
from welcome import clock
from welcome.audit import AuditEntry
from welcome.errors import FieldErrors, NotFound
from welcome.inputs import validate

TODAY = clock.today()


@pytest.fixture
def team(factory: Factory) -> tuple[Factory, object, object, object]:
    centre = factory.centre("Erzgebirge")
    other = factory.centre("Chemnitz")
    user = factory.user(centre=centre)
    return factory, centre, other, user


def _errors(exc: pytest.ExceptionInfo[FieldErrors]) -> dict[str, str]:
    return exc.value.errors


def test_variant_spellings_are_found_as_the_same_company(factory: Factory) -> None:
    centre = factory.centre()
    user = factory.user(centre=centre)
    with acting(factory, user) as db:
        first = employer(db, "Müller GmbH", municipality="Annaberg-Buchholz")
        employer(db, "Schulze Bau AG")
    with acting(factory, user) as db:
        for variant in ("Mueller G.m.b.H.", "MÜLLER GMBH & Co. KG", "müller", "Muller KG"):
            assert [e.id for e in service.find_duplicates(db, name=variant)] == [first.id], variant
        assert service.find_duplicates(db, name="Schmidt Logistik") == []
        rows, total = service.list_employers(db, q="Mueller G.m.b.H.")
        assert total == 1 and rows[0].employer.id == first.id
        rows, _total = service.list_employers(db, q="Mülelr")  # typo
        assert [r.employer.id for r in rows] == [first.id]
        rows, _total = service.list_employers(db, q="bau")
        assert [r.employer.name for r in rows] == ["Schulze Bau AG"]


def test_the_search_stays_in_the_centre(factory: Factory) -> None:
    centre, other = factory.centre(), factory.centre()
    user, stranger = factory.user(centre=centre), factory.user(centre=other)
    with acting(factory, stranger) as db:
        foreign = employer(db, "Müller GmbH")
    with acting(factory, user) as db:
        assert service.find_duplicates(db, name="Müller GmbH") == []
        assert service.list_employers(db, q="Müller")[1] == 0
        with pytest.raises(NotFound):
            assert foreign.id is not None
            service.get(db, employer_id=foreign.id)


@pytest.mark.parametrize(
    ("version", "code", "ok"),
    [
        ("2008", "C", True),
        ("2008", "25", True),
        ("2008", "25.62", True),
        ("2008", "45", True),
        ("2025", "45", False),  # motor-vehicle trade is no division of WZ 2025 / NACE 2.1
        ("2025", "V", True),
        ("2008", "V", False),
        ("2008", "04", False),
        ("2008", "ZZ", False),
        ("2025", "62", True),
    ],
)
def test_sector_codes_are_checked_against_the_stored_version(
    version: str, code: str, ok: bool
) -> None:
    fields = {"name": "A", "sector_code": code, "sector_version": version}
    if ok:
        assert validate(EmployerIn, fields).sector_section is not None
        return
    with pytest.raises(FieldErrors) as exc:
        validate(EmployerIn, fields)
    assert set(_errors(exc)) == {"sector_code"}
    assert code in _errors(exc)["sector_code"] and version in _errors(exc)["sector_code"]


def test_create_employer_rejects_unknown_codes_by_name(factory: Factory) -> None:
    centre = factory.centre()
    user = factory.user(centre=centre)
    with pytest.raises(FieldErrors) as exc:
        validate(
            EmployerIn, {"name": " ", "sector_code": "X1", "size_band": "huge", "chamber": "guild"}
        )
    errors = _errors(exc)
    assert set(errors) == {"name", "sector_code", "size_band", "chamber"}
    assert "X1" in errors["sector_code"] and "huge" in errors["size_band"]
    with pytest.raises(FieldErrors) as exc:
        validate(EmployerIn, {"name": "A", "sector_code": "C", "sector_version": "2017"})
    assert set(_errors(exc)) == {"sector_version"} and "2017" in _errors(exc)["sector_version"]
    with acting(factory, user) as db:
        made = employer(db, "Erzgebirgsbäckerei", sector_code="10")
        assert (made.sector_version, made.sector_section) == ("2008", "C")
        assert db.scalar(select(func.count()).select_from(Employer)) == 1
        audited = db.scalars(select(AuditEntry).where(col(AuditEntry.entity) == "employers")).all()
        assert [a.action for a in audited] == ["create"]


def test_consultation_rules(factory: Factory) -> None:
    centre = factory.centre()
    user = factory.user(centre=centre)
    with acting(factory, user) as db:
        company = employer(db, "Kühn Metall GmbH")
    base = {"date": TODAY, "channel": "phone", "topics": ["onboarding"]}
    for minutes, ok in ((0, False), (1, True), (600, True), (601, False), (-5, False)):
        with acting(factory, user) as db:
            if ok:
                made = consultation(db, company, duration_minutes=minutes, **base)
                assert made.counsellor_id == user.id
            else:
                with pytest.raises(FieldErrors) as exc:
                    validate(ConsultationIn, {"duration_minutes": minutes, **base})
                assert set(_errors(exc)) == {"duration_minutes"}
    with pytest.raises(FieldErrors) as exc:
        validate(
            ConsultationIn,
            {"date": TODAY + timedelta(days=3), "duration_minutes": 30, "channel": "pigeon",
             "topics": ["onboarding", "astrology"], "follow_up_on": TODAY},
        )  # fmt: skip
    errors = _errors(exc)
    assert set(errors) == {"date", "channel", "topics"}
    assert "astrology" in errors["topics"] and "pigeon" in errors["channel"]
    with pytest.raises(FieldErrors) as exc:  # a rule across fields: once the fields are right
        validate(
            ConsultationIn,
            {"date": TODAY, "duration_minutes": 30, "channel": "phone",
             "follow_up_on": TODAY - timedelta(days=1)},
        )  # fmt: skip
    assert set(_errors(exc)) == {"follow_up_on"}
    with acting(factory, user) as db, pytest.raises(FieldErrors) as exc:
        consultation(db, company, counsellor_id=10**6)  # no such user
    assert set(_errors(exc)) == {"counsellor_id"}
    with acting(factory, user) as db:
        made = consultation(
            db,
            company,
            duration_minutes=45,
            channel="in_person",
            topics=["eu_blue_card", "accelerated_procedure", "eu_blue_card"],
        )
        assert made.id is not None
        assert consultations.topics_of(db, [made.id])[made.id] == [
            "accelerated_procedure",
            "eu_blue_card",
        ]
        assert len(consultations.list_consultations(db, employer_id=company.id or 0)) == 3


def test_event_rules_and_nothing_half_written(factory: Factory) -> None:
    centre, other = factory.centre(), factory.centre()
    user, stranger = factory.user(centre=centre), factory.user(centre=other)
    with acting(factory, stranger) as db:
        foreign = employer(db, "Fremd GmbH")
    with acting(factory, user) as db:
        own = employer(db, "Eigen GmbH")
    assert own.id and foreign.id
    with pytest.raises(FieldErrors) as exc:
        validate(
            EventIn,
            {"type": "mailing", "title": "Newsletter", "date": TODAY + timedelta(days=731),
             "anonymous_companies": -1, "persons_reached": -3},
        )  # fmt: skip
    assert set(_errors(exc)) == {"date", "anonymous_companies", "persons_reached"}
    with acting(factory, user) as db, pytest.raises(FieldErrors) as exc:
        event(db, type="mailing", title="Newsletter", employer_ids=[own.id, foreign.id])
    errors = _errors(exc)
    assert set(errors) == {"employer_ids"}
    assert str(foreign.id) in errors["employer_ids"] and str(own.id) not in errors["employer_ids"]
    with acting(factory, user) as db:
        assert db.scalar(select(func.count()).select_from(OutreachEvent)) == 0
        assert db.scalar(select(func.count()).select_from(EventEmployer)) == 0
        made = event(
            db,
            type="job_fair",
            title="Pendlertag",
            date=TODAY + timedelta(days=730),  # two years ahead is still fine
            employer_ids=[own.id, own.id],
            anonymous_companies=20,
        )
        assert made.id is not None
        assert [e.id for e in events.employers_reached(db, event_id=made.id)] == [own.id]
        assert made.persons_reached == 0
    with pytest.raises(FieldErrors) as exc:
        validate(EventIn, {"type": "party", "title": "", "date": None, "format": "smoke"})
    assert set(_errors(exc)) == {"type", "title", "date", "format"}


def test_event_persons_must_be_of_the_centre_and_counted(factory: Factory) -> None:
    centre, other = factory.centre(), factory.centre()
    user = factory.user(centre=centre)
    mine, theirs = add_person(factory, centre), add_person(factory, other)
    with acting(factory, user) as db, pytest.raises(FieldErrors) as exc:
        event(db, title="Bewerbungstraining", person_ids=[mine, theirs])
    assert str(theirs) in _errors(exc)["person_ids"]
    with pytest.raises(FieldErrors) as exc:
        validate(
            EventIn,
            {"type": "workshop", "title": "W", "date": TODAY, "person_ids": [mine],
             "persons_reached": 0},
        )  # fmt: skip
    assert set(_errors(exc)) == {"persons_reached"}
    with acting(factory, user) as db:
        made = event(db, person_ids=[mine, mine])
        assert made.persons_reached == 1
        assert [p.id for p in events.persons_linked(db, event_id=made.id or 0)] == [mine]


def test_placement_of_a_person_of_another_centre_is_a_field_error(factory: Factory) -> None:
    centre, other = factory.centre(), factory.centre()
    user = factory.user(centre=centre)
    mine, theirs = add_person(factory, centre), add_person(factory, other, "Ahmad", "Karimi")
    with acting(factory, user) as db:
        home = employer(db, "Pflegeheim Sonnenschein gGmbH")
    fields = {"type": "job", "starts_on": TODAY, "occupation": "Pflegefachkraft"}
    with acting(factory, user) as db, pytest.raises(FieldErrors) as exc:
        data = validate(PlacementIn, {"person_id": theirs, **fields})
        placements.create(db, employer=home, data=data)
    assert set(_errors(exc)) == {"person_id"}
    with pytest.raises(FieldErrors) as exc:
        validate(
            PlacementIn,
            {"person_id": None, "type": "apprenticeship", "starts_on": TODAY + timedelta(days=800),
             "occupation": " ", "occupation_kldb": "8x"},
        )  # fmt: skip
    assert set(_errors(exc)) == {"person_id", "type", "starts_on", "occupation", "occupation_kldb"}
    with acting(factory, user) as db:
        data = validate(
            PlacementIn,
            {"person_id": mine, **fields, "type": "training", "occupation_kldb": "81302"},
        )
        placement = placements.create(db, employer=home, data=data)
        rows = placements.list_placements(db, person_id=mine)
        assert [(p.id, person.id, e.id) for p, person, e in rows] == [(placement.id, mine, home.id)]
        assert (placement.type, placement.occupation_kldb) == ("training", "81302")
        kinds = [t.kind for t in service.timeline(db, employer_id=home.id or 0)]
        assert kinds == ["placement"]


def test_hiring_need_rules(factory: Factory) -> None:
    centre = factory.centre()
    user = factory.user(centre=centre)
    with acting(factory, user) as db:
        company = employer(db, "Elektro Richter")
    with pytest.raises(FieldErrors) as exc:
        validate(HiringNeedIn, {"occupation": "", "positions": 0, "recruiting_route": "magic"})
    assert set(_errors(exc)) == {"occupation", "positions", "recruiting_route"}
    with pytest.raises(FieldErrors) as exc:
        validate(HiringNeedIn, {"occupation": "Koch", "positions": None})
    assert set(_errors(exc)) == {"positions"}
    with acting(factory, user) as db:
        data = validate(
            HiringNeedIn,
            {"occupation": "Elektroniker/in", "positions": 3, "recruiting_route": "western_balkans",
             "desired_start": TODAY + timedelta(days=60)},
        )  # fmt: skip
        need = hiring_needs.create(db, employer=company, data=data)
        assert need.recorded_on == TODAY
        assert (need.positions, need.recruiting_route) == (3, "western_balkans")
        assert [t.kind for t in service.timeline(db, employer_id=company.id or 0)] == [
            "hiring_need"
        ]


def test_list_filters_and_last_contact(factory: Factory) -> None:
    centre = factory.centre()
    user = factory.user(centre=centre)
    with acting(factory, user) as db:
        recent = employer(db, "Alpha", sector_code="C", size_band="10-49", municipality="Aue")
        old = employer(db, "Beta", sector_code="86", size_band="500+", municipality="Zwönitz")
        never = employer(db, "Gamma", municipality="aue")
        consultation(db, recent, date=TODAY - timedelta(days=10))
        event(
            db,
            type="network_meeting",
            title="Netzwerk",
            date=TODAY - timedelta(days=400),
            employer_ids=[old.id or 0],
        )

    def names(**filters: str) -> list[str]:
        with acting(factory, user) as db:
            rows, total = service.list_employers(db, **filters)  # type: ignore[arg-type]
            assert total == len(rows)
            return [r.employer.name for r in rows]

    assert names() == ["Alpha", "Beta", "Gamma"]
    assert names(sector="C") == ["Alpha"]
    assert names(sector="Q") == ["Beta"]
    assert names(size_band="500+") == ["Beta"]
    assert names(municipality="AUE") == ["Alpha", "Gamma"]
    assert names(last_contact="3m") == ["Alpha"]
    assert names(last_contact="12m") == ["Alpha"]
    assert names(last_contact="older") == ["Beta", "Gamma"]
    assert names(last_contact="never") == ["Gamma"]
    with acting(factory, user) as db:
        rows, _ = service.list_employers(db, q="beta")
        assert rows[0].last_contact == TODAY - timedelta(days=400)
    assert never.id


def test_follow_ups_due_until_a_later_consultation(factory: Factory) -> None:
    centre = factory.centre()
    user = factory.user(centre=centre)
    with acting(factory, user) as db:
        company = employer(db, "Holzbau Lange")
        later = employer(db, "Später GmbH")
        consultation(
            db, company, date=TODAY - timedelta(days=20), follow_up_on=TODAY + timedelta(days=2)
        )
        consultation(db, later, follow_up_on=TODAY + timedelta(days=30))
    with acting(factory, user) as db:
        due = consultations.follow_ups_due(db)
        assert [(f.employer_name, f.due_on) for f in due] == [
            ("Holzbau Lange", TODAY + timedelta(days=2))
        ]
        consultation(db, company, duration_minutes=15, channel="email")
    with acting(factory, user) as db:
        assert consultations.follow_ups_due(db) == []


def test_contacts_with_consent(factory: Factory) -> None:
    centre = factory.centre()
    user = factory.user(centre=centre)
    with acting(factory, user) as db:
        hotel = employer(db, "Hotel Post")
    with pytest.raises(FieldErrors) as exc:
        validate(ContactPersonIn, {"name": "", "email": "not-an-address"})
    assert set(_errors(exc)) == {"name", "email"}
    with pytest.raises(FieldErrors) as exc:
        validate(ContactPersonIn, {"name": "A", "consent_on": TODAY + timedelta(days=1)})
    assert set(_errors(exc)) == {"consent_on"}
    with acting(factory, user) as db:
        data = validate(
            ContactPersonIn,
            {"name": "Anke  Weber", "role": "Personalleitung",
             "email": "a.weber@hotel-post.example", "consent_to_contact": True},
        )  # fmt: skip
        contact = contacts.create(db, employer=hotel, data=data)
        assert contact.consent_on == TODAY
        unasked = validate(ContactPersonIn, {"name": "Jens Weber", "consent_on": TODAY})
        assert contacts.create(db, employer=hotel, data=unasked).consent_on is None
        assert [c.name for c in contacts.list_contacts(db, employer_id=hotel.id or 0)] == [
            "Anke Weber",
            "Jens Weber",
        ]
