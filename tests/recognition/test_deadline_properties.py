"""Properties of the recognition-procedure deadlines (hypothesis), checked against an oracle
that asks the holidays library directly; the hand-worked tables are in test_deadlines.py."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import holidays
from hypothesis import given, settings
from hypothesis import strategies as st

from cases.recognition.deadlines import (
    Suspension,
    add_months,
    add_weeks,
    decision_due_on,
    is_working_day,
    next_working_day,
    receipt_due_on,
    suspended_days,
)

SAT = 5
# No example database on disk (the suite runs with -p no:cacheprovider), no per-example
# deadline (the first holiday lookup of a year is slower than the rest).
PROPERTY = settings(database=None, deadline=None, max_examples=300)

DATES = st.dates(min_value=date(1995, 1, 1), max_value=date(2095, 12, 31))
CLOSED_SUSPENSION = st.tuples(DATES, st.integers(min_value=0, max_value=120)).map(
    lambda pair: (pair[0], pair[0] + timedelta(days=pair[1]))
)
CLOSED_SUSPENSIONS = st.lists(CLOSED_SUSPENSION, max_size=4)


def _independent_working_day(day: date) -> bool:
    """Oracle straight from the holidays library, bypassing the module's cache."""
    return day.weekday() < SAT and day not in holidays.country_holidays(
        "DE", subdiv="SN", years=day.year
    )


# --------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------


@PROPERTY
@given(start=DATES, months=st.integers(min_value=-36, max_value=36))
def test_add_months_lands_in_target_month(start: date, months: int) -> None:
    result = add_months(start, months)
    assert (result.year * 12 + result.month) - (start.year * 12 + start.month) == months
    assert result.day == min(start.day, calendar.monthrange(result.year, result.month)[1])


@PROPERTY
@given(day=DATES)
def test_next_working_day_is_the_first_working_day(day: date) -> None:
    result = next_working_day(day)
    assert result >= day
    assert _independent_working_day(result)
    skipped = day
    while skipped < result:
        assert not _independent_working_day(skipped)
        skipped += timedelta(days=1)
    assert is_working_day(result)


@PROPERTY
@given(first=DATES, second=DATES, accelerated=st.booleans())
def test_receipt_due_on_is_monotonic(first: date, second: date, accelerated: bool) -> None:
    earlier, later = sorted((first, second))
    assert receipt_due_on(applied_on=earlier, accelerated=accelerated) <= receipt_due_on(
        applied_on=later, accelerated=accelerated
    )


@PROPERTY
@given(
    first=DATES,
    second=DATES,
    accelerated=st.booleans(),
    extension=st.integers(min_value=0, max_value=3),
)
def test_decision_due_on_is_monotonic(
    first: date, second: date, accelerated: bool, extension: int
) -> None:
    earlier, later = sorted((first, second))
    due_earlier = decision_due_on(
        documents_complete_on=earlier, accelerated=accelerated, extension_months=extension
    )
    due_later = decision_due_on(
        documents_complete_on=later, accelerated=accelerated, extension_months=extension
    )
    assert due_earlier is not None
    assert due_later is not None
    assert due_earlier <= due_later


@PROPERTY
@given(applied_on=DATES, accelerated=st.booleans())
def test_receipt_due_on_is_a_working_day_after_the_start(
    applied_on: date, accelerated: bool
) -> None:
    due = receipt_due_on(applied_on=applied_on, accelerated=accelerated)
    assert due > applied_on
    assert _independent_working_day(due)
    # The shift never skips a working day past the calendar end of the period.
    minimum = add_weeks(applied_on, 2) if accelerated else add_months(applied_on, 1)
    assert minimum <= due <= minimum + timedelta(days=7)


@PROPERTY
@given(
    complete_on=DATES,
    accelerated=st.booleans(),
    extension=st.integers(min_value=0, max_value=3),
    suspensions=CLOSED_SUSPENSIONS,
)
def test_decision_due_on_is_a_working_day_after_the_start(
    complete_on: date, accelerated: bool, extension: int, suspensions: list[Suspension]
) -> None:
    due = decision_due_on(
        documents_complete_on=complete_on,
        accelerated=accelerated,
        extension_months=extension,
        suspensions=suspensions,
    )
    assert due is not None
    assert due >= add_months(complete_on, 2 if accelerated else 3)
    assert due > complete_on
    assert _independent_working_day(due)


@PROPERTY
@given(
    complete_on=DATES,
    accelerated=st.booleans(),
    extension=st.integers(min_value=0, max_value=3),
    suspensions=CLOSED_SUSPENSIONS,
    extra=CLOSED_SUSPENSION,
)
def test_adding_a_suspension_never_moves_the_due_date_earlier(
    complete_on: date,
    accelerated: bool,
    extension: int,
    suspensions: list[Suspension],
    extra: Suspension,
) -> None:
    before = decision_due_on(
        documents_complete_on=complete_on,
        accelerated=accelerated,
        extension_months=extension,
        suspensions=suspensions,
    )
    after = decision_due_on(
        documents_complete_on=complete_on,
        accelerated=accelerated,
        extension_months=extension,
        suspensions=[*suspensions, extra],
    )
    assert before is not None
    assert after is not None
    assert after >= before


@PROPERTY
@given(complete_on=DATES, suspensions=CLOSED_SUSPENSIONS, data=st.data())
def test_suspension_order_does_not_matter(
    complete_on: date, suspensions: list[Suspension], data: st.DataObject
) -> None:
    shuffled = data.draw(st.permutations(suspensions))
    assert decision_due_on(
        documents_complete_on=complete_on, accelerated=False, suspensions=suspensions
    ) == decision_due_on(documents_complete_on=complete_on, accelerated=False, suspensions=shuffled)


@PROPERTY
@given(running_from=DATES, suspensions=CLOSED_SUSPENSIONS)
def test_suspended_days_matches_a_day_by_day_count(
    running_from: date, suspensions: list[Suspension]
) -> None:
    days: set[date] = set()
    for start, end in suspensions:
        assert end is not None
        day = max(start, running_from)
        while day <= end:
            days.add(day)
            day += timedelta(days=1)
    assert suspended_days(suspensions=suspensions, running_from=running_from) == len(days)
