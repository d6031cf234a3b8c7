"""The report page's section charts leave out the rows of zeros as its tables do (the 21 WZ
sections, most of them empty), behind the same "show empty rows" switch; the PDF keeps every
row (it has no switch, and its tables show every row)."""

from __future__ import annotations

import html as html_lib
import re

import pytest
from fastapi.testclient import TestClient

from cases.reports import charts
from tests.conftest import Factory, login
from tests.reports import golden

Q3 = {"period": "2026-Q3"}
SVG = r'<svg xmlns="http://www.w3.org/2000/svg" class="chart".*?</svg>'


@pytest.fixture
def data(factory: Factory) -> golden.Golden:
    return golden.build(factory)


def _bar_labels(svg: str) -> list[str]:
    labels = re.findall(r'<text x="\d+" y="[\d.]+" text-anchor="end"[^>]*>([^<]*)</text>', svg)
    return [html_lib.unescape(t) for t in labels]


def _rows(section: str) -> tuple[list[str], list[str]]:
    """The first table's row labels of a section: (all, those of zeros only)."""
    table = re.search(r'<table class="report-table".*?</table>', section, re.S)
    assert table
    rows = re.findall(r'<tr data-row="[^"]+"( class="empty-row")?>\s*<th scope="row">([^<]*)</th>',
                      table.group(0))  # fmt: skip
    return [html_lib.unescape(r[1]) for r in rows], [html_lib.unescape(r[1]) for r in rows if r[0]]


@pytest.mark.parametrize("exact", [{"exact": "1"}, {}])
def test_section_charts_hide_the_rows_of_zeros(
    client: TestClient, data: golden.Golden, exact: dict[str, str]
) -> None:
    assert login(client, data.lead_a.email).status_code == 303
    page = client.get("/reports", params={**Q3, **exact}).text
    sections = re.findall(r'<section class="card report-section" id="s-(\w+)".*?</section>',
                          page, re.S)  # fmt: skip
    bodies = re.findall(r'<section class="card report-section" id="s-\w+".*?</section>', page, re.S)
    checked = 0
    for code, body in zip(sections, bodies, strict=True):
        full = re.search(r'<figure class="report-chart chart-full">(' + SVG + ")</figure>", body,
                         re.S)  # fmt: skip
        if full is None:
            # no row of zeros in this section: one chart, no compact one
            assert "chart-compact" not in body
            continue
        every, zeros = _rows(body)
        assert zeros, code  # a full chart beside a compact one only when rows are hidden
        assert _bar_labels(full.group(1)) == [charts._short(r) for r in every]
        compact = re.search(r'<figure class="report-chart chart-compact">(' + SVG + ")</figure>",
                            body, re.S)  # fmt: skip
        shown = [charts._short(r) for r in every if r not in zeros]
        if shown:
            assert compact is not None, code
            assert _bar_labels(compact.group(1)) == shown
        else:
            assert compact is None
        checked += 1
    assert checked  # the WZ sections of the golden data: most of the 21 are empty
    css = client.get("/static/css/report-page.css").text
    assert ".report-chart.chart-full { display: none; }" in css
    assert ".show-empty-rows:checked ~ .report-section .report-chart.chart-full" in css
    assert ".show-empty-rows:checked ~ .report-section .report-chart.chart-compact" in css
