"""`GET /api/v1/reports/alliance` and the targets endpoints: shape, period errors, centre
scope, who gets exact figures (a lead who asks; anyone else 403), audit."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from cases.reports.schemas import INDICATORS
from tests.conftest import Factory
from tests.reports import golden
from welcome.accounts.models import User
from welcome.audit import AuditEntry

URL = "/api/v1/reports/alliance"


@pytest.fixture
def data(factory: Factory) -> golden.Golden:
    return golden.build(factory)


def get(client: TestClient, factory: Factory, user: User, **params: Any) -> Any:
    token = factory.token(user)
    return client.get(URL, params=params, headers={"Authorization": f"Bearer {token}"})


def shown_numbers(body: dict[str, Any]) -> list[int]:
    """Every count of a report's JSON: indicators, year to date, cells and totals."""
    out = [*body["indicators"].values(), *body["year_to_date"].values()]
    for table in body["tables"].values():
        for row in table["rows"]:
            out += [*row["cells"], row["total"]]
        out += [*table["column_totals"], table["total"]]
    return out


def test_shape_of_a_leads_report(client: TestClient, factory: Factory, data: golden.Golden) -> None:
    answer = get(client, factory, data.lead_a, period="2026-Q3", suppress="false")
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["period"] == {"label": "2026-Q3", "start": "2026-07-01", "end": "2026-09-30"}
    assert body["centre"] == "Erzgebirge"
    assert list(body["indicators"]) == list(INDICATORS)
    assert list(body["year_to_date"]) == list(INDICATORS)
    assert body["suppressed"] is False  # a lead who asks sees exact figures
    assert body["disclosure"] == {"method": "none"}
    assert body["indicators"]["persons_counselled"] == 5  # golden.py: P1…P5
    assert body["year_to_date"]["persons_counselled"] == 6  # and P6 in February
    table = body["tables"]["previous_residence"]
    assert {r["code"]: r["total"] for r in table["rows"]} == {
        "germany": 1,
        "abroad": 3,
        "unknown": 1,
    }
    # by default even a lead gets the protected figures (what leaves the centre)
    for params in ({}, {"suppress": "true"}):
        hidden = get(client, factory, data.lead_a, period="2026-Q3", **params).json()
        assert hidden["suppressed"] is True
        assert hidden["disclosure"]["method"] == "cell_key"
        assert not {1, 2} & set(shown_numbers(hidden))
        assert all(isinstance(v, int) for v in shown_numbers(hidden))


@pytest.mark.parametrize("period", ["2026-Q5", "2026-13-01..2026-14-01", "last quarter"])
def test_bad_period_names_the_field(
    client: TestClient, factory: Factory, data: golden.Golden, period: str
) -> None:
    answer = get(client, factory, data.lead_a, period=period)
    assert answer.status_code == 422
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert [e["field"] for e in answer.json()["errors"]] == ["period"]


def test_missing_period(client: TestClient, factory: Factory, data: golden.Golden) -> None:
    answer = get(client, factory, data.lead_a)
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == ["period"]


def test_centre_scope(client: TestClient, factory: Factory, data: golden.Golden) -> None:
    # a lead of A naming B gets the same answer as for a centre that does not exist
    other = get(client, factory, data.lead_a, period="2026-Q3", centre="Chemnitz")
    missing = get(client, factory, data.lead_a, period="2026-Q3", centre="Nowhere")
    assert other.status_code == missing.status_code == 404
    assert other.json()["detail"] == missing.json()["detail"]
    own = get(client, factory, data.counsellor_a, period="2026-Q3", centre="Erzgebirge")
    assert own.status_code == 200 and abs(own.json()["indicators"]["contacts"] - 8) <= 4
    # the lead of B, without naming a centre, sees B only: Q1, one contact, one enquiry
    b = get(client, factory, data.lead_b, period="2026-Q3", suppress="false").json()
    assert b["centre"] == "Chemnitz"
    assert (b["indicators"]["persons_counselled"], b["indicators"]["contacts"]) == (1, 2)


