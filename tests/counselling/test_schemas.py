"""The counselling input models: every wrong value is named at its field with one message per
rule, and every limit is the column's (no database needed)."""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum
from typing import Any

import pytest
from pydantic import BaseModel
from sqlmodel import SQLModel

from cases.counselling.codes import (
    Channel,
    ClosureReason,
    ConsentPurpose,
    ContactTopic,
    OutcomeType,
    ReferralPartner,
    ReferralSource,
)
from cases.counselling.models import (
    Case,
    Consent,
    Contact,
    ContactTopicRow,
    Enquiry,
    EnquiryTopicRow,
    Outcome,
    Referral,
)
from cases.counselling.schemas import (
    CaseFilter,
    CaseIn,
    CloseIn,
    ConsentIn,
    ContactIn,
    EnquiryIn,
    OutcomeIn,
    ReferralIn,
    WithdrawIn,
)
from welcome import clock
from welcome.errors import FieldErrors
from welcome.i18n import force_locale
from welcome.inputs import MAX_INT, validate

TODAY = clock.today()
TOMORROW = (TODAY + timedelta(days=1)).isoformat()

GOOD: dict[type[BaseModel], dict[str, Any]] = {
    CaseIn: {"person_id": 1, "opened_on": TODAY.isoformat()},
    CloseIn: {"closed_on": TODAY.isoformat(), "reason": "goal_reached"},
    ContactIn: {
        "date": TODAY.isoformat(),
        "duration_minutes": "30",
        "channel": "phone",
        "topics": ["housing"],
    },
    ReferralIn: {"date": TODAY.isoformat(), "partner": "ihk"},
    OutcomeIn: {"date": TODAY.isoformat(), "type": "job_taken_up"},
    EnquiryIn: {"date": TODAY.isoformat(), "channel": "email", "topics": ["housing"]},
    ConsentIn: {
        "purpose": "case_file",
        "given_on": TODAY.isoformat(),
        "sheet_version": "2026-01",
        "sheet_language": "uk",
    },
    WithdrawIn: {"withdrawn_on": TODAY.isoformat()},
    CaseFilter: {},
}


def _errors(model: type[BaseModel], **fields: Any) -> dict[str, str]:
    with force_locale("en"), pytest.raises(FieldErrors) as caught:
        validate(model, {**GOOD[model], **fields})
    return caught.value.errors


@pytest.mark.parametrize("model", list(GOOD))
def test_the_good_values_pass(model: type[BaseModel]) -> None:
    validate(model, GOOD[model])


@pytest.mark.parametrize(
    ("model", "fields", "messages"),
    [
        (CaseIn, {"person_id": ""}, {"person_id": "Please choose a person."}),
        (CaseIn, {"person_id": "0"}, {"person_id": "Please enter a number of at least 1."}),
        (
            CaseIn,
            {"person_id": str(MAX_INT + 1)},
            {"person_id": f"Please enter a number of at most {MAX_INT}."},
        ),
        (CaseIn, {"opened_on": ""}, {"opened_on": "Please enter a date."}),
        (CaseIn, {"opened_on": "31.02.2026"}, {"opened_on": "Please enter a valid date."}),
        (CaseIn, {"opened_on": TOMORROW}, {"opened_on": "The date cannot be in the future."}),
        (CaseIn, {"referral_source": "aliens"}, {"referral_source": "Unknown code aliens."}),
        (CaseIn, {"counsellor_id": "x"}, {"counsellor_id": "Please enter a whole number."}),
        (CloseIn, {"reason": ""}, {"reason": "Please give the reason for closing the case."}),
        (CloseIn, {"reason": "bored"}, {"reason": "Unknown code bored."}),
        (CloseIn, {"closed_on": "2999-01-01"}, {
            "closed_on": "Please enter a date between 1900 and 2099."}),
        (ContactIn, {"duration_minutes": ""}, {
            "duration_minutes": "Please enter the duration in minutes."}),
        (
            ContactIn,
            {"duration_minutes": "601"},
            {"duration_minutes": "The duration must be between 1 and 600 minutes."},
        ),
        (
            ContactIn,
            {"duration_minutes": str(10**30)},
            {"duration_minutes": "The duration must be between 1 and 600 minutes."},
        ),
        (ContactIn, {"duration_minutes": "1.5"}, {
            "duration_minutes": "Please enter a whole number."}),
        (ContactIn, {"channel": ""}, {"channel": "Please choose a value."}),
        (ContactIn, {"channel": "pigeon"}, {"channel": "Unknown code pigeon."}),
        (ContactIn, {"topics": []}, {"topics": "Please choose at least one topic."}),
        (ContactIn, {"topics": ["housing", "astrology"]}, {"topics": "Unknown code astrology."}),
        (ContactIn, {"language": "xx-QQ"}, {"language": "Unknown language code xx-QQ."}),
        (ContactIn, {"notes": "x" * 4001}, {"notes": "At most 4000 characters."}),
        (ContactIn, {"notes": "a\x00b"}, {"notes": "This text contains a character it may not."}),
        (ReferralIn, {"partner": "nasa", "date": TOMORROW}, {
            "partner": "Unknown code nasa.", "date": "The date cannot be in the future."}),
        (ReferralIn, {"notes": "x" * 2001}, {"notes": "At most 2000 characters."}),
        (OutcomeIn, {"type": ""}, {"type": "Please choose a value."}),
        (OutcomeIn, {"type": "rich"}, {"type": "Unknown code rich."}),
        (EnquiryIn, {"topics": [], "channel": "fax", "duration_minutes": "0"}, {
            "topics": "Please choose at least one topic.", "channel": "Unknown code fax.",
            "duration_minutes": "The duration must be between 1 and 600 minutes."}),
        (ConsentIn, {"sheet_version": " "}, {
            "sheet_version": "Please enter the version of the information sheet."}),
        (ConsentIn, {"sheet_version": "v" * 31}, {"sheet_version": "At most 30 characters."}),
        (ConsentIn, {"sheet_language": ""}, {
            "sheet_language": "Please choose the language of the information sheet."}),
        (ConsentIn, {"purpose": "gossip"}, {"purpose": "Unknown code gossip."}),
        (WithdrawIn, {"withdrawn_on": TOMORROW}, {
            "withdrawn_on": "The date cannot be in the future."}),
        (CaseFilter, {"idle_days": "x"}, {"idle_days": "Please enter a whole number."}),
        (CaseFilter, {"idle_days": "-1"}, {"idle_days": "Please enter a number of at least 0."}),
        (CaseFilter, {"status": "maybe"}, {"status": "Unknown code maybe."}),
        (CaseFilter, {"sort": "shoe"}, {"sort": "Unknown code shoe."}),
    ],
)  # fmt: skip
def test_wrong_values_are_named_at_their_fields(
    model: type[BaseModel], fields: dict[str, Any], messages: dict[str, str]
) -> None:
    assert _errors(model, **fields) == messages


