"""Lists and searches that show personal data are audited: one "search" entry with the query
and the ids shown, the user and the address; through the API, the pages and the feed."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.conftest import Factory, login
from tests.robustness import seed_centre
from welcome.audit import AuditEntry
from welcome.db import SYSTEM, unit_of_work


def _searches(factory: Factory) -> list[AuditEntry]:
    with unit_of_work(factory.sessions, actor=SYSTEM) as db:
        return list(
            db.scalars(select(AuditEntry).where(AuditEntry.action == "search").order_by("id"))
        )


def _last(factory: Factory, entity: str) -> Any:
    found = [e for e in _searches(factory) if e.entity == entity]
    assert found, f"no search entry for {entity}"
    return found[-1]


def test_api_lists_and_searches_are_audited(client: TestClient, factory: Factory) -> None:
    centre = factory.centre()
    user = factory.user(centre=centre)
    headers = {"Authorization": f"Bearer {factory.token(user)}"}
    ids = seed_centre(client, headers)
    before = len(_searches(factory))

    found = client.get("/api/v1/persons?q=Koval", headers=headers)
    assert found.status_code == 200 and found.json()["items"]
    entry = _last(factory, "persons")
    assert entry.changes["query"]["q"] == "1 words"  # the words themselves are never kept
    assert entry.changes["ids"] == [ids["person"]]
    assert entry.user_id == user.id and entry.address == "testclient"
    assert entry.centre_id == centre.id

    assert client.get("/api/v1/cases?status=open", headers=headers).status_code == 200
    cases = _last(factory, "cases")
    assert cases.changes["ids"] == [ids["case"]] and cases.changes["query"]["status"] == "open"

    assert client.get("/api/v1/recognitions", headers=headers).status_code == 200
    procedures = _last(factory, "recognition_procedures")
    assert set(procedures.changes["ids"]) == {ids["procedure"], ids["suspended"]}
    assert len(_searches(factory)) == before + 3

    # a search that shows nothing reads nothing: no entry
    assert client.get("/api/v1/persons?q=Nobody", headers=headers).json()["items"] == []
    assert len(_searches(factory)) == before + 3


def test_pages_and_the_calendar_feed_are_audited(client: TestClient, factory: Factory) -> None:
    centre = factory.centre()
    user = factory.user(centre=centre, role="lead")
    headers = {"Authorization": f"Bearer {factory.token(user)}"}
    ids = seed_centre(client, headers)
    assert login(client, user.email).status_code == 303

    assert client.get("/persons?q=Olena").status_code == 200
    assert _last(factory, "persons").changes["ids"] == [ids["person"]]
    assert _last(factory, "persons").changes["query"]["q"] == "1 words"

    assert client.get("/recognitions/deadlines").status_code == 200
    assert ids["procedure"] in _last(factory, "recognition_procedures").changes["ids"]

    page = client.get("/recognitions/calendar")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token is not None
    made = client.post("/recognitions/calendar", data={"csrf_token": token.group(1)})
    url = re.search(r"(/calendar/[^\"<\s]+\.ics)", made.text)
    assert url is not None
    client.cookies.clear()
    count = len(_searches(factory))
    feed = client.get(url.group(1))
    assert feed.status_code == 200 and "BEGIN:VCALENDAR" in feed.text
    entries = _searches(factory)
    assert len(entries) == count + 1
    assert entries[-1].user_id == user.id and ids["procedure"] in entries[-1].changes["ids"]
