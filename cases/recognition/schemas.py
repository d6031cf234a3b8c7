"""The recognition area's input models (API body, form, service) and its JSON output shapes
(API.md: POST/GET/PATCH /recognitions).

Rules that need no database are validators here (the order of the steps is
`rules.order_errors`); the rules that look rows up (person, case, counsellor, an open
suspension, the status the dates allow) are the service's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from cases.cldr import Country
from cases.persons.codes import QualificationLevel
from cases.persons.schemas import KldB
from cases.recognition import deadlines, rules
from cases.recognition.codes import (
    Authority,
    CompensationMeasure,
    FeePayer,
    LegalBasis,
    RecognitionDecision,
    RecognitionDocumentKind,
    RecognitionStatus,
    SuspensionReason,
)
from welcome.errors import FieldErrors
from welcome.i18n import _
from welcome.inputs import Day, Input, Line, Output, RowId, Whole
from welcome.versions import edit_model

MAX_FEE_CENTS = 100_000_000  # one million euros
_EUROS = re.compile(r"^\d{1,7}([.,]\d{1,2})?$")


def _euros(value: Any) -> Any:
    """A text is an amount in euros as the form has it ("120,50", "120.50", "1 200"): it
    becomes cents. A number is cents already (the API's `fee_cents`)."""
    if not isinstance(value, str):
        return value
    text = value.replace(" ", "").replace("\u00a0", "")
    if not text:
        return None
    if not _EUROS.match(text):
        raise PydanticCustomError("rule", _("Please enter an amount in euros, e.g. 120.50."))
    euros, _sep, cents = text.replace(",", ".").partition(".")
    return int(euros) * 100 + int((cents + "00")[:2])


def _fee_range(value: int) -> int:
    if value < 0:
        raise PydanticCustomError("rule", _("Please enter an amount of zero or more."))
    if value > MAX_FEE_CENTS:
        raise PydanticCustomError(
            "rule",
            _("Please enter an amount of at most %(n)d euros.", n=MAX_FEE_CENTS // 100),
        )
    return value


def _months(value: int) -> int:
    if not 0 <= value <= deadlines.MAX_EXTENSION_MONTHS:
        raise PydanticCustomError(
            "rule",
            _("The one extension may last 1 to %(n)d months.", n=deadlines.MAX_EXTENSION_MONTHS),
        )
    return value


# Fees in euro cents; a text (the form's "120,50") is read as euros.
Cents = Annotated[int, BeforeValidator(_euros), AfterValidator(_fee_range)]
# The one extension of the decision period, 0 (none) to MAX_EXTENSION_MONTHS months.
Months = Annotated[Whole, AfterValidator(_months)]


class ProcedureFields(Input):
    """Every field of a procedure but its person (which never changes): a PATCH's shape."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    case_id: RowId | None = None
    counsellor_id: RowId | None = None
    reference_occupation: Line = Field(max_length=200)
    reference_occupation_kldb: KldB | None = None
    regulated: bool = False
    legal_basis: LegalBasis = LegalBasis.FEDERAL
    authority: Authority
    training_country: Country | None = None
    qualification_title: Line | None = Field(default=None, max_length=300)
    qualification_type: QualificationLevel | None = None
    accelerated: bool = Field(default=False, description="§ 81a AufenthG")
    fee_cents: Cents | None = Field(
        default=None, description='fees in euro cents (a text is read as euros: "120,50")'
    )
    fee_payer: FeePayer | None = None
    applied_on: Day | None = None
    receipt_confirmed_on: Day | None = None
    documents_requested_on: Day | None = None
    documents_complete_on: Day | None = None
    extended_on: Day | None = None
    extension_months: Months | None = Field(default=None, description="none (0) to 3")
    decided_on: Day | None = None
    decision: RecognitionDecision | None = None
    compensation_measure: CompensationMeasure | None = None
    compensation_started_on: Day | None = None
    compensation_completed_on: Day | None = None
    licence_granted_on: Day | None = None
    status: RecognitionStatus | None = Field(
        default=None, description="none: follows the dates (withdrawn and completed stay)"
    )
    notes: str | None = Field(default=None, max_length=2000)


class ProcedureIn(ProcedureFields):
    """A recognition procedure, new or changed. Limits are the columns'."""

    required: ClassVar[Mapping[str, Callable[[], str]]] = {
        "person_id": lambda: _("Please choose the person."),
        "reference_occupation": lambda: _("Please enter the reference occupation."),
        "authority": lambda: _("Please choose the competent authority."),
    }

    person_id: RowId

    @field_validator("legal_basis", mode="before")
    @classmethod
    def _legal_basis(cls, value: Any) -> Any:
        """It has a default, but a form or a PATCH cannot leave it empty."""
        if value is None or (isinstance(value, str) and not value.strip()):
            raise PydanticCustomError("rule", _("Please choose the legal basis."))
        return value

    def check(self) -> dict[str, str]:
        """The dates in a sensible order, each with what it needs (rules.order_errors)."""
        if self.extension_months is None:
            self.extension_months = 0
        return rules.order_errors(self.model_dump())


# the PATCH body: every field optional, and the `version` the client read (409 when stale)
ProcedurePatch = edit_model(ProcedureFields, "ProcedurePatch")
ProcedurePatch.model_config["extra"] = "forbid"  # as on creation: an unknown field is an error
ProcedurePatch.model_rebuild(force=True)

# the dates set one at a time from the procedure page
StepName = Literal["receipt_confirmed_on", "documents_requested_on", "documents_complete_on"]


class StepIn(Input):
    """One date from the procedure page; the form names the step and sends its date."""

    step: StepName
    receipt_confirmed_on: Day | None = None
    documents_requested_on: Day | None = None
    documents_complete_on: Day | None = None

    @model_validator(mode="after")
    def _dated(self) -> StepIn:
        if self.on is None:
            raise FieldErrors({self.step: _("Please enter a date.")})
        return self

    @property
    def on(self) -> date | None:
        found: date | None = getattr(self, self.step)
        return found


class SuspensionIn(Input):
    """The clock stops from `starts_on` to `ends_on` (both inclusive; open while none)."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")
    required: ClassVar[Mapping[str, Callable[[], str]]] = {
        "starts_on": lambda: _("Please enter the first day of the suspension."),
    }

    starts_on: Day
    ends_on: Day | None = None
    reason: SuspensionReason = SuspensionReason.OTHER

    def check(self) -> dict[str, str]:
        if self.ends_on is not None and self.ends_on < self.starts_on:
            return {"ends_on": _("The suspension cannot end before it starts.")}
        return {}


class SuspensionEndIn(Input):
    """The last day of an open suspension."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")
    required: ClassVar[Mapping[str, Callable[[], str]]] = {
        "ends_on": lambda: _("Please enter the last day of the suspension."),
    }

    ends_on: Day


SuspensionPatch = edit_model(SuspensionIn, "SuspensionPatch")
SuspensionPatch.model_config["extra"] = "forbid"
SuspensionPatch.model_rebuild(force=True)


class DocumentIn(Input):
    """What is said about an uploaded file (the file itself is the upload)."""

    kind: RecognitionDocumentKind = RecognitionDocumentKind.OTHER


# --- output ---------------------------------------------------------------------------------


class SuspensionOut(Output):
    id: int
    starts_on: date
    ends_on: date | None
    reason: SuspensionReason


class DocumentOut(Output):
    id: int
    kind: RecognitionDocumentKind
    filename: str
    content_type: str
    size: int
    sha256: str
    created_at: datetime


class HistoryOut(Output):
    id: int
    at: datetime
    user_id: int | None
    action: str
    changes: dict[str, Any]


class RecognitionOut(Output):
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
    suspensions: list[SuspensionOut] = Field(default_factory=list)


class RecognitionPage(Output):
    items: list[RecognitionOut]
    total: int
    offset: int
    limit: int


class DueItemOut(Output):
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


class DeadlinesOut(Output):
    today: date
    scope: str = Field(description="mine (a counsellor's procedures) or centre")
    overdue: list[DueItemOut]
    due_soon: list[DueItemOut] = Field(description="due within the next 14 days")
    waiting: list[DueItemOut] = Field(description="documents requested, not yet complete")
