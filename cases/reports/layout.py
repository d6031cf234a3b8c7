"""What every output of the report shares: section names, column headings, which table of a
section gets a chart, the file name. Labels are translated in the current locale, so callers
wrap them in `force_locale(report.language)` when the output is a document."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from cases.reports.schemas import SECTIONS, AllianceReport, Cell, Table
from welcome.i18n import _

# The one table per section that gets a chart (page, PDF and XLSX alike).
CHARTED: dict[str, str] = {
    "persons": "client_group_by_gender",
    "activity": "contacts_by_channel",
    "recognition": "recognition_by_decision",
    "employers": "employers_by_sector_size",
    "outreach": "events_by_type",
    "outcomes": "outcomes_by_type",
}
KEY_FIGURES = "key_figures"  # the pseudo-section of the headline indicators
NOTES = "notes"  # the pseudo-section of footnotes and table notes (CSV)


def section_labels() -> dict[str, str]:
    return {
        KEY_FIGURES: _("Key figures"),
        "persons": _("Persons"),
        "activity": _("Counselling activity"),
        "recognition": _("Recognition"),
        "employers": _("Employers"),
        "outreach": _("Outreach and network"),
        "outcomes": _("Outcomes"),
        NOTES: _("Notes"),
    }


def column_labels() -> dict[str, str]:
    return {
        "indicator": _("Indicator"),
        "period": _("Period"),
        "year_to_date": _("Year to date"),
        "target": _("Target (year)"),
        "achievement_percent": _("Achievement %"),
        "total": _("Total"),
        "value": _("Value"),
        "text": _("Text"),
    }


def figure_labels() -> dict[str, str]:
    return {"recognition_median_days": _("Median days from documents complete to decision")}


def centre_text(report: AllianceReport) -> str:
    if report.centre:
        return report.centre
    names = ", ".join(report.centres)
    return _("%(n)d centres together: %(names)s", n=len(report.centres), names=names)


@dataclass(frozen=True, slots=True)
class Section:
    code: str
    label: str
    tables: list[Table]
    charted: Table | None


def sections(report: AllianceReport) -> list[Section]:
    labels = section_labels()
    out = []
    for code in SECTIONS:
        found = [t for t in report.tables if t.section == code]
        charted = next((t for t in found if t.key == CHARTED.get(code)), None)
        out.append(Section(code, labels[code], found, charted))
    return [s for s in out if s.tables]


def chart_values(table: Table) -> tuple[list[str], list[Cell]]:
    """Row labels and row totals (the bars of the table's chart)."""
    return [r.label for r in table.rows], [r.total for r in table.rows]


def filename(report: AllianceReport, extension: str, *, internal: bool = False) -> str:
    """An ASCII file name: `alliance-report_erzgebirge_2026-Q3[_internal].pdf`."""
    who = report.centre or "all-centres"
    ascii_name = unicodedata.normalize("NFKD", who).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_name).strip("-").lower() or "centre"
    period = re.sub(r"[^A-Za-z0-9-]+", "_", report.period.label)
    suffix = "_internal" if internal else ""
    return f"alliance-report_{slug}_{period}{suffix}.{extension}"
