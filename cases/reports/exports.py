"""The report as files: CSV (two profiles), XLSX, PDF. Renderers only lay out a built report.

CSV is one long table, one line per figure, so every breakdown fits the same columns and a
year of quarters can be concatenated and filtered:

    period, start, end, centre, section, table, row, column, value

Indicators are section `key_figures`, table `indicators`, columns `period`, `year_to_date`,
`target`, `achievement_percent`; a breakdown's row totals are column `total`, its column
totals row `total` (the grand total is `total`/`total`); figures that are not counts (median
days) are table `figures`; footnotes and table notes are section `notes`, column `text`.

- `machine`: UTF-8, `,`, codes (`third_country_immigrant`, `SY`), ISO dates, `.` decimals.
- `excel` (German Excel): UTF-8 with BOM, `;`, translated labels, dates `31.12.2026`, decimal
  comma. Text starting with `= + - @` is prefixed with `'` so Excel never runs it as a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date, datetime
from typing import Literal

from cases.reports import document, workbook
from cases.reports.layout import KEY_FIGURES, NOTES, column_labels, figure_labels, section_labels
from cases.reports.schemas import AllianceReport
from welcome.i18n import _, force_locale

Profile = Literal["excel", "machine"]
Value = int | float | str | None
MACHINE_HEADER = ["period", "start", "end", "centre", "section", "table", "row", "column", "value"]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _excel_header() -> list[str]:
    return [
        _("Period"),
        _("From"),
        _("To"),
        _("Welcome Center"),
        _("Section"),
        _("Table"),
        _("Row"),
        _("Column"),
        _("Value"),
    ]


# (section, table, row, column, value) — each as (code, label); value as is
Line = tuple[tuple[str, str], tuple[str, str], tuple[str, str], tuple[str, str], Value]


def lines(report: AllianceReport) -> Iterator[Line]:
    """Every figure of the report, in print order, with codes and labels."""
    sections, columns = section_labels(), column_labels()
    key = (KEY_FIGURES, sections[KEY_FIGURES])
    indicators = ("indicators", _("Key figures"))
    for ind in report.indicators:
        row = (ind.code, ind.label)
        for col in ("period", "year_to_date", "target", "achievement_percent"):
            yield key, indicators, row, (col, columns[col]), getattr(ind, col)
    figures = ("figures", _("Further figures"))
    for code, value in report.figures.items():
        label = figure_labels().get(code, code)
        yield key, figures, (code, label), ("value", columns["value"]), value
    total = ("total", columns["total"])
    for table in report.tables:
        section = (table.section, sections.get(table.section, table.section))
        which = (table.key, table.title)
        for r in table.rows:
            for code, label, cell in zip(table.columns, table.column_labels, r.cells, strict=True):
                yield section, which, (r.code, r.label), (code, label), cell
            yield section, which, (r.code, r.label), total, r.total
        for code, label, cell in zip(
            table.columns, table.column_labels, table.column_totals, strict=True
        ):
            yield section, which, total, (code, label), cell
        yield section, which, total, total, table.total
    notes = (NOTES, sections[NOTES])
    text = ("text", columns["text"])
    for number, footnote in enumerate(report.footnotes, start=1):
        yield notes, ("footnotes", _("Footnotes")), (str(number), str(number)), text, footnote
    for table in report.tables:
        if table.note:
            yield notes, (table.key, table.title), ("note", _("Note")), text, table.note


def _guarded(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def _excel_value(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return _guarded(str(value))


def _machine_value(value: Value) -> str:
    return "" if value is None else _guarded(str(value))


def _german(day: date | datetime) -> str:
    return day.strftime("%d.%m.%Y")


def to_csv(report: AllianceReport, *, profile: Profile) -> bytes:
    buffer = io.StringIO()
    if profile == "machine":
        writer = csv.writer(buffer, delimiter=",", lineterminator="\r\n")
        writer.writerow(MACHINE_HEADER)
        head = [report.period.label, report.period.start.isoformat(), report.period.end.isoformat()]
        centre = _guarded(report.centre or "")
        for section, table, row, column, value in lines(report):
            writer.writerow(
                [*head, centre, section[0], table[0], row[0], column[0], _machine_value(value)]
            )
        return buffer.getvalue().encode("utf-8")
    if profile != "excel":
        raise ValueError(f"unknown CSV profile {profile!r}")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    with force_locale(report.language):
        writer.writerow(_excel_header())
        head = [report.period.label, _german(report.period.start), _german(report.period.end)]
        centre = _guarded(report.centre or ", ".join(report.centres))
        for section, table, row, column, value in lines(report):
            labels = [_guarded(part[1]) for part in (section, table, row, column)]
            writer.writerow([*head, centre, *labels, _excel_value(value)])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(report: AllianceReport) -> bytes:
    return workbook.build(report)


def to_pdf(
    report: AllianceReport,
    *,
    version: int | None = None,
    submitted_at: datetime | None = None,
    note: str = "",
) -> bytes:
    """Rendered in this process (CLI, tests); pages use `document.render` (the worker pool)."""
    from cases.packages.render import render_pdf_sync

    html = document.html(report, version=version, submitted_at=submitted_at, note=note)
    return render_pdf_sync(html)
