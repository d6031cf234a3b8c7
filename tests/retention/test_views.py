"""The Löschkonzept page and the erasure from the person page (confirmation, refusal while
held), as a lead; an admin changes a period within its bounds (audited)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlmodel import col

from cases.retention.rules import effective_rules
from tests.conftest import Factory, csrf_from, login
from tests.retention.test_retention import _names, _one_person
from welcome import clock
from welcome.audit import AuditEntry
from welcome.db import SYSTEM, unit_of_work


def test_the_page_the_confirmation_and_a_refusal(client: TestClient, factory: Factory) -> None:
    centre = factory.centre("Erzgebirge")
    lead = factory.user(role="lead", centre=centre)
    counsellor = factory.user(role="counsellor", centre=centre)
    pid, case_id = _one_person(factory, counsellor)
    held, _c = _one_person(factory, counsellor, "Heldina")
    assert login(client, lead.email).status_code == 303
    page = client.get("/retention")
    assert page.status_code == 200
    assert "Fallakte" in page.text or "Case file" in page.text
    person = client.get(f"/persons/{pid}")
    assert f'href="/persons/{pid}/erase"' in person.text
    # every card of the page has a heading of its own (a screen reader lists them by name)
    headings = re.findall(r"<h2[^>]*>([^<]+)</h2>", person.text)
    assert len(headings) > 5 and len(headings) == len(set(headings)), headings
    confirm = client.get(f"/persons/{pid}/erase")
    assert confirm.status_code == 200 and 'name="mode"' in confirm.text
    token = csrf_from(confirm.text)
    blank = client.post(
        f"/persons/{pid}/erase", data={"csrf_token": token, "reason": ""}, follow_redirects=False
    )
    assert blank.status_code == 422
    until = (clock.today() + timedelta(days=30)).isoformat()
    hold = client.post(
        "/retention/holds",
        data={
            "csrf_token": token,
            "person_id": str(held),
            "until": until,
            "reason": "Förderprüfung",
        },
        follow_redirects=False,
    )
    assert hold.status_code == 303
    assert "Förderprüfung" in client.get("/retention").text
    refused = client.get(f"/persons/{held}/erase")
    assert refused.status_code == 409 and "Förderprüfung" in refused.text
    posted = client.post(
        f"/persons/{held}/erase",
        data={"csrf_token": token, "reason": "Art. 17"},
        follow_redirects=False,
    )
    assert posted.status_code == 409 and "Förderprüfung" in posted.text
    done = client.post(
        f"/persons/{pid}/erase",
        data={"csrf_token": token, "reason": "Art. 17"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert client.get(f"/persons/{pid}").status_code == 404
    assert _names(factory)[pid] == "" and _names(factory)[held] == "Quennell"
    assert case_id


def test_an_admin_changes_a_period_within_its_bounds(client: TestClient, factory: Factory) -> None:
    centre = factory.centre("Erzgebirge")
    admin = factory.user(role="admin")
    assert login(client, admin.email).status_code == 303
    page = client.get(f"/retention?centre={centre.id}")
    token = csrf_from(page.text)
    form: dict[str, Any] = {"csrf_token": token, "centre_id": str(centre.id)}
    too_long = client.post(
        "/retention/periods",
        data={**form, "data_class": "case_file", "amount": "11"},
        follow_redirects=False,
    )
    assert too_long.status_code == 422
    longer_notes = client.post(
        "/retention/periods",
        data={**form, "data_class": "contact_notes", "amount": "4"},
        follow_redirects=False,
    )
    assert longer_notes.status_code == 422  # never longer than the case file
    ok = client.post(
        "/retention/periods",
        data={**form, "data_class": "case_file", "amount": "5"},
        follow_redirects=False,
    )
    assert ok.status_code == 303
    with unit_of_work(factory.sessions, actor=SYSTEM) as db:
        rules = {r.data_class: r for r in effective_rules(db, centre_id=centre.id)}
        assert rules["case_file"].iso == "P5Y" and rules["consent_records"].iso == "P5Y"
        entry = db.scalars(
            select(AuditEntry).where(col(AuditEntry.entity) == "retention_periods")
        ).one()
        assert entry.changes is not None and entry.changes["amount"] == [None, 5]
    listed = client.get(
        f"/api/v1/retention/rules?centre_id={centre.id}",
        headers={"Authorization": f"Bearer {factory.token(admin)}"},
    )
    assert listed.status_code == 200
    first = listed.json()[0]
    assert {"data_class", "period", "trigger", "reason"} <= set(first)
    assert first["data_class"] == "case_file" and first["period"] == "P5Y"
    assert len(listed.json()) == 8
