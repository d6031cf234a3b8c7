from __future__ import annotations

from datetime import date

import pytest

from cases.reports.periods import PeriodError, parse_period


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2026-Q1", date(2026, 1, 1), date(2026, 3, 31)),
        ("2026-Q2", date(2026, 4, 1), date(2026, 6, 30)),
        ("2026-Q3", date(2026, 7, 1), date(2026, 9, 30)),
        ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31)),
        ("2024-Q1", date(2024, 1, 1), date(2024, 3, 31)),
        ("2026", date(2026, 1, 1), date(2026, 12, 31)),
        ("2026-02-01..2026-02-28", date(2026, 2, 1), date(2026, 2, 28)),
        (" 2026-Q3 ", date(2026, 7, 1), date(2026, 9, 30)),
    ],
)
def test_accepted_periods(text: str, start: date, end: date) -> None:
    period = parse_period(text)
    assert (period.start, period.end) == (start, end)


def test_year_to_date_of_a_quarter() -> None:
    ytd = parse_period("2026-Q3").year_to_date()
    assert (ytd.start, ytd.end) == (date(2026, 1, 1), date(2026, 9, 30))


def test_as_dict_matches_the_api() -> None:
    assert parse_period("2026-Q3").as_dict() == {
        "label": "2026-Q3",
        "start": "2026-07-01",
        "end": "2026-09-30",
    }


@pytest.mark.parametrize(
    "text",
    [
        "2026-Q5",
        "2026-Q0",
        "26-Q1",
        "2026-13-01..2026-12-31",
        "2026-03-01..2026-02-01",
        "2020-01-01..2026-12-31",
        "Q3 2026",
        "",
        "2026-02-30..2026-03-01",
    ],
)
def test_rejected_periods(text: str) -> None:
    with pytest.raises(PeriodError):
        parse_period(text)
