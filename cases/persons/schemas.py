"""The person's one input model (API body, form, service) and its output schemas."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Annotated, ClassVar

from pydantic import AfterValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError

from cases import codelists
from cases.cldr import Countries, Country, LanguageTag
from cases.counselling.checks import PastDay
from cases.packages.schemas import DocumentLanguage
from cases.persons.codes import (
    GERMAN_STATES,
    ClientGroup,
    FamilySituation,
    Gender,
    GermanLevel,
    QualificationLevel,
    ResidenceStatus,
)
from welcome import clock
from welcome.i18n import N_, _
from welcome.inputs import Day, Input, Line, Output, Whole, patch_model
from welcome.merging import MergeIn, UndoMergeIn

MIN_BIRTH_YEAR = 1900


def _birth_year(value: int) -> int:
    high = clock.today().year
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
    """A 5-digit code of the full KldB 2010 list, or an exact occupation title of the BA's
    index (a form's text field without JavaScript) as its code."""
    code = codelists.kldb_of(value)
    if code is not None:
        return code
    if not (len(value) == 5 and value.isascii() and value.isdigit()):
        raise PydanticCustomError("rule", _("A KldB 2010 code has five digits."))
    raise PydanticCustomError(
        "rule", _("%(code)s is not a code of KldB 2010 (Fassung 2020).", code=value)
    )


def _children(value: int) -> int:
    if not 0 <= value <= 30:
        raise PydanticCustomError("rule", _("Please enter a number between 0 and 30."))
    return value


BirthYear = Annotated[Whole, AfterValidator(_birth_year)]
GermanState = Annotated[str, AfterValidator(_state)]
KldB = Annotated[str, AfterValidator(_kldb)]
Children = Annotated[Whole, AfterValidator(_children)]
Language = Annotated[LanguageTag, StringConstraints(max_length=20)]


class PersonIn(Input):
    """A person, new or changed (codes: DOMAIN.md / API.md). Limits are the columns'; a
    field's title is its label (the form's, the history's)."""

    required: ClassVar[Mapping[str, Callable[[], str]]] = {
        "first_name": lambda: _("Please enter the first name."),
        "last_name": lambda: _("Please enter the last name."),
        "client_group": lambda: _("Please choose a client group."),
    }

    first_name: Line = Field(max_length=100, title=N_("First name"))
    last_name: Line = Field(max_length=100, title=N_("Last name"))
    client_group: ClientGroup = Field(title=N_("Client group"))
    birth_year: BirthYear | None = Field(default=None, title=N_("Birth year"))
    gender: Gender | None = Field(default=None, title=N_("Gender"))
    nationalities: Countries = Field(default_factory=list, max_length=10, title=N_("Nationalities"))
    previous_residence_country: Country | None = Field(
        default=None, title=N_("Previous residence (country)")
    )
    previous_residence_state: GermanState | None = Field(
        default=None, title=N_("Previous residence (German state)")
    )
    municipality: Line | None = Field(
        default=None, max_length=120, title=N_("Current municipality")
    )
    arrived_on: Day | None = Field(default=None, title=N_("Arrival date"))
    preferred_language: Language | None = Field(default=None, title=N_("Preferred language"))
    counselling_language: Language | None = Field(default=None, title=N_("Counselling language"))
    residence_status: ResidenceStatus | None = Field(default=None, title=N_("Residence status"))
    german_level: GermanLevel | None = Field(default=None, title=N_("German level"))
    qualification_level: QualificationLevel | None = Field(
        default=None, title=N_("Qualification level")
    )
    occupation_kldb: KldB | None = Field(default=None, title=N_("Occupation (KldB 2010 code)"))
    occupation_title: Line | None = Field(default=None, max_length=200, title=N_("Occupation"))
    family_situation: FamilySituation | None = Field(default=None, title=N_("Family situation"))
    children_count: Children | None = Field(default=None, title=N_("Number of children"))

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


class PersonRegistrationIn(PersonIn):
    """A new person (`POST /persons` and the registration form, one model): the person's
    fields and, when the data-protection information sheet (Art. 13 GDPR) was handed over at
    intake, its language (`sheet_language`, printed with German) and the day (default today).
    The privacy area records it (its RegistrationStep, in the same unit of work)."""

    sheet_language: DocumentLanguage | None = Field(
        default=None,
        title=N_("Language of the information sheet"),
        description="BCP 47: de en uk ru ar fa pl cs vi es pt-BR tr; given = handed over",
    )
    sheet_handed_over_on: PastDay | None = Field(
        default=None, title=N_("Handed over on"), description="Default: today."
    )

    def check(self) -> dict[str, str]:
        errors = super().check()
        if self.sheet_handed_over_on is not None and self.sheet_language is None:
            errors["sheet_language"] = _("Please choose the language of the information sheet.")
        return errors


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


# --- merging two persons (cases/persons/merge.py) -------------------------------------------


class PersonMergeIn(MergeIn):
    """Merge `duplicate_id` into the person of the path; `keep`: field -> "duplicate" takes the
    duplicate's value (else the survivor's, or the duplicate's where the survivor has none);
    nationalities are always united."""

    fields: ClassVar[frozenset[str]] = frozenset(PersonIn.model_fields) - {"nationalities"}


class PersonUndoMergeIn(UndoMergeIn):
    """Undo the merge of `duplicate_id` into the person of the path (a lead, within 30 days)."""
