"""The JSON shapes of recognition procedures (API.md: POST/GET/PATCH /recognitions)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from cases.codes import (
    Authority,
    CompensationMeasure,
    FeePayer,
    LegalBasis,
    QualificationLevel,
    RecognitionDecision,
    RecognitionDocumentKind,
    RecognitionStatus,
    SuspensionReason,
)


class _Fields(BaseModel):
    model_config = ConfigDict(extra="forbid")

    case_id: int | None = None
    counsellor_id: int | None = None
    reference_occupation_kldb: str | None = Field(default=None, max_length=5)
    regulated: bool | None = None
    legal_basis: LegalBasis | None = None
    training_country: str | None = Field(default=None, max_length=2)
    qualification_title: str | None = Field(default=None, max_length=300)
    qualification_type: QualificationLevel | None = None
    accelerated: bool | None = Field(default=None, description="§ 81a AufenthG")
    fee_cents: int | None = Field(default=None, ge=0, description="fees in euro cents")
    fee_payer: FeePayer | None = None
    applied_on: date | None = None
    receipt_confirmed_on: date | None = None
    documents_requested_on: date | None = None
    documents_complete_on: date | None = None
    extended_on: date | None = None
    extension_months: int | None = Field(default=None, ge=0, le=3)
    decided_on: date | None = None
    decision: RecognitionDecision | None = None
    compensation_measure: CompensationMeasure | None = None
    compensation_started_on: date | None = None
    compensation_completed_on: date | None = None
    licence_granted_on: date | None = None
    status: RecognitionStatus | None = None
    notes: str | None = Field(default=None, max_length=2000)


class RecognitionCreate(_Fields):
    person_id: int
    reference_occupation: str = Field(min_length=1, max_length=200)
    authority: Authority
    regulated: bool = False
    accelerated: bool = False


class RecognitionPatch(_Fields):
    """Only the fields sent are changed; `null` clears a date."""

    reference_occupation: str | None = Field(default=None, min_length=1, max_length=200)
    authority: Authority | None = None


NOT_NULL = ("reference_occupation", "authority", "regulated", "legal_basis", "accelerated")


def plain(model: BaseModel, *, patch: bool = False) -> dict[str, Any]:
    """The fields that were sent (PATCH) or given (POST), enums as their plain codes."""
    values = model.model_dump(exclude_unset=True) if patch else model.model_dump(exclude_none=True)
    return {k: (v.value if isinstance(v, StrEnum) else v) for k, v in values.items()}


class SuspensionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    starts_on: date
    ends_on: date | None
    reason: SuspensionReason


class SuspensionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    starts_on: date
    ends_on: date | None = None
    reason: SuspensionReason = SuspensionReason.OTHER


class SuspensionEnd(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ends_on: date


class DocumentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: RecognitionDocumentKind
    filename: str
    content_type: str
    size: int
    sha256: str
    created_at: datetime


class HistoryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    at: datetime
    user_id: int | None
    action: str
    changes: dict[str, Any]


class RecognitionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    person_id: int
    case_id: int | None
    counsellor_id: int | None
    reference_occupation: str
    reference_occupation_kldb: str | None
    regulated: bool
    legal_basis: LegalBasis
    authority: Authority
    training_country: str | None
    qualification_title: str | None
    qualification_type: QualificationLevel | None
    accelerated: bool
    fee_cents: int | None
    fee_payer: FeePayer | None
    applied_on: date | None
    receipt_confirmed_on: date | None
    documents_requested_on: date | None
    documents_complete_on: date | None
    extended_on: date | None
    extension_months: int
    decided_on: date | None
    decision: RecognitionDecision | None
    compensation_measure: CompensationMeasure | None
    compensation_started_on: date | None
    compensation_completed_on: date | None
    licence_granted_on: date | None
    status: RecognitionStatus
    receipt_due_on: date | None = Field(description="computed: § 6 BQFG / § 14a BQFG, § 193 BGB")
    decision_due_on: date | None = Field(description="computed; None while documents incomplete")
    next_due_on: date | None = Field(description="the earliest open due date")
    notes: str | None
    suspensions: list[SuspensionOut] = []


class RecognitionPage(BaseModel):
    items: list[RecognitionOut]
    total: int
    offset: int
    limit: int


class DueItemOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    person_id: int
    person_name: str
    reference_occupation: str
    authority: Authority
    status: RecognitionStatus
    kind: str = Field(description="receipt, decision or documents (waiting on the person)")
    due_on: date | None
    days: int | None = Field(description="days left; negative = overdue")
    since: date | None = Field(description="documents requested on")
    counsellor_id: int | None


class DeadlinesOut(BaseModel):
    today: date
    scope: str = Field(description="mine (a counsellor's procedures) or centre")
    overdue: list[DueItemOut]
    due_soon: list[DueItemOut] = Field(description="due within the next 14 days")
    waiting: list[DueItemOut] = Field(description="documents requested, not yet complete")
