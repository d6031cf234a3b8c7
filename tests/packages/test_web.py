"""Issuing by API, page and CLI; the log; identical re-download; local contacts; errors."""

from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select
from typer.testing import CliRunner

from cases.packages.models import IssuedPackage, LocalContact
from cases.persons.models import Person, PersonNationality
from tests.conftest import Factory, csrf_from, login
from welcome import storage
from welcome.accounts.models import Centre
from welcome.audit import AuditEntry
from welcome.config import Settings, get_settings


def add_person(factory: Factory, centre_id: int, **values: Any) -> int:
    with factory.session() as db:
        person = Person(
            centre_id=centre_id,
            client_group=values.pop("client_group", "third_country_immigrant"),
            first_name=values.pop("first_name", "Олена"),
            last_name=values.pop("last_name", "Коваленко"),
            preferred_language=values.pop("preferred_language", "uk"),
            arrived_on=date(2026, 3, 2),
            **values,
        )
        db.add(person)
        db.flush()
        assert person.id is not None
        db.add(PersonNationality(person_id=person.id, country="UA"))
        return person.id


@pytest.fixture
def world(factory: Factory) -> dict[str, Any]:
    centre = factory.centre("Welcome Center Erzgebirge")
    other = factory.centre("Welcome Center Dresden")
    counsellor = factory.user(role="counsellor", centre=centre, locale="en")
    assert centre.id is not None and other.id is not None
    with factory.session() as db:
        db.add(
            LocalContact(
                centre_id=centre.id,
                name="Bürgeramt Annaberg-Buchholz",
                address="Markt 1",
                opening_hours="Mo–Fr 9–12",
                notes={"uk": "Запис онлайн"},
            )
        )
    return {
        "centre": centre,
        "counsellor": counsellor,
        "token": factory.token(counsellor),
        "person": add_person(factory, centre.id),
        "foreign": add_person(factory, other.id, first_name="Ahmad", last_name="Haddad"),
    }


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_api_issues_logs_and_redownloads_identically(
    client: TestClient, world: dict[str, Any], factory: Factory, settings: Settings
) -> None:
    person = world["person"]
    answer = client.post(
        f"/api/v1/persons/{person}/welcome-packages",
        json={"language": "ar"},
        headers=bearer(world["token"]),
    )
    assert answer.status_code == 201, answer.text
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.content.startswith(b"%PDF-")
    issue_id = int(answer.headers["x-welcome-package-id"])
    with factory.session() as db:
        issued = db.get(IssuedPackage, issue_id)
        assert issued is not None
        assert (issued.person_id, issued.language) == (person, "ar")
        assert issued.issued_by_id == world["counsellor"].id
        assert issued.centre_id == world["centre"].id
        assert len(issued.content_version) == 64
        assert issued.pdf_sha256 == hashlib.sha256(answer.content).hexdigest()
        assert storage.read(db, ref=issued.pdf_path) == answer.content  # in the database
        assert not (settings.data_dir / "packages").exists()  # not on this host's disk
        audited = db.scalars(
            select(AuditEntry).where(AuditEntry.entity == "welcome_packages")  # type: ignore[arg-type]
        ).all()
        assert any(e.action == "create" for e in audited)
    again = client.get(f"/api/v1/welcome-packages/{issue_id}", headers=bearer(world["token"]))
    assert again.status_code == 200 and again.content == answer.content
    listed = client.get(
        f"/api/v1/persons/{person}/welcome-packages", headers=bearer(world["token"])
    ).json()
    assert [p["id"] for p in listed] == [issue_id] and listed[0]["language"] == "ar"


@pytest.mark.parametrize("language", ["fr", "", "klingon", "de-AT-x-very-long-tag-xx"])
def test_api_unknown_language_is_422(
    client: TestClient, world: dict[str, Any], language: str
) -> None:
    answer = client.post(
        f"/api/v1/persons/{world['person']}/welcome-packages",
        json={"language": language},
        headers=bearer(world["token"]),
    )
    assert answer.status_code == 422
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert "language" in answer.text


