"""Statutory deadlines in recognition procedures for foreign professional qualifications.

Pure functions, no I/O, no clock access: every "today" is passed in by the caller.

Legal basis
-----------
* §§ 6, 13 BQFG: the competent authority confirms receipt of the application within
  **one month** and decides within **three months** of the documents being complete.
  The decision period "kann einmal angemessen verlängert werden".
* § 81a AufenthG together with § 14a BQFG (beschleunigtes Fachkräfteverfahren): receipt is
  confirmed within **two weeks**, the decision is due within **two months**.
* §§ 187(1), 188(2), 188(3), 190 BGB (applied to administrative periods through § 31(1)
  VwVfG): the day of the triggering event is not counted; a period of N weeks/months ends
  on the day of the later week/month that carries the same weekday/number as the event day,
  or on the last day of that month if it has no such day; an extended period is computed
  from the end of the original period.
* § 193 BGB / § 31(3) VwVfG: a period whose last day is a Saturday, Sunday or a public
  holiday at the place of performance (here: the Free State of Saxony) ends on the next
  working day.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date, timedelta
from functools import lru_cache

# Imported from its module: the lazily re-exported ``holidays.Germany`` is invisible to mypy.
from holidays.countries.germany import Germany

__all__ = [
    "ACCELERATED_DECISION_MONTHS",
    "ACCELERATED_RECEIPT_WEEKS",
    "MAX_EXTENSION_MONTHS",
    "STANDARD_DECISION_MONTHS",
    "STANDARD_RECEIPT_MONTHS",
    "Suspension",
    "add_months",
    "add_weeks",
    "decision_due_on",
    "is_overdue",
    "is_saxon_holiday",
    "is_working_day",
    "next_working_day",
    "receipt_due_on",
    "suspended_days",
]

STANDARD_RECEIPT_MONTHS = 1
"""§ 6(1) / § 13(1) BQFG: receipt confirmed within one month."""

ACCELERATED_RECEIPT_WEEKS = 2
"""§ 14a BQFG in the procedure under § 81a AufenthG: receipt confirmed within two weeks."""

STANDARD_DECISION_MONTHS = 3
"""§ 6(3) / § 13(3) BQFG: decision within three months of complete documents."""

ACCELERATED_DECISION_MONTHS = 2
"""§ 14a BQFG in the procedure under § 81a AufenthG: decision within two months."""

MAX_EXTENSION_MONTHS = 3
"""Upper bound we accept for the single "angemessene" extension of the decision period."""

Suspension = tuple[date, date | None]
"""A suspension interval ``(from, to)``, both days inclusive; ``to=None`` means still open."""

_SAXONY = "SN"
_SATURDAY = 5


# --------------------------------------------------------------------------------------
# Calendar arithmetic (§§ 187, 188 BGB) - no holiday handling here.
# --------------------------------------------------------------------------------------


def add_months(start: date, months: int) -> date:
    """Return the last day of a period of ``months`` months triggered on ``start``.

    Per § 187(1) BGB the event day itself is not counted, and per § 188(2) BGB the period
    ends on the day of the later month that has the same number as ``start``. If that month
    is too short (31 January + 1 month), the period ends on its last day (§ 188(3) BGB).
    Pure calendar arithmetic: no weekend/holiday shift. ``months`` may be zero or negative.
    """
    month_index = start.year * 12 + (start.month - 1) + months
    year, month0 = divmod(month_index, 12)
    month = month0 + 1
    last_day = calendar.monthrange(year, month)[1]
    return date(year, month, min(start.day, last_day))


def add_weeks(start: date, weeks: int) -> date:
    """Return the last day of a period of ``weeks`` weeks triggered on ``start``.

    Per § 188(2) BGB the period ends on the same weekday ``weeks`` weeks later.
    Pure calendar arithmetic: no weekend/holiday shift.
    """
    return start + timedelta(weeks=weeks)


# --------------------------------------------------------------------------------------
# Working days in Saxony (§ 193 BGB)
# --------------------------------------------------------------------------------------


@lru_cache(maxsize=256)
def _saxon_holidays(year: int) -> frozenset[date]:
    """Public holidays in Saxony for ``year``, cached per year."""
    return frozenset(Germany(subdiv=_SAXONY, years=year).keys())


def is_saxon_holiday(day: date) -> bool:
    """Whether ``day`` is a statewide public holiday in Saxony.

    Includes Reformation Day (31 October) and Repentance and Prayer Day (Buß- und Bettag,
    the Wednesday before 23 November). Corpus Christi, which is a holiday only in some
    Sorbian municipalities, is *not* treated as a holiday.
    """
    return day in _saxon_holidays(day.year)


def is_working_day(day: date) -> bool:
    """Whether ``day`` is neither a Saturday, a Sunday nor a Saxon public holiday."""
    return day.weekday() < _SATURDAY and not is_saxon_holiday(day)


def next_working_day(day: date) -> date:
    """Return ``day`` if it is a working day in Saxony, else the next working day (§ 193 BGB)."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


# --------------------------------------------------------------------------------------
# Deadlines
# --------------------------------------------------------------------------------------


def receipt_due_on(*, applied_on: date, accelerated: bool) -> date:
    """Date by which receipt of the application must be confirmed.

    One month after ``applied_on`` (§ 6(1), § 13(1) BQFG); two weeks in the accelerated
    skilled-worker procedure under § 81a AufenthG (§ 14a BQFG). The result is moved to the
    next Saxon working day per § 193 BGB.
    """
    if accelerated:
        last_day = add_weeks(applied_on, ACCELERATED_RECEIPT_WEEKS)
    else:
        last_day = add_months(applied_on, STANDARD_RECEIPT_MONTHS)
    return next_working_day(last_day)


