"""The report as an XLSX workbook (XlsxWriter): a cover sheet, the key figures, one sheet per
section with its tables stacked, a native bar chart per sheet, frozen panes, formatted headers.
A hidden cell stays the text `*` (never a number), so nobody can sum it back.
"""

from __future__ import annotations

import io
import re
from typing import Any

import xlsxwriter  # type: ignore[import-untyped]

from cases.reports.layout import (
    CHARTED,
    centre_text,
    column_labels,
    figure_labels,
    section_labels,
    sections,
)
from cases.reports.schemas import AllianceReport, Cell, Table
from welcome.i18n import _, force_locale, format_datetime

_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


class _Formats:
    def __init__(self, book: Any) -> None:
        self.title = book.add_format({"bold": True, "font_size": 14, "font_color": "#0b4f6c"})
        self.caption = book.add_format({"bold": True, "font_size": 11})
        self.note = book.add_format({"italic": True, "font_color": "#555555"})
        self.header = book.add_format(
            {"bold": True, "bg_color": "#E8F1F5", "border": 1, "text_wrap": True, "valign": "top"}
        )
        self.label = book.add_format({"border": 1, "text_wrap": True})
        self.total_label = book.add_format({"border": 1, "bold": True})
        self.number = book.add_format({"border": 1, "num_format": "#,##0"})
        self.total = book.add_format({"border": 1, "bold": True, "num_format": "#,##0"})
        self.decimal = book.add_format({"border": 1, "num_format": "0.0"})
        self.mask = book.add_format({"border": 1, "align": "right"})
        self.key = book.add_format({"bold": True})
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})


def _sheet_name(label: str, used: set[str]) -> str:
    name = _SHEET_NAME_BAD.sub(" ", label).strip()[:31] or "Sheet"
    base, n = name, 2
    while name.casefold() in used:
        name = f"{base[:28]} {n}"
        n += 1
    used.add(name.casefold())
    return name


def _cell(sheet: Any, row: int, col: int, value: Cell | float | None, fmt: Any, mask: Any) -> None:
    if value is None:
        sheet.write_blank(row, col, None, fmt)
    elif isinstance(value, str):
        sheet.write_string(row, col, value, mask)  # "*" (a hidden median): text, never summed
    else:
        sheet.write_number(row, col, value, fmt)


def _cover(book: Any, f: _Formats, report: AllianceReport, name: str) -> None:
    sheet = book.add_worksheet(name)
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 1, 90)
    sheet.write_string(0, 0, _("Report to the skilled-labour alliance"), f.title)
    facts = [
        (_("Welcome Center"), centre_text(report)),
        (_("Period"), report.period.label),
        (_("From"), report.period.start.isoformat()),
        (_("To"), report.period.end.isoformat()),
        (
            _("Year to date"),
            f"{report.year_to_date.start.isoformat()} – {report.year_to_date.end.isoformat()}",
        ),
        (_("Data as of"), format_datetime(report.generated_at)),
        (
            _("Small numbers"),
            _("protected (cell key method, see the notes)")
            if report.suppressed
            else _("exact (internal use only)"),
        ),
    ]
    if report.provisional:
        facts.append((_("Status"), _("provisional: the period has not ended yet")))
    for index, (key, value) in enumerate(facts, start=2):
        sheet.write_string(index, 0, key, f.key)
        sheet.write_string(index, 1, value)
    row = len(facts) + 3
    sheet.write_string(row, 0, _("Notes"), f.caption)
    for offset, footnote in enumerate(report.footnotes, start=1):
        sheet.write_string(row + offset, 0, str(offset), f.key)
        sheet.write_string(row + offset, 1, footnote, f.wrap)