def test_api_other_centre_and_unknown_person_are_404(
    client: TestClient, world: dict[str, Any], factory: Factory
) -> None:
    for person in (world["foreign"], 999999):
        answer = client.post(
            f"/api/v1/persons/{person}/welcome-packages",
            json={"language": "de"},
            headers=bearer(world["token"]),
        )
        assert answer.status_code == 404
    with factory.session() as db:
        assert db.scalars(select(IssuedPackage)).all() == []


def test_api_needs_a_token(client: TestClient, world: dict[str, Any]) -> None:
    answer = client.post(
        f"/api/v1/persons/{world['person']}/welcome-packages", json={"language": "de"}
    )
    assert answer.status_code == 401


def test_page_preview_issue_and_download(
    client: TestClient, world: dict[str, Any], factory: Factory
) -> None:
    login(client, world["counsellor"].email)
    person = world["person"]
    page = client.get(f"/persons/{person}/welcome-package")
    assert page.status_code == 200
    assert page.text.count('name="language"') == 12
    assert 'value="uk" checked' in page.text  # the person's preferred language
    assert page.text.count('data-review="not-reviewed"') == 12
    preview = client.get(f"/persons/{person}/welcome-package/preview", params={"language": "uk"})
    assert preview.status_code == 200
    assert '<html lang="uk" dir="ltr">' in preview.text
    assert "Ласкаво просимо" in preview.text and "Запис онлайн" in preview.text
    posted = client.post(
        f"/persons/{person}/welcome-package",
        data={
            "language": "vi",
            "appointment_at": "2026-03-10T09:30",
            "csrf_token": csrf_from(page.text),
        },
        follow_redirects=False,
    )
    assert posted.status_code == 303
    shown = client.get(posted.headers["location"])
    assert "The welcome package has been issued." in shown.text
    with factory.session() as db:
        issued = db.scalars(select(IssuedPackage)).one()
    assert issued.language == "vi" and issued.appointment_at is not None
    assert f"/welcome-packages/{issued.id}.pdf" in shown.text
    first = client.get(f"/welcome-packages/{issued.id}.pdf")
    second = client.get(f"/welcome-packages/{issued.id}.pdf")
    assert first.status_code == 200 and first.content == second.content
    assert hashlib.sha256(first.content).hexdigest() == issued.pdf_sha256


def test_page_rejects_unknown_language_at_the_field(
    client: TestClient, world: dict[str, Any]
) -> None:
    login(client, world["counsellor"].email)
    page = client.get(f"/persons/{world['person']}/welcome-package")
    answer = client.post(
        f"/persons/{world['person']}/welcome-package",
        data={"language": "fr", "appointment_at": "soon", "csrf_token": csrf_from(page.text)},
    )
    assert answer.status_code == 422
    assert 'id="e-appointment_at"' in answer.text
    assert 'value="soon"' in answer.text


def test_page_for_another_centres_person_is_404(client: TestClient, world: dict[str, Any]) -> None:
    login(client, world["counsellor"].email)
    assert client.get(f"/persons/{world['foreign']}/welcome-package").status_code == 404
    preview = f"/persons/{world['foreign']}/welcome-package/preview?language=de"
    assert client.get(preview).status_code == 404


