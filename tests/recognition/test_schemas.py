"""The recognition input models: every bad value named at its field with the shared messages,
limits equal to the columns, every number bounded, every date a Day, fees typed in euros."""

from __future__ import annotations

import types
import typing
from enum import StrEnum
from typing import Any

import annotated_types
import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel
from sqlalchemy import Integer, String

from cases.recognition import service
from cases.recognition.models import (
    RecognitionDocument,
    RecognitionProcedure,
    RecognitionSuspension,
)
from cases.recognition.schemas import (
    DocumentIn,
    ProcedureIn,
    ProcedurePatch,
    StepIn,
    SuspensionEndIn,
    SuspensionIn,
)
from tests.conftest import Factory, csrf_from, login
from tests.recognition.conftest import make_person
from welcome.errors import FieldErrors
from welcome.i18n import force_locale
from welcome.inputs import MAX_INT, validate

BASE = {"person_id": 1, "reference_occupation": "Koch", "authority": "ihk_fosa"}


def errors_of(model: type[BaseModel], values: dict[str, Any]) -> dict[str, str]:
    with force_locale("en"), pytest.raises(FieldErrors) as caught:
        validate(model, values)
    return caught.value.errors


def _inner(annotation: Any) -> Any:
    """The type of a field without None."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _inner(args[0])
    if typing.get_origin(annotation) is typing.Annotated:
        return _inner(typing.get_args(annotation)[0])
    return annotation


def _metadata(field: Any) -> list[Any]:
    found = list(field.metadata)
    annotation = field.annotation
    for arg in typing.get_args(annotation):
        if typing.get_origin(arg) is typing.Annotated:
            found += list(arg.__metadata__)
    return found


@pytest.mark.parametrize(
    ("model", "table"),
    [
        (ProcedureIn, RecognitionProcedure),
        (SuspensionIn, RecognitionSuspension),
        (DocumentIn, RecognitionDocument),
    ],
)
def test_limits_are_the_columns(model: type[BaseModel], table: Any) -> None:
    columns = table.__table__.columns
    for name, field in model.model_fields.items():
        column = columns.get(name)
        if column is None:  # a step's name: not stored
            continue
        kind = _inner(field.annotation)
        if isinstance(column.type, String):
            lengths = [m.max_length for m in _metadata(field) if hasattr(m, "max_length")]
            if isinstance(kind, type) and issubclass(kind, StrEnum):
                assert max(len(code) for code in kind) <= column.type.length, name
            elif name == "training_country":
                assert column.type.length == 2
            elif name == "reference_occupation_kldb":
                assert column.type.length == 5
            else:
                assert lengths == [column.type.length], name
        elif isinstance(column.type, Integer) and kind is int:
            highs = [m.le for m in _metadata(field) if isinstance(m, annotated_types.Le)] or [None]
            # bounded by the type (RowId) or by a rule of its own (fees, months)
            assert highs[0] in (MAX_INT, None), name
            too_big = {**BASE, name: 10**30}
            assert name in errors_of(model, too_big if model is ProcedureIn else {name: 10**30})


def test_every_date_is_a_day_and_year_9999_is_a_field_error() -> None:
    for name in ProcedureIn.model_fields:
        if name.endswith("_on"):
            errors = errors_of(ProcedureIn, {**BASE, name: "9999-12-31"})
            assert errors == {name: "Please enter a date between 1900 and 2099."}, name
            assert errors_of(ProcedureIn, {**BASE, name: "2026-02-30"}) == {
                name: "Please enter a valid date."
            }
    assert set(errors_of(SuspensionIn, {"starts_on": "9999-01-01", "ends_on": "1800-01-01"})) == {
        "starts_on",
        "ends_on",
    }
    assert set(errors_of(SuspensionEndIn, {"ends_on": "0001-01-01"})) == {"ends_on"}
    step = {"step": "documents_complete_on", "documents_complete_on": "9999-01-01"}
    assert set(errors_of(StepIn, step)) == {"documents_complete_on"}


@pytest.mark.parametrize(
    ("typed", "cents"),
    [("120,50", 12050), ("120.50", 12050), ("120", 12000), ("1 200,5", 120050), ("", None)],
)
def test_fees_are_typed_in_euros(typed: str, cents: int | None) -> None:
    assert validate(ProcedureIn, {**BASE, "fee_cents": typed}).fee_cents == cents


def test_fees_in_the_api_are_cents() -> None:
    assert validate(ProcedureIn, {**BASE, "fee_cents": 12050}).fee_cents == 12050
    assert errors_of(ProcedureIn, {**BASE, "fee_cents": -1}) == {
        "fee_cents": "Please enter an amount of zero or more."
    }
    assert errors_of(ProcedureIn, {**BASE, "fee_cents": 10**9}) == {
        "fee_cents": "Please enter an amount of at most 1000000 euros."
    }
    for typed in ("12x", "-1", "1.234", "99999999"):
        assert errors_of(ProcedureIn, {**BASE, "fee_cents": typed}) == {
            "fee_cents": "Please enter an amount in euros, e.g. 120.50."
        }


def test_bad_values_are_named_at_their_fields_with_the_shared_messages() -> None:
    errors = errors_of(
        ProcedureIn,
        {
            "person_id": "abc",
            "case_id": "0",
            "reference_occupation": "x" * 201,
            "authority": "hwk_berlin",
            "legal_basis": "",
            "training_country": "XX",
            "reference_occupation_kldb": "123",
            "qualification_title": "\x00",
            "extension_months": "4",
            "notes": "x" * 2001,
            "status": "lost",
        },
    )
    assert errors == {
        "person_id": "Please enter a whole number.",
        "case_id": "Please enter a number of at least 1.",
        "reference_occupation": "At most 200 characters.",
        "authority": "Unknown code hwk_berlin.",
        "legal_basis": "Please choose the legal basis.",
        "training_country": "Unknown country code XX.",
        "reference_occupation_kldb": "A KldB 2010 code has five digits.",
        "qualification_title": "This text contains a character it may not.",
        "extension_months": "The one extension may last 1 to 3 months.",
        "notes": "At most 2000 characters.",
        "status": "Unknown code lost.",
    }
    assert errors_of(ProcedureIn, {"reference_occupation": " "}) == {
        "person_id": "Please choose the person.",
        "reference_occupation": "Please enter the reference occupation.",
        "authority": "Please choose the competent authority.",
    }
    assert errors_of(ProcedureIn, {**BASE, "unexpected": 1}).keys() == {"unexpected"}
    assert errors_of(SuspensionIn, {"starts_on": "", "reason": "holiday"}) == {
        "starts_on": "Please enter the first day of the suspension.",
        "reason": "Unknown code holiday.",
    }
    assert errors_of(SuspensionIn, {"starts_on": "2025-03-10", "ends_on": "2025-03-01"}) == {
        "ends_on": "The suspension cannot end before it starts."
    }
    assert errors_of(SuspensionEndIn, {"ends_on": ""}) == {
        "ends_on": "Please enter the last day of the suspension."
    }
    assert errors_of(StepIn, {"step": "decided_on"}) == {"step": "Unknown code decided_on."}
    assert errors_of(StepIn, {"step": "receipt_confirmed_on"}) == {
        "receipt_confirmed_on": "Please enter a date."
    }
    assert errors_of(DocumentIn, {"kind": "selfie"}) == {"kind": "Unknown code selfie."}


def test_the_patch_has_every_field_but_the_person() -> None:
    # and the version the client read (a stale one is a 409)
    assert set(ProcedurePatch.model_fields) == (
        set(ProcedureIn.model_fields) - {"person_id"} | {"version"}
    )
    assert errors_of(ProcedurePatch, {"person_id": 1}).keys() == {"person_id"}
    # a stored procedure in the model's terms: the same names
    assert set(service.PROCEDURE_FIELDS) == set(ProcedureIn.model_fields)


def test_year_9999_is_a_field_error_in_the_api_and_the_form(
    client: TestClient, factory: Factory
) -> None:
    centre = factory.centre("Erzgebirge")
    counsellor = factory.user(role="counsellor", centre=centre, locale="en")
    person = make_person(factory, centre)
    headers = {"Authorization": f"Bearer {factory.token(counsellor)}"}
    body = {**BASE, "person_id": person, "applied_on": "9999-12-31"}
    response = client.post("/api/v1/recognitions", json=body, headers=headers)
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"applied_on"}
    made = client.post(
        "/api/v1/recognitions", json={**body, "applied_on": "2026-01-05"}, headers=headers
    )
    assert made.status_code == 201
    pid = made.json()["id"]
    patched = client.patch(
        f"/api/v1/recognitions/{pid}", json={"documents_complete_on": "9999-01-01"}, headers=headers
    )
    assert patched.status_code == 422
    assert {e["field"] for e in patched.json()["errors"]} == {"documents_complete_on"}
    suspended = client.post(
        f"/api/v1/recognitions/{pid}/suspensions", json={"starts_on": "9999-01-01"}, headers=headers
    )
    assert suspended.status_code == 422

    assert login(client, counsellor.email).status_code == 303
    token = csrf_from(client.get(f"/recognitions/{pid}").text)
    for path, data in (
        ("/recognitions", {**BASE, "person_id": str(person), "decided_on": "9999-12-31"}),
        (f"/recognitions/{pid}/edit", {**BASE, "person_id": str(person), "applied_on": "9999-1-1"}),
        (f"/recognitions/{pid}/step", {"step": "receipt_confirmed_on",
                                       "receipt_confirmed_on": "9999-12-31"}),
        (f"/recognitions/{pid}/suspensions", {"starts_on": "9999-12-31"}),
    ):  # fmt: skip
        page = client.post(path, data={"csrf_token": token, **data})
        assert page.status_code == 422, (path, page.text[-500:])
        field = next(k for k, v in data.items() if v.startswith("9999"))
        assert f'class="error kern-error" id="e-{field}"' in page.text  # at its field (KERN)
