"""The period picker of the report pages: a quarter (default: the last completed one), a
year, or a date range, each turned into a `Period` or a field error."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cases.reports.periods import Period, PeriodError, parse_period

QUARTERS_SHOWN = 8
YEARS_SHOWN = 5


def last_completed_quarter(today: date) -> str:
    quarter = (today.month - 1) // 3  # the current one is quarter + 1
    if quarter == 0:
        return f"{today.year - 1}-Q4"
    return f"{today.year}-Q{quarter}"


def quarter_options(today: date) -> list[str]:
    """The current quarter and the ones before it, newest first."""
    year, quarter = today.year, (today.month - 1) // 3 + 1
    out = []
    for _ in range(QUARTERS_SHOWN):
        out.append(f"{year}-Q{quarter}")
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    return out


def year_options(today: date) -> list[str]:
    return [str(today.year - n) for n in range(YEARS_SHOWN)]


@dataclass(frozen=True, slots=True)
class Choice:
    period: Period | None
    text: str  # what the user asked for (kept in the form on an error)
    start: str
    end: str
    error: str | None


def choose(*, period: str, start: str, end: str, today: date) -> Choice:
    """A range (`start`, `end`) wins over `period`; nothing asked = last completed quarter."""
    if start or end:
        text = f"{start.strip()}..{end.strip()}"
    else:
        text = period.strip() or last_completed_quarter(today)
    try:
        return Choice(parse_period(text), text, start, end, None)
    except PeriodError as exc:
        return Choice(None, text, start, end, str(exc))
