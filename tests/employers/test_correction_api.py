"""Corrections over the API (API.md "Corrections, merges, history"), on SQLite and PostgreSQL:
PATCH merges into the stored values and keeps the create's rules (422 per field), a stale
`version` is a 409 with the stored version, DELETE needs a reason (422 at `reason`) and answers
204, a lead restores; another centre's ids are 404; the history lists the deletion."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import Factory
from tests.employers.conftest import add_person
from welcome import clock
from welcome.accounts.models import Centre, User

TODAY = clock.today()


def _headers(factory: Factory, user: User) -> dict[str, str]:
    return {"Authorization": f"Bearer {factory.token(user)}"}


def _fields(answer: Any) -> set[str]:
    return {e["field"].split(".")[0] for e in answer.json()["errors"]}


class Api:
    def __init__(self, client: TestClient, factory: Factory) -> None:
        self.client = client
        self.centre: Centre = factory.centre()
        self.author = _headers(factory, factory.user(centre=self.centre))
        self.colleague = _headers(factory, factory.user(centre=self.centre))
        self.lead = _headers(factory, factory.user(role="lead", centre=self.centre))
        self.stranger = _headers(factory, factory.user(role="lead", centre=factory.centre()))
        self.person = add_person(factory, self.centre)

    def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        answer = self.client.post(f"/api/v1{path}", json=body, headers=self.author)
        assert answer.status_code == 201, answer.text
        found: dict[str, Any] = answer.json()
        return found


@pytest.fixture
def api(client: TestClient, factory: Factory) -> Api:
    return Api(client, factory)


def _made(api: Api) -> dict[str, tuple[str, int]]:
    """kind -> (path, id) of one entry of each kind, by the author."""
    company = api.post("/employers", {"name": "Kühn Metall GmbH"})["id"]
    base = f"/employers/{company}"
    return {
        "employer": ("/employers", company),
        "employer-contacts": (
            "/employer-contacts", api.post(f"{base}/contacts", {"name": "Anna Roth"})["id"]),
        "hiring-needs": (
            "/hiring-needs", api.post(f"{base}/hiring-needs", {"occupation": "Koch"})["id"]),
        "placements": ("/placements", api.post(f"{base}/placements", {
            "person_id": api.person, "type": "job", "starts_on": TODAY.isoformat(),
            "occupation": "Koch"})["id"]),
        "employer-consultations": ("/employer-consultations", api.post(f"{base}/consultations", {
            "date": TODAY.isoformat(), "duration_minutes": 30, "channel": "phone",
            "topics": ["onboarding"]})["id"]),
        "events": ("/events", api.post("/events", {
            "date": TODAY.isoformat(), "type": "workshop", "title": "Werkstatt",
            "employer_ids": [company]})["id"]),
    }  # fmt: skip


PATCHES = {
    "employer-contacts": ({"role": "HR"}, "role", "HR", {"email": "kein"}),
    "hiring-needs": ({"positions": 4}, "positions", 4, {"positions": 0}),
    "placements": ({"type": "internship"}, "type", "internship", {"starts_on": "1990-01-01"}),
    "employer-consultations": (
        {"duration_minutes": 50}, "duration_minutes", 50, {"duration_minutes": 601}),
    "events": ({"title": "Werkstatt Aue"}, "title", "Werkstatt Aue", {"type": "party"}),
}  # fmt: skip


@pytest.mark.parametrize("kind", list(PATCHES))
def test_patch_and_delete(api: Api, kind: str) -> None:
    made = _made(api)
    path, ident = made[kind]
    url = f"/api/v1{path}/{ident}"
    body, field, value, bad = PATCHES[kind]
    c = api.client

    assert c.patch(url, json=body, headers=api.colleague).status_code == 403
    assert c.patch(url, json=body, headers=api.stranger).status_code == 404
    wrong = c.patch(url, json=bad, headers=api.author)
    assert wrong.status_code == 422 and _fields(wrong) == set(bad), wrong.text
    assert c.patch(url, json={"version": "x"}, headers=api.author).status_code == 422

    done = c.patch(url, json={**body, "version": 1}, headers=api.author)
    assert done.status_code == 200, done.text
    assert done.json()[field] == value and done.json()["id"] == ident
    stale = c.patch(url, json={**body, "version": 1}, headers=api.author)
    assert stale.status_code == 409 and stale.json()["version"] == 2
    assert stale.headers["content-type"].startswith("application/problem+json")

    missing = c.delete(url, headers=api.author)
    assert missing.status_code == 422 and _fields(missing) == {"reason"}
    assert c.delete(f"{url}?reason=x", headers=api.author).status_code == 422
    assert c.delete(f"{url}?reason=doppelt", headers=api.colleague).status_code == 403
    assert c.delete(f"{url}?reason=doppelt", headers=api.author).status_code == 204
    assert c.patch(url, json=body, headers=api.author).status_code == 404
    assert c.delete(f"{url}?reason=doppelt", headers=api.author).status_code == 404

    history = c.get(f"/api/v1/employers/{made['employer'][1]}/history", headers=api.lead)
    if kind == "events":
        history = c.get(f"{url}/history", headers=api.lead)
        assert history.status_code == 404  # the event is gone; its history with it
    else:
        assert history.status_code == 200
        deleted = [i for i in history.json()["items"] if i["action"] == "delete"]
        assert len(deleted) == 1 and deleted[0]["entity_id"] == ident
        reason = [ch for ch in deleted[0]["changes"] if ch["field"] == "reason"]
        assert reason == [{"field": "reason", "old": None, "new": "doppelt"}]

    restore = f"/api/v1/deleted/{kind}/{ident}/restore"
    assert c.post(restore, headers=api.author).status_code == 403
    assert c.post(restore, headers=api.stranger).status_code == 404
    back = c.post(restore, headers=api.lead)
    assert back.status_code == 200 and back.json() == {"kind": kind, "id": ident}
    assert c.patch(url, json=body, headers=api.author).status_code == 200
    assert c.post(restore, headers=api.lead).status_code == 404  # nothing deleted


def test_an_event_patch_keeps_the_rules(api: Api) -> None:
    made = _made(api)
    _path, ident = made["events"]
    url = f"/api/v1/events/{ident}"
    c = api.client
    far = (TODAY + timedelta(days=800)).isoformat()
    for bad in (
        {"date": far},
        {"anonymous_companies": -1},
        {"title": ""},
        {"date": far, "title": ""},
    ):
        wrong = c.patch(url, json=bad, headers=api.author)
        assert wrong.status_code == 422 and _fields(wrong) == set(bad), wrong.text
    other = c.patch(url, json={"employer_ids": [999999]}, headers=api.author)
    assert other.status_code == 422 and _fields(other) == {"employer_ids"}
    second = api.post("/employers", {"name": "Bäckerei Lange"})["id"]
    moved = c.patch(url, json={"employer_ids": [second], "anonymous_companies": 4,
                               "persons_reached": 12}, headers=api.author)  # fmt: skip
    assert moved.status_code == 200
    assert moved.json()["employer_ids"] == [second] and moved.json()["anonymous_companies"] == 4
    history = c.get(f"{url}/history", headers=api.lead).json()["items"]
    assert history[0]["action"] == "create"
    assert {i["action"] for i in history[1:]} == {"update"}  # the row's and its links'
    fields = {ch["field"] for i in history[1:] for ch in i["changes"]}
    assert {"employers", "anonymous_companies", "persons_reached"} <= fields
