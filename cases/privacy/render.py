"""The privacy documents through the welcome package's pipeline (cases/packages/render.py):
its Jinja environment (the `terms` filter), its render workers, its PDF/UA tagging."""

from __future__ import annotations

from typing import Any

from cases.packages import render
from cases.packages.render import render_pdf, render_pdf_sync
from cases.privacy.sheet import SHEET_TEMPLATE, SheetContext

__all__ = ["EXPORT_TEMPLATE", "export_html", "render_pdf", "render_pdf_sync", "sheet_html"]

EXPORT_TEMPLATE = "privacy/documents/export.html"


def sheet_html(context: SheetContext) -> str:
    return render.env.get_template(SHEET_TEMPLATE).render(doc=context)


def export_html(context: Any) -> str:
    return render.env.get_template(EXPORT_TEMPLATE).render(doc=context)
