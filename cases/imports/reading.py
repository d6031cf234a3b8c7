"""Reading an uploaded sheet: XLSX (python-calamine, cached values) or CSV (German Excel
`;` in UTF-8 with or without BOM or Windows-1252; machine CSV `,`), into a header row and the
data rows below it. Nothing here writes; every refusal is one `SheetError` with one message.

Formulas are never evaluated: calamine gives the value Excel cached. A cell is kept as the
reader gives it (text, number, date); text starting with = + - @ stays text.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from cases.persons import matching
from welcome.i18n import _

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
HEADER_SEARCH_ROWS = 10  # the header is one of the first rows (a title may stand above it)

Cell = str | int | float | date | datetime | None

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an encrypted XLSX (or an old .xls) is OLE
_ZIP = b"PK\x03\x04"


class SheetError(ValueError):
    """The file cannot be imported at all (the message says why, in the user's language)."""


@dataclass(frozen=True, slots=True)
class Sheet:
    headers: tuple[str, ...]  # as written, or "Spalte C" for a blank header cell
    rows: tuple[tuple[int, tuple[Cell, ...]], ...]  # (row number as the sheet shows it, cells)
    format: str  # "xlsx", "csv;" or "csv,"
    encoding: str | None = None  # of a CSV


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA (as a spreadsheet names its columns)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def read(content: bytes, filename: str = "", *, header_hint: Iterable[str] = ()) -> Sheet:
    """The sheet in `content`. `header_hint`: normalised header names the import knows, to
    find the header row below a title."""
    if len(content) > MAX_BYTES:
        raise SheetError(_("The file is larger than %(n)d MB.", n=MAX_BYTES // (1024 * 1024)))
    if not content.strip():
        raise SheetError(_("The file is empty."))
    if content.startswith(_OLE):
        raise SheetError(
            _(
                "The file is password-protected or an old Excel file (.xls). Please save it "
                "without a password as .xlsx or CSV."
            )
        )
    if content.startswith(_ZIP):
        raw, fmt, encoding = _xlsx_rows(content), "xlsx", None
    else:
        text, encoding = _decode(content)
        raw, fmt = _csv_rows(text)
    return _with_header(raw, fmt, encoding, frozenset(header_hint))


def _xlsx_rows(content: bytes) -> list[tuple[int, tuple[Cell, ...]]]:
    """The first sheet's rows with their numbers, by python-calamine (Rust; about 13× faster
    than openpyxl on a 10,000-row sheet). Values are what Excel stored: a formula's cached
    result, never evaluated; a merged range's value stands in its first cell."""
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
        if not book.sheet_names:
            raise SheetError(_("The workbook has no sheet."))
        values = book.get_sheet_by_index(0).to_python(
            skip_empty_area=False, nrows=MAX_ROWS + HEADER_SEARCH_ROWS + 1
        )
    except (CalamineError, ValueError, OSError, zipfile.BadZipFile) as exc:
        raise SheetError(
            _("The file is neither an Excel workbook (.xlsx) nor a CSV file.")
        ) from exc
    rows: list[tuple[int, tuple[Cell, ...]]] = []
    for number, row in enumerate(values, start=1):
        cells = tuple(_cell(v) for v in row)
        if any(_filled(c) for c in cells):
            rows.append((number, cells))
    return rows


def _cell(value: Any) -> Cell:
    if isinstance(value, bool):
        return str(value)
    if value is None or isinstance(value, str | int | float | date):
        return None if value == "" else value
    if isinstance(value, time):
        return value.isoformat()
    return str(value)


def _filled(cell: Cell) -> bool:
    return cell is not None and not (isinstance(cell, str) and not cell.strip())


def _decode(content: bytes) -> tuple[str, str]:
    """UTF-8 (with or without BOM); otherwise Windows-1252, as German Excel writes CSV."""
    if b"\x00" in content[:4096]:
        raise SheetError(_("The file is neither an Excel workbook (.xlsx) nor a CSV file."))
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    try:
        return content.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace"), "cp1252"


def _csv_rows(text: str) -> tuple[list[tuple[int, tuple[Cell, ...]]], str]:
    first_lines = "\n".join(text.splitlines()[:HEADER_SEARCH_ROWS])
    delimiter = ";" if first_lines.count(";") >= first_lines.count(",") else ","
    if first_lines.count(delimiter) == 0 and first_lines.count("\t") > 0:
        delimiter = "\t"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, tuple[Cell, ...]]] = []
    try:
        for values in reader:
            cells = tuple(v if v.strip() else None for v in values)
            if any(_filled(c) for c in cells):
                rows.append((reader.line_num, cells))
                if len(rows) > MAX_ROWS + HEADER_SEARCH_ROWS:
                    break
    except csv.Error as exc:
        raise SheetError(_("The CSV file cannot be read: %(error)s", error=str(exc))) from exc
    return rows, f"csv{delimiter}"


def _with_header(
    raw: list[tuple[int, tuple[Cell, ...]]], fmt: str, encoding: str | None, hint: frozenset[str]
) -> Sheet:
    """The header is the row among the first ones naming most known fields (a title or a
    merged heading above it is skipped); without known names, the first row with two texts."""
    best, best_score = None, 0
    for position, (_number, cells) in enumerate(raw[:HEADER_SEARCH_ROWS]):
        texts = [c for c in cells if isinstance(c, str) and c.strip()]
        score = sum(1 for c in texts if matching.normalise(c) in hint)
        if score > best_score:
            best, best_score = position, score
    if best is None:
        best = next(
            (
                i
                for i, (_n, cells) in enumerate(raw[:HEADER_SEARCH_ROWS])
                if sum(1 for c in cells if _word(c)) >= 2
            ),
            None,
        )
    if best is None:
        raise SheetError(_("The file has no header row (the names of the columns)."))
    header_cells = raw[best][1]
    width = max(len(cells) for _n, cells in raw[best:])
    headers = tuple(
        _header_text(header_cells[i] if i < len(header_cells) else None, i) for i in range(width)
    )
    data = tuple((n, cells + (None,) * (width - len(cells))) for n, cells in raw[best + 1 :])
    if len(data) > MAX_ROWS:
        raise SheetError(
            _("The file has more than %(n)s rows.", n=f"{MAX_ROWS:,}".replace(",", "."))
        )
    return Sheet(headers=headers, rows=data, format=fmt, encoding=encoding)


def _word(cell: Cell) -> bool:
    """A cell that can name a column: text with a letter in it (not a number or a date)."""
    return isinstance(cell, str) and any(ch.isalpha() for ch in cell)


def _header_text(cell: Cell, index: int) -> str:
    if _filled(cell):
        return " ".join(str(cell).split())[:200]
    return _("Column %(letter)s", letter=column_letter(index))
