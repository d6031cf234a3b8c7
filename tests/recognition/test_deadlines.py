"""Tests for recognition-procedure deadlines.

Every expected date in the tables below was worked out by hand from a calendar (weekdays
double-checked with the ``calendar`` module), never with the functions under test.
"""

from __future__ import annotations

from datetime import date

import pytest

from cases.recognition.deadlines import (
    Suspension,
    add_months,
    add_weeks,
    decision_due_on,
    is_overdue,
    is_saxon_holiday,
    next_working_day,
    receipt_due_on,
    suspended_days,
)

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def d(iso: str) -> date:
    return date.fromisoformat(iso)


# --------------------------------------------------------------------------------------
# add_months / add_weeks
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected", "weekday"),
    [
        pytest.param("2025-01-31", 1, "2025-02-28", FRI, id="31-jan-plus-1-non-leap"),
        pytest.param("2024-01-31", 1, "2024-02-29", THU, id="31-jan-plus-1-leap"),
        pytest.param("2024-11-30", 3, "2025-02-28", FRI, id="30-nov-plus-3-non-leap"),
        pytest.param("2023-11-30", 3, "2024-02-29", THU, id="30-nov-plus-3-leap"),
        pytest.param("2025-03-31", 3, "2025-06-30", MON, id="31-mar-plus-3"),
        pytest.param("2025-08-31", 1, "2025-09-30", TUE, id="31-aug-plus-1"),
        pytest.param("2024-12-31", 2, "2025-02-28", FRI, id="31-dec-plus-2-year-change"),
        pytest.param("2025-11-15", 3, "2026-02-15", SUN, id="mid-month-year-change"),
        pytest.param("2024-02-29", 12, "2025-02-28", FRI, id="leap-day-plus-year"),
        pytest.param("2025-03-15", 0, "2025-03-15", SAT, id="zero-months"),
        pytest.param("2025-03-31", -1, "2025-02-28", FRI, id="negative-months"),
    ],
)
def test_add_months(start: str, months: int, expected: str, weekday: int) -> None:
    result = add_months(d(start), months)
    assert result == d(expected)
    assert result.weekday() == weekday


@pytest.mark.parametrize(
    ("start", "weeks", "expected"),
    [
        pytest.param("2025-03-03", 2, "2025-03-17", id="monday-plus-2"),
        pytest.param("2025-12-24", 2, "2026-01-07", id="year-change"),
        pytest.param("2024-02-22", 1, "2024-02-29", id="into-leap-day"),
        pytest.param("2025-03-03", 0, "2025-03-03", id="zero-weeks"),
    ],
)
def test_add_weeks(start: str, weeks: int, expected: str) -> None:
    result = add_weeks(d(start), weeks)
    assert result == d(expected)
    assert result.weekday() == d(start).weekday()


# --------------------------------------------------------------------------------------
# Holidays and working days
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param("2025-10-31", True, id="reformation-day"),
        pytest.param("2025-11-19", True, id="buss-und-bettag-2025"),
        pytest.param("2024-11-20", True, id="buss-und-bettag-2024"),
        pytest.param("2026-11-18", True, id="buss-und-bettag-2026"),
        pytest.param("2025-04-18", True, id="good-friday"),
        pytest.param("2025-04-21", True, id="easter-monday"),
        pytest.param("2025-10-03", True, id="german-unity-day"),
        pytest.param("2026-12-25", True, id="christmas"),
        pytest.param("2026-12-26", True, id="boxing-day"),
        pytest.param("2026-01-01", True, id="new-year"),
        pytest.param("2026-12-24", False, id="christmas-eve-is-no-holiday"),
        pytest.param("2025-12-31", False, id="new-years-eve-is-no-holiday"),
        pytest.param("2025-01-06", False, id="epiphany-only-elsewhere"),
        pytest.param("2025-06-19", False, id="corpus-christi-not-statewide"),
        pytest.param("2025-11-01", False, id="all-saints-only-elsewhere"),
    ],
)
def test_is_saxon_holiday(day: str, expected: bool) -> None:
    assert is_saxon_holiday(d(day)) is expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param("2025-10-31", "2025-11-03", id="reformation-day-friday-to-monday"),
        pytest.param("2025-11-19", "2025-11-20", id="buss-und-bettag-to-thursday"),
        pytest.param("2025-03-01", "2025-03-03", id="saturday-to-monday"),
        pytest.param("2025-03-02", "2025-03-03", id="sunday-to-monday"),
        pytest.param("2026-12-25", "2026-12-28", id="christmas-friday-weekend-chain"),
        pytest.param("2025-12-25", "2025-12-29", id="christmas-thu-fri-weekend-chain"),
        pytest.param("2026-01-01", "2026-01-02", id="new-year-thursday"),
        pytest.param("2025-04-18", "2025-04-22", id="good-friday-over-easter"),
        pytest.param("2026-04-06", "2026-04-07", id="easter-monday"),
        pytest.param("2025-10-03", "2025-10-06", id="unity-day-friday"),
        pytest.param("2025-06-09", "2025-06-10", id="whit-monday"),
        pytest.param("2026-12-24", "2026-12-24", id="christmas-eve-working"),
        pytest.param("2025-02-28", "2025-02-28", id="plain-friday"),
        pytest.param("2025-11-03", "2025-11-03", id="plain-monday"),
    ],
)
def test_next_working_day(day: str, expected: str) -> None:
    result = next_working_day(d(day))
    assert result == d(expected)
    assert result.weekday() < SAT