def test_lead_keeps_local_contacts(
    client: TestClient, world: dict[str, Any], factory: Factory
) -> None:
    lead = factory.user(role="lead", centre=world["centre"], locale="en")
    login(client, lead.email)
    page = client.get("/local-contacts")
    assert page.status_code == 200 and "Bürgeramt Annaberg-Buchholz" in page.text
    token = csrf_from(page.text)
    bad = client.post(
        "/local-contacts",
        data={"name": " ", "address": "Amtsstraße 5", "email": "nope", "csrf_token": token},
    )
    assert bad.status_code == 422 and 'value="Amtsstraße 5"' in bad.text
    made = client.post(
        "/local-contacts",
        data={
            "name": "Ausländerbehörde Erzgebirgskreis",
            "address": "Paulus-Jenisius-Str. 24, Annaberg-Buchholz",
            "opening_hours": "Di 9–18",
            "note_ar": "يرجى حجز موعد",
            "csrf_token": token,
        },
        follow_redirects=False,
    )
    assert made.status_code == 303
    with factory.session() as db:
        contact = db.scalars(
            select(LocalContact).where(LocalContact.name == "Ausländerbehörde Erzgebirgskreis")  # type: ignore[arg-type]
        ).one()
    assert contact.centre_id == world["centre"].id and contact.notes == {"ar": "يرجى حجز موعد"}
    edit = client.get(f"/local-contacts/{contact.id}")
    assert "يرجى حجز موعد" in edit.text
    saved = client.post(
        f"/local-contacts/{contact.id}",
        data={"name": "Ausländerbehörde", "opening_hours": "Do 9–12", "csrf_token": token},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    with factory.session() as db:
        changed = db.get(LocalContact, contact.id)
        assert changed is not None and changed.opening_hours == "Do 9–12" and changed.notes == {}


def test_counsellor_may_not_edit_local_contacts(client: TestClient, world: dict[str, Any]) -> None:
    login(client, world["counsellor"].email)
    assert client.get("/local-contacts").status_code == 403


def test_cli_package(
    world: dict[str, Any], settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from welcome.cli import app

    monkeypatch.setenv("WELCOME_DATABASE_URL", settings.effective_database_url)
    monkeypatch.setenv("WELCOME_DATA_DIR", str(settings.data_dir))
    get_settings.cache_clear()
    runner = CliRunner()
    try:
        out = tmp_path / "package.pdf"
        result = runner.invoke(
            app, ["package", "--person", str(world["person"]), "--lang", "pt-BR", "-o", str(out)]
        )
        assert result.exit_code == 0, result.output
        assert out.read_bytes().startswith(b"%PDF-")
        bad = runner.invoke(
            app, ["package", "--person", str(world["person"]), "--lang", "xx", "-o", str(out)]
        )
        assert bad.exit_code == 2 and "--lang" in bad.stderr
        missing = runner.invoke(
            app, ["package", "--person", "999999", "--lang", "de", "-o", str(out)]
        )
        assert missing.exit_code == 2 and "person" in missing.stderr.lower()
    finally:
        get_settings.cache_clear()


def test_open_recognition_procedure_enters_the_checklist(
    world: dict[str, Any], factory: Factory
) -> None:
    recognition = pytest.importorskip("cases.recognition.models")
    from cases.packages.context import facts_for

    with factory.session() as db:
        for occupation, status, decided in (
            ("Pflegefachfrau", "in_review", None),
            ("Ärztin", "decided", date(2026, 2, 1)),
        ):
            db.add(
                recognition.RecognitionProcedure(
                    centre_id=world["centre"].id,
                    person_id=world["person"],
                    reference_occupation=occupation,
                    authority="ksv_sachsen",
                    applied_on=date(2026, 1, 5),
                    documents_complete_on=date(2026, 1, 20),
                    decision_due_on=date(2026, 4, 20),
                    decided_on=decided,
                    status=status,
                )
            )
    with factory.session() as db:
        person = db.get(Person, world["person"])
        assert person is not None
        procedures = facts_for(db, person).profile.recognitions
    # both enter: the decided one with its next step by decision
    assert [(p.occupation, p.status) for p in procedures] == [
        ("Pflegefachfrau", "in_review"),
        ("Ärztin", "decided"),
    ]
    assert procedures[0].decision_due_on == date(2026, 4, 20)  # the authority's deadline
    assert procedures[0].authority.startswith("KSV Sachsen")


@pytest.mark.parametrize("ident", ["0", "-1", "100000000000000000000", "abc"])
def test_absurd_ids_are_4xx(client: TestClient, world: dict[str, Any], ident: str) -> None:
    headers = bearer(world["token"])
    for answer in (
        client.post(
            f"/api/v1/persons/{ident}/welcome-packages", json={"language": "de"}, headers=headers
        ),
        client.get(f"/api/v1/welcome-packages/{ident}", headers=headers),
    ):
        assert 400 <= answer.status_code < 500, answer.text


def test_cli_rejects_absurd_person_id(tmp_path: Path) -> None:
    from welcome.cli import app

    result = CliRunner().invoke(
        app,
        ["package", "--person", "100000000000000000000", "--lang", "de", "-o", str(tmp_path / "x")],
    )
    assert result.exit_code == 2


def test_contact_form_names_an_odd_position_and_keeps_what_was_typed(
    client: TestClient, world: dict[str, Any], factory: Factory
) -> None:
    lead = factory.user(role="lead", centre=world["centre"], locale="en")
    login(client, lead.email)
    token = csrf_from(client.get("/local-contacts").text)
    for position in ("--5", "²", "9" * 30):
        answer = client.post(
            "/local-contacts",
            data={"name": "Amt", "position": position, "note_pt_BR": "Olá", "csrf_token": token},
        )
        assert answer.status_code == 422, position
        assert 'id="e-position"' in answer.text and 'value="Olá"' in answer.text
    with factory.session() as db:
        assert [c.name for c in db.scalars(select(LocalContact))] == ["Bürgeramt Annaberg-Buchholz"]


def test_page_ticks_done_items_and_the_package_leaves_them_out(
    client: TestClient, world: dict[str, Any], factory: Factory
) -> None:
    login(client, world["counsellor"].email)
    person = world["person"]
    page = client.get(f"/persons/{person}/welcome-package")
    assert 'name="done" value="registration"' in page.text
    assert 'name="done" value="tax_id"' in page.text
    assert "überfällig — bitte jetzt erledigen" in page.text  # arrived 2026-03-02: overdue
    preview = client.get(
        f"/persons/{person}/welcome-package/preview",
        params=[("language", "de"), ("done", "registration"), ("done", "tax_id")],
    )
    assert preview.status_code == 200
    assert 'data-item="registration"' not in preview.text
    assert 'data-item="tax_id"' not in preview.text
    assert 'data-item="health_insurance"' in preview.text
    posted = client.post(
        f"/persons/{person}/welcome-package",
        data={
            "language": "de",
            "done": ["registration"],
            "licence_country": "UA",
            "csrf_token": csrf_from(page.text),
        },
        follow_redirects=False,
    )
    assert posted.status_code == 303
    with factory.session() as db:
        issued = db.scalars(select(IssuedPackage)).one()
    pdf = client.get(f"/welcome-packages/{issued.id}.pdf").content
    from io import BytesIO

    from pypdf import PdfReader

    text = " ".join(p.extract_text() or "" for p in PdfReader(BytesIO(pdf)).pages)
    text = re.sub("\u2010\\s+", "", text)  # a word hyphenated at a line end (U+2010) joins
    assert "Wohnung anmelden" not in text and "Krankenkasse" in text
    # a Ukrainian licence without temporary protection: 6 months, then conversion
    assert "Umschreibung" in text


def test_page_refuses_an_unknown_done_item_and_licence_country(
    client: TestClient, world: dict[str, Any]
) -> None:
    login(client, world["counsellor"].email)
    page = client.get(f"/persons/{world['person']}/welcome-package")
    answer = client.post(
        f"/persons/{world['person']}/welcome-package",
        data={
            "language": "de",
            "done": ["visa_lottery"],
            "licence_country": "Ukraine",
            "csrf_token": csrf_from(page.text),
        },
    )
    assert answer.status_code == 422
    assert 'id="e-licence_country"' in answer.text


def test_page_warns_before_issuing(
    client: TestClient, world: dict[str, Any], factory: Factory
) -> None:
    login(client, world["counsellor"].email)
    page = client.get(f"/persons/{world['person']}/welcome-package")
    # contacts are entered, but the person's case names no counsellor
    assert "data-warnings" in page.text
    assert "No counsellor is assigned" in page.text
    assert "no local contacts" not in page.text
    assert "address is missing" in page.text  # the test centre has no address
    with factory.session() as db:
        for centre in db.scalars(select(Centre)):
            centre.address = "Markt 1, 09456 Annaberg-Buchholz"
    page = client.get(f"/persons/{world['person']}/welcome-package")
    assert "address is missing" not in page.text
    with factory.session() as db:
        for contact in db.scalars(select(LocalContact)):
            db.delete(contact)
    page = client.get(f"/persons/{world['person']}/welcome-package")
    assert "Your centre has entered no local contacts" in page.text
