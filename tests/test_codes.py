"""Every code of every area has a translated label, declared with the code."""

from __future__ import annotations

import pytest

import welcome.models  # noqa: F401 - imports every area's models and so its codes
from cases.counselling import codes as counselling
from cases.employers import codes as employers
from cases.persons import codes as persons
from cases.recognition import codes as recognition
from welcome.i18n import force_locale
from welcome.labels import Code


def _codes() -> list[type[Code]]:
    found: list[type[Code]] = []
    for module in (persons, counselling, recognition, employers):
        found += [
            v
            for v in vars(module).values()
            if isinstance(v, type) and issubclass(v, Code) and v is not Code
        ]
    return found


@pytest.mark.parametrize("enum", _codes(), ids=lambda e: e.__name__)
def test_every_code_has_a_label_in_german_and_english(enum: type[Code]) -> None:
    for locale in ("de", "en"):
        with force_locale(locale):
            shown = enum.labels()
        assert set(shown) == {m.value for m in enum}
        assert all(shown.values())
        assert enum.label_of("no-such-code") == "no-such-code"
        assert enum.label_of(None) == ""


def test_every_code_enum_is_found() -> None:
    assert len(_codes()) >= 25
