"""The employer area's input models (API body, form, service) and its output schemas.

One model per input, limits equal to the columns (cases/employers/models.py), the pure rules
as validators (rules.py holds the field types). What needs the database — an id that must
exist in the centre, the duplicate warning — is the services' part.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Annotated, ClassVar

from email_validator import EmailNotValidError, validate_email
from pydantic import (
    AfterValidator,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from cases import codelists
from cases.counselling.codes import Channel
from cases.employers import wz
from cases.employers.codes import (
    Chamber,
    EmployerTopic,
    EventFormat,
    EventType,
    PlacementType,
    RecruitingRoute,
    SizeBand,
)
from cases.employers.rules import (
    MAX_IDS,
    MAX_POSITIONS,
    Duration,
    IdList,
    KldB,
    PastDay,
    PickedId,
    Reached,
    WorkDay,
)
from welcome.i18n import _
from welcome.inputs import Input, Line, Output, RowId, Whole, patch_model
from welcome.merging import MergeIn, UndoMergeIn


def _email(value: str) -> str:
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError:
        raise PydanticCustomError("rule", _("Please enter a valid e-mail address.")) from None


# a WZ code (section letter, division, group, class, subclass): spaces removed, upper-case;
# or an exact title of the version (the sector picker without JavaScript), see _in_version
SectorCode = Annotated[str, StringConstraints(max_length=300)]
Email = Annotated[str, StringConstraints(max_length=254), AfterValidator(_email)]


# --- employers and their contact persons ----------------------------------------------------


class EmployerIn(Input):
    """An employer, new or changed. A sector code is checked against its WZ version (2008
    unless given); a version without a code says nothing and is dropped."""

    required: ClassVar[Mapping[str, Callable[[], str]]] = {
        "name": lambda: _("Please enter the company's name.")
    }

    name: Line = Field(max_length=200)
    # the version first: the code is checked against it
    sector_version: wz.WzVersion | None = Field(
        default=None, description="WZ version: 2008 (default) or 2025"
    )
    sector_code: SectorCode | None = Field(default=None, description="WZ section or division")
    size_band: SizeBand | None = None
    chamber: Chamber | None = None
    municipality: Line | None = Field(default=None, max_length=120)
    address: Line | None = Field(default=None, max_length=300)
    notes: str | None = Field(default=None, max_length=4000)

    @field_validator("sector_code")
    @classmethod
    def _in_version(cls, code: str | None, info: ValidationInfo) -> str | None:
        if code is None or "sector_version" not in info.data:
            return None if code is None else wz.normalise(code)[:8]  # the version is named
        version = info.data["sector_version"] or wz.WzVersion(wz.DEFAULT_VERSION)
        typed, code = code, wz.normalise(code)
        if wz.section_of(version.value, code) is None:
            code = codelists.wz_code_of(version.value, typed) or code
        if len(code) > 8 or wz.section_of(version.value, code) is None:
            raise PydanticCustomError(
                "rule",
                _(
                    "%(code)s is not a section or division of WZ %(version)s.",
                    code=typed.strip(),
                    version=version.value,
                ),
            )
        return code

    @model_validator(mode="after")
    def _version(self) -> EmployerIn:
        if self.sector_code is None:
            self.sector_version = None
        elif self.sector_version is None:
            self.sector_version = wz.WzVersion(wz.DEFAULT_VERSION)
        return self

    @property
    def sector_section(self) -> str | None:
        """The section letter the sector code belongs to (stored with it, for the filters)."""
        if self.sector_code is None or self.sector_version is None:
            return None
        return wz.section_of(self.sector_version.value, self.sector_code)


EmployerPatch = patch_model(EmployerIn, "EmployerPatch")


class ContactPersonIn(Input):
    """A contact person at an employer; consent to be contacted dates from today unless a
    date is given (and no date is kept without the consent)."""

    required: ClassVar[Mapping[str, Callable[[], str]]] = {
        "name": lambda: _("Please enter a name.")
    }

    name: Line = Field(max_length=200)
    role: Line | None = Field(default=None, max_length=200)
    phone: Line | None = Field(default=None, max_length=50)
    email: Email | None = None
    consent_to_contact: bool = False
    consent_on: PastDay | None = None


# --- consultations --------------------------------------------------------------------------


class ConsultationIn(Input):
    """One consultation of a company; the counsellor is the acting user unless given."""

    required: ClassVar[Mapping[str, Callable[[], str]]] = {
        "date": lambda: _("Please enter the date."),
        "duration_minutes": lambda: _("Please enter the duration in minutes."),
        "channel": lambda: _("Please choose a channel."),
    }

    date: PastDay
    duration_minutes: Duration
    channel: Channel
    topics: list[EmployerTopic] = Field(default_factory=list, max_length=30)
    counsellor_id: RowId | None = None
    notes: str | None = Field(default=None, max_length=4000)
    follow_up_on: WorkDay | None = None

    def check(self) -> dict[str, str]:
        self.topics = list(dict.fromkeys(self.topics))
        if self.follow_up_on is not None and self.follow_up_on < self.date:
            return {"follow_up_on": _("The follow-up cannot be before the consultation.")}
        return {}


# --- outreach events ------------------------------------------------------------------------


class EventIn(Input):
    """An outreach event: named companies (each once) and persons, and counts. Persons reached
    default to the linked persons and cannot be fewer."""

    required: ClassVar[Mapping[str, Callable[[], str]]] = {
        "date": lambda: _("Please enter the date."),
        "type": lambda: _("Please choose the type of event."),
        "title": lambda: _("Please enter a title."),
    }

    date: WorkDay
    type: EventType
    title: Line = Field(max_length=200)
    format: EventFormat | None = None
    partners: Line | None = Field(default=None, max_length=500)
    employer_ids: IdList = Field(default_factory=list, max_length=MAX_IDS)
    anonymous_companies: Reached | None = Field(default=0, description="none when blank")
    persons_reached: Reached | None = Field(
        default=None, description="defaults to the number of person_ids"
    )
    person_ids: IdList = Field(default_factory=list, max_length=MAX_IDS)
    notes: str | None = Field(default=None, max_length=4000)

    def check(self) -> dict[str, str]:
        self.employer_ids = list(dict.fromkeys(self.employer_ids))
        self.person_ids = list(dict.fromkeys(self.person_ids))
        if self.anonymous_companies is None:
            self.anonymous_companies = 0
        linked = len(self.person_ids)
        if self.persons_reached is None:
            self.persons_reached = linked
        elif self.persons_reached < linked:
            message = _("At least the %(n)d linked persons were reached.", n=linked)
            return {"persons_reached": message}
        return {}


# --- hiring needs and placements ------------------------------------------------------------


class HiringNeedIn(Input):
    """Positions an employer wants to fill (recorded today unless a day is given)."""

    required: ClassVar[Mapping[str, Callable[[], str]]] = {
        "occupation": lambda: _("Please enter the occupation.")
    }

    occupation: Line = Field(max_length=200)
    occupation_kldb: KldB | None = None
    positions: Annotated[Whole, Field(ge=1, le=MAX_POSITIONS)] | None = 1
    desired_start: WorkDay | None = None
    recruiting_route: RecruitingRoute | None = None
    recorded_on: PastDay | None = None
    notes: str | None = Field(default=None, max_length=4000)

    @field_validator("positions")
    @classmethod
    def _positions_given(cls, value: int | None) -> int | None:
        if value is None:  # left blank on the form, or null
            raise PydanticCustomError("rule", _("Please enter the number of positions."))
        return value


class PlacementIn(Input):
    """A counselled person of the centre starts a job, training or internship."""

    required: ClassVar[Mapping[str, Callable[[], str]]] = {
        "person_id": lambda: _("Please choose the person."),
        "type": lambda: _("Please choose job, training or internship."),
        "starts_on": lambda: _("Please enter the start date."),
        "occupation": lambda: _("Please enter the occupation."),
    }

    person_id: PickedId
    type: PlacementType = Field(description="job, training, internship")
    starts_on: WorkDay
    occupation: Line = Field(max_length=200)
    occupation_kldb: KldB | None = None


# --- output ---------------------------------------------------------------------------------


class EmployerRef(Output):
    id: int
    name: str


class ContactOut(Output):
    id: int
    employer_id: int
    name: str
    role: str | None
    phone: str | None
    email: str | None
    consent_to_contact: bool
    consent_on: dt.date | None


class EmployerOut(Output):
    id: int
    centre_id: int
    name: str
    sector_code: str | None
    sector_version: str | None
    sector_section: str | None
    size_band: str | None
    chamber: str | None
    municipality: str | None
    address: str | None


class EmployerCreated(EmployerOut):
    possible_duplicates: list[EmployerRef] = Field(
        default_factory=list,
        description="Employers of the centre with the same or a very similar name (a warning)",
    )


class EmployerDetail(EmployerOut):
    contacts: list[ContactOut] = Field(default_factory=list)
    last_contact: dt.date | None = None


class EmployerListItem(EmployerOut):
    last_contact: dt.date | None = None


class EmployerPage(Output):
    items: list[EmployerListItem]
    total: int
    offset: int
    limit: int


class ConsultationOut(Output):
    id: int
    employer_id: int
    date: dt.date
    duration_minutes: int
    channel: str
    topics: list[str]
    counsellor_id: int | None
    notes: str | None
    follow_up_on: dt.date | None


class EventOut(Output):
    id: int
    date: dt.date
    type: str
    title: str
    format: str | None
    partners: str | None
    employer_ids: list[int]
    anonymous_companies: int
    persons_reached: int
    notes: str | None


class EventPage(Output):
    items: list[EventOut]
    total: int
    offset: int
    limit: int


class HiringNeedOut(Output):
    id: int
    employer_id: int
    recorded_on: dt.date
    occupation: str
    occupation_kldb: str | None
    positions: int
    desired_start: dt.date | None
    recruiting_route: str | None
    notes: str | None


class PlacementOut(Output):
    id: int
    employer_id: int
    person_id: int
    type: str
    starts_on: dt.date
    occupation: str
    occupation_kldb: str | None


# --- merging two employers (cases/employers/merge.py) ---------------------------------------


class EmployerMergeIn(MergeIn):
    """Merge `duplicate_id` into the employer of the path; `keep`: field -> "duplicate" takes
    the duplicate's value (`sector_code` takes its WZ version along)."""

    fields: ClassVar[frozenset[str]] = frozenset(EmployerIn.model_fields) - {"sector_version"}


class EmployerUndoMergeIn(UndoMergeIn):
    """Undo the merge of `duplicate_id` into the employer of the path (a lead, 30 days)."""
