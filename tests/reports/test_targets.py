"""Yearly targets: validation, centre scope, and the degree of achievement in the report."""

from __future__ import annotations

from datetime import date

import pytest

from cases.reports import service, targets
from cases.reports.periods import parse_period
from cases.reports.schemas import Targets, YearTargets
from tests.conftest import Factory
from tests.counselling.helpers import acting, create_case, create_contact, person
from welcome.errors import FieldErrors, NotFound
from welcome.inputs import validate


def test_validation_names_every_bad_field() -> None:
    with pytest.raises(FieldErrors) as caught:
        validate(
            YearTargets,
            {"year": 1999, "persons": 1, "events": -1, "contacts": True, "new_cases": 10**9},
        )
    assert set(caught.value.errors) == {"year", "persons", "events", "contacts", "new_cases"}


def test_a_lead_sets_only_the_own_centre(factory: Factory) -> None:
    mine, other = factory.centre(), factory.centre()
    lead = factory.user(role="lead", centre=mine)
    assert other.id is not None
    with pytest.raises(NotFound), acting(factory, lead) as db:
        targets.update(db, centre_id=other.id, year=2026, data=Targets(events=3))


def test_achievement_is_year_to_date_over_target(factory: Factory) -> None:
    centre = factory.centre()
    counsellor = factory.user(role="counsellor", centre=centre)
    assert centre.id is not None
    with acting(factory, counsellor) as db:
        # two persons counselled: one in Q1, one in Q3
        for first, day in (("Ana", date(2026, 2, 3)), ("Ben", date(2026, 8, 4))):
            case = create_case(db, person_id=person(db, first).id, opened_on=day)
            create_contact(
                db, case=case, date=day, duration_minutes=20, channel="phone", topics=["housing"]
            )
        targets.update(
            db, centre_id=centre.id, year=2026, data=Targets(persons_counselled=3, events=0)
        )
        report = service.build_report(
            db,
            centre_ids=None,
            period=parse_period("2026-Q3"),
            language="en",
            suppress=False,
        )
    persons = next(i for i in report.indicators if i.code == "persons_counselled")
    assert (persons.period, persons.year_to_date, persons.target) == (1, 2, 3)
    assert persons.achievement_percent == 66.7  # 2 / 3 × 100, one decimal
    events = next(i for i in report.indicators if i.code == "events")
    assert events.target == 0 and events.achievement_percent is None
    # protected, the share is that of the protected year to date (never of the exact 2)
    with acting(factory, counsellor) as db:
        hidden = service.build_report(
            db, centre_ids=None, period=parse_period("2026-Q3"), language="en", suppress=True
        )
    persons = next(i for i in hidden.indicators if i.code == "persons_counselled")
    assert isinstance(persons.year_to_date, int) and persons.year_to_date not in (1, 2)
    assert persons.achievement_percent == round(persons.year_to_date / 3 * 100, 1)
