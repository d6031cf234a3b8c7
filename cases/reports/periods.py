"""Report periods: a quarter (`2026-Q3`), a year (`2026`) or a date range
(`2026-01-15..2026-03-31`), each with its year-to-date companion."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from welcome.inputs import MAX_DAY, MIN_DAY

_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")
MAX_RANGE_DAYS = 366 * 5


class PeriodError(ValueError):
    """The period text is not one of the accepted forms; the message says which are."""


@dataclass(frozen=True, slots=True)
class Period:
    label: str
    start: date
    end: date  # inclusive

    def year_to_date(self) -> Period:
        """From 1 January of the end's year up to the end of this period."""
        start = date(self.end.year, 1, 1)
        return Period(
            label=f"{self.end.year}-YTD-{self.end.isoformat()}", start=start, end=self.end
        )

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def as_dict(self) -> dict[str, str]:
        return {"label": self.label, "start": self.start.isoformat(), "end": self.end.isoformat()}


def _quarter_end(year: int, quarter: int) -> date:
    if quarter == 4:
        return date(year, 12, 31)
    return date(year, quarter * 3 + 1, 1) - timedelta(days=1)


def _in_range(period: Period) -> Period:
    """Years any date of the app may have (welcome.inputs): outside them a period is a typing
    error, never a crash (year 0 has no date, year 9999 overflows the year-to-date)."""
    if not (period.start >= MIN_DAY and period.end <= MAX_DAY):
        raise PeriodError(f"use a period between {MIN_DAY.year} and {MAX_DAY.year}")
    return period


def parse_period(text: str) -> Period:
    value = text.strip()
    if (match := _QUARTER.match(value) or _YEAR.match(value)) and not (
        MIN_DAY.year <= int(match.group(1)) <= MAX_DAY.year
    ):
        raise PeriodError(f"use a period between {MIN_DAY.year} and {MAX_DAY.year}")
    return _in_range(_parse(value))


def _parse(value: str) -> Period:
    if match := _QUARTER.match(value):
        year, quarter = int(match.group(1)), int(match.group(2))
        return Period(value, date(year, quarter * 3 - 2, 1), _quarter_end(year, quarter))
    if match := _YEAR.match(value):
        year = int(match.group(1))
        return Period(value, date(year, 1, 1), date(year, 12, 31))
    if match := _RANGE.match(value):
        try:
            start, end = date.fromisoformat(match.group(1)), date.fromisoformat(match.group(2))
        except ValueError as exc:
            raise PeriodError(f"not a calendar date in {value!r}") from exc
        if end < start:
            raise PeriodError("the end of the range lies before its start")
        if (end - start).days > MAX_RANGE_DAYS:
            raise PeriodError("a range may span at most five years")
        return Period(value, start, end)
    raise PeriodError("use YYYY-Qn (e.g. 2026-Q3), YYYY, or YYYY-MM-DD..YYYY-MM-DD")
