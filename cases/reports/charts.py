"""Horizontal bar charts as inline SVG, made on the server: the page needs no JavaScript and
WeasyPrint (which runs none) draws the same chart in the PDF.

A hidden cell (`*`) gets no bar, only its mask, so a chart never shows more than its table.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from cases.reports.schemas import Cell

ROW = 20  # px per bar
LABEL_WIDTH = 230
VALUE_WIDTH = 44
MAX_LABEL = 38  # characters; longer labels are cut (the table beside has them in full)


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


def bar_chart(
    *, title: str, labels: Sequence[str], values: Sequence[Cell], width: int = 560
) -> Markup:
    """An accessible SVG (role img, title) with one bar per label."""
    numbers = [v for v in values if isinstance(v, int)]
    top = max(numbers, default=0) or 1
    bar_area = width - LABEL_WIDTH - VALUE_WIDTH
    height = ROW * len(labels) + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" '
        f'font-family="Noto Sans, DejaVu Sans, sans-serif" font-size="11">',
        f"<title>{escape(title)}</title>",
    ]
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = 4 + index * ROW
        text_y = y + ROW * 0.7
        length = round(bar_area * value / top, 1) if isinstance(value, int) else 0
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{text_y}" text-anchor="end" fill="#1c2430">'
            f"{escape(_short(label))}</text>"
        )
        if length:
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{length}" height="{ROW - 6}" '
                f'fill="#0b5cad"/>'
            )
        parts.append(
            f'<text x="{LABEL_WIDTH + length + 4}" y="{text_y}" fill="#1c2430">'
            f"{escape(str(value))}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))
