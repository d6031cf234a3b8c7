"""Prefills that save keystrokes: a contact's language from the person, the channel the
counsellor used last; a recognition procedure's occupation and case from the person. And the
recognition page's fixes: the country by name, no stale receipt deadline, the fee by Babel."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import Factory, csrf_from, login

TODAY = "2026-11-20"


def _start(client: TestClient, factory: Factory, locale: str = "de") -> dict[str, Any]:
    centre = factory.centre()
    user = factory.user(centre=centre, locale=locale)
    assert login(client, user.email).status_code == 303
    token = csrf_from(client.get("/persons/new").text)
    made = client.post(
        "/persons/new",
        data={"csrf_token": token, "first_name": "Olena", "last_name": "Koval",
              "client_group": "eu_immigrant", "counselling_language": "uk",
              "preferred_language": "ru", "occupation_kldb": "81302",
              "occupation_title": "Pflegefachfrau"},
        follow_redirects=False,
    )  # fmt: skip
    assert made.status_code == 303, made.text
    person_url = made.headers["location"]
    case = client.post(
        f"{person_url}/cases", data={"csrf_token": token, "opened_on": TODAY},
        follow_redirects=False,
    )  # fmt: skip
    assert case.status_code == 303, case.text
    return {"token": token, "person": int(person_url.rsplit("/", 1)[1]), "user": user.id,
            "case": int(case.headers["location"].rsplit("/", 1)[1].split("?")[0])}  # fmt: skip


def test_the_contact_form_starts_with_the_language_and_the_last_channel(
    client: TestClient, factory: Factory
) -> None:
    site = _start(client, factory)
    page = client.get(f"/cases/{site['case']}").text
    assert 'data-value="uk" value="Ukrainisch"' in page  # the counselling language
    assert '<option value="video" selected>' not in page  # no contact yet: no channel
    saved = client.post(
        f"/cases/{site['case']}/contacts",
        data={"csrf_token": site["token"], "date": TODAY, "duration_minutes": "30",
              "channel": "video", "language": "uk", "topics": "job_search"},
        follow_redirects=False,
    )  # fmt: skip
    assert saved.status_code in (200, 303), saved.text
    page = client.get(f"/cases/{site['case']}").text
    assert re.search(r'<option value="video"\s+selected>', page)  # the channel used last


def test_a_procedure_from_the_person_page_starts_with_occupation_and_case(
    client: TestClient, factory: Factory
) -> None:
    site = _start(client, factory)
    form = client.get("/recognitions/new", params={"person_id": site["person"]}).text
    assert 'value="Pflegefachfrau"' in form
    assert 'data-value="81302"' in form  # the KldB code, shown by its title
    # the case is picked from the person's cases, the open one chosen
    assert re.search(rf'<option value="{site["case"]}" selected>#{site["case"]} · ', form)
    assert 'name="case_id" type="number"' not in form


def test_the_recognition_page_names_the_country_and_drops_a_met_deadline(
    client: TestClient, factory: Factory
) -> None:
    site = _start(client, factory)
    made = client.post(
        "/recognitions",
        data={"csrf_token": site["token"], "person_id": str(site["person"]),
              "person_fixed": "1", "case_id": str(site["case"]),
              "reference_occupation": "Pflegefachfrau", "authority": "ksv_sachsen",
              "legal_basis": "federal", "training_country": "Syrien", "fee_cents": "150",
              "applied_on": "2026-11-02"},
        follow_redirects=False,
    )  # fmt: skip
    assert made.status_code == 303, made.text
    url = made.headers["location"].split("?")[0]
    page = client.get(url).text
    assert "Syrien" in page and ">SY<" not in page
    assert "Eingangsbestätigung fällig bis" in page
    edit = client.get(url + "/edit").text
    assert 'value="150,00"' in edit  # Babel, German
    form = {k: v for k, v in re.findall(r'name="([a-z_]+)"[^>]*value="([^"]*)"', edit)}
    form.update(csrf_token=site["token"], receipt_confirmed_on="2026-11-05",
                authority="ksv_sachsen", legal_basis="federal")  # fmt: skip
    saved = client.post(url + "/edit", data=form, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    page = client.get(url).text
    assert "Eingangsbestätigung fällig bis" not in page
    assert re.search(
        r"Eingang bestätigt</dt>\s*<dd id=\"receipt-due\"><time[^>]*>05\.11\.2026", page
    )


def test_the_history_writes_money_and_countries_as_people_do(
    client: TestClient, factory: Factory
) -> None:
    site = _start(client, factory)
    made = client.post(
        "/recognitions",
        data={"csrf_token": site["token"], "person_id": str(site["person"]),
              "person_fixed": "1", "reference_occupation": "Pflegefachfrau",
              "authority": "ksv_sachsen", "legal_basis": "federal",
              "training_country": "SY", "fee_cents": "150",
              "counsellor_id": str(site["user"])},
        follow_redirects=False,
    )  # fmt: skip
    url = made.headers["location"].split("?")[0]
    edit = client.get(url + "/edit").text
    form = {k: v for k, v in re.findall(r'name="([a-z_]+)"[^>]*value="([^"]*)"', edit)}
    form.update(csrf_token=site["token"], fee_cents="200,50", training_country="UA",
                authority="ksv_sachsen", legal_basis="federal",
                counsellor_id=str(site["user"]))  # fmt: skip
    assert client.post(url + "/edit", data=form, follow_redirects=False).status_code == 303
    page = client.get(url).text
    assert "15000" not in page and "Gebühren (Cent)" not in page
    assert "150,00\xa0€" in page and "200,50\xa0€" in page
    assert "Syrien" in page and "Ukraine" in page
