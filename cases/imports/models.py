"""Import batches (an uploaded sheet, its mapping, what its commit wrote), their rows, and the
mappings a centre saved to reuse."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, LargeBinary
from sqlmodel import Field, SQLModel

from welcome.db import CentreScoped, Through, TimestampMixin, UTCDateTime


class ImportBatch(TimestampMixin, CentreScoped, table=True):
    """One uploaded sheet: a draft while it is mapped and previewed, then committed (the
    file itself is dropped), possibly undone."""

    __tablename__ = "import_batches"
    __audited__ = True
    __audit_redact__ = ("content",)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=20)  # cases.imports.fields.KINDS
    filename: str = Field(max_length=255)
    file_sha256: str = Field(max_length=64, index=True)
    content: bytes | None = Field(default=None, sa_type=LargeBinary)
    status: str = Field(default="draft", max_length=10, index=True)  # draft, committed, undone
    # {"columns": {header: field}, "values": {field: {raw: code}}, "defaults": {field: value},
    #  "decisions": {row number: skip|create|link}}
    mapping: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    counts: dict[str, int] = Field(default_factory=dict, sa_type=JSON)
    created_by: int | None = Field(default=None, foreign_key="users.id")
    committed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    committed_by: int | None = Field(default=None, foreign_key="users.id")
    undone_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    undone_by: int | None = Field(default=None, foreign_key="users.id")


class ImportRow(SQLModel, table=True):
    """A row a commit wrote (or skipped as imported before): its stable key and what it made.
    The records are the areas' own; undo deletes them through these ids."""

    __tablename__ = "import_rows"
    __scope__ = Through("batch_id", "import_batches")

    id: int | None = Field(default=None, primary_key=True)
    batch_id: int = Field(foreign_key="import_batches.id", index=True, ondelete="CASCADE")
    row_number: int
    row_key: str = Field(max_length=80, index=True)
    outcome: str = Field(max_length=10)  # created, linked, merged, added
    person_id: int | None = None
    case_id: int | None = None
    contact_id: int | None = None
    employer_id: int | None = None
    consultation_id: int | None = None
    event_id: int | None = None


class ImportMapping(TimestampMixin, CentreScoped, table=True):
    """A column and value mapping saved under a name, offered for the next sheet of its kind."""

    __tablename__ = "import_mappings"
    __audited__ = True

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100)
    kind: str = Field(max_length=20)
    mapping: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
