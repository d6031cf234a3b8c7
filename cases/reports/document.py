"""The report as a printable document (templates/reports/document.html → WeasyPrint).

The HTML is made in the report's language with plain values and server-made SVG charts;
the PDF is rendered by the welcome-package machinery (`cases.packages.render`): the same
restricted URL fetcher, fonts, A4 and tagged PDF/UA output, and the same worker pool.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any

import anyio.from_thread
from markupsafe import Markup

from cases.reports import charts
from cases.reports.layout import centre_text, column_labels, figure_labels, sections
from cases.reports.schemas import AllianceReport
from welcome.i18n import _, force_locale, format_datetime
from welcome.templating import env

TEMPLATE = "reports/document.html"


def is_empty(row: Any) -> bool:
    """A row of zeros only (the page's tables hide it behind the switch; the same test)."""
    return row.total == 0 and all(cell == 0 for cell in row.cells)


def _chart(title: str, rows: list[Any]) -> Any:
    return charts.bar_chart(
        title=title, labels=[r.label for r in rows], values=[r.total for r in rows]
    )


def chart_sections(report: AllianceReport) -> list[dict[str, Any]]:
    """Sections with their tables and the SVG chart of their charted table (page and PDF).
    `chart` has every row (the PDF, and the page with its "show empty rows" switch on);
    `chart_compact` leaves out the rows of zeros, as the page's tables do (None when there is
    no such row; an empty list of bars when every row is zero)."""
    out = []
    for section in sections(report):
        chart = compact = None
        zeros = 0
        if section.charted is not None and section.charted.rows:
            rows = list(section.charted.rows)
            chart = _chart(section.charted.title, rows)
            shown = [r for r in rows if not is_empty(r)]
            zeros = len(rows) - len(shown)
            if zeros:
                compact = _chart(section.charted.title, shown) if shown else Markup("")
        out.append(
            {
                "code": section.code,
                "label": section.label,
                "tables": section.tables,
                "chart": chart,
                "chart_compact": compact,
                "chart_zeros": zeros,
            }
        )
    return out


def key_chart(report: AllianceReport) -> Any:
    return charts.bar_chart(
        title=_("Key figures"),
        labels=[i.label for i in report.indicators],
        values=[i.period for i in report.indicators],
        width=640,
    )


def context(
    report: AllianceReport, *, version: int | None, submitted_at: datetime | None, note: str
) -> dict[str, Any]:
    return {
        "report": report,
        "title": _("Report to the skilled-labour alliance")
        + f" {report.period.label}"
        + (f" ({_('provisional')})" if report.provisional else ""),
        "centre": centre_text(report),
        "generated": format_datetime(report.generated_at),
        "version": version,
        "submitted": format_datetime(submitted_at) if submitted_at else None,
        "note": note,
        "columns": column_labels(),
        "figure_labels": figure_labels(),
        "sections": chart_sections(report),
        "key_chart": key_chart(report),
    }


def html(
    report: AllianceReport,
    *,
    version: int | None = None,
    submitted_at: datetime | None = None,
    note: str = "",
) -> str:
    with force_locale(report.language):
        values = context(report, version=version, submitted_at=submitted_at, note=note)
        return env.get_template(TEMPLATE).render(doc=values)


async def render(
    report: AllianceReport,
    *,
    version: int | None = None,
    submitted_at: datetime | None = None,
    note: str = "",
) -> bytes:
    """The PDF, rendered in the worker pool (the event loop stays free)."""
    from cases.packages.render import render_pdf

    return await render_pdf(html(report, version=version, submitted_at=submitted_at, note=note))


def pdf_in_pool(
    report: AllianceReport,
    *,
    version: int | None = None,
    submitted_at: datetime | None = None,
    note: str = "",
) -> bytes:
    """`render`, waited for in this worker thread (a form post runs in one)."""
    job = partial(render, report, version=version, submitted_at=submitted_at, note=note)
    return anyio.from_thread.run(job)
