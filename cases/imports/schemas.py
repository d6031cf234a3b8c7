"""The import's inputs (upload, mapping, decisions) and its outputs (API.md: preview, counts)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Annotated, Any, ClassVar

from pydantic import Field, StringConstraints

from welcome.i18n import _
from welcome.inputs import Input, Line, Output, RowId

Name = Annotated[str, StringConstraints(max_length=200)]
Text = Annotated[str, StringConstraints(max_length=500)]


class UploadIn(Input):
    """A sheet to import: its kind and (for an admin) the centre it goes to."""

    required: ClassVar[Mapping[str, Callable[[], str]]] = {
        "kind": lambda: _("Please choose what the sheet contains.")
    }

    kind: Annotated[str, StringConstraints(max_length=20)]
    centre_id: RowId | None = None
    mapping_id: RowId | None = None  # a saved mapping to start from


class MappingIn(Input):
    """The lead's choices: column -> field (by header), free text -> code per field, values
    for fields the sheet lacks, and per flagged row skip / merge / create / link."""

    columns: dict[Name, Annotated[str, StringConstraints(max_length=40)]] | None = None
    values: dict[Annotated[str, StringConstraints(max_length=40)], dict[Text, Text]] | None = None
    defaults: dict[Annotated[str, StringConstraints(max_length=40)], Text] | None = None
    decisions: dict[Annotated[str, StringConstraints(max_length=10)], str] | None = None
    duplicates: str | None = Field(
        default=None, description="skip (default), merge, create or link"
    )


class SaveMappingIn(Input):
    required: ClassVar[Mapping[str, Callable[[], str]]] = {
        "name": lambda: _("Please enter a name.")
    }

    name: Line = Field(max_length=100)


class ErrorOut(Output):
    row: int
    column: str
    message: str


class CandidateOut(Output):
    id: int
    name: str


class DuplicateOut(Output):
    row: int
    existing: list[CandidateOut]
    same_as_row: int | None
    decision: str


class PreviewOut(Output):
    id: int
    kind: str
    status: str
    rows: int
    valid: int
    imported_before: int
    errors: list[ErrorOut]
    duplicates: list[DuplicateOut]
    columns: dict[str, str] = Field(description="header -> field")


class CountsOut(Output):
    created: int
    skipped: int
    duplicates: int
    refused: int


class BatchOut(Output):
    id: int
    centre_id: int
    kind: str
    filename: str
    status: str
    counts: dict[str, Any]
    created_at: datetime
    committed_at: datetime | None
    undone_at: datetime | None
