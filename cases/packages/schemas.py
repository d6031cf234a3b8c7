"""The inputs of the packages area (issue a package, a local contact) and its output schema."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Annotated, Any, ClassVar

from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from cases.packages.languages import LANGUAGES, resolve
from welcome import clock
from welcome.i18n import _
from welcome.inputs import MAX_DAY, MIN_DAY, Count, Day, Input, Line, Output


def _unknown_language(code: str) -> str:
    return _(
        "Unknown language %(code)s. Choose one of: %(codes)s.",
        code=repr(code[:20]),
        codes=", ".join(LANGUAGES),
    )


def _document_language(value: str) -> str:
    """One of the 12 document languages, as its code ("pt_br", "ar-SY" → "pt-BR", "ar")."""
    found = resolve(value)
    if found is None:
        raise PydanticCustomError("rule", _unknown_language(value))
    return found.code


def _moment(value: Any) -> Any:
    """A date and time as YYYY-MM-DD HH:MM (or with a T, seconds, an offset); never a number
    (pydantic would read "1700000000" as a Unix time) and within the years any date may have."""
    if isinstance(value, str):
        text = value.strip()
        if len(text) >= 16 and text[4] == "-" and text[7] == "-" and text[10] in "T ":
            with contextlib.suppress(ValueError):
                value = datetime.fromisoformat(text)
    if isinstance(value, datetime) and MIN_DAY <= value.date() <= MAX_DAY:
        return value
    raise PydanticCustomError("rule", _("Please enter a date and time like 2026-03-01 09:30."))


def _email(value: str) -> str:
    local, at, domain = value.partition("@")
    if not (at and local and domain) or "@" in domain or any(c.isspace() for c in value):
        raise PydanticCustomError("rule", _("Please enter a valid e-mail address."))
    return value


def _item_code(value: str) -> str:
    """A checklist item's code or key ("tax_id", "driving_licence:protection")."""
    from cases.packages.items import CONTENT

    known = set(CONTENT) | {c.split(":")[0] for c in CONTENT}
    own = value.startswith("centre:") and value.removeprefix("centre:").isdigit()
    if value not in known and not own:
        raise PydanticCustomError(
            "rule", _("Unknown checklist item %(code)s.", code=repr(value[:40]))
        )
    return value


def _licence_country(value: str) -> str:
    """Where the driving licence was issued: ISO 3166 alpha-2, or "none" (no licence)."""
    text = value.strip()
    if text.lower() == "none":
        return "none"
    if len(text) == 2 and text.isascii() and text.isalpha():
        return text.upper()
    raise PydanticCustomError(
        "rule", _("Please choose the country that issued the driving licence.")
    )


ItemCode = Annotated[str, Field(max_length=60), AfterValidator(_item_code)]
LicenceCountry = Annotated[str, Field(max_length=4), AfterValidator(_licence_country)]
DocumentLanguage = Annotated[str, Field(max_length=20), AfterValidator(_document_language)]
Moment = Annotated[datetime, BeforeValidator(_moment)]
Email = Annotated[str, Field(max_length=254), AfterValidator(_email)]
Note = Annotated[str, Field(max_length=1000)]


class PackageIn(Input):
    """A welcome package to issue (or preview): the document language and, optionally, the
    person's next appointment shown on the welcome page."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")
    required: ClassVar[Mapping[str, Callable[[], str]]] = {
        "language": lambda: _unknown_language(""),
    }

    language: DocumentLanguage = Field(description="BCP 47: de en uk ru ar fa pl cs vi es pt-BR tr")
    appointment_at: Moment | None = Field(
        default=None, description="The person's next appointment, shown on the welcome page."
    )
    done: list[ItemCode] = Field(
        default_factory=list,
        max_length=40,
        description="Checklist items already done (codes such as tax_id): left out.",
    )
    licence_country: LicenceCountry | None = Field(
        default=None,
        description="Where the driving licence was issued (ISO alpha-2) or none; "
        "default: the country of previous residence.",
    )


def note_field(code: str) -> str:
    """The form field of a language's note: "note_uk", "note_pt_BR"."""
    return "note_" + code.replace("-", "_")


class LocalContactIn(Input):
    """An office of the centre's region, printed in its welcome packages; optional notes per
    document language (`note_<code>`). Limits are the columns' (a note: 1000 characters)."""

    required: ClassVar[Mapping[str, Callable[[], str]]] = {
        "name": lambda: _("Please enter the name of the office."),
    }

    name: Line = Field(max_length=200)
    address: str | None = Field(default=None, max_length=500)
    opening_hours: str | None = Field(default=None, max_length=500)
    phone: Line | None = Field(default=None, max_length=60)
    email: Email | None = None
    position: Count | None = None  # the place in the list; none: 0
    note_de: Note | None = None
    note_en: Note | None = None
    note_uk: Note | None = None
    note_ru: Note | None = None
    note_ar: Note | None = None
    note_fa: Note | None = None
    note_pl: Note | None = None
    note_cs: Note | None = None
    note_vi: Note | None = None
    note_es: Note | None = None
    note_pt_BR: Note | None = None
    note_tr: Note | None = None

    @property
    def notes(self) -> dict[str, str]:
        """Language code → note, for the languages that have one."""
        found = {code: getattr(self, note_field(code)) for code in LANGUAGES}
        return {code: text for code, text in found.items() if text}