@pytest.mark.parametrize("who", ["statistician", "counsellor_a", "admin"])
def test_only_a_lead_may_ask_for_exact_figures(
    client: TestClient, factory: Factory, data: golden.Golden, who: str
) -> None:
    user = factory.user(role="admin") if who == "admin" else getattr(data, who)
    denied = get(client, factory, user, period="2026-Q3", suppress="false")
    assert denied.status_code == 403
    assert denied.headers["content-type"].startswith("application/problem+json")
    for params in ({}, {"suppress": "true"}):
        body = get(client, factory, user, period="2026-Q3", **params).json()
        assert body["suppressed"] is True and body["disclosure"]["method"] == "cell_key"
        assert not {1, 2} & set(shown_numbers(body))


def test_statistician_sees_protected_aggregates(
    client: TestClient, factory: Factory, data: golden.Golden
) -> None:
    answer = get(client, factory, data.statistician, period="2026-Q3")
    assert answer.status_code == 200
    body = answer.json()
    assert body["suppressed"] is True
    assert body["centre"] is None and sorted(body["centres"]) == ["Chemnitz", "Erzgebirge"]
    values = body["indicators"]
    assert abs(values["persons_counselled"] - 6) <= 4  # 5 in A + 1 in B
    assert abs(values["contacts"] - 10) <= 4  # 8 + 2
    assert values["returnees"] in (0, 3, 4, 5)  # 1
    assert abs(values["companies_made_aware"] - 45) <= 4
    # the same request, the same answer
    again = get(client, factory, data.statistician, period="2026-Q3").json()
    assert again["indicators"] == body["indicators"] and again["tables"] == body["tables"]
    named = get(client, factory, data.statistician, period="2026-Q3", centre="Chemnitz").json()
    assert named["centre"] == "Chemnitz" and named["suppressed"] is True
    assert named["indicators"]["persons_counselled"] in (0, 3, 4, 5)  # 1


def test_every_report_is_audited(client: TestClient, factory: Factory, data: golden.Golden) -> None:
    assert get(client, factory, data.statistician, period="2026").status_code == 200
    assert get(client, factory, data.lead_a, period="2026-Q3").status_code == 200
    with factory.session() as db:
        entries = db.execute(
            select(AuditEntry.user_id, AuditEntry.centre_id).where(
                AuditEntry.action == "export", AuditEntry.entity == "alliance_report"
            )
        ).all()
    assert sorted(entries, key=str) == sorted(
        [(data.statistician.id, None), (data.lead_a.id, data.centre_a.id)], key=str
    )


def test_targets(client: TestClient, factory: Factory, data: golden.Golden) -> None:
    lead = {"Authorization": f"Bearer {factory.token(data.lead_a)}"}
    put = client.put(
        "/api/v1/reports/targets/2026",
        json={"targets": {"persons_counselled": 20, "contacts": 0}},
        headers=lead,
    )
    assert put.status_code == 200, put.text
    assert put.json() == {"persons_counselled": 20, "contacts": 0}
    body = client.get(URL, params={"period": "2026-Q3", "suppress": "false"}, headers=lead).json()
    # year to date 6 persons of 20 = 30.0 %; a target of 0 has no percentage
    assert body["targets"]["persons_counselled"] == {"target": 20, "achievement_percent": 30.0}
    assert body["targets"]["contacts"] == {"target": 0, "achievement_percent": None}
    # removing one, and errors naming the field
    put = client.put(
        "/api/v1/reports/targets/2026", json={"targets": {"contacts": None}}, headers=lead
    )
    assert put.json() == {"persons_counselled": 20}
    bad = client.put(
        "/api/v1/reports/targets/2026",
        json={"targets": {"persons": 3, "events": -1}},
        headers=lead,
    )
    assert bad.status_code == 422
    assert sorted(e["field"] for e in bad.json()["errors"]) == ["events", "persons"]
    counsellor = {"Authorization": f"Bearer {factory.token(data.counsellor_a)}"}
    denied = client.put(
        "/api/v1/reports/targets/2026", json={"targets": {"events": 5}}, headers=counsellor
    )
    assert denied.status_code == 403
    # aggregated over centres there are no targets
    stat = get(client, factory, data.statistician, period="2026-Q3").json()
    assert stat["targets"] == {}
