from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from cases.counselling.queries import CaseRow


class CaseIn(BaseModel):
    person_id: int
    opened_on: date
    referral_source: str | None = Field(default=None, max_length=40)
    counsellor_id: int | None = None


class ContactIn(BaseModel):
    date: date
    duration_minutes: int
    channel: str = Field(max_length=40)
    language: str | None = Field(default=None, max_length=35)
    topics: list[str] = Field(default_factory=list, max_length=20)
    notes: str | None = Field(default=None, max_length=4000)


class ContactOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    case_id: int
    date: date
    duration_minutes: int
    channel: str
    language: str | None
    topics: list[str] = []
    notes: str | None


class ReferralIn(BaseModel):
    date: date
    partner: str = Field(max_length=40)
    notes: str | None = Field(default=None, max_length=2000)


class ReferralOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    case_id: int
    date: date
    partner: str
    notes: str | None


class OutcomeIn(BaseModel):
    type: str = Field(max_length=40)
    date: date


class OutcomeOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    case_id: int
    date: date
    type: str


class CloseIn(BaseModel):
    closed_on: date
    reason: str | None = Field(default=None, max_length=40)


class CaseEventOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    kind: str
    on: date
    reason: str | None
    user_id: int | None


class CaseOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    person_id: int
    counsellor_id: int | None
    opened_on: date
    closed_on: date | None
    status: str
    referral_source: str | None
    closure_reason: str | None
    last_contact_on: date | None


class CaseDetail(CaseOut):
    contacts: list[ContactOut] = []
    referrals: list[ReferralOut] = []
    outcomes: list[OutcomeOut] = []
    events: list[CaseEventOut] = []


class CasePage(BaseModel):
    items: list[CaseRow]  # the service's row, as the list page shows it
    total: int
    offset: int
    limit: int


class EnquiryIn(BaseModel):
    date: date
    channel: str = Field(max_length=40)
    topics: list[str] = Field(default_factory=list, max_length=20)
    language: str | None = Field(default=None, max_length=35)
    duration_minutes: int | None = None


class EnquiryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    date: date
    channel: str
    language: str | None
    duration_minutes: int | None
    topics: list[str] = []


class ConsentIn(BaseModel):
    purpose: str = Field(max_length=40)
    given_on: date
    sheet_version: str = Field(max_length=30)
    sheet_language: str = Field(max_length=35)


class ConsentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    person_id: int
    purpose: str
    given_on: date
    sheet_version: str
    sheet_language: str
    withdrawn_on: date | None


class WithdrawIn(BaseModel):
    withdrawn_on: date
