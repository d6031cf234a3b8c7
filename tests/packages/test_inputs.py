"""The packages area's inputs: PackageIn (issue, preview) and LocalContactIn, limits equal to
the columns, every wrong value named at its field."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from cases.packages.languages import LANGUAGES
from cases.packages.models import IssuedPackage, LocalContact
from cases.packages.schemas import LocalContactIn, PackageIn, note_field
from welcome.errors import FieldErrors
from welcome.i18n import force_locale
from welcome.inputs import MAX_INT, validate


def errors_of(model: type[Any], values: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(FieldErrors) as caught, force_locale("en"):
        validate(model, values)
    return caught.value.errors


def column_length(table: Any, name: str) -> int:
    length = table.__table__.c[name].type.length
    assert isinstance(length, int)
    return length


@pytest.mark.parametrize(
    ("typed", "code"), [("uk", "uk"), ("pt_br", "pt-BR"), ("AR-SY", "ar"), (" de ", "de")]
)
def test_package_language_is_one_of_the_twelve(typed: str, code: str) -> None:
    assert validate(PackageIn, {"language": typed}).language == code


@pytest.mark.parametrize("typed", ["fr", "", "klingon", "x" * 21])
def test_an_unknown_language_is_named(typed: str) -> None:
    assert set(errors_of(PackageIn, {"language": typed})) == {"language"}


def test_the_language_fits_its_column() -> None:
    assert column_length(IssuedPackage, "language") <= 20  # the input's limit
    assert all(len(code) <= column_length(IssuedPackage, "language") for code in LANGUAGES)


@pytest.mark.parametrize(
    "typed", ["2026-03-10T09:30", "2026-03-10 09:30", "2026-03-10T09:30:00+01:00"]
)
def test_an_appointment_is_a_date_and_time(typed: str) -> None:
    found = validate(PackageIn, {"language": "de", "appointment_at": typed}).appointment_at
    assert found is not None and (found.year, found.hour, found.minute) == (2026, 9, 30)


@pytest.mark.parametrize(
    "typed", ["soon", "2026-03-10", "1700000000", "9999-12-31T10:00", "2026-02-30 10:00", 17]
)
def test_an_odd_appointment_is_named(typed: object) -> None:
    errors = errors_of(PackageIn, {"language": "de", "appointment_at": typed})
    assert errors == {"appointment_at": "Please enter a date and time like 2026-03-01 09:30."}


def test_the_api_body_takes_no_unknown_field() -> None:
    with pytest.raises(FieldErrors):
        validate(PackageIn, {"language": "de", "colour": "red"})
    assert validate(PackageIn, {"language": "de", "appointment_at": None}).appointment_at is None
    assert isinstance(
        validate(PackageIn, {"language": "de", "appointment_at": datetime(2026, 1, 2, 3, 4)}),
        PackageIn,
    )


def test_contact_limits_are_the_columns() -> None:
    for name in ("name", "address", "opening_hours", "phone", "email"):
        limit = column_length(LocalContact, name)
        typed = "a" * (limit - 6) + "@b.org" if name == "email" else "a" * limit
        assert validate(LocalContactIn, {"name": "Amt", name: typed})
        too_long = "a" + typed
        assert set(errors_of(LocalContactIn, {"name": "Amt", name: too_long})) == {name}


def test_a_contact_has_a_note_field_per_document_language() -> None:
    notes = {n for n in LocalContactIn.model_fields if n.startswith("note_")}
    assert notes == {note_field(code) for code in LANGUAGES}
    data = validate(LocalContactIn, {"name": "Amt", "note_pt_BR": " Olá ", "note_uk": ""})
    assert data.notes == {"pt-BR": "Olá"}
    assert set(errors_of(LocalContactIn, {"name": "Amt", "note_ar": "x" * 1001})) == {"note_ar"}


@pytest.mark.parametrize("typed", ["--5", "²", "9" * 30, "-1", "1.5", "zwölf", str(MAX_INT + 1)])
def test_an_odd_position_is_named(typed: str) -> None:
    assert set(errors_of(LocalContactIn, {"name": "Amt", "position": typed})) == {"position"}


def test_a_contact_needs_a_name_and_a_plausible_email() -> None:
    errors = errors_of(LocalContactIn, {"name": " ", "email": "nope"})
    assert errors == {
        "name": "Please enter the name of the office.",
        "email": "Please enter a valid e-mail address.",
    }
    for email in ("a@b@c", "a b@c.de", "@c.de", "a@"):
        assert set(errors_of(LocalContactIn, {"name": "Amt", "email": email})) == {"email"}
    data = validate(LocalContactIn, {"name": "  Bürger   amt ", "position": "3"})
    assert (data.name, data.position, data.email) == ("Bürger amt", 3, None)