def suspended_days(*, suspensions: Sequence[Suspension], running_from: date) -> int | None:
    """Number of distinct calendar days in ``suspensions`` on or after ``running_from``.

    Overlapping or adjacent intervals are merged, so each day is counted at most once.
    Returns ``None`` when any interval is still open (``to is None``).

    Raises:
        ValueError: if an interval ends before it starts.
    """
    clipped: list[tuple[date, date]] = []
    still_open = False
    for start, end in suspensions:
        if end is None:
            still_open = True
            continue
        if end < start:
            raise ValueError(f"suspension ends ({end}) before it starts ({start})")
        lower = max(start, running_from)
        if lower <= end:
            clipped.append((lower, end))
    if still_open:
        return None

    total = 0
    current: tuple[date, date] | None = None
    for start, end in sorted(clipped):
        if current is None:
            current = (start, end)
        elif (start - current[1]).days <= 1:
            current = (current[0], max(current[1], end))
        else:
            total += (current[1] - current[0]).days + 1
            current = (start, end)
    if current is not None:
        total += (current[1] - current[0]).days + 1
    return total


def decision_due_on(
    *,
    documents_complete_on: date | None,
    accelerated: bool,
    extension_months: int = 0,
    suspensions: Sequence[Suspension] = (),
) -> date | None:
    """Date by which the recognition decision is due, or ``None`` if it cannot be computed.

    The period starts with receipt of the complete documents (``documents_complete_on``;
    that day itself is not counted, § 187(1) BGB) and lasts

    * three months (§ 6(3), § 13(3) BQFG), or
    * two months when ``accelerated`` is true, i.e. for procedures in the accelerated
      skilled-worker procedure under § 81a AufenthG (§ 14a BQFG).

    Extension: the law allows the period to be extended *once* "angemessen" (reasonably).
    We model this as ``extension_months`` (0 = no extension) and accept 0 to
    ``MAX_EXTENSION_MONTHS`` (3) months, i.e. at most the length of the regular period;
    anything else raises ``ValueError``. Per § 190 BGB the extension is computed from the
    (unshifted) end of the original period, so 30 Nov + 3 months = 28 Feb, + 1 month
    extension = 28 Mar (not 30 Mar).

    Suspension: each ``(from, to)`` interval (both days inclusive) stops a *running* clock.
    In date order, each suspended stretch on or after ``documents_complete_on`` moves the due
    date later by its number of calendar days (overlaps count once) — but only if it begins
    while the period is still running, i.e. on or before the due date reached so far: a
    suspension that begins after the deadline has passed cannot revive it. A still open
    interval (``to is None``) that begins while the period runs leaves no due date yet
    (``None``); one that begins after the deadline has passed changes nothing.

    Finally, § 193 BGB moves the last day to the next Saxon working day.

    Returns ``None`` if the documents are not complete yet or a suspension is still open.

    Raises:
        ValueError: if ``extension_months`` is negative or above 3, or a suspension ends
            before it starts.
    """
    if not 0 <= extension_months <= MAX_EXTENSION_MONTHS:
        raise ValueError(
            f"extension_months must be between 0 and {MAX_EXTENSION_MONTHS}, got {extension_months}"
        )
    if documents_complete_on is None:
        # Still validate the intervals so bad input never slips through unnoticed.
        suspended_days(suspensions=suspensions, running_from=date.min)
        return None

    months = ACCELERATED_DECISION_MONTHS if accelerated else STANDARD_DECISION_MONTHS
    last_day = add_months(documents_complete_on, months)
    if extension_months:
        last_day = add_months(last_day, extension_months)
    for start, end in _merged(suspensions, running_from=documents_complete_on):
        if start > next_working_day(last_day):
            break  # the period had already run out; later stretches cannot revive it
        if end is None:
            return None
        last_day += timedelta(days=(end - start).days + 1)
    return next_working_day(last_day)


def _merged(
    suspensions: Sequence[Suspension], *, running_from: date
) -> list[tuple[date, date | None]]:
    """Suspensions clipped to ``running_from``, sorted, overlapping or adjacent ones merged;
    an open interval swallows everything after its start."""
    clipped: list[tuple[date, date | None]] = []
    for start, end in suspensions:
        if end is not None and end < start:
            raise ValueError(f"suspension ends ({end}) before it starts ({start})")
        if end is None or end >= running_from:
            clipped.append((max(start, running_from), end))
    merged: list[tuple[date, date | None]] = []
    for start, end in sorted(clipped, key=lambda interval: interval[0]):
        if merged:
            last_start, last_end = merged[-1]
            if last_end is None:
                break
            if (start - last_end).days <= 1:
                merged[-1] = (last_start, None if end is None else max(last_end, end))
                continue
        merged.append((start, end))
    return merged


def is_overdue(*, due_on: date | None, done_on: date | None, today: date) -> bool:
    """Whether a deadline has been missed.

    Overdue if it is not done and ``today`` is after ``due_on``, or if it was done after
    ``due_on``. Without a due date nothing can be overdue.
    """
    if due_on is None:
        return False
    if done_on is None:
        return today > due_on
    return done_on > due_on
