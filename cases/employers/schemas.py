"""The JSON shapes of employers, consultations, events, hiring needs and placements.

Codes are validated by the service (unknown codes are rejected by name, 422 with the field).
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field


class EmployerIn(BaseModel):
    name: str = Field(max_length=300)
    sector_code: str | None = Field(
        default=None, max_length=10, description="WZ section or division"
    )
    sector_version: str | None = Field(
        default=None, max_length=10, description="WZ version: 2008 (default) or 2025"
    )
    size_band: str | None = Field(default=None, max_length=10, description="1-9 … 500+")
    chamber: str | None = Field(default=None, max_length=10, description="ihk, hwk, other")
    municipality: str | None = Field(default=None, max_length=120)
    address: str | None = Field(default=None, max_length=300)
    notes: str | None = Field(default=None, max_length=4000)


class EmployerPatch(BaseModel):
    """Only the fields sent are changed; null clears an optional field."""

    name: str | None = Field(default=None, max_length=300)
    sector_code: str | None = Field(default=None, max_length=10)
    sector_version: str | None = Field(default=None, max_length=10)
    size_band: str | None = Field(default=None, max_length=10)
    chamber: str | None = Field(default=None, max_length=10)
    municipality: str | None = Field(default=None, max_length=120)
    address: str | None = Field(default=None, max_length=300)
    notes: str | None = Field(default=None, max_length=4000)


class EmployerRef(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str


class ContactIn(BaseModel):
    name: str = Field(max_length=200)
    role: str | None = Field(default=None, max_length=200)
    phone: str | None = Field(default=None, max_length=50)
    email: str | None = Field(default=None, max_length=254)
    consent_to_contact: bool = False
    consent_on: dt.date | None = None


class ContactOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    employer_id: int
    name: str
    role: str | None
    phone: str | None
    email: str | None
    consent_to_contact: bool
    consent_on: dt.date | None


class EmployerOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

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
    contacts: list[ContactOut] = []
    last_contact: dt.date | None = None


class EmployerListItem(EmployerOut):
    last_contact: dt.date | None = None


class EmployerPage(BaseModel):
    items: list[EmployerListItem]
    total: int
    offset: int
    limit: int


class ConsultationIn(BaseModel):
    date: dt.date
    duration_minutes: int
    channel: str = Field(max_length=30)
    topics: list[str] = Field(default_factory=list, max_length=30)
    counsellor_id: int | None = None
    notes: str | None = Field(default=None, max_length=4000)
    follow_up_on: dt.date | None = None


class ConsultationOut(BaseModel):
    id: int
    employer_id: int
    date: dt.date
    duration_minutes: int
    channel: str
    topics: list[str]
    counsellor_id: int | None
    notes: str | None
    follow_up_on: dt.date | None


class EventIn(BaseModel):
    date: dt.date
    type: str = Field(max_length=30)
    title: str = Field(max_length=300)
    format: str | None = Field(default=None, max_length=20)
    partners: str | None = Field(default=None, max_length=500)
    employer_ids: list[int] = Field(default_factory=list, max_length=5000)
    anonymous_companies: int = 0
    persons_reached: int | None = Field(
        default=None, description="defaults to the number of person_ids"
    )
    person_ids: list[int] = Field(default_factory=list, max_length=5000)
    notes: str | None = Field(default=None, max_length=4000)


class EventOut(BaseModel):
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


class EventPage(BaseModel):
    items: list[EventOut]
    total: int
    offset: int
    limit: int


class HiringNeedIn(BaseModel):
    occupation: str = Field(max_length=200)
    occupation_kldb: str | None = Field(default=None, max_length=10)
    positions: int = 1
    desired_start: dt.date | None = None
    recruiting_route: str | None = Field(default=None, max_length=30)
    recorded_on: dt.date | None = None
    notes: str | None = Field(default=None, max_length=4000)


class HiringNeedOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    employer_id: int
    recorded_on: dt.date
    occupation: str
    occupation_kldb: str | None
    positions: int
    desired_start: dt.date | None
    recruiting_route: str | None
    notes: str | None


class PlacementIn(BaseModel):
    person_id: int
    type: str = Field(max_length=20, description="job, training, internship")
    starts_on: dt.date
    occupation: str = Field(max_length=200)
    occupation_kldb: str | None = Field(default=None, max_length=10)


class PlacementOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    employer_id: int
    person_id: int
    type: str
    starts_on: dt.date
    occupation: str
    occupation_kldb: str | None
