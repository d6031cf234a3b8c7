"""The privacy area's inputs: the information sheet handed over, the export asked for."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import ClassVar, Literal

from pydantic import ConfigDict, Field

from cases.counselling.checks import PastDay
from cases.packages.schemas import DocumentLanguage, _unknown_language
from welcome.inputs import Input, Output


class HandoverIn(Input):
    """The information sheet (Art. 13 GDPR) handed over to the person: its language (printed
    together with German) and the day; the version is the sheet's as printed now."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")
    required: ClassVar[Mapping[str, Callable[[], str]]] = {
        "sheet_language": lambda: _unknown_language(""),
    }

    sheet_language: DocumentLanguage = Field(
        description="BCP 47: de en uk ru ar fa pl cs vi es pt-BR tr"
    )
    handed_over_on: PastDay | None = Field(default=None, description="Default: today.")


class ExportQuery(Input):
    """`GET /persons/{id}/export`: the format and the PDF's language (besides German)."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    format: Literal["json", "pdf"] = "json"
    language: DocumentLanguage | None = Field(
        default=None, description="Default: the person's preferred language, else German."
    )


class InformationRecordOut(Output):
    id: int
    person_id: int
    handed_over_on: date
    sheet_language: str
    sheet_version: str
