"""The employer area's input models: limits equal to the columns, every number bounded, every
day a `Day`, each wrong value named at its field (no database needed)."""

from __future__ import annotations

from datetime import timedelta
from enum import Enum
from typing import Any

import pytest
from pydantic import BaseModel

from cases.employers.models import (
    Employer,
    EmployerConsultation,
    EmployerContact,
    HiringNeed,
    OutreachEvent,
    Placement,
)
from cases.employers.schemas import (
    ConsultationIn,
    ContactPersonIn,
    EmployerIn,
    EventIn,
    HiringNeedIn,
    PlacementIn,
)
from welcome import clock
from welcome.errors import FieldErrors
from welcome.i18n import force_locale
from welcome.inputs import MAX_INT, validate

TODAY = clock.today()

# each model, the table it is stored in, and a valid input
CASES: list[tuple[type[BaseModel], Any, dict[str, Any]]] = [
    (EmployerIn, Employer, {"name": "Müller GmbH"}),
    (ContactPersonIn, EmployerContact, {"name": "Anke Weber"}),
    (
        ConsultationIn,
        EmployerConsultation,
        {"date": TODAY, "duration_minutes": 30, "channel": "phone"},
    ),
    (EventIn, OutreachEvent, {"date": TODAY, "type": "workshop", "title": "W"}),
    (HiringNeedIn, HiringNeed, {"occupation": "Koch"}),
    (
        PlacementIn,
        Placement,
        {"person_id": 1, "type": "job", "starts_on": TODAY, "occupation": "K"},
    ),
]
IDS = [model.__name__ for model, _table, _valid in CASES]
# fields whose text is free: as long as the column, and no longer
FREE_TEXT = {"name", "role", "phone", "municipality", "address", "notes", "title", "partners",
             "occupation"}  # fmt: skip
INT_FIELDS = {
    ConsultationIn: ("duration_minutes", "counsellor_id"),
    EventIn: ("anonymous_companies", "persons_reached", "employer_ids", "person_ids"),
    HiringNeedIn: ("positions",),
    PlacementIn: ("person_id",),
}
DATE_FIELDS = {
    ContactPersonIn: ("consent_on",),
    ConsultationIn: ("date", "follow_up_on"),
    EventIn: ("date",),
    HiringNeedIn: ("desired_start", "recorded_on"),
    PlacementIn: ("starts_on",),
}


def _errors(model: type[BaseModel], values: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(FieldErrors) as caught:
        validate(model, values)
    return caught.value.errors


def _string_columns(table: Any) -> dict[str, int]:
    """Column name -> max_length of the table's text columns."""
    return {
        c.name: length
        for c in table.__table__.columns
        if (length := getattr(c.type, "length", None))
    }


@pytest.mark.parametrize(("model", "table", "valid"), CASES, ids=IDS)
def test_text_limits_are_the_columns(
    model: type[BaseModel], table: Any, valid: dict[str, Any]
) -> None:
    validate(model, valid)
    columns = _string_columns(table)
    checked = 0
    for name, field in model.model_fields.items():
        length = columns.get(name)
        if length is None:
            continue
        checked += 1
        codes = [a for a in (field.annotation, *getattr(field.annotation, "__args__", ())) if
                 isinstance(a, type) and issubclass(a, Enum)]  # fmt: skip
        if codes:  # a code field: every code fits its column
            assert max(len(m.value) for m in codes[0]) <= length, name
            continue
        assert name in _errors(model, {**valid, name: "x" * (length + 1)}), name
        if name in FREE_TEXT:
            assert validate(model, {**valid, name: "x" * length}), name
    assert checked  # the model was compared with its table


@pytest.mark.parametrize("model", list(INT_FIELDS), ids=lambda m: m.__name__)
def test_every_number_is_bounded_and_read_strictly(model: type[BaseModel]) -> None:
    valid = next(v for m, _t, v in CASES if m is model)
    for name in INT_FIELDS[model]:
        is_list = name.endswith("_ids")
        for odd in (-1, MAX_INT + 1, 10**30, "--5", "²", "9" * 30, "1.5", "abc"):
            sent = [odd] if is_list else odd
            assert name in _errors(model, {**valid, name: sent}), (name, odd)


@pytest.mark.parametrize("model", list(DATE_FIELDS), ids=lambda m: m.__name__)
def test_every_day_is_a_day_of_the_work(model: type[BaseModel]) -> None:
    valid = next(v for m, _t, v in CASES if m is model)
    for name in DATE_FIELDS[model]:
        for odd in ("2026-02-30", "1700000000", "9999-12-31", "1999-12-31", "soon", 5):
            assert name in _errors(model, {**valid, name: odd}), (name, odd)
    ahead = TODAY + timedelta(days=731)
    for name in DATE_FIELDS[model]:
        assert name in _errors(model, {**valid, name: ahead}), name


def test_rules_name_their_field_in_the_users_words() -> None:
    with force_locale("en"):
        errors = _errors(
            EmployerIn,
            {"name": "", "sector_code": "45", "sector_version": "2025", "size_band": "huge"},
        )
        assert errors == {
            "name": "Please enter the company's name.",
            "sector_code": "45 is not a section or division of WZ 2025.",
            "size_band": "Unknown code huge.",
        }
        errors = _errors(
            ConsultationIn,
            {"date": TODAY + timedelta(days=1), "duration_minutes": "0", "channel": ""},
        )
        assert errors == {
            "date": "This date lies in the future.",
            "duration_minutes": "The duration must be between 1 and 600 minutes.",
            "channel": "Please choose a channel.",
        }
        errors = _errors(
            HiringNeedIn, {"occupation": "Koch", "positions": "", "occupation_kldb": "8x"}
        )
        assert errors == {
            "positions": "Please enter the number of positions.",
            "occupation_kldb": "A KldB 2010 code has up to five digits.",
        }
        assert _errors(ContactPersonIn, {"name": "A", "email": "nobody"}) == {
            "email": "Please enter a valid e-mail address."
        }


def test_what_the_models_settle() -> None:
    employer = validate(EmployerIn, {"name": "  Müller   GmbH ", "sector_code": " c "})
    assert (employer.name, employer.sector_code, employer.sector_version) == (
        "Müller GmbH",
        "C",
        "2008",
    )
    assert employer.sector_section == "C"
    assert validate(EmployerIn, {"name": "A", "sector_version": "2025"}).sector_version is None
    assert validate(EmployerIn, {"name": "A", "sector_code": "25.62"}).sector_section == "C"
    event = validate(
        EventIn,
        {"date": TODAY, "type": "mailing", "title": "R", "anonymous_companies": "",
         "person_ids": ["3", "3", "4"], "employer_ids": ["7", "7"]},
    )  # fmt: skip
    assert (event.anonymous_companies, event.persons_reached) == (0, 2)
    assert (event.person_ids, event.employer_ids) == ([3, 4], [7])
    consultation = validate(
        ConsultationIn,
        {"date": TODAY, "duration_minutes": "45", "channel": "video",
         "topics": ["onboarding", "funding", "onboarding"]},
    )  # fmt: skip
    assert consultation.topics == ["onboarding", "funding"]
    need = validate(HiringNeedIn, {"occupation": "Koch"})
    assert (need.positions, need.recorded_on) == (1, None)  # the service records today