# --------------------------------------------------------------------------------------
# Receipt confirmation
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("applied_on", "accelerated", "expected"),
    [
        pytest.param("2025-01-31", False, "2025-02-28", id="month-end-clamped-friday"),
        pytest.param("2025-03-01", False, "2025-04-01", id="one-month-tuesday"),
        pytest.param("2025-10-19", False, "2025-11-20", id="one-month-onto-bettag"),
        pytest.param("2025-03-18", False, "2025-04-22", id="one-month-onto-good-friday"),
        pytest.param("2025-03-03", True, "2025-03-17", id="81a-two-weeks"),
        pytest.param("2025-10-17", True, "2025-11-03", id="81a-onto-reformation-day"),
        pytest.param("2026-12-11", True, "2026-12-28", id="81a-onto-christmas"),
        pytest.param("2026-03-23", True, "2026-04-07", id="81a-onto-easter-monday"),
    ],
)
def test_receipt_due_on(applied_on: str, accelerated: bool, expected: str) -> None:
    assert receipt_due_on(applied_on=d(applied_on), accelerated=accelerated) == d(expected)


# --------------------------------------------------------------------------------------
# Decision
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("complete_on", "accelerated", "extension", "expected"),
    [
        pytest.param("2025-03-31", False, 0, "2025-06-30", id="three-months-month-end"),
        pytest.param("2025-03-31", True, 0, "2025-06-02", id="81a-two-months-saturday"),
        pytest.param("2024-11-30", False, 0, "2025-02-28", id="three-months-into-february"),
        pytest.param("2023-11-30", False, 0, "2024-02-29", id="three-months-leap-february"),
        pytest.param("2023-12-31", True, 0, "2024-02-29", id="81a-leap-february"),
        pytest.param("2025-07-31", False, 0, "2025-11-03", id="onto-reformation-day"),
        pytest.param("2025-09-19", True, 0, "2025-11-20", id="81a-onto-bettag"),
        pytest.param("2025-01-15", False, 1, "2025-05-15", id="extended-by-one"),
        pytest.param("2024-11-30", False, 1, "2025-03-28", id="extension-from-period-end"),
        pytest.param("2025-01-09", True, 3, "2025-06-10", id="81a-extended-onto-whit-monday"),
    ],
)
def test_decision_due_on(
    complete_on: str, accelerated: bool, extension: int, expected: str
) -> None:
    result = decision_due_on(
        documents_complete_on=d(complete_on),
        accelerated=accelerated,
        extension_months=extension,
    )
    assert result == d(expected)


def test_decision_due_on_without_complete_documents() -> None:
    assert decision_due_on(documents_complete_on=None, accelerated=False) is None
    assert decision_due_on(documents_complete_on=None, accelerated=True, extension_months=2) is None


@pytest.mark.parametrize("extension", [-1, 4, 12])
def test_decision_due_on_rejects_bad_extension(extension: int) -> None:
    with pytest.raises(ValueError, match="extension_months"):
        decision_due_on(
            documents_complete_on=d("2025-01-15"), accelerated=False, extension_months=extension
        )
    with pytest.raises(ValueError, match="extension_months"):
        decision_due_on(documents_complete_on=None, accelerated=False, extension_months=extension)


# Documents complete on Wed 15 Jan 2025: the unsuspended standard deadline is Tue 15 Apr 2025.
@pytest.mark.parametrize(
    ("suspensions", "expected"),
    [
        pytest.param([], "2025-04-15", id="none"),
        pytest.param([(d("2025-02-01"), d("2025-02-10"))], "2025-04-25", id="ten-days"),
        pytest.param([(d("2025-03-01"), d("2025-03-01"))], "2025-04-16", id="single-day"),
        pytest.param(
            [(d("2025-02-01"), d("2025-02-10")), (d("2025-02-05"), d("2025-02-14"))],
            "2025-04-29",
            id="overlapping-count-once",
        ),
        pytest.param(
            [(d("2025-02-05"), d("2025-02-14")), (d("2025-02-01"), d("2025-02-10"))],
            "2025-04-29",
            id="overlapping-unsorted",
        ),
        pytest.param(
            [(d("2025-02-01"), d("2025-02-28")), (d("2025-02-10"), d("2025-02-12"))],
            "2025-05-13",
            id="nested",
        ),
        pytest.param(
            [(d("2025-02-01"), d("2025-02-05")), (d("2025-02-06"), d("2025-02-10"))],
            "2025-04-25",
            id="adjacent",
        ),
        pytest.param(
            [(d("2025-02-01"), d("2025-02-03")), (d("2025-03-01"), d("2025-03-02"))],
            "2025-04-22",
            id="disjoint-five-days-onto-easter-sunday",
        ),
        pytest.param(
            [(d("2025-01-10"), d("2025-01-20"))],
            "2025-04-22",
            id="partly-before-start-onto-easter-monday",
        ),
        pytest.param([(d("2025-01-01"), d("2025-01-14"))], "2025-04-15", id="before-start"),
        pytest.param([(d("2025-01-15"), d("2025-01-15"))], "2025-04-16", id="on-start-day"),
        # the deadline (Tue 15 Apr) had passed when the suspension began: it stays passed
        pytest.param([(d("2025-04-16"), d("2025-04-30"))], "2025-04-15", id="after-deadline"),
        # on the last day the period still runs: the full stretch counts (15 Apr + 2 days)
        pytest.param([(d("2025-04-15"), d("2025-04-16"))], "2025-04-17", id="on-last-day"),
        # the first stretch moves the deadline to 25 Apr, so one from 20 Apr still counts
        pytest.param(
            [(d("2025-02-01"), d("2025-02-10")), (d("2025-04-20"), d("2025-04-21"))],
            "2025-04-28",
            id="chained-into-the-extended-period",
        ),
    ],
)
def test_decision_due_on_with_suspensions(suspensions: list[Suspension], expected: str) -> None:
    result = decision_due_on(
        documents_complete_on=d("2025-01-15"), accelerated=False, suspensions=suspensions
    )
    assert result == d(expected)


