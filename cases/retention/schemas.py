"""The deletion concept's inputs (one model per input: API body and HTML form) and outputs."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import ClassVar, Literal

from pydantic import Field as Is

from welcome import clock
from welcome.i18n import _
from welcome.inputs import Day, Input, Line, Output, RowId, Whole


class EraseIn(Input):
    """`POST /persons/{id}/erase`: why, and whether the statistical record goes too."""

    required: ClassVar[Mapping[str, Callable[[], str]]] = {
        "reason": lambda: _("Please give the reason for the erasure."),
    }

    reason: Line = Is(max_length=500)
    mode: Literal["anonymise", "delete"] = "anonymise"


class HoldIn(Input):
    """A legal hold on a person or a case until a day, with its reason."""

    required: ClassVar[Mapping[str, Callable[[], str]]] = {
        "until": lambda: _("Please enter the day the hold ends."),
        "reason": lambda: _("Please give the reason for the hold."),
    }

    person_id: RowId | None = None
    case_id: RowId | None = None
    until: Day
    reason: Line = Is(max_length=500)

    def check(self) -> dict[str, str]:
        if (self.person_id is None) == (self.case_id is None):
            return {"person_id": _("Name either a person or a case.")}
        if self.until < clock.today():
            return {"until": _("The hold must end today or later.")}
        return {}


class PeriodIn(Input):
    """An admin's period for one data class of one centre (in the class's unit)."""

    centre_id: RowId
    data_class: Line = Is(max_length=30)
    amount: Whole = Is(ge=1, le=10_000)


class RuleOut(Output):
    data_class: str
    period: str  # ISO 8601 duration, e.g. P3Y
    trigger: str
    reason: str
    label: str
    amount: int
    unit: str
    minimum: int
    maximum: int
    changed: bool


class HoldOut(Output):
    id: int
    person_id: int | None
    case_id: int | None
    until: date
    reason: str
    released_on: date | None


class ErasedOut(Output):
    id: int
    mode: str
    erased: bool = True