def _key_figures(book: Any, f: _Formats, report: AllianceReport, name: str) -> None:
    sheet = book.add_worksheet(name)
    cols = column_labels()
    sheet.write_string(0, 0, section_labels()["key_figures"], f.title)
    headers = [
        cols["indicator"],
        report.period.label,
        cols["year_to_date"],
        cols["target"],
        cols["achievement_percent"],
        _("Code"),
    ]
    for col, text in enumerate(headers):
        sheet.write_string(1, col, text, f.header)
    for row, ind in enumerate(report.indicators, start=2):
        sheet.write_string(row, 0, ind.label, f.label)
        _cell(sheet, row, 1, ind.period, f.number, f.mask)
        _cell(sheet, row, 2, ind.year_to_date, f.number, f.mask)
        _cell(sheet, row, 3, ind.target, f.number, f.mask)
        _cell(sheet, row, 4, ind.achievement_percent, f.decimal, f.mask)
        sheet.write_string(row, 5, ind.code, f.label)
    last = 1 + len(report.indicators)
    row = last + 2
    for code, value in report.figures.items():
        sheet.write_string(row, 0, figure_labels().get(code, code), f.label)
        _cell(sheet, row, 1, value, f.decimal, f.mask)
        row += 1
    sheet.set_column(0, 0, 50)
    sheet.set_column(1, 4, 14)
    sheet.set_column(5, 5, 26)
    sheet.freeze_panes(2, 1)
    chart = book.add_chart({"type": "bar"})
    for col, title in ((1, report.period.label), (2, cols["year_to_date"])):
        chart.add_series(
            {
                "name": title,
                "categories": [name, 2, 0, last, 0],
                "values": [name, 2, col, last, col],
            }
        )
    chart.set_title({"name": section_labels()["key_figures"]})
    chart.set_y_axis({"reverse": True})
    chart.set_size({"width": 720, "height": 560})
    sheet.insert_chart(row + 1, 0, chart)


def _table(sheet: Any, f: _Formats, table: Table, top: int) -> tuple[int, tuple[int, int, int]]:
    """Write one table from row `top`; return the next free row and (first, last, total col)."""
    sheet.write_string(top, 0, table.title, f.caption)
    row = top + 1
    if table.note:
        sheet.write_string(row, 0, table.note, f.note)
        row += 1
    total_col = len(table.columns) + 1
    sheet.write_string(row, 0, "", f.header)
    for col, label in enumerate(table.column_labels, start=1):
        sheet.write_string(row, col, label, f.header)
    sheet.write_string(row, total_col, column_labels()["total"], f.header)
    first = row + 1
    for r in table.rows:
        row += 1
        sheet.write_string(row, 0, r.label, f.label)
        for col, cell in enumerate(r.cells, start=1):
            _cell(sheet, row, col, cell, f.number, f.mask)
        _cell(sheet, row, total_col, r.total, f.total, f.mask)
    last = row
    row += 1
    sheet.write_string(row, 0, column_labels()["total"], f.total_label)
    for col, cell in enumerate(table.column_totals, start=1):
        _cell(sheet, row, col, cell, f.total, f.mask)
    _cell(sheet, row, total_col, table.total, f.total, f.mask)
    return row + 2, (first, last, total_col)


def _section(book: Any, f: _Formats, name: str, label: str, tables: list[Table]) -> None:
    sheet = book.add_worksheet(name)
    sheet.write_string(0, 0, label, f.title)
    sheet.set_column(0, 0, 46)
    widest = max((len(t.columns) for t in tables), default=1) + 1
    sheet.set_column(1, widest, 13)
    row = 2
    for table in tables:
        row, (first, last, total_col) = _table(sheet, f, table, row)
        if table.key in CHARTED.values() and table.rows:
            chart = book.add_chart({"type": "bar"})
            chart.add_series(
                {
                    "name": table.title,
                    "categories": [name, first, 0, last, 0],
                    "values": [name, first, total_col, last, total_col],
                }
            )
            chart.set_title({"name": table.title})
            chart.set_legend({"none": True})
            chart.set_y_axis({"reverse": True})
            chart.set_size({"width": 560, "height": max(240, 28 * len(table.rows) + 80)})
            sheet.insert_chart(2, widest + 2, chart)
    sheet.freeze_panes(1, 1)


def build(report: AllianceReport) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    with force_locale(report.language):
        f = _Formats(book)
        used: set[str] = set()
        book.set_properties(
            {
                "title": _("Report to the skilled-labour alliance") + f" {report.period.label}",
                "subject": centre_text(report),
            }
        )
        _cover(book, f, report, _sheet_name(_("Cover"), used))
        _key_figures(book, f, report, _sheet_name(section_labels()["key_figures"], used))
        for section in sections(report):
            _section(book, f, _sheet_name(section.label, used), section.label, section.tables)
    book.close()
    return buffer.getvalue()
