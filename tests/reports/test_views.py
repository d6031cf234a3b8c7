"""The report pages: who may see what (protected figures for everyone; exact ones only for a
lead who asks), centre isolation, exports (protected by default, audited), the targets form,
the counting-rules page."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from cases.reports import picker, rules, service
from cases.reports.schemas import INDICATORS
from tests.conftest import Factory, csrf_from, login
from tests.reports import golden
from welcome import clock
from welcome.audit import AuditEntry
from welcome.i18n import force_locale

Q3 = {"period": "2026-Q3"}


@pytest.fixture
def data(factory: Factory) -> golden.Golden:
    return golden.build(factory)


def as_user(client: TestClient, user: object) -> TestClient:
    assert login(client, user.email).status_code == 303  # type: ignore[attr-defined]
    return client


def indicator_row(html: str, code: str) -> list[str]:
    row = re.search(rf'<tr data-indicator="{code}">(.*?)</tr>', html, re.S)
    assert row, code
    return [c.strip() for c in re.findall(r'<td class="num">(.*?)</td>', row.group(1))]


def small_shown(html: str) -> set[str]:
    """The numbers 1 and 2 where the page shows counts (table cells)."""
    cells = re.findall(r'<td class="num">([^<]*)</td>', html)
    return {c.strip() for c in cells} & {"1", "2"}


def test_lead_sees_exact_figures_of_the_own_centre(client: TestClient, data: golden.Golden) -> None:
    page = as_user(client, data.lead_a).get("/reports", params={**Q3, "exact": "1"})
    assert page.status_code == 200, page.text
    assert "<small>Erzgebirge ·" in page.text
    assert indicator_row(page.text, "persons_counselled")[:2] == ["5", "6"]  # golden.py
    assert indicator_row(page.text, "returnees")[0] == "1"  # exact: a 1 is shown on screen
    assert page.text.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart"') >= 3
    for fmt in ("csv-excel", "csv-machine", "xlsx", "pdf", "json"):
        assert f"/reports/export?format={fmt}&amp;period=2026-Q3" in page.text
    assert "internal=1" in page.text  # the lead's explicit exact download
    assert 'action="/reports/submissions"' in page.text
    # without asking, the lead too sees the protected figures, with the choice offered
    protected = client.get("/reports", params=Q3)
    assert indicator_row(protected.text, "returnees")[0] in ("0", "3", "4", "5")
    assert not small_shown(protected.text)
    assert "exact=1" in protected.text
    # centre B's lead sees B only: one person, two contacts (golden.py)
    client.post("/logout", data={"csrf_token": csrf_from(page.text)})
    other = as_user(client, data.lead_b).get("/reports", params={**Q3, "exact": "1"})
    assert "<small>Chemnitz ·" in other.text and "Erzgebirge" not in other.text
    assert indicator_row(other.text, "contacts")[0] == "2"


def test_default_period_and_bad_range(client: TestClient, data: golden.Golden) -> None:
    as_user(client, data.lead_a)
    page = client.get("/reports")
    wanted = picker.last_completed_quarter(clock.today())
    assert f'<option value="{wanted}" selected>' in page.text
    bad = client.get("/reports", params={"from": "2026-09-30", "to": "2026-07-01"})
    assert bad.status_code == 422
    assert 'id="e-period"' in bad.text and 'value="2026-09-30"' in bad.text
    year = client.get("/reports", params={"period": "2026"})
    assert year.status_code == 200 and "01.01.2026" in year.text


def test_counsellor_reads_only(client: TestClient, data: golden.Golden) -> None:
    as_user(client, data.counsellor_a)
    page = client.get("/reports", params=Q3)
    assert page.status_code == 200
    assert abs(int(indicator_row(page.text, "persons_counselled")[0]) - 5) <= 4
    assert not small_shown(page.text)  # protected figures on screen too
    assert 'action="/reports/submissions"' not in page.text and "internal=1" not in page.text
    assert "exact=1" not in page.text
    # asking for exact figures on screen does not give them either
    asked = client.get("/reports", params={**Q3, "exact": "1"})
    assert indicator_row(asked.text, "returnees") == indicator_row(page.text, "returnees")
    assert not small_shown(asked.text)
    token = csrf_from(page.text)
    refused = client.post("/reports/submissions", data={"period": "2026-Q3", "csrf_token": token})
    assert refused.status_code == 403
    assert client.get("/reports/targets").status_code == 403
    # asking for exact figures does not give a counsellor exact figures
    body = client.get("/reports/export", params={**Q3, "format": "json", "internal": "1"}).json()
    assert body["suppressed"] is True


def test_statistician_sees_protected_aggregates_only(
    client: TestClient, data: golden.Golden
) -> None:
    as_user(client, data.statistician)
    assert client.get("/reports", params=Q3).status_code == 403
    page = client.get("/reports/statistics", params=Q3)
    assert page.status_code == 200
    assert "Erzgebirge" in page.text and "Chemnitz" in page.text
    assert indicator_row(page.text, "returnees")[0] in ("0", "3", "4", "5")  # 1
    assert abs(int(indicator_row(page.text, "persons_counselled")[0]) - 6) <= 4  # 5 + 1
    assert not small_shown(page.text)
    assert 'href="/persons' not in page.text and 'href="/cases' not in page.text
    one = client.get("/reports/statistics", params={**Q3, "centre": data.centre_b.id})
    assert "Chemnitz" in one.text
    assert f"centre={data.centre_b.id}" in one.text  # downloads keep the choice
    body = client.get(
        "/reports/export", params={**Q3, "format": "json", "internal": "1", "centre": 1}
    ).json()
    assert body["suppressed"] is True


def test_exports_are_protected_by_default_and_audited(
    client: TestClient, factory: Factory, data: golden.Golden
) -> None:
    as_user(client, data.lead_a)
    answer = client.get("/reports/export", params={**Q3, "format": "json"})
    assert answer.status_code == 200
    assert answer.json()["suppressed"] is True
    assert answer.json()["indicators"]["returnees"] in (0, 3, 4, 5)
    exact = client.get("/reports/export", params={**Q3, "format": "json", "internal": "1"})
    assert exact.json()["suppressed"] is False and exact.json()["indicators"]["returnees"] == 1
    assert "_internal.json" in exact.headers["content-disposition"]
    csv_file = client.get("/reports/export", params={**Q3, "format": "csv-excel"})
    assert csv_file.content.startswith(b"\xef\xbb\xbf")
    assert csv_file.headers["content-type"].startswith("text/csv")
    machine = client.get("/reports/export", params={**Q3, "format": "csv-machine"})
    assert machine.text.startswith("period,start,end,centre,section,table,row,column,value")
    xlsx = client.get("/reports/export", params={**Q3, "format": "xlsx"})
    assert xlsx.content.startswith(b"PK")
    assert client.get("/reports/export", params={**Q3, "format": "doc"}).status_code == 422
    with factory.session() as db:
        exports = db.scalars(select(AuditEntry).where(AuditEntry.action == "export")).all()
    assert len(exports) == 5
    assert {e.entity for e in exports} == {"alliance_report"}
    assert {e.user_id for e in exports} == {data.lead_a.id}


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # PDF rendering: backend-free
def test_pdf_download(client: TestClient, data: golden.Golden) -> None:
    as_user(client, data.lead_a)
    answer = client.get("/reports/export", params={**Q3, "format": "pdf"})
    assert answer.status_code == 200
    assert answer.content.startswith(b"%PDF")
    assert (
        'filename="alliance-report_erzgebirge_2026-Q3.pdf"' in answer.headers["content-disposition"]
    )


def test_targets_form(client: TestClient, data: golden.Golden) -> None:
    page = as_user(client, data.lead_a).get("/reports/targets", params={"year": 2026})
    assert page.status_code == 200
    token = csrf_from(page.text)
    bad = client.post(
        "/reports/targets",
        data={"csrf_token": token, "year": "2026", "persons_counselled": "zwölf", "contacts": "40"},
    )
    assert bad.status_code == 422
    field_html = r'<div class="field kern-form-input has-error[^"]*">(.*?)</div>'
    field = re.search(field_html, bad.text, re.S)
    assert field and 'name="persons_counselled"' in field.group(1)
    assert 'value="zwölf"' in field.group(1) and 'id="e-persons_counselled"' in field.group(1)
    assert 'value="40"' in bad.text  # the other input is kept too
    good = client.post(
        "/reports/targets",
        data={"csrf_token": token, "year": "2026", "persons_counselled": "12", "contacts": ""},
        follow_redirects=False,
    )
    assert good.status_code == 303 and good.headers["location"] == "/reports/targets?year=2026"
    assert 'value="12"' in client.get("/reports/targets", params={"year": 2026}).text
    report = client.get("/reports", params={**Q3, "exact": "1"})
    assert indicator_row(report.text, "persons_counselled") == ["5", "6", "12", "50,0"]


def test_targets_form_names_odd_numbers(client: TestClient, data: golden.Golden) -> None:
    page = as_user(client, data.lead_a).get("/reports/targets", params={"year": 2026})
    token = csrf_from(page.text)
    for typed in ("--5", "²", "9" * 30, "-3"):
        bad = client.post(
            "/reports/targets", data={"csrf_token": token, "year": "2026", "events": typed}
        )
        assert bad.status_code == 422, typed
        assert 'id="e-events"' in bad.text and "Sollwerte für 2026" in bad.text
    odd_year = client.post("/reports/targets", data={"csrf_token": token, "year": "-1"})
    assert odd_year.status_code == 422
    grouped = client.post(
        "/reports/targets",
        data={"csrf_token": token, "year": "2026", "events": "1.000"},
        follow_redirects=False,
    )
    assert grouped.status_code == 303
    assert 'value="1000"' in client.get("/reports/targets", params={"year": 2026}).text


def test_rules_page_explains_every_indicator(client: TestClient, data: golden.Golden) -> None:
    page = as_user(client, data.statistician).get("/reports/rules")
    assert page.status_code == 200
    with force_locale("de"):
        labels, texts = service.indicator_labels(), rules.indicator_rules()
    assert set(texts) == set(INDICATORS)
    for code in INDICATORS:
        assert f'id="rule-{code}"' in page.text
        assert labels[code].replace("–", "").strip()[:20] in page.text


def test_dashboard_panel_and_nav(client: TestClient, data: golden.Golden) -> None:
    home = as_user(client, data.lead_a).get("/")
    assert 'href="/reports"' in home.text
    quarter = picker.last_completed_quarter(clock.today())
    assert f'href="/reports?period={quarter}"' in home.text
