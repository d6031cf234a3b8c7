"""Recognition procedures (Anerkennungsverfahren), their suspensions and documents (their
history is the audit log's: cases/recognition/changes.py).

The computed due dates are stored with the procedure (recomputed by the service on every
write) so that the deadline lists are plain, sortable SQL.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from welcome.db import CentreScoped, Through, TimestampMixin, UTCDateTime, utcnow
from welcome.deletions import SoftDeletable


class RecognitionProcedure(TimestampMixin, SoftDeletable, CentreScoped, table=True):
    """One procedure for one foreign qualification of one person."""

    __tablename__ = "recognition_procedures"
    __audited__ = True
    __audit_redact__ = ("qualification_title", "reference_occupation")  # typed (issue 14)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="persons.id", index=True)
    case_id: int | None = Field(default=None, foreign_key="cases.id", index=True)
    counsellor_id: int | None = Field(default=None, foreign_key="users.id", index=True)

    reference_occupation: str = Field(max_length=200)  # German Referenzberuf
    reference_occupation_kldb: str | None = Field(default=None, max_length=5)  # KldB 2010
    regulated: bool = False
    legal_basis: str = Field(default="federal", max_length=10)  # cases.recognition.codes.LegalBasis
    authority: str = Field(max_length=30, index=True)  # cases.recognition.codes.Authority
    training_country: str | None = Field(default=None, max_length=2)  # ISO 3166 alpha-2
    qualification_title: str | None = Field(default=None, max_length=300)  # original title
    qualification_type: str | None = Field(default=None, max_length=30)  # QualificationLevel
    accelerated: bool = False  # § 81a AufenthG
    fee_cents: int | None = None  # euro cents
    fee_payer: str | None = Field(default=None, max_length=30)  # cases.recognition.codes.FeePayer

    applied_on: date | None = None
    receipt_confirmed_on: date | None = None
    documents_requested_on: date | None = None
    documents_complete_on: date | None = None
    extended_on: date | None = None  # the one extension of the decision period
    extension_months: int = 0
    decided_on: date | None = None
    decision: str | None = Field(default=None, max_length=30)  # RecognitionDecision
    compensation_measure: str | None = Field(default=None, max_length=30)
    compensation_started_on: date | None = None
    compensation_completed_on: date | None = None
    licence_granted_on: date | None = None
    status: str = Field(default="preparing", max_length=20, index=True)

    # computed by the service (cases.recognition.deadlines), never typed in
    receipt_due_on: date | None = None
    decision_due_on: date | None = None
    next_due_on: date | None = Field(default=None, index=True)  # earliest open deadline
    notes: str | None = Field(default=None, max_length=2000)


class RecognitionSuspension(SoftDeletable, CentreScoped, table=True):
    """The clock stops from `starts_on` to `ends_on` (both inclusive; open while None)."""

    __tablename__ = "recognition_suspensions"
    __audited__ = True

    id: int | None = Field(default=None, primary_key=True)
    procedure_id: int = Field(
        foreign_key="recognition_procedures.id", index=True, ondelete="CASCADE"
    )
    starts_on: date
    ends_on: date | None = None
    reason: str = Field(default="other", max_length=30)  # cases.recognition.codes.SuspensionReason


class RecognitionDocument(TimestampMixin, SoftDeletable, CentreScoped, table=True):
    """An uploaded file; the bytes are in welcome.storage (`storage_key`), never in the web root."""

    __tablename__ = "recognition_documents"
    __audited__ = True
    __stored_files__ = ("storage_key",)  # welcome.storage references (purge removes them)
    __audit_redact__ = ("filename",)  # a file name may name the person (issue 14)

    id: int | None = Field(default=None, primary_key=True)
    procedure_id: int = Field(
        foreign_key="recognition_procedures.id", index=True, ondelete="CASCADE"
    )
    kind: str = Field(default="other", max_length=20)  # RecognitionDocumentKind
    filename: str = Field(max_length=255)  # as uploaded, cleaned; only shown, never a path
    content_type: str = Field(max_length=50)  # from the content, not from the browser
    size: int
    sha256: str = Field(max_length=64)
    storage_key: str = Field(max_length=255, unique=True)  # a welcome.storage reference
    uploaded_by: int | None = Field(default=None, foreign_key="users.id")


class CalendarFeed(SQLModel, table=True):
    """A user's secret iCalendar URL; only the token's hash is stored. Revoked = gone."""

    __tablename__ = "calendar_feeds"
    __scope__ = Through("user_id", "users")

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