def test_values_are_cleaned() -> None:
    contact = validate(
        ContactIn,
        {
            **GOOD[ContactIn],
            "topics": ["housing", "job_search", "housing", ""],
            "language": "pt-br",
            "notes": "  first talk  ",
        },
    )
    assert contact.topics == [ContactTopic.JOB_SEARCH, ContactTopic.HOUSING]  # code order
    assert contact.language == "pt-BR" and contact.notes == "first talk"
    assert validate(ContactIn, {**GOOD[ContactIn], "notes": "  "}).notes is None
    case = validate(CaseIn, {**GOOD[CaseIn], "referral_source": "", "counsellor_id": ""})
    assert case.referral_source is None and case.counsellor_id is None
    filters = validate(CaseFilter, {"status": ""})
    assert filters.status is None  # blank: all
    assert validate(CaseFilter, {}).status == "open"  # not given: the open cases
    assert validate(ConsentIn, {**GOOD[ConsentIn], "sheet_version": "v" * 30}).sheet_version


def _length(table: type[SQLModel], column: str) -> int:
    length = table.__table__.columns[column].type.length  # type: ignore[attr-defined]
    assert isinstance(length, int)
    return length


@pytest.mark.parametrize(
    ("model", "field", "table", "column"),
    [
        (ContactIn, "notes", Contact, "notes"),
        (ContactIn, "language", Contact, "language"),
        (ReferralIn, "notes", Referral, "notes"),
        (EnquiryIn, "language", Enquiry, "language"),
        (ConsentIn, "sheet_version", Consent, "sheet_version"),
        (ConsentIn, "sheet_language", Consent, "sheet_language"),
    ],
)
def test_text_limits_are_the_columns(
    model: type[BaseModel], field: str, table: type[SQLModel], column: str
) -> None:
    schema = model.model_json_schema()["properties"][field]
    limits = [s.get("maxLength") for s in schema.get("anyOf", [schema]) if s.get("type") != "null"]
    assert limits == [_length(table, column)]


@pytest.mark.parametrize(
    ("enum", "table", "column"),
    [
        (Channel, Contact, "channel"),
        (Channel, Enquiry, "channel"),
        (ContactTopic, ContactTopicRow, "topic"),
        (ContactTopic, EnquiryTopicRow, "topic"),
        (ReferralPartner, Referral, "partner"),
        (OutcomeType, Outcome, "type"),
        (ConsentPurpose, Consent, "purpose"),
        (ReferralSource, Case, "referral_source"),
        (ClosureReason, Case, "closure_reason"),
    ],
)
def test_every_code_fits_its_column(
    enum: type[StrEnum], table: type[SQLModel], column: str
) -> None:
    assert max(len(m.value) for m in enum) <= _length(table, column)


def test_topics_are_bounded_by_the_code_list() -> None:
    every = [t.value for t in ContactTopic]
    assert len(validate(ContactIn, {**GOOD[ContactIn], "topics": every}).topics) == len(every)
    errors = _errors(ContactIn, topics=[*every, "housing"])
    assert errors == {"topics": f"At most {len(every)} entries."}