def test_decision_due_on_suspension_with_acceleration_and_extension() -> None:
    # 15 Jan + 2 months = 15 Mar, + 1 month extension = 15 Apr, + 3 suspended days
    # = Fri 18 Apr 2025 (Good Friday) -> Tue 22 Apr 2025.
    result = decision_due_on(
        documents_complete_on=d("2025-01-15"),
        accelerated=True,
        extension_months=1,
        suspensions=[(d("2025-02-01"), d("2025-02-03"))],
    )
    assert result == d("2025-04-22")


@pytest.mark.parametrize(
    "suspensions",
    [
        pytest.param([(d("2025-02-01"), None)], id="open"),
        pytest.param([(d("2024-12-01"), None)], id="open-since-before-start"),
        pytest.param([(d("2025-02-01"), d("2025-02-10")), (d("2025-03-01"), None)], id="mixed"),
    ],
)
def test_decision_due_on_open_suspension(suspensions: list[Suspension]) -> None:
    result = decision_due_on(
        documents_complete_on=d("2025-01-15"), accelerated=False, suspensions=suspensions
    )
    assert result is None


def test_an_open_suspension_after_the_deadline_changes_nothing() -> None:
    result = decision_due_on(
        documents_complete_on=d("2025-01-15"),
        accelerated=False,
        suspensions=[(d("2025-05-01"), None)],
    )
    assert result == d("2025-04-15")


@pytest.mark.parametrize("complete_on", [d("2025-01-15"), None])
def test_decision_due_on_rejects_reversed_suspension(complete_on: date | None) -> None:
    with pytest.raises(ValueError, match="before it starts"):
        decision_due_on(
            documents_complete_on=complete_on,
            accelerated=False,
            suspensions=[(d("2025-02-10"), d("2025-02-01"))],
        )


@pytest.mark.parametrize(
    ("suspensions", "expected"),
    [
        pytest.param([], 0, id="none"),
        pytest.param([(d("2025-02-01"), d("2025-02-10"))], 10, id="one"),
        pytest.param(
            [(d("2025-02-01"), d("2025-02-10")), (d("2025-02-10"), d("2025-02-11"))],
            11,
            id="sharing-a-day",
        ),
        pytest.param([(d("2025-01-01"), d("2025-01-31"))], 17, id="clipped-to-start"),
        pytest.param([(d("2025-02-01"), None)], None, id="open"),
    ],
)
def test_suspended_days(suspensions: list[Suspension], expected: int | None) -> None:
    assert suspended_days(suspensions=suspensions, running_from=d("2025-01-15")) == expected


# --------------------------------------------------------------------------------------
# is_overdue
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due_on", "done_on", "today", "expected"),
    [
        pytest.param(None, None, "2030-01-01", False, id="no-due-date"),
        pytest.param(None, "2025-03-20", "2030-01-01", False, id="no-due-date-done"),
        pytest.param("2025-03-10", None, "2025-03-09", False, id="open-before-due"),
        pytest.param("2025-03-10", None, "2025-03-10", False, id="open-on-due-day"),
        pytest.param("2025-03-10", None, "2025-03-11", True, id="open-day-after-due"),
        pytest.param("2025-03-10", "2025-03-10", "2025-04-01", False, id="done-on-due-day"),
        pytest.param("2025-03-10", "2025-03-01", "2025-04-01", False, id="done-early"),
        pytest.param("2025-03-10", "2025-03-11", "2025-03-11", True, id="done-late"),
        pytest.param("2025-03-10", "2025-03-11", "2025-03-01", True, id="done-late-today-ignored"),
    ],
)
def test_is_overdue(due_on: str | None, done_on: str | None, today: str, expected: bool) -> None:
    result = is_overdue(
        due_on=None if due_on is None else d(due_on),
        done_on=None if done_on is None else d(done_on),
        today=d(today),
    )
    assert result is expected
