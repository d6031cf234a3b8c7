from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field


class _Details(BaseModel):
    """The optional fields, alike for a new person and a change."""

    birth_year: int | None = None
    gender: str | None = Field(default=None, max_length=40)
    previous_residence_country: str | None = Field(default=None, max_length=10)
    previous_residence_state: str | None = Field(default=None, max_length=10)
    municipality: str | None = Field(default=None, max_length=120)
    arrived_on: date | None = None
    preferred_language: str | None = Field(default=None, max_length=35)
    counselling_language: str | None = Field(default=None, max_length=35)
    residence_status: str | None = Field(default=None, max_length=40)
    german_level: str | None = Field(default=None, max_length=40)
    qualification_level: str | None = Field(default=None, max_length=40)
    occupation_kldb: str | None = Field(default=None, max_length=10)
    occupation_title: str | None = Field(default=None, max_length=200)
    family_situation: str | None = Field(default=None, max_length=40)
    children_count: int | None = None


class PersonIn(_Details):
    """A new person (codes: see DOMAIN.md / API.md); unknown codes are rejected by name."""

    first_name: str = Field(max_length=100)
    last_name: str = Field(max_length=100)
    client_group: str = Field(max_length=40)
    nationalities: list[str] = Field(default_factory=list, max_length=10)


class PersonPatch(_Details):
    """Any of the person's fields; the ones sent replace the stored values."""

    first_name: str | None = Field(default=None, max_length=100)
    last_name: str | None = Field(default=None, max_length=100)
    client_group: str | None = Field(default=None, max_length=40)
    nationalities: list[str] | None = Field(default=None, max_length=10)


class PersonOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    centre_id: int
    first_name: str
    last_name: str
    client_group: str
    birth_year: int | None
    gender: str | None
    nationalities: list[str] = []
    previous_residence_country: str | None
    previous_residence_state: str | None
    municipality: str | None
    arrived_on: date | None
    preferred_language: str | None
    counselling_language: str | None
    residence_status: str | None
    german_level: str | None
    qualification_level: str | None
    occupation_kldb: str | None
    occupation_title: str | None
    family_situation: str | None
    children_count: int | None


class PersonCreated(PersonOut):
    possible_duplicates: list[int] = []


class PersonPage(BaseModel):
    items: list[PersonOut]
    total: int
    offset: int
    limit: int
