"""The enquiry form and the contact correction form pick the language with the languages
combobox (document languages and the centre's most used first, fetched from /pickers/languages)
instead of listing every language; without JavaScript a name or a code is understood."""

from __future__ import annotations

import re
from datetime import timedelta

from fastapi.testclient import TestClient

from tests.conftest import Factory, csrf_from, login
from welcome import clock

TODAY = clock.today().isoformat()


def _counsellor(client: TestClient, factory: Factory) -> tuple[dict[str, str], str]:
    user = factory.user(role="counsellor", centre=factory.centre(), locale="de")
    assert login(client, user.email).status_code == 303
    h = {"Authorization": f"Bearer {factory.token(user)}", "Accept-Language": "de"}
    return h, csrf_from(client.get("/enquiries/new").text)


def _no_language_list(html: str) -> None:
    assert "Abchasisch" not in html and "Zulu" not in html  # no full list of <option>s
    assert html.count("<option") < 40


def test_the_enquiry_form_picks_the_language(client: TestClient, factory: Factory) -> None:
    _h, token = _counsellor(client, factory)
    page = client.get("/enquiries/new").text
    _no_language_list(page)
    field = re.search(r'<input id="f-language"[^>]*>', page)
    assert field is not None and 'data-source="/pickers/languages"' in field.group(0)
    # the picker's list: the document languages first (German, English, Arabic …)
    items = client.get("/pickers/languages").json()["items"]
    assert [i["value"] for i in items[:2]] == ["de", "en"] and len(items) > 100
    data = {"csrf_token": token, "date": TODAY, "channel": "phone", "topics": "housing"}
    r = client.post("/enquiries/new", data={**data, "language": "Arabisch"},
                    follow_redirects=False)  # fmt: skip
    assert r.status_code == 303, r.text
    r = client.post("/enquiries/new", data={**data, "language": "Klingonisch-Nord"})
    assert r.status_code == 422
    # what was typed comes back in the field, marked
    assert 'value="Klingonisch-Nord"' in r.text and 'aria-invalid="true"' in r.text


def test_the_contact_correction_form_picks_the_language(
    client: TestClient, factory: Factory
) -> None:
    h, token = _counsellor(client, factory)
    person = client.post("/api/v1/persons", headers=h,
                         json={"first_name": "Ola", "last_name": "Nowak",
                               "client_group": "eu_immigrant"}).json()  # fmt: skip
    opened = clock.today() - timedelta(days=30)
    body = {"person_id": person["id"], "opened_on": opened.isoformat()}
    case = client.post("/api/v1/cases", headers=h, json=body).json()
    contact = client.post(f"/api/v1/cases/{case['id']}/contacts", headers=h,
                          json={"date": opened.isoformat(), "duration_minutes": 30,
                                "channel": "phone", "topics": ["job_search"],
                                "language": "uk"}).json()  # fmt: skip
    hx = {"HX-Request": "true"}
    form = client.get(f"/cases/{case['id']}", params={"edit": f"contacts:{contact['id']}"},
                      headers=hx).text  # fmt: skip
    _no_language_list(form)
    field = re.search(r'<input id="x-language"[^>]*>', form)
    assert field is not None, form
    assert 'data-source="/pickers/languages"' in field.group(0)
    assert 'data-value="uk" value="Ukrainisch"' in field.group(0)
    assert '<label for="x-language">' in form
    # the whole page: the correction's field and the new-contact form's field have their own ids
    page = client.get(f"/cases/{case['id']}", params={"edit": f"contacts:{contact['id']}"}).text
    assert page.count('id="x-language"') == 1 and page.count('id="f-language"') == 1
    data = {"csrf_token": token, "date": opened.isoformat(), "duration_minutes": "30",
            "channel": "phone", "topics": "job_search", "version": "1",
            "language": "Polnisch"}  # fmt: skip
    r = client.post(f"/contacts/{contact['id']}/edit", data=data, headers=hx)
    assert r.status_code == 200, r.text
    again = client.get(f"/cases/{case['id']}", params={"edit": f"contacts:{contact['id']}"},
                       headers=hx).text  # fmt: skip
    assert 'data-value="pl" value="Polnisch"' in again
