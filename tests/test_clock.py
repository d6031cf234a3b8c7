"""The app's day (welcome/clock.py): the suite holds it on the day its run began; the
variable that holds it counts only in the test environment."""

from __future__ import annotations

import os
from datetime import date

import pytest

from cases.counselling.schemas import CaseIn
from welcome import clock
from welcome.errors import FieldErrors
from welcome.inputs import validate


def test_the_suite_holds_the_day_its_run_began() -> None:
    held = date.fromisoformat(os.environ["WELCOME_TEST_TODAY"])  # set by tests/conftest.py
    assert held <= date.today()
    assert clock.today() == held


def test_the_app_asks_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WELCOME_TEST_TODAY", "2026-01-10")
    assert validate(CaseIn, {"person_id": 1, "opened_on": "2026-01-10"}).opened_on == date(
        2026, 1, 10
    )
    with pytest.raises(FieldErrors) as raised:  # the day after the app's today
        validate(CaseIn, {"person_id": 1, "opened_on": "2026-01-11"})
    assert list(raised.value.errors) == ["opened_on"]


@pytest.mark.parametrize("env", ["development", "production"])
def test_outside_the_test_environment_the_variable_counts_for_nothing(
    monkeypatch: pytest.MonkeyPatch, env: str
) -> None:
    monkeypatch.setenv("WELCOME_ENV", env)
    monkeypatch.setenv("WELCOME_TEST_TODAY", "2001-01-01")
    assert clock.today() == date.today()
