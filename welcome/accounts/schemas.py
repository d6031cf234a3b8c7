"""The inputs of the accounts area (login, the user's settings) and its output schemas."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Annotated, Any, ClassVar

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError

from welcome.i18n import UI_LOCALES, _
from welcome.inputs import Input, Output


def safe_next(target: Any) -> str:
    """Where to go after the login: a path of this site, else the start page."""
    if (
        isinstance(target, str)
        and len(target) <= 2000
        and target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
    ):
        return target
    return "/"


def _ui_locale(value: str) -> str:
    if value not in UI_LOCALES:
        raise PydanticCustomError("rule", _("Unknown language %(code)s.", code=value[:10]))
    return value


# typed as it is: a password keeps its spaces
Password = Annotated[str, StringConstraints(strip_whitespace=False, max_length=1024)]
# never an error: a next page that is not one of this site's paths is the start page
NextPage = Annotated[str, BeforeValidator(safe_next)]
UiLocale = Annotated[str, Field(max_length=10), AfterValidator(_ui_locale)]


class LoginIn(Input):
    """The login form. Whether the password is right is the service's question, not a rule."""

    required: ClassVar[Mapping[str, Callable[[], str]]] = {
        "email": lambda: _("Please enter your e-mail address."),
        "password": lambda: _("Please enter your password."),
    }

    email: str = Field(max_length=254)
    password: Password
    next: NextPage = "/"


class SettingsIn(Input):
    """The user's settings: the interface language (none: as the browser asks)."""

    locale: UiLocale | None = None


class CentreOut(Output):
    id: int
    name: str
    region: str | None


class UserOut(Output):
    id: int
    email: str
    display_name: str
    role: str
    centre_id: int | None
    locale: str | None
    active: bool


class ColleagueOut(Output):
    """What a counsellor sees of a colleague: the name, not the e-mail or the role."""

    id: int
    display_name: str


class AuditEntryOut(Output):
    id: int
    at: datetime
    user_id: int | None
    centre_id: int | None
    action: str
    entity: str
    entity_id: int | None
    changes: dict[str, Any] | None = None
