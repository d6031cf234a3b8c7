"""The alliance report as plain values: the contract between counting (`counting.py`,
`service.py`) and every output (page, CSV, XLSX, PDF, JSON, CLI).

A report is built once from SQL aggregates, *then* suppressed (or not) and *then* rendered;
outputs never query the database. Codes are the API codes of `../shared/API.md`; labels are
already translated into the language the report was built in, so renderers only lay out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Annotated, Any, ClassVar, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticCustomError

from cases.reports.periods import Period, PeriodError, parse_period
from welcome.errors import FieldErrors
from welcome.i18n import _, format_number
from welcome.inputs import Input, Line, field_of, message_of

Cell = int | str  # a count (or "*": a hidden median, an old submission's hidden cell)

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
    # the row is there only because something was counted in it (a nationality, a language,
    # "not recorded"): a protected report leaves it out when it shows only zeros
    optional: bool = Field(default=False, exclude=True)


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
    # per cell, the sum of its records' keys (cell key method); never leaves the process
    keys: list[list[int]] = Field(default_factory=list, exclude=True, repr=False)


class Indicator(_Frozen):
    code: str  # one of INDICATORS
    label: str
    period: Cell
    year_to_date: Cell
    # the sums of the counted records' keys (cell key method); never leave the process
    period_key: int = Field(default=0, exclude=True, repr=False)
    year_to_date_key: int = Field(default=0, exclude=True, repr=False)
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
    suppressed: bool  # true: protected (the cell key method), as everything leaving the centre
    footnotes: list[str]
    # figures that are not counts, e.g. "recognition_median_days": 74.5 (or "*" when hidden)
    figures: dict[str, float | str | None] = {}
    # the period has not ended on the data date: its figures are provisional
    provisional: bool = False
    # how the figures are protected (`disclosure.method`), None = exact
    disclosure: dict[str, object] | None = None

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


# --- inputs: the yearly targets, a submission ----------------------------------------------

MAX_TARGET = 10_000_000
MIN_YEAR, MAX_YEAR = 2000, 2100
_GROUPED = re.compile(r"\d{1,3}(?:[. ]\d{3})+")  # 1.000 or 10 000, as written in German


def _whole_number(value: Any) -> Any:
    """Digits only ("12", "1.000" as a thousand); pydantic alone would read "1.000" as 1,
    "1_000" as 1000 and true as 1."""
    if isinstance(value, bool):
        raise PydanticCustomError("int_type", _("Please enter a whole number."))
    if isinstance(value, str):
        text = value.strip()
        if _GROUPED.fullmatch(text):
            text = text.replace(".", "").replace(" ", "")
        if not re.fullmatch(r"-?[0-9]+", text):
            raise PydanticCustomError("int_parsing", _("Please enter a whole number."))
        return text
    return value


# a yearly target: a whole number of 0 to MAX_TARGET (the column is an INTEGER)
Target = Annotated[int, BeforeValidator(_whole_number), Field(ge=0, le=MAX_TARGET)]
Year = Annotated[int, BeforeValidator(_whole_number), Field(ge=MIN_YEAR, le=MAX_YEAR)]


# (part, whole): a part's target is at most its whole's
SUB_TARGETS = (
    ("persons_from_germany", "persons_counselled"),
    ("persons_from_abroad", "persons_counselled"),
    ("returnees", "persons_counselled"),
    ("anonymous_enquiries", "contacts"),
)


class Targets(Input):
    """Indicator code → the centre's yearly target. An indicator left out stays as it is; one
    given as null (a blank field) loses its target."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    persons_counselled: Target | None = None
    persons_from_germany: Target | None = None
    persons_from_abroad: Target | None = None
    returnees: Target | None = None
    new_cases: Target | None = None
    contacts: Target | None = None
    anonymous_enquiries: Target | None = None
    companies_counselled: Target | None = None
    companies_made_aware: Target | None = None
    employer_consultations: Target | None = None
    events: Target | None = None
    welcome_packages_issued: Target | None = None
    recognitions_new: Target | None = None
    recognitions_decided: Target | None = None
    recognitions_overdue: Target | None = None

    @model_validator(mode="wrap")
    @classmethod
    def _by_indicator(cls, data: Any, handler: ModelWrapValidatorHandler[Self]) -> Self:
        """Every wrong value named by its indicator code, the form's field name, also inside
        the API's body (where it would be "targets.<code>"); an unknown code is an error."""
        try:
            return handler(data)
        except ValidationError as exc:
            errors: dict[str, str] = {}
            for error in exc.errors():
                name = field_of(error.get("loc") or ())
                if error["type"] == "extra_forbidden":
                    errors.setdefault(name, _("Unknown code %(code)s.", code=name[:40]))
                else:
                    errors.setdefault(name, message_of(error, cls))
            raise FieldErrors(errors) from None

    def check(self) -> dict[str, str]:
        """A part cannot have a larger target than its whole (persons from Germany, from
        abroad, returnees are persons counselled; anonymous enquiries are contacts)."""
        from cases.reports.service import indicator_labels  # the report's own names

        names = indicator_labels()
        errors: dict[str, str] = {}
        for part, whole in SUB_TARGETS:
            small, big = getattr(self, part), getattr(self, whole)
            if small is not None and big is not None and small > big:
                errors[part] = _(
                    "The target cannot be larger than the target of “%(whole)s” (%(n)s).",
                    whole=names[whole],
                    n=format_number(big),
                )
        germany, abroad = self.persons_from_germany, self.persons_from_abroad
        total = self.persons_counselled
        if None not in (germany, abroad, total) and germany + abroad > total:  # type: ignore[operator]
            errors.setdefault(
                "persons_from_abroad",
                _(
                    "From Germany and from abroad together cannot be more than the persons "
                    "counselled (%(n)s).",
                    n=format_number(total),
                ),
            )
        return errors

    def given(self) -> dict[str, int | None]:
        """The indicators sent: code → target (None: remove it)."""
        return {code: getattr(self, code) for code in INDICATORS if code in self.model_fields_set}


class YearTargets(Targets):
    """The targets form: one year's targets."""

    year: Year


class TargetsIn(Input):
    """`PUT /reports/targets/{year}`: the targets, and the centre (an admin names it; a lead
    sets the own centre's)."""

    targets: Targets
    centre: Line | None = Field(default=None, max_length=200)


def _quarter(value: str) -> str:
    try:
        period: Period | None = parse_period(value)
    except PeriodError:
        period = None
    if period is None or "-Q" not in period.label:
        raise PydanticCustomError("rule", _("Only a quarter can be submitted."))
    return period.label


# a quarter as YYYY-Qn (the period column holds 40 characters)
Quarter = Annotated[str, Field(max_length=40), AfterValidator(_quarter)]


class SubmissionIn(Input):
    """A quarter sent to the alliance; a correction (a later version) needs the note."""

    required: ClassVar[Mapping[str, Callable[[], str]]] = {
        "period": lambda: _("Only a quarter can be submitted."),
    }

    period: Quarter
    note: str | None = Field(default=None, max_length=2000)

    @property
    def quarter(self) -> Period:
        return parse_period(self.period)
