"""The content page for leads: every item with its rule, source and date; sign-off of the
German content of a version, translation reviews; a changed version is not signed blindly."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from cases.packages import items
from cases.packages.models import PackageSignoff
from tests.conftest import Factory, csrf_from, login


@pytest.fixture
def lead(factory: Factory) -> Any:
    centre = factory.centre("Welcome Center Erzgebirge")
    return factory.user(role="lead", centre=centre, locale="en")


def version_of(html: str, language: str) -> str:
    form = html.split(f'name="language" value="{language}"', 1)[1]
    found = re.search(r'name="version" value="([0-9a-f]{64})"', form)
    assert found is not None
    return found.group(1)


def test_page_lists_every_item_with_rule_source_and_date(client: TestClient, lead: Any) -> None:
    login(client, lead.email)
    page = client.get("/welcome-package-content")
    assert page.status_code == 200
    for content in items.CONTENT.values():
        assert f'data-key="{content.key}"' in page.text, content.key
        for source in content.sources:
            assert source.cite.replace("&", "&amp;") in page.text
    for rule in items.RULES:
        assert f'data-item="{rule.code}"' in page.text
    assert "First-time residents only" in page.text  # the rule of the tax ID, in words
    assert "1 Dec 2026" in page.text  # last checked, English dates en-GB by default
    # the German texts are shown
    assert "Der Rundfunkbeitrag wird pro Wohnung monatlich gezahlt" in page.text
    assert 'data-signoff-status="open"' in page.text


def test_lead_signs_off_the_german_content(client: TestClient, lead: Any, factory: Factory) -> None:
    login(client, lead.email)
    page = client.get("/welcome-package-content")
    version = version_of(page.text, "de")
    posted = client.post(
        "/welcome-package-content/sign-off",
        data={
            "language": "de",
            "version": version,
            "note": "against CONTENT-FACTS",
            "csrf_token": csrf_from(page.text),
        },
        follow_redirects=False,
    )
    assert posted.status_code == 303
    shown = client.get("/welcome-package-content")
    assert 'data-signoff-status="signed"' in shown.text
    with factory.session() as db:
        signoff = db.scalars(select(PackageSignoff)).one()
    assert signoff.language == "de" and signoff.content_version == version
    assert signoff.signed_by_id == lead.id and signoff.centre_id == lead.centre_id


def test_a_changed_version_is_refused(client: TestClient, lead: Any, factory: Factory) -> None:
    login(client, lead.email)
    page = client.get("/welcome-package-content")
    answer = client.post(
        "/welcome-package-content/sign-off",
        data={"language": "de", "version": "0" * 64, "csrf_token": csrf_from(page.text)},
    )
    assert answer.status_code == 422 and 'id="e-version"' in answer.text
    with factory.session() as db:
        assert db.scalars(select(PackageSignoff)).first() is None


def test_translation_review_needs_the_reviewer(
    client: TestClient, lead: Any, factory: Factory
) -> None:
    login(client, lead.email)
    page = client.get("/welcome-package-content")
    token, version = csrf_from(page.text), version_of(page.text, "uk")
    missing = client.post(
        "/welcome-package-content/sign-off",
        data={"language": "uk", "version": version, "csrf_token": token},
    )
    assert missing.status_code == 422 and 'id="e-reviewer"' in missing.text
    done = client.post(
        "/welcome-package-content/sign-off",
        data={"language": "uk", "version": version, "reviewer": "Oksana M.", "csrf_token": token},
        follow_redirects=False,
    )
    assert done.status_code == 303
    shown = client.get("/welcome-package-content")
    row = shown.text.split('data-language="uk"', 1)[1].split("</tr>", 1)[0]
    assert "reviewed by Oksana M." in row
    assert "not reviewed" in shown.text.split('data-language="ar"', 1)[1].split("</tr>", 1)[0]


def test_counsellors_cannot_sign_off(client: TestClient, factory: Factory) -> None:
    centre = factory.centre("Welcome Center Vogtland")
    counsellor = factory.user(role="counsellor", centre=centre, locale="en")
    login(client, counsellor.email)
    assert client.get("/welcome-package-content").status_code == 403


def _person(factory: Factory, lead: Any) -> int:
    from datetime import date

    from cases.persons.models import Person, PersonNationality

    with factory.session() as db:
        person = Person(
            centre_id=lead.centre_id, client_group="third_country_immigrant",
            first_name="Olena", last_name="Koval", arrived_on=date(2026, 11, 20),
        )  # fmt: skip
        db.add(person)
        db.flush()
        assert person.id is not None
        db.add(PersonNationality(person_id=person.id, country="UA"))
        return person.id


def test_centre_switches_an_item_off_and_adds_its_own(
    client: TestClient, lead: Any, factory: Factory
) -> None:
    person = _person(factory, lead)
    login(client, lead.email)
    page = client.get("/welcome-package-content")
    token = csrf_from(page.text)
    off = client.post(
        "/welcome-package-content/switch",
        data={"code": "bank_account", "csrf_token": token},
        follow_redirects=False,
    )
    assert off.status_code == 303
    added = client.post(
        "/welcome-package-content/items",
        data={
            "who": "third_country",
            "title": "Sprachcafé im Rathaus",
            "what": "Jeden Dienstag üben Sie Deutsch mit Ehrenamtlichen.",
            "source": "Veranstaltungskalender der Stadt Annaberg-Buchholz",
            "checked_on": "2026-11-30",
            "title_uk": "Мовне кафе в ратуші",
            "what_uk": "Щовівторка Ви практикуєте німецьку з волонтерами.",
            "csrf_token": token,
        },
        follow_redirects=False,
    )
    assert added.status_code == 303, added.text
    shown = client.get("/welcome-package-content")
    assert "data-switched-off" in shown.text and "Sprachcafé im Rathaus" in shown.text
    preview = client.get(f"/persons/{person}/welcome-package/preview", params={"language": "uk"})
    assert 'data-item="bank_account"' not in preview.text  # switched off
    assert 'data-item="health_insurance"' in preview.text
    assert "Мовне кафе в ратуші" in preview.text  # the centre's translation…
    assert "(Переклад центру, не перевірено.)" in preview.text  # …marked not reviewed
    assert "Sprachcafé im Rathaus" in preview.text  # the German part
    assert "Veranstaltungskalender der Stadt Annaberg-Buchholz" in preview.text  # its source
    # in a language without the centre's translation the German text stands, marked
    arabic = client.get(f"/persons/{person}/welcome-package/preview", params={"language": "ar"})
    assert "Sprachcafé im Rathaus" in arabic.text and "(بالألمانية فقط.)" in arabic.text
    on = client.post(
        "/welcome-package-content/switch",
        data={"code": "bank_account", "enabled": "on", "csrf_token": token},
        follow_redirects=False,
    )
    assert on.status_code == 303
    preview = client.get(f"/persons/{person}/welcome-package/preview", params={"language": "de"})
    assert 'data-item="bank_account"' in preview.text


def test_own_item_needs_source_and_a_checked_date(client: TestClient, lead: Any) -> None:
    login(client, lead.email)
    page = client.get("/welcome-package-content")
    answer = client.post(
        "/welcome-package-content/items",
        data={
            "title": "X",
            "what": "Y",
            "checked_on": "2999-01-01",
            "csrf_token": csrf_from(page.text),
        },
    )
    assert answer.status_code == 422
    assert 'id="e-source"' in answer.text and 'id="e-checked_on"' in answer.text


def test_a_recorded_review_shows_on_the_issue_page(
    client: TestClient, lead: Any, factory: Factory
) -> None:
    person = _person(factory, lead)
    login(client, lead.email)
    page = client.get("/welcome-package-content")
    before = client.get(f"/persons/{person}/welcome-package")
    assert before.text.count('data-review="not-reviewed"') == 12
    client.post(
        "/welcome-package-content/sign-off",
        data={
            "language": "uk",
            "version": version_of(page.text, "uk"),
            "reviewer": "Oksana M.",
            "csrf_token": csrf_from(page.text),
        },
    )
    after = client.get(f"/persons/{person}/welcome-package")
    assert after.text.count('data-review="not-reviewed"') == 11
    assert 'data-review="reviewed"' in after.text.split('id="lang-uk"', 1)[1].split("</div>")[0]
