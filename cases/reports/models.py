"""Stored report data: yearly targets per indicator, frozen submissions, and the secret of
the record keys (cell key method, `record_keys`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Index, UniqueConstraint
from sqlmodel import Field

from cases.counselling.models import Contact
from welcome.db import GLOBAL, CentreScoped, TimestampMixin, UTCDateTime, utcnow


class ReportTarget(TimestampMixin, CentreScoped, table=True):
    """The lead's yearly target for one headline indicator (Soll laut Antrag)."""

    __tablename__ = "report_targets"
    __table_args__ = (UniqueConstraint("centre_id", "year", "indicator"),)
    __audited__ = True

    id: int | None = Field(default=None, primary_key=True)
    year: int = Field(index=True)
    indicator: str = Field(max_length=40)  # one of schemas.INDICATORS
    value: int = Field(ge=0)


class ReportSubmission(TimestampMixin, CentreScoped, table=True):
    """A quarter as it was sent to the alliance: frozen JSON and PDF, never changed (the PDF
    in welcome.storage, `pdf_ref` names it).

    A correction is a new row with the next `version` for the same centre and period.
    """

    __tablename__ = "report_submissions"
    __table_args__ = (UniqueConstraint("centre_id", "period", "version"),)
    __audited__ = True

    id: int | None = Field(default=None, primary_key=True)
    period: str = Field(max_length=40, index=True)  # period label, e.g. "2026-Q3"
    version: int = 1
    submitted_by_id: int | None = Field(default=None, foreign_key="users.id")
    submitted_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    report: dict[str, object] = Field(sa_type=JSON)  # AllianceReport.model_dump(mode="json")
    pdf_ref: str = Field(max_length=600)  # welcome.storage reference
    sha256: str = Field(max_length=64)  # of the PDF bytes
    note: str = Field(default="", max_length=2000)  # e.g. why a correction was sent


class ReportSecret(TimestampMixin, table=True):
    """The deployment's secret from which every record's key is derived (`record_keys`).

    One row, made by the migration. It must never change: new keys would give every
    published figure new noise, and two noisy versions of the same cell are less protected
    than one. It never leaves the database (not in any output, not in the audit log).
    """

    __tablename__ = "report_secrets"
    __scope__ = GLOBAL

    id: int | None = Field(default=None, primary_key=True)
    secret: str = Field(max_length=128)


# The report counts contacts by centre and date and needs only these columns of them: an
# index that holds them all answers those counts without reading the table (deleted_at
# too: every query leaves deleted contacts out).
Index(
    "ix_contacts_report",
    Contact.__table__.c.centre_id,  # type: ignore[attr-defined]
    Contact.__table__.c.date,  # type: ignore[attr-defined]
    Contact.__table__.c.case_id,  # type: ignore[attr-defined]
    Contact.__table__.c.channel,  # type: ignore[attr-defined]
    Contact.__table__.c.language,  # type: ignore[attr-defined]
    Contact.__table__.c.deleted_at,  # type: ignore[attr-defined]
)
