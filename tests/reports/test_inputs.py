"""The reports area's inputs: the yearly targets (form and API body) and a submission, limits
equal to the columns, every wrong value named at its field."""

from __future__ import annotations

from typing import Any

import pytest

from cases.reports.models import ReportSubmission
from cases.reports.schemas import (
    INDICATORS,
    MAX_TARGET,
    SubmissionIn,
    Targets,
    TargetsIn,
    YearTargets,
)
from welcome.accounts.models import Centre
from welcome.errors import FieldErrors
from welcome.i18n import force_locale
from welcome.inputs import MAX_INT, validate


def errors_of(model: type[Any], values: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(FieldErrors) as caught, force_locale("en"):
        validate(model, values)
    return caught.value.errors


def test_one_target_field_per_indicator() -> None:
    assert list(Targets.model_fields) == list(INDICATORS)
    assert MAX_TARGET <= MAX_INT  # the column is an INTEGER


@pytest.mark.parametrize(
    ("typed", "value"), [("12", 12), (" 40 ", 40), ("1.000", 1000), ("10 000", 10000), (0, 0)]
)
def test_a_target_is_a_whole_number(typed: object, value: int) -> None:
    assert validate(YearTargets, {"year": "2026", "events": typed}).events == value


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("--5", "Please enter a whole number."),
        ("²", "Please enter a whole number."),
        ("٣", "Please enter a whole number."),
        ("1.5", "Please enter a whole number."),
        ("1_000", "Please enter a whole number."),
        ("zwölf", "Please enter a whole number."),
        (True, "Please enter a whole number."),
        ("9" * 30, f"Please enter a number of at most {MAX_TARGET}."),
        ("-1", "Please enter a number of at least 0."),
    ],
)
def test_an_odd_target_is_named(typed: object, message: str) -> None:
    assert errors_of(YearTargets, {"year": "2026", "events": typed}) == {"events": message}


@pytest.mark.parametrize("typed", ["1999", "2101", "x" * 5000, "", "20.26"])
def test_the_year_is_one_of_the_report_years(typed: str) -> None:
    assert set(errors_of(YearTargets, {"year": typed})) == {"year"}


def test_a_blank_field_removes_and_a_missing_one_keeps() -> None:
    form = validate(YearTargets, {"year": "2026", "events": "", "contacts": "3"})
    assert form.given() == {"contacts": 3, "events": None}
    body = TargetsIn.model_validate({"targets": {"contacts": None}})
    assert body.targets.given() == {"contacts": None}


def test_the_api_body_names_fields_by_indicator() -> None:
    with pytest.raises(FieldErrors) as caught, force_locale("en"):
        TargetsIn.model_validate({"targets": {"persons": 3, "events": -1}})
    assert caught.value.errors == {
        "persons": "Unknown code persons.",
        "events": "Please enter a number of at least 0.",
    }
    length = Centre.__table__.c["name"].type.length  # type: ignore[attr-defined]
    assert validate(TargetsIn, {"targets": {}, "centre": "x" * length})
    assert set(errors_of(TargetsIn, {"targets": {}, "centre": "x" * (length + 1)})) == {"centre"}


@pytest.mark.parametrize("typed", ["2026", "2026-01-01..2026-03-31", "0000-Q1", "Q3", "", "x" * 41])
def test_only_a_quarter_is_submitted(typed: str) -> None:
    assert set(errors_of(SubmissionIn, {"period": typed})) == {"period"}


def test_the_note_fits_its_column() -> None:
    length = ReportSubmission.__table__.c["note"].type.length  # type: ignore[attr-defined]
    data = validate(SubmissionIn, {"period": " 2026-Q3 ", "note": "x" * length})
    assert data.period == "2026-Q3" and data.quarter.end.month == 9
    errors = errors_of(SubmissionIn, {"period": "2026-Q3", "note": "x" * (length + 1)})
    assert errors == {"note": f"At most {length} characters."}
