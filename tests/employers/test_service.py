"""Employer service rules on SQLite and PostgreSQL: each rule has its field error."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlmodel import col

from cases.employers import consultations, events, placements, rules, service
from cases.employers.models import Employer, EventEmployer, OutreachEvent
from tests.conftest import Factory
from tests.employers.conftest import acting, add_person
from welcome.audit import AuditEntry
from welcome.errors import FieldErrors, NotFound

TODAY = date.today()


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
        first = service.create_employer(db, name="Müller GmbH", municipality="Annaberg-Buchholz")
        service.create_employer(db, name="Schulze Bau AG")
    with acting(factory, user) as db:
        for variant in ("Mueller G.m.b.H.", "MÜLLER GMBH & Co. KG", "müller", "Muller KG"):
            assert [e.id for e in service.similar(db, name=variant)] == [first.id], variant
        assert service.similar(db, name="Schmidt Logistik") == []
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
        foreign = service.create_employer(db, name="Müller GmbH")
    with acting(factory, user) as db:
        assert service.similar(db, name="Müller GmbH") == []
        assert service.list_employers(db, q="Müller")[1] == 0
        with pytest.raises(NotFound):
            assert foreign.id is not None
            service.get_employer(db, employer_id=foreign.id)


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
    errors: dict[str, str] = {}
    _code, _version, section = rules.check_sector(errors, code, version)
    assert (errors == {}) is ok, errors
    assert (section is not None) is ok
    if not ok:
        assert code in errors["sector_code"] and version in errors["sector_code"]


def test_create_employer_rejects_unknown_codes_by_name(factory: Factory) -> None:
    centre = factory.centre()
    user = factory.user(centre=centre)
    with acting(factory, user) as db, pytest.raises(FieldErrors) as exc:
        service.create_employer(db, name=" ", sector_code="X1", size_band="huge", chamber="guild")
    errors = _errors(exc)
    assert set(errors) == {"name", "sector_code", "size_band", "chamber"}
    assert "X1" in errors["sector_code"] and "huge" in errors["size_band"]
    with acting(factory, user) as db, pytest.raises(FieldErrors) as exc:
        service.create_employer(db, name="A", sector_code="C", sector_version="2017")
    assert "2017" in _errors(exc)["sector_version"]
    with acting(factory, user) as db:
        made = service.create_employer(db, name="Erzgebirgsbäckerei", sector_code="10")
        assert (made.sector_version, made.sector_section) == ("2008", "C")
        assert db.scalar(select(func.count()).select_from(Employer)) == 1
        audited = db.scalars(select(AuditEntry).where(col(AuditEntry.entity) == "employers")).all()
        assert [a.action for a in audited] == ["create"]


def test_consultation_rules(factory: Factory) -> None:
    centre = factory.centre()
    user = factory.user(centre=centre)
    with acting(factory, user) as db:
        employer = service.create_employer(db, name="Kühn Metall GmbH")
    base = {"held_on": TODAY, "channel": "phone", "topics": ["onboarding"]}
    for minutes, ok in ((0, False), (1, True), (600, True), (601, False), (-5, False)):
        with acting(factory, user) as db:
            if ok:
                made = consultations.create_consultation(
                    db, employer=employer, duration_minutes=minutes, **base
                )
                assert made.counsellor_id == user.id
            else:
                with pytest.raises(FieldErrors) as exc:
                    consultations.create_consultation(
                        db, employer=employer, duration_minutes=minutes, **base
                    )
                assert set(_errors(exc)) == {"duration_minutes"}
    with acting(factory, user) as db, pytest.raises(FieldErrors) as exc:
        consultations.create_consultation(
            db,
            employer=employer,
            held_on=TODAY + timedelta(days=3),
            duration_minutes=30,
            channel="pigeon",
            topics=["onboarding", "astrology"],
            follow_up_on=TODAY,
        )
    errors = _errors(exc)
    assert set(errors) == {"date", "channel", "topics", "follow_up_on"}
    assert "astrology" in errors["topics"] and "pigeon" in errors["channel"]
    with acting(factory, user) as db:
        made = consultations.create_consultation(
            db,
            employer=employer,
            held_on=TODAY,
            duration_minutes=45,
            channel="in_person",
            topics=["eu_blue_card", "accelerated_procedure", "eu_blue_card"],
        )
        assert made.id is not None
        assert consultations.topics_of(db, [made.id])[made.id] == [
            "accelerated_procedure",
            "eu_blue_card",
        ]
        assert len(consultations.consultations_of(db, employer_id=employer.id or 0)) == 3


def test_event_rules_and_nothing_half_written(factory: Factory) -> None:
    centre, other = factory.centre(), factory.centre()
    user, stranger = factory.user(centre=centre), factory.user(centre=other)
    with acting(factory, stranger) as db:
        foreign = service.create_employer(db, name="Fremd GmbH")
    with acting(factory, user) as db:
        own = service.create_employer(db, name="Eigen GmbH")
    assert own.id and foreign.id
    with acting(factory, user) as db, pytest.raises(FieldErrors) as exc:
        events.create_event(
            db,
            type="mailing",
            title="Newsletter",
            held_on=TODAY + timedelta(days=731),
            employer_ids=[own.id, foreign.id],
            anonymous_companies=-1,
            persons_reached=-3,
        )
    errors = _errors(exc)
    assert set(errors) == {"date", "employer_ids", "anonymous_companies", "persons_reached"}
    assert str(foreign.id) in errors["employer_ids"] and str(own.id) not in errors["employer_ids"]
    with acting(factory, user) as db:
        assert db.scalar(select(func.count()).select_from(OutreachEvent)) == 0
        assert db.scalar(select(func.count()).select_from(EventEmployer)) == 0
        event = events.create_event(
            db,
            type="job_fair",
            title="Pendlertag",
            held_on=TODAY + timedelta(days=730),  # two years ahead is still fine
            employer_ids=[own.id, own.id],
            anonymous_companies=20,
        )
        assert event.id is not None
        assert [e.id for e in events.employers_reached(db, event_id=event.id)] == [own.id]
        assert event.persons_reached == 0
    with acting(factory, user) as db, pytest.raises(FieldErrors) as exc:
        events.create_event(db, type="party", title="", held_on=None, format="smoke")
    assert set(_errors(exc)) == {"type", "title", "date", "format"}


def test_event_persons_must_be_of_the_centre_and_counted(factory: Factory) -> None:
    centre, other = factory.centre(), factory.centre()
    user = factory.user(centre=centre)
    mine, theirs = add_person(factory, centre), add_person(factory, other)
    with acting(factory, user) as db, pytest.raises(FieldErrors) as exc:
        events.create_event(
            db,
            type="workshop",
            title="Bewerbungstraining",
            held_on=TODAY,
            person_ids=[mine, theirs],
        )
    assert str(theirs) in _errors(exc)["person_ids"]
    with acting(factory, user) as db, pytest.raises(FieldErrors) as exc:
        events.create_event(
            db, type="workshop", title="W", held_on=TODAY, person_ids=[mine], persons_reached=0
        )
    assert set(_errors(exc)) == {"persons_reached"}
    with acting(factory, user) as db:
        event = events.create_event(
            db, type="workshop", title="W", held_on=TODAY, person_ids=[mine]
        )
        assert event.persons_reached == 1
        assert [p.id for p in events.persons_linked(db, event_id=event.id or 0)] == [mine]


def test_placement_of_a_person_of_another_centre_is_a_field_error(factory: Factory) -> None:
    centre, other = factory.centre(), factory.centre()
    user = factory.user(centre=centre)
    mine, theirs = add_person(factory, centre), add_person(factory, other, "Ahmad", "Karimi")
    with acting(factory, user) as db:
        employer = service.create_employer(db, name="Pflegeheim Sonnenschein gGmbH")
    with acting(factory, user) as db, pytest.raises(FieldErrors) as exc:
        placements.create_placement(
            db,
            employer=employer,
            person_id=theirs,
            type="job",
            starts_on=TODAY,
            occupation="Pflegefachkraft",
        )
    assert set(_errors(exc)) == {"person_id"}
    with acting(factory, user) as db, pytest.raises(FieldErrors) as exc:
        placements.create_placement(
            db,
            employer=employer,
            person_id=None,
            type="apprenticeship",
            starts_on=TODAY + timedelta(days=800),
            occupation=" ",
            occupation_kldb="8x",
        )
    assert set(_errors(exc)) == {"person_id", "type", "starts_on", "occupation", "occupation_kldb"}
    with acting(factory, user) as db:
        placement = placements.create_placement(
            db,
            employer=employer,
            person_id=mine,
            type="training",
            starts_on=TODAY,
            occupation="Pflegefachkraft",
            occupation_kldb="81302",
        )
        rows = placements.placements_of(db, person_id=mine)
        assert [(p.id, person.id, e.id) for p, person, e in rows] == [
            (placement.id, mine, employer.id)
        ]
        kinds = [t.kind for t in service.timeline(db, employer_id=employer.id or 0)]
        assert kinds == ["placement"]


def test_hiring_need_rules(factory: Factory) -> None:
    centre = factory.centre()
    user = factory.user(centre=centre)
    with acting(factory, user) as db:
        employer = service.create_employer(db, name="Elektro Richter")
    with acting(factory, user) as db, pytest.raises(FieldErrors) as exc:
        placements.create_hiring_need(
            db, employer=employer, occupation="", positions=0, recruiting_route="magic"
        )
    assert set(_errors(exc)) == {"occupation", "positions", "recruiting_route"}
    with acting(factory, user) as db:
        need = placements.create_hiring_need(
            db,
            employer=employer,
            occupation="Elektroniker/in",
            positions=3,
            recruiting_route="western_balkans",
            desired_start=TODAY + timedelta(days=60),
        )
        assert need.recorded_on == TODAY
        assert [t.kind for t in service.timeline(db, employer_id=employer.id or 0)] == [
            "hiring_need"
        ]


def test_list_filters_and_last_contact(factory: Factory) -> None:
    centre = factory.centre()
    user = factory.user(centre=centre)
    with acting(factory, user) as db:
        recent = service.create_employer(
            db, name="Alpha", sector_code="C", size_band="10-49", municipality="Aue"
        )
        old = service.create_employer(
            db, name="Beta", sector_code="86", size_band="500+", municipality="Zwönitz"
        )
        never = service.create_employer(db, name="Gamma", municipality="aue")
        consultations.create_consultation(
            db, employer=recent, held_on=TODAY - timedelta(days=10), duration_minutes=30,
            channel="phone",
        )  # fmt: skip
        events.create_event(
            db,
            type="network_meeting",
            title="Netzwerk",
            held_on=TODAY - timedelta(days=400),
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
        employer = service.create_employer(db, name="Holzbau Lange")
        later = service.create_employer(db, name="Später GmbH")
        consultations.create_consultation(
            db, employer=employer, held_on=TODAY - timedelta(days=20), duration_minutes=30,
            channel="phone", follow_up_on=TODAY + timedelta(days=2),
        )  # fmt: skip
        consultations.create_consultation(
            db, employer=later, held_on=TODAY, duration_minutes=30,
            channel="phone", follow_up_on=TODAY + timedelta(days=30),
        )  # fmt: skip
    with acting(factory, user) as db:
        due = consultations.follow_ups_due(db)
        assert [(f.employer_name, f.due_on) for f in due] == [
            ("Holzbau Lange", TODAY + timedelta(days=2))
        ]
        consultations.create_consultation(
            db, employer=employer, held_on=TODAY, duration_minutes=15, channel="email"
        )
    with acting(factory, user) as db:
        assert consultations.follow_ups_due(db) == []


def test_contacts_with_consent(factory: Factory) -> None:
    centre = factory.centre()
    user = factory.user(centre=centre)
    with acting(factory, user) as db:
        employer = service.create_employer(db, name="Hotel Post")
    with acting(factory, user) as db, pytest.raises(FieldErrors) as exc:
        service.add_contact(db, employer=employer, name="", email="not-an-address")
    assert set(_errors(exc)) == {"name", "email"}
    with acting(factory, user) as db:
        contact = service.add_contact(
            db,
            employer=employer,
            name="Anke Weber",
            role="Personalleitung",
            email="a.weber@hotel-post.example",
            consent_to_contact=True,
        )
        assert contact.consent_on == TODAY
        assert [c.name for c in service.contacts_of(db, employer_id=employer.id or 0)] == [
            "Anke Weber"
        ]


def test_update_keeps_what_is_not_changed_and_checks_the_rest(factory: Factory) -> None:
    centre = factory.centre()
    user = factory.user(centre=centre)
    with acting(factory, user) as db:
        employer = service.create_employer(
            db, name="Kühn Metall", sector_code="V", sector_version="2025", municipality="Aue"
        )
    with acting(factory, user) as db, pytest.raises(FieldErrors) as exc:
        service.update_employer(db, employer=employer, sector_code="45", centre_id=9)
    assert set(_errors(exc)) == {"centre_id"}
    with acting(factory, user) as db, pytest.raises(FieldErrors) as exc:
        found = service.get_employer(db, employer_id=employer.id or 0)
        service.update_employer(db, employer=found, sector_code="45")  # not in WZ 2025
    assert "45" in _errors(exc)["sector_code"]
    with acting(factory, user) as db:
        found = service.get_employer(db, employer_id=employer.id or 0)
        service.update_employer(db, employer=found, name="Kühn Metallbau GmbH", size_band="1-9")
    with acting(factory, user) as db:
        found = service.get_employer(db, employer_id=employer.id or 0)
        assert (found.name, found.search_key, found.size_band) == (
            "Kühn Metallbau GmbH",
            "kuhnmetallbau",
            "1-9",
        )
        assert (found.sector_code, found.sector_version, found.municipality) == (
            "V",
            "2025",
            "Aue",
        )
        actions = db.scalars(
            select(AuditEntry.action).where(col(AuditEntry.entity) == "employers")
        ).all()
        assert "update" in actions
