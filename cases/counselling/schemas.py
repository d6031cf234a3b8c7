"""The counselling inputs (API body, form, service: one model each) and output schemas.

Limits are the columns' (cases/counselling/models.py); the rules that need no database are the
field types of checks.py; what needs the stored case or the centre is the services'.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import ClassVar

from pydantic import Field

from cases.counselling.checks import Duration, Language, PastDay, Topics
from cases.counselling.codes import (
    CaseStatus,
    Channel,
    ClosureReason,
    ConsentPurpose,
    OutcomeType,
    ReferralPartner,
    ReferralSource,
)
from cases.counselling.queries import CaseRow, Order, Sort
from cases.persons.codes import ClientGroup
from welcome.i18n import _
from welcome.inputs import Input, Line, Output, RowId


def _date() -> str:  # the messages for a field left blank
    return _("Please enter a date.")


def _choice() -> str:
    return _("Please choose a value.")


def _topics() -> str:
    return _("Please choose at least one topic.")


# --- inputs ---------------------------------------------------------------------------------


class CaseIn(Input):
    """A case to open for a person of the centre; the counsellor defaults to the acting user."""

    required: ClassVar[Mapping[str, Callable[[], str]]] = {
        "person_id": lambda: _("Please choose a person."),
        "opened_on": _date,
    }

    person_id: RowId
    opened_on: PastDay
    referral_source: ReferralSource | None = None
    counsellor_id: RowId | None = None
    # a second open case for the person only when this says so (the form's confirmation)
    allow_parallel: bool = False


class CaseEditIn(Input):
    """A correction of a case's fields: the opening date (not after its first entry), the
    counsellor, how the person found us, and of a closed case its closing date and reason."""

    required: ClassVar[Mapping[str, Callable[[], str]]] = {"opened_on": _date}

    opened_on: PastDay
    counsellor_id: RowId | None = None
    referral_source: ReferralSource | None = None
    closed_on: PastDay | None = None
    reason: ClosureReason | None = None

    def check(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        opened, closed = getattr(self, "opened_on", None), getattr(self, "closed_on", None)
        if opened is not None and closed is not None and closed < opened:
            errors["closed_on"] = _("The case cannot close before it was opened.")
        return errors


class CloseIn(Input):
    """Closing a case: when and why."""

    required: ClassVar[Mapping[str, Callable[[], str]]] = {
        "closed_on": _date,
        "reason": lambda: _("Please give the reason for closing the case."),
    }

    closed_on: PastDay
    reason: ClosureReason


class ContactIn(Input):
    """One counselling contact of a case."""

    required: ClassVar[Mapping[str, Callable[[], str]]] = {
        "date": _date,
        "duration_minutes": lambda: _("Please enter the duration in minutes."),
        "channel": _choice,
        "topics": _topics,
    }

    date: PastDay
    duration_minutes: Duration
    channel: Channel
    language: Language | None = None
    topics: Topics
    notes: str | None = Field(default=None, max_length=4000)
    # a contact dated before the case opened: move the opening date back to it (the form
    # offers this; without it the contact is refused naming both dates)
    move_opening: bool = False


class ReferralIn(Input):
    """A referral of the person to a partner."""

    required: ClassVar[Mapping[str, Callable[[], str]]] = {"date": _date, "partner": _choice}

    date: PastDay
    partner: ReferralPartner
    notes: str | None = Field(default=None, max_length=2000)


class OutcomeIn(Input):
    """What came of a case (also after it was closed: results often come later)."""

    required: ClassVar[Mapping[str, Callable[[], str]]] = {"type": _choice, "date": _date}

    type: OutcomeType
    date: PastDay


class EnquiryIn(Input):
    """An anonymous quick enquiry: counted as a contact, never as a person."""

    required: ClassVar[Mapping[str, Callable[[], str]]] = {
        "date": _date,
        "channel": _choice,
        "topics": _topics,
    }

    date: PastDay
    channel: Channel
    topics: Topics
    language: Language | None = None
    duration_minutes: Duration | None = None


class ConsentIn(Input):
    """A person's consent for one purpose, with the information sheet given."""

    required: ClassVar[Mapping[str, Callable[[], str]]] = {
        "purpose": _choice,
        "given_on": _date,
        "sheet_version": lambda: _("Please enter the version of the information sheet."),
        "sheet_language": lambda: _("Please choose the language of the information sheet."),
    }

    purpose: ConsentPurpose
    given_on: PastDay
    sheet_version: Line = Field(max_length=30)
    sheet_language: Language


class WithdrawIn(Input):
    """The withdrawal of a consent."""

    required: ClassVar[Mapping[str, Callable[[], str]]] = {"withdrawn_on": _date}

    withdrawn_on: PastDay


class CaseFilter(Input):
    """The case list page's filters (its query string); blank is "all"."""

    status: CaseStatus | None = CaseStatus.OPEN
    client_group: ClientGroup | None = None
    counsellor: RowId | None = None
    idle_days: int | None = Field(default=None, ge=0, le=3650)
    sort: Sort = "opened"
    order: Order = "desc"


# --- outputs --------------------------------------------------------------------------------


class ContactOut(Output):
    id: int
    version: int
    case_id: int
    date: dt.date
    duration_minutes: int
    channel: str
    language: str | None
    topics: list[str] = Field(default_factory=list)
    notes: str | None


class ReferralOut(Output):
    id: int
    version: int
    case_id: int
    date: dt.date
    partner: str
    notes: str | None


class OutcomeOut(Output):
    id: int
    version: int
    case_id: int
    date: dt.date
    type: str


class CaseEventOut(Output):
    kind: str
    on: dt.date
    reason: str | None
    user_id: int | None


class CaseOut(Output):
    id: int
    version: int
    person_id: int
    counsellor_id: int | None
    opened_on: dt.date
    closed_on: dt.date | None
    status: str
    referral_source: str | None
    closure_reason: str | None
    last_contact_on: dt.date | None


class CaseDetail(CaseOut):
    contacts: list[ContactOut] = Field(default_factory=list)
    referrals: list[ReferralOut] = Field(default_factory=list)
    outcomes: list[OutcomeOut] = Field(default_factory=list)
    events: list[CaseEventOut] = Field(default_factory=list)


class CasePage(Output):
    items: list[CaseRow]  # the service's row, as the list page shows it
    total: int
    offset: int
    limit: int


class EnquiryOut(Output):
    id: int
    date: dt.date
    channel: str
    language: str | None
    duration_minutes: int | None
    topics: list[str] = Field(default_factory=list)


class ConsentOut(Output):
    id: int
    version: int
    person_id: int
    purpose: str
    given_on: dt.date
    sheet_version: str
    sheet_language: str
    withdrawn_on: dt.date | None
