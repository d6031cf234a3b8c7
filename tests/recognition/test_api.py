"""The JSON API of recognition procedures: 201 with due dates, problem+json, centre scope."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import Factory
from tests.recognition.conftest import make_person

PROBLEM = "application/problem+json"


@pytest.fixture
def api(factory: Factory) -> dict[str, Any]:
    centre = factory.centre("Erzgebirge")
    other = factory.centre("Dresden")
    counsellor = factory.user(role="counsellor", centre=centre)
    stranger = factory.user(role="counsellor", centre=other)
    return {
        "me": {"Authorization": f"Bearer {factory.token(counsellor)}", "Accept-Language": "en"},
        "stranger": {"Authorization": f"Bearer {factory.token(stranger)}"},
        "person": make_person(factory, centre),
        "foreign_person": make_person(factory, other),
        "counsellor": counsellor,
    }


def _create(client: TestClient, api: dict[str, Any], **extra: Any) -> Any:
    body = {
        "person_id": api["person"],
        "reference_occupation": "Pflegefachmann",
        "authority": "ksv_sachsen",
        "regulated": True,
        "accelerated": False,
        "applied_on": "2025-01-31",
        **extra,
    }
    return client.post("/api/v1/recognitions", json=body, headers=api["me"])


def test_post_answers_201_with_computed_due_dates(client: TestClient, api: dict[str, Any]) -> None:
    response = _create(client, api, documents_complete_on="2025-07-31")
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["id"] > 0
    assert body["receipt_due_on"] == "2025-02-28"
    assert body["decision_due_on"] == "2025-11-03"  # 31 Oct is Reformation Day in Saxony
    assert body["status"] == "in_review"
    assert body["counsellor_id"] == api["counsellor"].id
    again = client.get(f"/api/v1/recognitions/{body['id']}", headers=api["me"])
    assert again.status_code == 200
    assert again.json()["decision_due_on"] == "2025-11-03"


def test_patch_recomputes_and_records_history(client: TestClient, api: dict[str, Any]) -> None:
    pid = _create(client, api).json()["id"]
    response = client.patch(
        f"/api/v1/recognitions/{pid}",
        json={"documents_complete_on": "2025-03-14", "accelerated": True},
        headers=api["me"],
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["receipt_due_on"] == "2025-02-14"  # two weeks under § 81a
    assert body["decision_due_on"] == "2025-05-14"  # federal law: two months
    cleared = client.patch(
        f"/api/v1/recognitions/{pid}", json={"documents_complete_on": None}, headers=api["me"]
    ).json()
    assert cleared["decision_due_on"] is None
    decided = client.patch(
        f"/api/v1/recognitions/{pid}",
        json={"decided_on": "2025-04-01", "decision": "full"},
        headers=api["me"],
    ).json()
    assert decided["status"] == "decided" and decided["next_due_on"] is None
    history = client.get(f"/api/v1/recognitions/{pid}/history", headers=api["me"]).json()
    assert [h["action"] for h in history] == ["updated", "updated", "updated", "created"]
    assert all(h["user_id"] == api["counsellor"].id for h in history)
    assert history[0]["changes"]["decision"] == [None, "full"]


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"authority": "hwk_berlin"}, {"authority"}),
        ({"applied_on": "31.01.2025"}, {"applied_on"}),
        ({"decided_on": "2025-01-01", "applied_on": None}, {"decided_on", "decision"}),
        ({"documents_complete_on": "2025-01-01"}, {"documents_complete_on"}),
        ({"status": "decided"}, {"status"}),
        ({"person_id": 999999}, {"person_id"}),
        ({"unexpected": 1}, {"unexpected"}),
    ],
)
def test_bad_input_is_422_problem(
    client: TestClient, api: dict[str, Any], body: dict[str, Any], fields: set[str]
) -> None:
    response = _create(client, api, **body)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    assert {e["field"] for e in response.json()["errors"]} == fields


def test_patch_rules_and_not_null(client: TestClient, api: dict[str, Any]) -> None:
    pid = _create(client, api).json()["id"]
    for body, field in (
        ({"decision": "partial"}, "decided_on"),
        ({"reference_occupation": None}, "reference_occupation"),
        ({"status": "in_review"}, "status"),
        ({"person_id": api["person"]}, "person_id"),
    ):
        response = client.patch(f"/api/v1/recognitions/{pid}", json=body, headers=api["me"])
        assert response.status_code == 422, (body, response.text)
        assert field in {e["field"] for e in response.json()["errors"]}
    unchanged = client.get(f"/api/v1/recognitions/{pid}", headers=api["me"]).json()
    assert unchanged["status"] == "applied" and unchanged["decision"] is None


def test_other_centre_gets_404(client: TestClient, api: dict[str, Any]) -> None:
    pid = _create(client, api).json()["id"]
    for method, path, body in (
        ("GET", f"/api/v1/recognitions/{pid}", None),
        ("PATCH", f"/api/v1/recognitions/{pid}", {"decision": "full"}),
        ("GET", f"/api/v1/recognitions/{pid}/history", None),
        ("POST", f"/api/v1/recognitions/{pid}/suspensions", {"starts_on": "2025-02-01"}),
    ):
        response = client.request(method, path, json=body, headers=api["stranger"])
        assert response.status_code == 404, (method, path)
        assert response.headers["content-type"].startswith(PROBLEM)
    listed = client.get("/api/v1/recognitions", headers=api["stranger"]).json()
    assert listed["total"] == 0
    # and a person of another centre cannot be used either
    foreign = _create(client, api, person_id=api["foreign_person"])
    assert foreign.status_code == 422
    assert {e["field"] for e in foreign.json()["errors"]} == {"person_id"}


def test_listing_by_due_date_with_filters(client: TestClient, api: dict[str, Any]) -> None:
    late = _create(client, api, applied_on="2025-03-03").json()["id"]  # due 3 Apr
    early = _create(client, api, applied_on="2025-02-03").json()["id"]  # due 3 Mar
    undated = _create(client, api, applied_on=None, authority="zab").json()["id"]
    page = client.get("/api/v1/recognitions", headers=api["me"]).json()
    assert [p["id"] for p in page["items"]] == [early, late, undated]
    window = client.get(
        "/api/v1/recognitions",
        params={"due_from": "2025-03-10", "due_to": "2025-04-30"},
        headers=api["me"],
    ).json()
    assert [p["id"] for p in window["items"]] == [late]
    by_authority = client.get(
        "/api/v1/recognitions", params={"authority": "zab"}, headers=api["me"]
    ).json()
    assert [p["id"] for p in by_authority["items"]] == [undated]
    overdue = client.get(
        "/api/v1/recognitions", params={"overdue": "true"}, headers=api["me"]
    ).json()
    assert [p["id"] for p in overdue["items"]] == [early, late]


def test_suspensions_via_api(client: TestClient, api: dict[str, Any]) -> None:
    pid = _create(client, api, documents_complete_on="2025-02-03").json()["id"]
    bad = client.post(
        f"/api/v1/recognitions/{pid}/suspensions",
        json={"starts_on": "2025-03-10", "ends_on": "2025-03-01"},
        headers=api["me"],
    )
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {"ends_on"}
    made = client.post(
        f"/api/v1/recognitions/{pid}/suspensions",
        json={"starts_on": "2025-03-01", "reason": "qualification_analysis"},
        headers=api["me"],
    )
    assert made.status_code == 201
    assert (
        client.get(f"/api/v1/recognitions/{pid}", headers=api["me"]).json()["decision_due_on"]
        is None
    )
    ended = client.patch(
        f"/api/v1/recognitions/{pid}/suspensions/{made.json()['id']}",
        json={"ends_on": "2025-03-10"},
        headers=api["me"],
    )
    assert ended.status_code == 200
    body = client.get(f"/api/v1/recognitions/{pid}", headers=api["me"]).json()
    assert body["decision_due_on"] == "2025-05-13"
    assert body["suspensions"][0]["ends_on"] == "2025-03-10"


def test_statistician_may_not_read_procedures(
    client: TestClient, factory: Factory, api: dict[str, Any]
) -> None:
    stat = factory.user(role="statistician")
    headers = {"Authorization": f"Bearer {factory.token(stat)}"}
    assert client.get("/api/v1/recognitions", headers=headers).status_code == 403
    assert client.get("/api/v1/recognitions").status_code == 401


def test_deadlines_endpoint(client: TestClient, api: dict[str, Any]) -> None:
    from datetime import timedelta

    from cases.recognition import due_lists

    today = due_lists.today()
    overdue = _create(client, api, applied_on=(today - timedelta(days=70)).isoformat())
    assert overdue.status_code == 201
    body = client.get("/api/v1/recognitions/deadlines", headers=api["me"]).json()
    assert body["scope"] == "mine"
    assert [i["id"] for i in body["overdue"]] == [overdue.json()["id"]]
    assert body["overdue"][0]["kind"] == "receipt" and body["overdue"][0]["days"] < 0
    assert body["due_soon"] == [] and body["waiting"] == []
    theirs = client.get("/api/v1/recognitions/deadlines", headers=api["stranger"]).json()
    assert theirs["overdue"] == []
