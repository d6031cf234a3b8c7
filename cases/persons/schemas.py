"""The person's one input model (API body, form, service) and its output schemas."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Annotated, ClassVar

from pydantic import AfterValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError

from cases.cldr import Country, LanguageTag
from cases.persons.codes import (
    GERMAN_STATES,
    ClientGroup,
    FamilySituation,
    Gender,
    GermanLevel,
    QualificationLevel,
    ResidenceStatus,
)
from welcome.i18n import _
from welcome.inputs import Day, Input, Line, Output, patch_model

MIN_BIRTH_YEAR = 1900


def _birth_year(value: int) -> int:
    high = date.today().year
    if not MIN_BIRTH_YEAR <= value <= high:
        raise PydanticCustomError(
            "rule",
            _("Please enter a year between %(low)d and %(high)d.", low=MIN_BIRTH_YEAR, high=high),
        )
    return value


def _state(value: str) -> str:
    code = value.upper()
    if code not in GERMAN_STATES:
        raise PydanticCustomError("rule", _("Unknown German state %(code)s.", code=value[:10]))
    return code


def _kldb(value: str) -> str:
    if not (len(value) == 5 and value.isascii() and value.isdigit()):
        raise PydanticCustomError("rule", _("A KldB 2010 code has five digits."))
    return value


def _children(value: int) -> int:
    if not 0 <= value <= 30:
        raise PydanticCustomError("rule", _("Please enter a number between 0 and 30."))
    return value


BirthYear = Annotated[int, AfterValidator(_birth_year)]
GermanState = Annotated[str, AfterValidator(_state)]
KldB = Annotated[str, AfterValidator(_kldb)]
Children = Annotated[int, AfterValidator(_children)]
Language = Annotated[LanguageTag, StringConstraints(max_length=20)]


class PersonIn(Input):
    """A person, new or changed (codes: DOMAIN.md / API.md). Limits are the columns'."""

    required: ClassVar[Mapping[str, Callable[[], str]]] = {
        "first_name": lambda: _("Please enter the first name."),
        "last_name": lambda: _("Please enter the last name."),
        "client_group": lambda: _("Please choose a client group."),
    }

    first_name: Line = Field(max_length=100)
    last_name: Line = Field(max_length=100)
    client_group: ClientGroup
    birth_year: BirthYear | None = None
    gender: Gender | None = None
    nationalities: list[Country] = Field(default_factory=list, max_length=10)
    previous_residence_country: Country | None = None
    previous_residence_state: GermanState | None = None
    municipality: Line | None = Field(default=None, max_length=120)
    arrived_on: Day | None = None
    preferred_language: Language | None = None
    counselling_language: Language | None = None
    residence_status: ResidenceStatus | None = None
    german_level: GermanLevel | None = None
    qualification_level: QualificationLevel | None = None
    occupation_kldb: KldB | None = None
    occupation_title: Line | None = Field(default=None, max_length=200)
    family_situation: FamilySituation | None = None
    children_count: Children | None = None

    def check(self) -> dict[str, str]:
        """A German state means a residence in Germany; a domestic mover lived in Germany."""
        self.nationalities = list(dict.fromkeys(self.nationalities))
        country, state = self.previous_residence_country, self.previous_residence_state
        if state is not None and country is None:
            self.previous_residence_country = country = "DE"
        errors: dict[str, str] = {}
        if state is not None and country != "DE":
            errors["previous_residence_state"] = _(
                "A German state fits only a previous residence in Germany."
            )
        if self.client_group == ClientGroup.DOMESTIC_MOVER and country not in (None, "DE"):
            errors["previous_residence_country"] = _(
                "A mover from elsewhere in Germany cannot have a previous residence abroad."
            )
        return errors


PersonPatch = patch_model(PersonIn, "PersonPatch")


class PersonOut(Output):
    id: int
    centre_id: int
    first_name: str
    last_name: str
    client_group: str
    birth_year: int | None
    gender: str | None
    nationalities: list[str] = Field(default_factory=list)
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
    possible_duplicates: list[int] = Field(default_factory=list)


class PersonPage(Output):
    items: list[PersonOut]
    total: int
    offset: int
    limit: int
