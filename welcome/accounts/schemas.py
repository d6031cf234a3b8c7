"""The inputs of the accounts area (login, the user's settings) and its output schemas."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Annotated, Any, ClassVar, Literal

from pydantic import AfterValidator, BeforeValidator, EmailStr, Field, StringConstraints
from pydantic_core import PydanticCustomError

from welcome.i18n import UI_LOCALES, _
from welcome.inputs import Day, Input, Line, Output, RowId


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
DateStyle = Literal["en_GB", "en_US"]


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
    date_style: DateStyle | None = None  # English dates: British (default) or US


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


# --- administration (welcome/accounts/admin.py) ---------------------------------------------

RoleCode = Literal["counsellor", "lead", "statistician", "admin"]


class InviteIn(Input):
    """A new user: the one-time link to set a password is shown to whoever invites."""

    required: ClassVar[Mapping[str, Callable[[], str]]] = {
        "email": lambda: _("Please enter the e-mail address."),
        "role": lambda: _("Please choose a role."),
    }

    email: EmailStr = Field(max_length=254)
    role: RoleCode
    centre_id: RowId | None = None
    name: Line | None = Field(default=None, max_length=200)


class UserChangeIn(Input):
    """What an admin or lead changes of a user (what is not sent stays)."""

    role: RoleCode | None = None
    name: Line | None = Field(default=None, max_length=200)
    active: bool | None = None


class NewPasswordIn(Input):
    """A password chosen through a one-time link, typed twice."""

    required: ClassVar[Mapping[str, Callable[[], str]]] = {
        "password": lambda: _("Please enter a password."),
    }

    password: Password
    repeat: Password | None = None

    def check(self) -> dict[str, str]:
        if self.repeat is not None and self.repeat != self.password:
            return {"repeat": _("The two passwords differ.")}
        return {}


class ChangePasswordIn(NewPasswordIn):
    """The user's own new password, with the current one."""

    required: ClassVar[Mapping[str, Callable[[], str]]] = {
        "current": lambda: _("Please enter your current password."),
        "password": lambda: _("Please enter a password."),
    }

    current: Password


class TokenIn(Input):
    """A new API token: a label and its expiry (default 90 days, at most a year)."""

    required: ClassVar[Mapping[str, Callable[[], str]]] = {
        "label": lambda: _("Please enter a label."),
    }

    label: Line = Field(max_length=200)
    expires_on: Day | None = None


class CentreIn(Input):
    """A centre and the details its documents show."""

    required: ClassVar[Mapping[str, Callable[[], str]]] = {
        "name": lambda: _("Please enter a name."),
    }

    name: Line = Field(max_length=200)
    region: Line | None = Field(default=None, max_length=200)
    address: Line | None = Field(default=None, max_length=300)
    email: EmailStr | None = Field(default=None, max_length=254)
    phone: Line | None = Field(default=None, max_length=50)
    controller: Line | None = Field(default=None, max_length=500)
    data_protection_officer: Line | None = Field(default=None, max_length=500)
    public_task: Line | None = Field(default=None, max_length=300)
    active: bool = True


class CentreDetailsOut(CentreOut):
    active: bool
    address: str | None
    email: str | None
    phone: str | None
    controller: str | None
    data_protection_officer: str | None
    public_task: str | None = None


class InvitedOut(UserOut):
    invitation_url: str


class ResetOut(Output):
    reset_url: str


class TokenOut(Output):
    id: int
    label: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    expires_on: date | None
    revoked_at: datetime | None


class TokenCreatedOut(TokenOut):
    token: str
