"""The accounts area's inputs: the login form and the user's settings."""

from __future__ import annotations

from typing import Any

import pytest

from welcome.accounts.models import User
from welcome.accounts.schemas import LoginIn, SettingsIn
from welcome.errors import FieldErrors
from welcome.i18n import force_locale
from welcome.inputs import validate


def errors_of(model: type[Any], values: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(FieldErrors) as caught, force_locale("en"):
        validate(model, values)
    return caught.value.errors


def column_length(name: str) -> int:
    length = User.__table__.c[name].type.length  # type: ignore[attr-defined]
    assert isinstance(length, int)
    return length


def test_login_fields_are_named_when_blank() -> None:
    assert errors_of(LoginIn, {"email": " ", "password": ""}) == {
        "email": "Please enter your e-mail address.",
        "password": "Please enter your password.",
    }


def test_the_login_email_fits_its_column_and_the_password_keeps_its_spaces() -> None:
    limit = column_length("email")
    assert validate(LoginIn, {"email": "a" * limit, "password": "x"}).email == "a" * limit
    assert set(errors_of(LoginIn, {"email": "a" * (limit + 1), "password": "x"})) == {"email"}
    assert validate(LoginIn, {"email": "a@b.de", "password": " secret "}).password == " secret "
    assert set(errors_of(LoginIn, {"email": "a@b.de", "password": "x" * 1025})) == {"password"}


@pytest.mark.parametrize(
    ("typed", "target"),
    [
        ("/audit?page=2", "/audit?page=2"),
        ("//evil.example", "/"),
        ("https://evil.example", "/"),
        ("/\\evil", "/"),
        ("/" + "x" * 3000, "/"),
        ("", "/"),
    ],
)
def test_the_next_page_is_one_of_this_site(typed: str, target: str) -> None:
    data = validate(LoginIn, {"email": "a@b.de", "password": "x", "next": typed})
    assert data.next == target


def test_settings_take_an_interface_language_or_none() -> None:
    assert validate(SettingsIn, {"locale": "en"}).locale == "en"
    assert validate(SettingsIn, {"locale": ""}).locale is None
    assert errors_of(SettingsIn, {"locale": "xx"}) == {"locale": "Unknown language xx."}
    too_long = "x" * (column_length("locale") + 1)
    assert set(errors_of(SettingsIn, {"locale": too_long})) == {"locale"}
