"""The deletion concept's stored data: a centre's changed periods, legal holds, the log of
retention runs and erasures, the run's lock and the audit log's anchors after pruning.

The rules themselves (classes, defaults, bounds, triggers, reasons) are code
(`cases.retention.rules`); a centre stores only the periods its admin changed.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, UniqueConstraint
from sqlmodel import Field, SQLModel

from welcome.db import GLOBAL, CentreScoped, TimestampMixin, UTCDateTime, utcnow


class RetentionPeriod(TimestampMixin, CentreScoped, table=True):
    """A centre's own period for one data class (within the class's bounds); audited, so
    every change is in the audit log with the old and new value."""

    __tablename__ = "retention_periods"
    __table_args__ = (UniqueConstraint("centre_id", "data_class"),)
    __audited__ = True

    id: int | None = Field(default=None, primary_key=True)
    data_class: str = Field(max_length=30)  # rules.DataClass
    amount: int  # in the class's unit (rules.Rule.unit)
    changed_by_id: int | None = Field(default=None, foreign_key="users.id")


class LegalHold(TimestampMixin, CentreScoped, table=True):
    """A person's or a case's data kept beyond the rules until `until` (e.g. a funding audit)."""

    __tablename__ = "legal_holds"
    __audited__ = True
    __audit_redact__ = ("reason",)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int | None = Field(default=None, foreign_key="persons.id", index=True)
    case_id: int | None = Field(default=None, foreign_key="cases.id", index=True)
    until: date = Field(index=True)
    reason: str = Field(max_length=500)
    created_by_id: int | None = Field(default=None, foreign_key="users.id")
    released_on: date | None = None
    released_by_id: int | None = Field(default=None, foreign_key="users.id")


class RetentionRun(SQLModel, table=True):
    """One retention run over all centres: when, as of which day, who started it, and what it
    did per data class (`counts`), also per centre (`centres`: centre id -> class -> count)."""

    __tablename__ = "retention_runs"
    __scope__ = GLOBAL

    id: int | None = Field(default=None, primary_key=True)
    started_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    as_of: date = Field(index=True)
    dry_run: bool = False
    started_by: str = Field(max_length=40)  # "scheduler", "cli" or "user:<id>"
    counts: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    centres: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    failures: int = 0  # persons left untouched after an error (tried again next run)


class Erasure(TimestampMixin, CentreScoped, table=True):
    """An Art. 17 erasure of one person (the person's id names no one any more)."""

    __tablename__ = "erasures"
    __audited__ = True
    __audit_redact__ = ("reason",)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(index=True)  # no foreign key: mode "delete" removes the person
    mode: str = Field(max_length=10)  # anonymise, delete
    reason: str = Field(max_length=500)
    erased_by_id: int | None = Field(default=None, foreign_key="users.id")


class RetentionLock(SQLModel, table=True):
    """The one row whose lease says which host runs retention now (SQLite; PostgreSQL takes
    an advisory lock besides)."""

    __tablename__ = "retention_lock"
    __scope__ = GLOBAL

    id: int = Field(default=1, primary_key=True)
    holder: str | None = Field(default=None, max_length=100)
    until: datetime | None = Field(default=None, sa_type=UTCDateTime)


class AuditAnchor(SQLModel, table=True):
    """After the retention run pruned the audit log up to `upto_id`: the hash of that last
    pruned entry, from which `welcome audit verify` continues the chain."""

    __tablename__ = "audit_anchors"
    __scope__ = GLOBAL

    id: int | None = Field(default=None, primary_key=True)
    upto_id: int = Field(index=True)
    chain_hash: str = Field(default="", max_length=64)
    pruned: int = 0
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
