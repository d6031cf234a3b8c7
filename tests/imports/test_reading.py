"""Reading sheets: formats, encodings, header detection, refusals, cell values (no database)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import Workbook

from cases.imports import values
from cases.imports.fields import PERSONS
from cases.imports.reading import MAX_ROWS, SheetError, read
from tests.imports.helpers import HEADERS, MESSY_ROWS, csv_bytes, xlsx

HINT = PERSONS.header_names()


@pytest.mark.parametrize(
    ("encoding", "delimiter", "fmt"),
    [("utf-8-sig", ";", "csv;"), ("utf-8", ";", "csv;"), ("cp1252", ";", "csv;"),
     ("utf-8", ",", "csv,")],
)  # fmt: skip
def test_csv_profiles(encoding: str, delimiter: str, fmt: str) -> None:
    rows = [["1", "Müller", "Jürgen", "1985"], ["2", "Öztürk", "Ayşe" if encoding != "cp1252"
            else "Ayse", "1990"]]  # fmt: skip
    sheet = read(
        csv_bytes(rows, HEADERS[:4], encoding=encoding, delimiter=delimiter), header_hint=HINT
    )
    assert sheet.format == fmt
    assert sheet.headers == HEADERS[:4]
    assert sheet.rows[0] == (2, ("1", "Müller", "Jürgen", "1985"))


def test_xlsx_title_rows_and_merged_headings_are_skipped() -> None:
    sheet = read(xlsx(MESSY_ROWS), header_hint=HINT)
    assert sheet.format == "xlsx" and sheet.headers == HEADERS
    numbers = [n for n, _cells in sheet.rows]
    assert numbers == [4, 6, 7, 8, 9, 10]  # the empty row 5 is dropped
    assert sheet.rows[0][1][1] == "Müller" and sheet.rows[0][1][3] == 1985


def test_formulas_are_cached_values_and_equals_text_stays_text() -> None:
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.append(["Nachname", "Vorname", "Geb.-Jahr"])
    ws.append(['=HYPERLINK("x")', "Anna", "=1980+5"])  # formulas without a cached value
    ws.append(["Berg", "=Ben", 1990])
    ws["B3"].data_type = "s"  # text that starts with "=": stored as text
    out = io.BytesIO()
    book.save(out)
    sheet = read(out.getvalue(), header_hint=HINT)
    first, second = (cells for _n, cells in sheet.rows)
    assert first[0] is None and first[2] is None  # never evaluated
    assert second[1] == "=Ben"


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "empty"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "password"),
        (b"PK\x03\x04 not really a zip", "neither"),
        (b"\x00\x01\x02binary", "neither"),
        (b"12;13\n14;15\n", "header"),
    ],
)
def test_refusals(content: bytes, words: str) -> None:
    from welcome.i18n import force_locale

    with force_locale("en"), pytest.raises(SheetError, match=words):
        read(content)


def test_too_many_rows_and_too_large() -> None:
    from welcome.i18n import force_locale

    many = "Nachname;Vorname\n" + "Berg;Anna\n" * (MAX_ROWS + 1)
    with force_locale("en"), pytest.raises(SheetError, match="more than"):
        read(many.encode(), header_hint=HINT)
    with force_locale("en"), pytest.raises(SheetError, match="larger"):
        read(b"a;b\n" + b"x" * (20 * 1024 * 1024))


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("15.03.2025", "2025-03-15"), ("1.2.25", "2025-02-01"), ("2025-03-15", "2025-03-15"),
     (45700, "2025-02-12"), (45700.0, "2025-02-12"), ("45700", "2025-02-12"),
     (date(2024, 1, 31), "2024-01-31"), ("31.02.2025", "31.02.2025"), ("morgen", "morgen")],
)  # fmt: skip
def test_days(cell: object, expected: str) -> None:
    assert values.day(cell) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [(45.0, "45"), ("45,0", "45"), ("1,5", "1,5"), (" 30 ", "30"), ("1990", "1990")],
)
def test_whole_numbers(cell: object, expected: str) -> None:
    assert values.whole(cell) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("raw", "code"),
    [("Syrien", "SY"), ("syrisch", "SY"), ("SY", "SY"), ("Syria", "SY"), ("Syrian", "SY"),
     ("deutsch", "DE"), ("Ukraine", "UA"), ("ukrainisch", "UA"), ("Österreich", "AT"),
     ("türkisch", "TR"), ("Atlantis", None)],
)  # fmt: skip
def test_country_suggestions(raw: str, code: str | None) -> None:
    assert values.suggest_country(raw) == code


@pytest.mark.parametrize(
    ("field", "raw", "code"),
    [("gender", "m", "male"), ("gender", "männlich", "male"), ("gender", "w", "female"),
     ("channel", "Telefon", "phone"), ("channel", "tel.", "phone"), ("channel", "E-Mail", "email"),
     ("client_group", "Rückkehrer", "returnee"), ("client_group", "Drittstaat",
      "third_country_immigrant"), ("topics", "Arbeitssuche", "job_search"),
     ("preferred_language", "Arabisch", "ar"), ("preferred_language", "Ukrainian", "uk"),
     ("client_group", "Tourist", None)],
)  # fmt: skip
def test_code_suggestions(field: str, raw: str, code: str | None) -> None:
    spec = PERSONS.field(field)
    assert spec is not None and spec.suggest(raw) == code


def test_header_suggestions() -> None:
    headers = ("Nr.", "Vorname", "Nachname", "Geb.-Jahr", "Staatsangehörigkeit", "Herkunftsland",
               "Datum Erstberatung", "Bemerkung")  # fmt: skip
    assert PERSONS.suggest_columns(headers) == {
        0: "row_key", 1: "first_name", 2: "last_name", 3: "birth_year", 4: "nationalities",
        5: "previous_residence_country", 6: "opened_on",
    }  # fmt: skip
