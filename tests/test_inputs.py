"""The input layer: one message per rule, every wrong field at once, bounds that keep bad
input from the database, and input limits equal to the columns they fill."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel
from sqlmodel import SQLModel
from starlette.datastructures import FormData

from cases.persons.models import Person
from cases.persons.schemas import PersonIn, PersonPatch
from welcome.errors import FieldErrors
from welcome.i18n import force_locale
from welcome.inputs import Input, parse_form, validate

# (input model, the table it fills): every text limit of the input is the column's
PAIRS: list[tuple[type[BaseModel], type[SQLModel]]] = [(PersonIn, Person)]


def _max_length(model: type[BaseModel], name: str) -> int | None:
    for meta in model.model_fields[name].metadata:
        if getattr(meta, "max_length", None) is not None:
            return int(meta.max_length)
    return None


@pytest.mark.parametrize(("model", "table"), PAIRS, ids=lambda m: m.__name__)
def test_text_limits_equal_the_columns(model: type[BaseModel], table: type[SQLModel]) -> None:
    columns = table.__table__.columns  # type: ignore[attr-defined]
    checked = 0
    for name in model.model_fields:
        if name not in columns or not hasattr(columns[name].type, "length"):
            continue
        length = columns[name].type.length
        limit = _max_length(model, name)
        if limit is None:  # a code or a checked value: must not be longer than the column
            continue
        assert limit == length, f"{model.__name__}.{name}: {limit} != column {length}"
        checked += 1
    assert checked >= 3


def _errors(model: type[Input], data: dict[str, Any]) -> dict[str, str]:
    with force_locale("en"), pytest.raises(FieldErrors) as caught:
        validate(model, data)
    return caught.value.errors


def test_every_wrong_field_is_named_at_once_with_one_message_per_rule() -> None:
    errors = _errors(
        PersonIn,
        {
            "first_name": " ",
            "last_name": "x" * 101,
            "client_group": "domestic_mover",
            "previous_residence_country": "PL",  # a cross-field rule, while others are wrong
            "arrived_on": "9999-12-20",
            "birth_year": "--5",
            "children_count": "9" * 30,
            "gender": "robot",
            "municipality": "A\x00B",
        },
    )
    assert errors == {
        "first_name": "Please enter the first name.",
        "last_name": "At most 100 characters.",
        "previous_residence_country": (
            "A mover from elsewhere in Germany cannot have a previous residence abroad."
        ),
        "arrived_on": "Please enter a date between 1900 and 2099.",
        "birth_year": "Please enter a whole number.",
        "children_count": "Please enter a number between 0 and 30.",
        "gender": "Unknown code robot.",
        "municipality": "This text contains a character it may not.",
    }


@pytest.mark.parametrize("raw", ["1700000000", "2026-02-30", "01.02.2026", "2026-1-2", "²"])
def test_a_date_is_yyyy_mm_dd_only(raw: str) -> None:
    data = {"first_name": "A", "last_name": "B", "client_group": "returnee", "arrived_on": raw}
    assert _errors(PersonIn, data) == {"arrived_on": "Please enter a valid date."}


def test_a_form_is_read_into_the_same_model_with_the_typed_values_kept() -> None:
    form = FormData(
        [
            ("first_name", " Anna "),
            ("last_name", "Nowak"),
            ("client_group", "eu_immigrant"),
            ("nationalities", "pl"),
            ("nationalities", ""),
            ("nationalities", "PL"),
            ("birth_year", "neunzehn"),
        ]
    )
    with force_locale("en"):
        model, values, errors = parse_form(form, PersonIn)
    assert model is None
    assert errors == {"birth_year": "Please enter a whole number."}
    assert values["birth_year"] == "neunzehn" and values["nationalities"] == ["pl", "", "PL"]
    form = FormData([(k, v) for k, v in form.multi_items() if k != "birth_year"])
    model, _values, errors = parse_form(form, PersonIn)
    assert errors == {} and model is not None
    assert (model.first_name, model.nationalities) == ("Anna", ["PL"])


def test_a_patch_has_every_field_optional_and_the_same_field_rules() -> None:
    assert all(not f.is_required() for f in PersonPatch.model_fields.values())
    assert set(PersonPatch.model_fields) == set(PersonIn.model_fields)
    with pytest.raises(Exception, match="gender"):
        PersonPatch.model_validate({"gender": "robot"})
