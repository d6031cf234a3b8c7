"""The alliance report as plain values: the contract between counting (`counting.py`,
`service.py`) and every output (page, CSV, XLSX, PDF, JSON, CLI).

A report is built once from SQL aggregates, *then* suppressed (or not) and *then* rendered;
outputs never query the database. Codes are the API codes of `../shared/API.md`; labels are
already translated into the language the report was built in, so renderers only lay out.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict

Cell = int | str  # a count, or "*" once suppressed

# Headline indicators in the order of API.md (and of section A of the report).
INDICATORS: tuple[str, ...] = (
    "persons_counselled",
    "persons_from_germany",
    "persons_from_abroad",
    "returnees",
    "new_cases",
    "contacts",
    "anonymous_enquiries",
    "companies_counselled",
    "companies_made_aware",
    "employer_consultations",
    "events",
    "welcome_packages_issued",
    "recognitions_new",
    "recognitions_decided",
    "recognitions_overdue",
)

# Report sections, in print order (research § 8: B persons … G outcomes).
SECTIONS: tuple[str, ...] = (
    "persons",
    "activity",
    "recognition",
    "employers",
    "outreach",
    "outcomes",
)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class PeriodOut(_Frozen):
    label: str
    start: date
    end: date


class Row(_Frozen):
    code: str  # e.g. "third_country_immigrant", "SY", "other"
    label: str
    cells: list[Cell]  # one per column
    total: Cell


class Table(_Frozen):
    """A breakdown. One-dimensional breakdowns have a single column `count`."""

    key: str  # stable id, e.g. "client_group_by_gender"
    section: str  # one of SECTIONS
    title: str
    columns: list[str]  # column codes
    column_labels: list[str]
    rows: list[Row]
    column_totals: list[Cell]
    total: Cell
    multiple_answers: bool = False  # topics: totals are not a count of persons
    note: str | None = None  # e.g. "median days from documents complete to decision: 74"


class Indicator(_Frozen):
    code: str  # one of INDICATORS
    label: str
    period: Cell
    year_to_date: Cell
    target: int | None = None  # yearly target set by the lead
    achievement_percent: float | None = None  # year_to_date / target * 100, one decimal


class AllianceReport(_Frozen):
    period: PeriodOut
    year_to_date: PeriodOut
    centre: str | None  # None = several / all centres aggregated
    centres: list[str]  # the centres whose data is in the report
    language: str  # the language labels were built in ("de", "en")
    generated_at: datetime  # data date (Datenstand), UTC
    indicators: list[Indicator]
    tables: list[Table]
    suppressed: bool
    footnotes: list[str]
    # figures that are not counts, e.g. "recognition_median_days": 74.5 (or "*" when hidden)
    figures: dict[str, float | str | None] = {}

    def indicator_values(self, which: str = "period") -> dict[str, Cell]:
        """`{"persons_counselled": n, ...}` for `period` or `year_to_date` (API.md shape)."""
        return {
            i.code: (i.period if which == "period" else i.year_to_date) for i in self.indicators
        }

    def table(self, key: str) -> Table:
        for table in self.tables:
            if table.key == key:
                return table
        raise KeyError(key)