class SignoffIn(Input):
    """A lead's sign-off of the content version shown: German content ("de"), or a
    translation reviewed by the native speaker named."""

    required: ClassVar[Mapping[str, Callable[[], str]]] = {
        "language": lambda: _unknown_language(""),
        "version": lambda: _("The content version is missing."),
    }

    language: DocumentLanguage
    version: Line = Field(max_length=64)
    reviewer: Line | None = Field(default=None, max_length=200)
    note: str | None = Field(default=None, max_length=1000)


def _base_code(value: str) -> str:
    """A checklist item's code without variant ("bank_account")."""
    from cases.packages.items import CONTENT

    if value not in {c.split(":")[0] for c in CONTENT}:
        raise PydanticCustomError(
            "rule", _("Unknown checklist item %(code)s.", code=repr(value[:40]))
        )
    return value


def _audience(value: str) -> str:
    from cases.packages.centre_items import AUDIENCES

    if value not in AUDIENCES:
        raise PydanticCustomError("rule", _("Please choose who gets the item."))
    return value


class ItemSwitchIn(Input):
    """Switch a checklist item on or off for the centre."""

    required: ClassVar[Mapping[str, Callable[[], str]]] = {
        "code": lambda: _("Unknown checklist item %(code)s.", code="''"),
    }

    code: Annotated[str, Field(max_length=60), AfterValidator(_base_code)]
    enabled: bool = False


TRANSLATED = tuple(code for code in LANGUAGES if code != "de")


def translation_field(kind: str, code: str) -> str:
    """The form field of a translation: "title_uk", "what_pt_BR"."""
    return f"{kind}_" + code.replace("-", "_")


class CentreItemIn(Input):
    """A centre's own checklist item: German text, its source and "last checked" date, who
    gets it; optional translations of title and text (`title_<code>`, `what_<code>`)."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="ignore")
    required: ClassVar[Mapping[str, Callable[[], str]]] = {
        "title": lambda: _("Please enter a title."),
        "what": lambda: _("Please enter the text."),
        "source": lambda: _("Please name the source (law with paragraph, or official page)."),
        "checked_on": lambda: _("Please enter the date you checked the source."),
    }

    who: Annotated[str, Field(max_length=30), AfterValidator(_audience)] = "everyone"
    title: Line = Field(max_length=200)
    what: str = Field(max_length=1000)
    where: Line | None = Field(default=None, max_length=300)
    documents: Line | None = Field(default=None, max_length=300)
    source: Line = Field(max_length=300)
    checked_on: Day
    position: Count | None = None
    title_en: Line | None = Field(default=None, max_length=200)
    what_en: str | None = Field(default=None, max_length=1000)
    title_uk: Line | None = Field(default=None, max_length=200)
    what_uk: str | None = Field(default=None, max_length=1000)
    title_ru: Line | None = Field(default=None, max_length=200)
    what_ru: str | None = Field(default=None, max_length=1000)
    title_ar: Line | None = Field(default=None, max_length=200)
    what_ar: str | None = Field(default=None, max_length=1000)
    title_fa: Line | None = Field(default=None, max_length=200)
    what_fa: str | None = Field(default=None, max_length=1000)
    title_pl: Line | None = Field(default=None, max_length=200)
    what_pl: str | None = Field(default=None, max_length=1000)
    title_cs: Line | None = Field(default=None, max_length=200)
    what_cs: str | None = Field(default=None, max_length=1000)
    title_vi: Line | None = Field(default=None, max_length=200)
    what_vi: str | None = Field(default=None, max_length=1000)
    title_es: Line | None = Field(default=None, max_length=200)
    what_es: str | None = Field(default=None, max_length=1000)
    title_pt_BR: Line | None = Field(default=None, max_length=200)
    what_pt_BR: str | None = Field(default=None, max_length=1000)
    title_tr: Line | None = Field(default=None, max_length=200)
    what_tr: str | None = Field(default=None, max_length=1000)

    def check(self) -> dict[str, str]:
        if self.checked_on > clock.today():
            return {"checked_on": _("The date you checked the source cannot be in the future.")}
        return {}

    @property
    def translations(self) -> dict[str, dict[str, str]]:
        """Language → {"title", "what"} for the languages that have a title and a text."""
        found = {}
        for code in TRANSLATED:
            title = getattr(self, translation_field("title", code))
            what = getattr(self, translation_field("what", code))
            if title and what:
                found[code] = {"title": title, "what": what}
        return found


class IssuedPackageOut(Output):
    id: int
    person_id: int
    language: str
    content_version: str
    issued_by_id: int | None
    issued_at: datetime
    pdf_sha256: str
    pdf_size: int


class LocalContactOut(Output):
    id: int
    name: str
    address: str
    opening_hours: str
    phone: str
    email: str
    position: int
    notes: dict[str, str]
    version: int
