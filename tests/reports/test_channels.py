"""Who gets exact figures, channel by channel: the report page, the statistics page, every
download format, the API, a submission. Only a lead who asks gets exact figures of the own
centre; counsellors, admins, statisticians — and a lead who does not ask — get protected ones
(no 1 or 2 anywhere, the method named)."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from tests.conftest import Factory, login
from tests.reports import golden

Q3 = {"period": "2026-Q3"}
COUNT_COLUMNS = {"period", "year_to_date"}


@pytest.fixture
def data(factory: Factory) -> golden.Golden:
    return golden.build(factory)


def counts_of_csv(body: bytes) -> list[int]:
    rows = csv.DictReader(io.StringIO(body.decode("utf-8"), newline=""))
    out = []
    for row in rows:
        if row["section"] == "notes" or row["table"] == "figures":
            continue
        if row["table"] == "indicators" and row["column"] not in COUNT_COLUMNS:
            continue  # targets and percentages are not counts
        out.append(int(row["value"]))
    return out


def counts_of_xlsx(body: bytes) -> list[int]:
    book = load_workbook(io.BytesIO(body), read_only=True)
    out = []
    for sheet in book.worksheets[2:]:  # cover and key figures (with targets) aside
        for row in sheet.iter_rows(values_only=True):
            out += [v for v in row if isinstance(v, int) and not isinstance(v, bool)]
    key = book.worksheets[1]
    for row in key.iter_rows(min_row=2, values_only=True):
        out += [v for v in row[1:3] if isinstance(v, int)]
    return out


def counts_of_json(body: dict[str, Any]) -> list[int]:
    out = [*body["indicators"].values(), *body["year_to_date"].values()]
    for table in body["tables"].values():
        for row in table["rows"]:
            out += [*row["cells"], row["total"]]
        out += [*table["column_totals"], table["total"]]
    return out


def downloads(client: TestClient, formats: tuple[str, ...], **extra: Any) -> dict[str, Any]:
    got: dict[str, Any] = {}
    if "csv" in formats:
        csv_file = client.get("/reports/export", params={**Q3, "format": "csv-machine", **extra})
        assert csv_file.status_code == 200
        got["csv"] = counts_of_csv(csv_file.content)
    if "xlsx" in formats:
        xlsx = client.get("/reports/export", params={**Q3, "format": "xlsx", **extra})
        got["xlsx"] = counts_of_xlsx(xlsx.content)
    answer = client.get("/reports/export", params={**Q3, "format": "json", **extra}).json()
    got["json"] = counts_of_json(answer)
    got["suppressed"] = answer["suppressed"]
    return got


@pytest.mark.parametrize("role", ["counsellor", "lead", "admin", "statistician"])
def test_every_download_is_protected_unless_a_lead_asks(
    client: TestClient, factory: Factory, data: golden.Golden, role: str
) -> None:
    users = {
        "counsellor": data.counsellor_a,
        "lead": data.lead_a,
        "admin": factory.user(role="admin"),
        "statistician": data.statistician,
    }
    assert login(client, users[role].email).status_code == 303
    every = ("csv", "xlsx", "json")
    # every format without asking; asking for exact figures: every format for the lead, the
    # JSON for the others (the one switch all formats share)
    for extra, formats in (({}, every), ({"internal": "1"}, every if role == "lead" else ())):
        got = downloads(client, formats, **extra)
        exact = role == "lead" and bool(extra)
        assert got["suppressed"] is not exact
        for fmt in (*formats, "json"):
            assert got[fmt], fmt
            small = {1, 2} & set(got[fmt])
            # the golden quarter has ones and twos: an exact file shows them, no other does
            assert bool(small) is exact, (role, extra, fmt)
    page = "/reports/statistics" if role in ("admin", "statistician") else "/reports"
    for params in ({}, {"exact": "1"}):
        html = client.get(page, params={**Q3, **params}).text
        cells = {c.strip() for c in re.findall(r'<td class="num">([^<]*)</td>', html)}
        exact = role == "lead" and bool(params)
        assert bool(cells & {"1", "2"}) is exact, (role, params)


def test_pdf_document_names_the_protection(factory: Factory, data: golden.Golden) -> None:
    """The PDF's HTML (rendering itself is tested in test_exports): cover and footnote."""
    from cases.reports import document, service
    from cases.reports.periods import parse_period
    from welcome.db import SYSTEM, unit_of_work

    with unit_of_work(factory.sessions, actor=SYSTEM) as db:
        report = service.build_report(
            db, centre_ids=None, period=parse_period("2026-Q3"), language="en", suppress=True
        )
    html = document.html(report, version=None, submitted_at=None, note="")
    assert "protected (cell key method, see the notes)" in html
    assert "cell key method" in " ".join(report.footnotes)
