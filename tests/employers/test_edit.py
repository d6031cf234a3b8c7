"""Correcting a consultation; WZ section titles on the employer pages."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlmodel import col

from cases.employers import consultations, service
from cases.employers.schemas import ConsultationIn, EmployerIn
from tests.conftest import Factory, csrf_from, login
from tests.employers.conftest import acting
from tests.employers.helpers import consultation, employer
from welcome import clock
from welcome.accounts.models import User
from welcome.audit import AuditEntry
from welcome.errors import FieldErrors
from welcome.inputs import validate

TODAY = clock.today()


def _login(client: TestClient, factory: Factory) -> tuple[str, User]:
    centre = factory.centre()
    user = factory.user(centre=centre, locale="en")
    assert login(client, user.email).status_code == 303
    return csrf_from(client.get("/employers/new").text), user


def test_a_consultation_is_corrected(client: TestClient, factory: Factory) -> None:
    token, user = _login(client, factory)
    with acting(factory, user) as db:
        company = employer(db, "Kühn Metall GmbH")
        other = employer(db, "Bäckerei Lange")
        held = consultation(
            db, company, date=TODAY - timedelta(days=2), topics=["onboarding", "funding"],
            notes="first note",
        )  # fmt: skip
    url = f"/employers/{company.id}/consultations/{held.id}/edit"
    page = client.get(f"/employers/{company.id}")  # the page's link opens it in place
    assert f'href="/employers/{company.id}?edit=consultations:{held.id}' in page.text

    form = client.get(url)
    assert form.status_code == 200 and "Edit the consultation" in form.text
    assert 'value="30"' in form.text and ">first note</textarea>" in form.text
    assert form.text.count("checked") == 2

    wrong = client.post(
        url,
        data={"csrf_token": token, "date": TODAY.isoformat(), "duration_minutes": "900",
              "channel": "video", "topics": ["housing"], "notes": "typed"},
        follow_redirects=False,
    )  # fmt: skip
    assert wrong.status_code == 422 and "between 1 and 600 minutes" in wrong.text
    assert 'value="900"' in wrong.text and ">typed</textarea>" in wrong.text

    saved = client.post(
        url,
        data={"csrf_token": token, "date": TODAY.isoformat(), "duration_minutes": "45",
              "channel": "video", "topics": ["housing"], "notes": "",
              "follow_up_on": (TODAY + timedelta(days=7)).isoformat()},
        follow_redirects=False,
    )  # fmt: skip
    assert saved.status_code == 303
    with acting(factory, user) as db:
        assert held.id is not None
        found = consultations.get(db, employer_id=company.id or 0, consultation_id=held.id)
        assert (found.held_on, found.duration_minutes, found.channel) == (TODAY, 45, "video")
        assert found.notes is None and found.follow_up_on == TODAY + timedelta(days=7)
        assert found.counsellor_id == user.id
        assert consultations.topics_of(db, [held.id]) == {held.id: ["housing"]}
    shown = client.get(f"/employers/{company.id}").text
    assert "45 minutes" in shown and "first note" not in shown

    # through another employer's address, or of another centre: not found
    assert client.get(f"/employers/{other.id}/consultations/{held.id}/edit").status_code == 404
    stranger = factory.user(centre=factory.centre())
    with acting(factory, stranger) as db:
        foreign = employer(db, "Fremd GmbH")
        theirs = consultation(db, foreign, duration_minutes=10)
    foreign_url = f"/employers/{foreign.id}/consultations/{theirs.id}/edit"
    assert client.get(foreign_url).status_code == 404
    posted = client.post(
        foreign_url,
        data={"csrf_token": token, "date": TODAY.isoformat(), "duration_minutes": "5",
              "channel": "phone"},
    )  # fmt: skip
    assert posted.status_code == 404


def test_wz_section_titles_are_shown(client: TestClient, factory: Factory) -> None:
    _token, user = _login(client, factory)
    with acting(factory, user) as db:
        metal = employer(db, "Kühn Metall", sector_code="25")
        media = employer(db, "Erzgebirge Medien", sector_code="J", sector_version="2025")
    page = client.get(f"/employers/{metal.id}").text
    assert "25 – C Manufacturing (WZ 2008)" in page
    page = client.get(f"/employers/{media.id}").text
    assert "J – Publishing, broadcasting and content (WZ 2025)" in page
    listing = client.get("/employers").text
    assert re.search(r"25 <small>Manufacturing \(WZ 2008\)</small>", listing)
    assert '<option value="V">V – Extraterritorial organisations</option>' in listing
    assert (
        "J – Information and communication (WZ 2008) / "
        "Publishing, broadcasting and content (WZ 2025)" in listing
    )


def test_changing_only_the_topics_is_audited(factory: Factory) -> None:
    centre = factory.centre()
    user = factory.user(centre=centre)
    fields = {"date": clock.today(), "duration_minutes": 30, "channel": "phone"}
    with acting(factory, user) as db:
        company = employer(db, "Topics GmbH")
        made = consultation(db, company, topics=["onboarding"], **fields)
        consultation_id, employer_id = made.id, company.id
    assert consultation_id is not None and employer_id is not None

    def updates() -> int:
        with acting(factory, user) as db:
            return len(
                db.scalars(
                    select(AuditEntry).where(
                        col(AuditEntry.entity) == "employer_consultations",
                        col(AuditEntry.entity_id) == consultation_id,
                        col(AuditEntry.action) == "update",
                    )
                ).all()
            )

    for topics, expected in ((["onboarding"], 0), (["onboarding", "eu_blue_card"], 1)):
        with acting(factory, user) as db:
            found = consultations.get(db, employer_id=employer_id, consultation_id=consultation_id)
            data = ConsultationIn.model_validate({"topics": topics, **fields})
            consultations.update(db, consultation=found, data=data)
        assert updates() == expected  # unchanged topics and fields: nothing to log


def test_update_keeps_what_is_not_changed_and_checks_the_rest(factory: Factory) -> None:
    centre = factory.centre()
    user = factory.user(centre=centre)
    with acting(factory, user) as db:
        made = employer(
            db, "Kühn Metall", sector_code="V", sector_version="2025", municipality="Aue"
        )
    assert "centre_id" not in EmployerIn.model_fields  # what an update may change at all
    with acting(factory, user) as db, pytest.raises(FieldErrors) as exc:
        found = service.get(db, employer_id=made.id or 0)
        stored = service.values_of(found)
        validate(EmployerIn, {**stored, "sector_code": "45"})  # not in WZ 2025
    assert "45" in exc.value.errors["sector_code"]
    with acting(factory, user) as db:
        found = service.get(db, employer_id=made.id or 0)
        changes = {"name": "Kühn Metallbau GmbH", "size_band": "1-9"}
        data = validate(EmployerIn, {**service.values_of(found), **changes})
        service.update(db, employer=found, data=data)
    with acting(factory, user) as db:
        found = service.get(db, employer_id=made.id or 0)
        assert (found.name, found.search_key, found.size_band) == (
            "Kühn Metallbau GmbH",
            "kuhnmetallbau",
            "1-9",
        )
        assert (found.sector_code, found.sector_version, found.municipality) == (
            "V",
            "2025",
            "Aue",
        )
        actions = db.scalars(
            select(AuditEntry.action).where(col(AuditEntry.entity) == "employers")
        ).all()
        assert "update" in actions
