"""Intake: registering records the handover of the information sheet (language, version) or
leaves it to the person page; the case page's notice while the handover or the consent is
missing; the person page's card; `GET /privacy-notice`; the handover over the API."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlmodel import select

from cases.privacy.models import InformationRecord
from tests.conftest import Factory, csrf_from, login
from welcome import clock
from welcome.accounts.models import User

TODAY = clock.today().isoformat()
NOT_HANDED = "The data-protection information sheet has not been handed over yet."
NO_CONSENT = "No consent to keeping a case file is recorded for this person."


def _logged_in(client: TestClient, factory: Factory) -> User:
    user = factory.user(role="counsellor", centre=factory.centre("WC Erzgebirge"), locale="en")
    assert login(client, user.email).status_code == 303
    return user


def _register(client: TestClient, **extra: str) -> str:
    page = client.get("/persons/new")
    assert 'name="sheet_language"' in page.text and 'name="sheet_handed_over_on"' in page.text
    answer = client.post(
        "/persons/new",
        data={
            "csrf_token": csrf_from(page.text),
            "first_name": "Olena",
            "last_name": "Kovalenko",
            "client_group": "third_country_immigrant",
            "preferred_language": "uk",
            **extra,
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    return str(answer.headers["location"])


def _notices(html: str) -> list[str]:
    """The notices' headings; a notice with a role (a live region) fails here."""
    found = re.findall(r'<div class="kern-alert kern-alert--warning notice"([^>]*)>(.*?)</div>',
                       html, re.S)  # fmt: skip
    assert all("role=" not in attributes for attributes, _ in found), found
    return [re.search(r"<h\d class=\"kern-title\">.*?</h\d>", body).group(0)  # type: ignore[union-attr]
            for _, body in found]  # fmt: skip


def _records(factory: Factory) -> list[InformationRecord]:
    with factory.session() as db:
        return list(db.scalars(select(InformationRecord)))


def test_registration_records_the_handover(client: TestClient, factory: Factory) -> None:
    user = _logged_in(client, factory)
    person_url = _register(client, sheet_language="uk")
    [handed] = _records(factory)
    assert handed.sheet_language == "uk" and handed.handed_over_on == clock.today()
    assert handed.sheet_version.startswith("2026-12-01.") and handed.handed_over_by_id == user.id
    assert f"/persons/{handed.person_id}" == person_url
    page = client.get(person_url)
    assert NOT_HANDED not in page.text and handed.sheet_version in page.text
    # a case: the consent is still missing, the handover is not
    token = csrf_from(page.text)
    case_url = client.post(
        f"{person_url}/cases", data={"csrf_token": token, "opened_on": TODAY},
        follow_redirects=False,
    ).headers["location"]  # fmt: skip
    case = client.get(case_url)
    assert NO_CONSENT in case.text and NOT_HANDED not in case.text
    client.post(
        f"{person_url}/consents",
        data={"csrf_token": token, "purpose": "case_file", "given_on": TODAY,
              "sheet_version": handed.sheet_version, "sheet_language": "uk"},
    )  # fmt: skip
    case = client.get(case_url)
    assert NO_CONSENT not in case.text and NOT_HANDED not in case.text
    assert 'class="kern-alert kern-alert--warning notice"' not in case.text


def test_without_the_handover_the_pages_ask_for_it(client: TestClient, factory: Factory) -> None:
    _logged_in(client, factory)
    person_url = _register(client)
    assert _records(factory) == []
    page = client.get(person_url)
    assert NOT_HANDED in page.text and 'action="/privacy-notice.pdf"' in page.text
    token = csrf_from(page.text)
    case_url = client.post(
        f"{person_url}/cases", data={"csrf_token": token, "opened_on": TODAY},
        follow_redirects=False,
    ).headers["location"]  # fmt: skip
    case = client.get(case_url)
    assert NOT_HANDED in case.text and NO_CONSENT in case.text
    assert f'href="{person_url}#h-privacy"' in case.text
    # notices of the page, not answers to an action: KERN notices with a heading, no live
    # region (issue 18); the person card's the same
    assert _notices(case.text) == [f"<h2 class=\"kern-title\">{NOT_HANDED}</h2>",
                                   f"<h2 class=\"kern-title\">{NO_CONSENT}</h2>"]  # fmt: skip
    assert _notices(page.text) == [f'<h3 class="kern-title">{NOT_HANDED}</h3>']
    # recorded afterwards on the person page: the notice goes
    answer = client.post(
        f"{person_url}/information-records",
        data={"csrf_token": token, "sheet_language": "ar"},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert [r.sheet_language for r in _records(factory)] == ["ar"]
    assert NOT_HANDED not in client.get(case_url).text
    bad = client.post(
        f"{person_url}/information-records", data={"csrf_token": token, "sheet_language": "xx"}
    )
    assert bad.status_code == 422 and len(_records(factory)) == 1


def test_a_handover_day_needs_a_language(client: TestClient, factory: Factory) -> None:
    _logged_in(client, factory)
    page = client.get("/persons/new")
    answer = client.post(
        "/persons/new",
        data={"csrf_token": csrf_from(page.text), "first_name": "A", "last_name": "B",
              "client_group": "returnee", "sheet_handed_over_on": TODAY},
    )  # fmt: skip
    assert answer.status_code == 422
    assert "Please choose the language of the information sheet." in answer.text
    assert _records(factory) == []


def test_the_sheet_and_the_export_from_the_pages(client: TestClient, factory: Factory) -> None:
    _logged_in(client, factory)
    person_url = _register(client)
    sheet = client.get("/privacy-notice.pdf?language=fa")
    assert sheet.status_code == 200 and sheet.headers["content-type"] == "application/pdf"
    import io

    text = "".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(sheet.content)).pages)
    assert "Devrientstraße" in text and "DSGVO" in text
    exported = client.get(f"{person_url}/export.json")
    assert exported.status_code == 200 and exported.json()["person"]["first_name"] == "Olena"
    pdf = client.get(f"{person_url}/export.pdf?language=uk")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_the_api(client: TestClient, factory: Factory) -> None:
    centre = factory.centre("WC Vogtland")
    user = factory.user(role="counsellor", centre=centre, locale="en")
    headers = {"Authorization": f"Bearer {factory.token(user)}"}
    person = client.post(
        "/api/v1/persons",
        json={"first_name": "Ali", "last_name": "Hassan", "client_group": "prospect_abroad"},
        headers=headers,
    ).json()
    made = client.post(
        f"/api/v1/persons/{person['id']}/information-records",
        json={"sheet_language": "ar-SY"},
        headers=headers,
    )
    assert made.status_code == 201 and made.json()["sheet_language"] == "ar"
    listed = client.get(f"/api/v1/persons/{person['id']}/information-records", headers=headers)
    assert [r["id"] for r in listed.json()] == [made.json()["id"]]
    notice = client.get("/api/v1/privacy-notice?language=pt-BR", headers=headers)
    assert notice.status_code == 200 and notice.content.startswith(b"%PDF")
    assert client.get("/api/v1/privacy-notice?language=xx", headers=headers).status_code == 422
    admin = factory.user(role="admin", locale="en")
    other = {"Authorization": f"Bearer {factory.token(admin)}"}
    assert client.get("/api/v1/privacy-notice", headers=other).status_code in (403, 404)
