"""The JSON API: creates answer 201, bad input 422 problem+json naming the field, other
centres 404, everything audited."""

from __future__ import annotations

import re
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.conftest import Factory
from welcome import clock
from welcome.audit import AuditEntry

TODAY = clock.today()


def _auth(factory: Factory, centre=None):  # type: ignore[no-untyped-def]
    user = factory.user(role="counsellor", centre=centre or factory.centre(), locale="en")
    return user, {"Authorization": f"Bearer {factory.token(user)}", "Accept-Language": "en"}


def test_workflow_and_isolation(client: TestClient, factory: Factory) -> None:
    user, h = _auth(factory)
    _other, foreign = _auth(factory)

    r = client.post(
        "/api/v1/persons",
        headers=h,
        json={
            "first_name": "Jürgen",
            "last_name": "Müller",
            "client_group": "returnee",
            "nationalities": ["DE", "at"],
            "previous_residence_country": "AT",
            "preferred_language": "de",
            "birth_year": 1988,
        },
    )
    assert r.status_code == 201, r.text
    person = r.json()
    assert person["id"] and person["nationalities"] == ["DE", "AT"]
    assert person["possible_duplicates"] == []

    r = client.post(
        "/api/v1/persons",
        headers=h,
        json={"first_name": "Juergen", "last_name": "MULLER", "client_group": "returnee"},
    )
    assert r.status_code == 201 and r.json()["possible_duplicates"] == [person["id"]]

    r = client.get("/api/v1/persons", headers=h, params={"q": "mueller jurgen"})
    assert r.status_code == 200 and r.json()["total"] == 2
    assert (
        client.get("/api/v1/persons", headers=foreign, params={"q": "muller"}).json()["total"] == 0
    )
    assert client.get(f"/api/v1/persons/{person['id']}", headers=h).status_code == 200
    r = client.patch(
        f"/api/v1/persons/{person['id']}",
        headers=h,
        json={"municipality": "Aue", "nationalities": ["DE"]},
    )
    assert r.status_code == 200 and r.json()["nationalities"] == ["DE"]
    assert r.json()["first_name"] == "Jürgen" and r.json()["municipality"] == "Aue"
    r = client.patch(
        f"/api/v1/persons/{person['id']}", headers=h, json={"client_group": "domestic_mover"}
    )
    assert r.status_code == 422  # previous residence AT contradicts a domestic mover
    assert r.json()["errors"][0]["field"] == "previous_residence_country"
    r = client.patch(f"/api/v1/persons/{person['id']}", headers=foreign, json={})
    assert r.status_code == 404
    r = client.get(f"/api/v1/persons/{person['id']}", headers=foreign)
    assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json"

    opened = (TODAY - timedelta(days=10)).isoformat()
    r = client.post(
        "/api/v1/cases",
        headers=h,
        json={"person_id": person["id"], "opened_on": opened, "referral_source": "self"},
    )
    assert r.status_code == 201, r.text
    case = r.json()
    assert case["counsellor_id"] == user.id and case["status"] == "open"
    r = client.post(
        "/api/v1/cases", headers=foreign, json={"person_id": person["id"], "opened_on": opened}
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "person_id"

    contact = {
        "date": TODAY.isoformat(),
        "duration_minutes": 45,
        "channel": "in_person",
        "topics": ["job_search"],
        "language": "de",
    }
    r = client.post(f"/api/v1/cases/{case['id']}/contacts", headers=h, json=contact)
    assert r.status_code == 201 and r.json()["topics"] == ["job_search"]
    r = client.post(f"/api/v1/cases/{case['id']}/contacts", headers=foreign, json=contact)
    assert r.status_code == 404
    r = client.post(
        f"/api/v1/cases/{case['id']}/referrals",
        headers=h,
        json={"date": TODAY.isoformat(), "partner": "ihk"},
    )
    assert r.status_code == 201
    r = client.post(
        f"/api/v1/cases/{case['id']}/outcomes",
        headers=h,
        json={"type": "job_taken_up", "date": TODAY.isoformat()},
    )
    assert r.status_code == 201 and r.json()["id"]
    assert client.get(f"/api/v1/cases/{case['id']}", headers=foreign).status_code == 404
    r = client.post(
        f"/api/v1/cases/{case['id']}/close", headers=h, json={"closed_on": TODAY.isoformat()}
    )
    assert r.status_code == 422 and [e["field"] for e in r.json()["errors"]] == ["reason"]
    r = client.post(
        f"/api/v1/cases/{case['id']}/close",
        headers=foreign,
        json={"closed_on": TODAY.isoformat(), "reason": "goal_reached"},
    )
    assert r.status_code == 404
    r = client.post(
        f"/api/v1/cases/{case['id']}/close",
        headers=h,
        json={"closed_on": TODAY.isoformat(), "reason": "goal_reached"},
    )
    assert r.status_code == 200 and r.json()["status"] == "closed"
    r = client.post(f"/api/v1/cases/{case['id']}/contacts", headers=h, json=contact)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "case"

    detail = client.get(f"/api/v1/cases/{case['id']}", headers=h).json()
    assert len(detail["contacts"]) == 1 and len(detail["outcomes"]) == 1
    assert [e["kind"] for e in detail["events"]] == ["closed"]
    r = client.post(f"/api/v1/cases/{case['id']}/reopen", headers=h)
    assert r.status_code == 200 and r.json()["status"] == "open"

    page = client.get("/api/v1/cases", headers=h, params={"status": "open"}).json()
    assert page["total"] == 1 and page["items"][0]["last_name"] == "Müller"
    assert client.get("/api/v1/cases", headers=foreign).json()["total"] == 0

    with factory.session() as db:
        actions = {
            (e.action, e.entity)
            for e in db.scalars(select(AuditEntry).where(AuditEntry.user_id == user.id))
        }
    assert {("create", "persons"), ("view", "persons"), ("create", "cases")} <= actions
    assert {("view", "cases"), ("create", "contacts"), ("create", "outcomes")} <= actions


def test_validation_problems_name_the_fields(client: TestClient, factory: Factory) -> None:
    _user, h = _auth(factory)
    r = client.post(
        "/api/v1/persons",
        headers=h,
        json={
            "first_name": "A",
            "last_name": "B",
            "client_group": "domestic_mover",
            "nationalities": ["XX"],
            "preferred_language": "klingon",
            "occupation_kldb": "12",
        },
    )
    assert r.status_code == 422
    assert r.headers["content-type"] == "application/problem+json"
    fields = {e["field"].split(".")[0] for e in r.json()["errors"]}  # a list's item: "x.0"
    assert fields == {"nationalities", "preferred_language", "occupation_kldb"}
    # the rule across fields is checked once every field is valid
    r = client.post(
        "/api/v1/persons",
        headers=h,
        json={
            "first_name": "A",
            "last_name": "B",
            "client_group": "domestic_mover",
            "previous_residence_country": "PL",
        },
    )
    assert r.status_code == 422
    assert [e["field"] for e in r.json()["errors"]] == ["previous_residence_country"]
    r = client.post("/api/v1/persons", headers=h, json={"first_name": "A"})
    assert r.status_code == 422 and {e["field"] for e in r.json()["errors"]} >= {"last_name"}

    r = client.post(
        "/api/v1/enquiries",
        headers=h,
        json={"date": TODAY.isoformat(), "channel": "phone", "topics": ["housing"]},
    )
    assert r.status_code == 201 and r.json()["topics"] == ["housing"]
    r = client.post(
        "/api/v1/enquiries",
        headers=h,
        json={"date": "2999-01-01", "channel": "fax", "topics": []},
    )
    assert r.status_code == 422
    assert {e["field"] for e in r.json()["errors"]} == {"date", "channel", "topics"}
    r = client.post("/api/v1/enquiries", headers=h, json={"date": "not a date", "channel": 1})
    assert r.status_code == 422
    assert client.get("/api/v1/cases/999999", headers=h).status_code == 404
    assert client.get("/api/v1/cases", headers=h, params={"status": "x"}).status_code == 422


def test_every_correction_route_is_for_case_workers(client: TestClient, factory: Factory) -> None:
    """The role check of the corrections API is its router's: every route refuses a
    statistician (403) and lets a counsellor through to the route (an unknown id: 404, a
    missing reason or body: 422, never 403)."""
    from fastapi.routing import APIRoute

    from cases.counselling import corrections_api

    centre = factory.centre()
    statistician = {"Authorization": f"Bearer {factory.token(factory.user(role='statistician'))}"}
    counsellor = {
        "Authorization": f"Bearer {factory.token(factory.user(role='counsellor', centre=centre))}"
    }
    routes = [r for r in corrections_api.router.routes if isinstance(r, APIRoute)]
    assert len(routes) >= 15  # PATCH and DELETE of four kinds, the case, the restores
    for route in routes:
        path = "/api/v1" + re.sub(r"\{[^}]+\}", "999999", route.path)
        for method in route.methods:
            refused = client.request(method, path, headers=statistician, json={})
            assert refused.status_code == 403, (method, path, refused.text)
            passed = client.request(method, path, headers=counsellor, json={})
            assert passed.status_code in (404, 422), (method, path, passed.text)
