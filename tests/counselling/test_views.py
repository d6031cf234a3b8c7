"""The pages: register with the duplicate warning, the person page, a case with an in-place
contact (htmx), the case list, close/reopen, enquiries, and other centres' 404."""

from __future__ import annotations

import re
from datetime import timedelta

from fastapi.testclient import TestClient

from tests.conftest import Factory, csrf_from, login
from welcome import clock

TODAY = clock.today().isoformat()


def _logged_in(client: TestClient, factory: Factory, centre=None):  # type: ignore[no-untyped-def]
    user = factory.user(role="counsellor", centre=centre or factory.centre(), locale="en")
    assert login(client, user.email).status_code == 303
    return user


def _register(client: TestClient, token: str, **extra: str):  # type: ignore[no-untyped-def]
    data = {
        "csrf_token": token,
        "first_name": "Jürgen",
        "last_name": "Müller",
        "client_group": "returnee",
        "birth_year": "1980",
        **extra,
    }
    return client.post("/persons/new", data=data, follow_redirects=False)


def test_register_open_case_contact_close(client: TestClient, factory: Factory) -> None:
    _logged_in(client, factory)
    page = client.get("/persons/new")
    assert page.status_code == 200 and "Register a person" in page.text
    token = csrf_from(page.text)

    # errors at the field, typed values kept
    r = _register(client, token, birth_year="nineteen", occupation_kldb="12")
    assert r.status_code == 422
    assert 'value="nineteen"' in r.text and "A KldB 2010 code has five digits." in r.text

    r = _register(client, token, nationalities="UA")
    assert r.status_code == 303  # POST -> 303 -> GET
    person_url = r.headers["location"]
    page = client.get(person_url)
    assert page.status_code == 200 and "has been registered" in page.text
    assert "Ukraine" in page.text

    # edit: the form comes filled in; errors keep what was typed
    edit = client.get(f"{person_url}/edit")
    assert edit.status_code == 200 and 'value="Jürgen"' in edit.text
    r = client.post(
        f"{person_url}/edit",
        data={
            "csrf_token": token,
            "first_name": "Jürgen",
            "last_name": "Müller",
            "client_group": "domestic_mover",
            "previous_residence_country": "PL",
        },
    )
    assert r.status_code == 422 and "cannot have a previous residence abroad" in r.text
    r = client.post(
        f"{person_url}/edit",
        data={
            "csrf_token": token,
            "first_name": "Jürgen",
            "last_name": "Müller",
            "client_group": "returnee",
            "municipality": "Aue",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303 and "Aue" in client.get(person_url).text

    # a variant spelling: the warning, then "register anyway"
    r = _register(client, token, first_name="Juergen", last_name="Mueller")
    assert r.status_code == 200 and "Possible duplicates" in r.text
    assert f'href="{person_url}"' in r.text and 'name="confirm" value="1"' in r.text
    r = _register(client, token, first_name="Juergen", last_name="Mueller", confirm="1")
    assert r.status_code == 303

    # the top-bar search finds both
    found = client.get("/persons", params={"q": "muller"})
    assert found.text.count('href="/persons/') >= 2

    opened = (clock.today() - timedelta(days=5)).isoformat()
    r = client.post(
        f"{person_url}/cases",
        data={"csrf_token": token, "opened_on": opened, "referral_source": "self"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    case_url = r.headers["location"]
    assert "Log a contact" in client.get(case_url).text

    # htmx: the block comes back in place, without the page around it
    contact = {
        "csrf_token": token,
        "date": TODAY,
        "duration_minutes": "30",
        "channel": "phone",
        "topics": ["job_search", "housing"],
        "notes": "asked about jobs",
    }
    r = client.post(f"{case_url}/contacts", data=contact, headers={"HX-Request": "true"})
    assert r.status_code == 200
    assert 'id="case-contacts"' in r.text and "<html" not in r.text
    assert "asked about jobs" in r.text and "job search, housing" in r.text

    r = client.post(
        f"{case_url}/contacts",
        data={**contact, "duration_minutes": "700"},
        headers={"HX-Request": "true"},
    )
    # 422 with the block: htmx swaps it in place (htmx-config in base.html)
    assert r.status_code == 422 and "between 1 and 600 minutes" in r.text
    assert 'value="700"' in r.text and "<html" not in r.text

    # without htmx: 422 with the form, or 303
    tomorrow = (clock.today() + timedelta(days=1)).isoformat()
    r = client.post(f"{case_url}/contacts", data={**contact, "date": tomorrow})
    assert r.status_code == 422 and "cannot be in the future" in r.text
    assert f'value="{tomorrow}"' in r.text and 'value="30"' in r.text
    r = client.post(f"{case_url}/contacts", data={**contact, "date": "2999-01-01"})
    assert r.status_code == 422 and "Please enter a date between 1900 and 2099." in r.text
    r = client.post(f"{case_url}/contacts", data=contact, follow_redirects=False)
    assert r.status_code == 303

    # the referral's and the outcome's fields: the API's names, their own element ids
    r = client.post(
        f"{case_url}/referrals",
        data={"csrf_token": token, "date": opened, "partner": "nasa", "notes": "x" * 2001},
    )
    assert r.status_code == 422 and "Unknown code nasa." in r.text
    assert "At most 2000 characters." in r.text and 'id="e-referral-notes"' in r.text
    r = client.post(
        f"{case_url}/referrals",
        data={"csrf_token": token, "date": TODAY, "partner": "hwk"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    before = (clock.today() - timedelta(days=6)).isoformat()
    r = client.post(
        f"{case_url}/outcomes",
        data={"csrf_token": token, "date": before, "type": "job_taken_up"},
    )
    assert r.status_code == 422 and "before the case was opened" in r.text
    assert 'id="e-outcome-date"' in r.text and f'value="{before}"' in r.text
    r = client.post(
        f"{case_url}/outcomes",
        data={"csrf_token": token, "date": TODAY, "type": "job_taken_up"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    r = client.post(f"{case_url}/close", data={"csrf_token": token, "closed_on": TODAY})
    assert r.status_code == 422 and "reason for closing" in r.text
    # a date that cannot be read and a missing reason are named together, the typed date kept
    r = client.post(f"{case_url}/close", data={"csrf_token": token, "closed_on": "31.02.2026"})
    assert r.status_code == 422 and "reason for closing" in r.text
    assert "Please enter a valid date." in r.text and 'value="31.02.2026"' in r.text
    r = client.post(
        f"{case_url}/close",
        data={"csrf_token": token, "closed_on": TODAY, "reason": "goal_reached"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    page = client.get(case_url).text
    assert "Reopen case" in page and "Log a contact" not in page

    timeline = client.get(person_url).text
    order = [timeline.index(s) for s in ("Case opened", "Contact", "Referral", "Outcome")]
    assert order == sorted(order) and "Case closed" in timeline

    r = client.post(f"{case_url}/reopen", data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303 and "Case reopened" in client.get(case_url).text

    listing = client.get("/cases", params={"status": "open", "sort": "name", "order": "asc"})
    assert listing.status_code == 200 and "Müller, Jürgen" in listing.text
    r = client.get("/cases", params={"idle_days": "x"})
    assert r.status_code == 422 and "Please enter a whole number." in r.text
    assert 'value="x"' in r.text  # the typed filter kept
    r = client.get("/cases", params={"sort": "shoe", "status": ""})
    assert r.status_code == 422 and "Unknown code shoe." in r.text
    listing = client.get("/cases", params={"status": "", "client_group": "returnee"})
    assert listing.status_code == 200 and "Müller, Jürgen" in listing.text
    assert "Müller" in client.get("/").text  # the dashboard panel "My open cases"


def test_other_centres_pages_are_404(client: TestClient, factory: Factory) -> None:
    _logged_in(client, factory)
    token = csrf_from(client.get("/persons/new").text)
    person_url = _register(client, token).headers["location"]
    case_url = client.post(
        f"{person_url}/cases",
        data={"csrf_token": token, "opened_on": TODAY},
        follow_redirects=False,
    ).headers["location"]
    client.cookies.clear()
    _logged_in(client, factory)
    token = csrf_from(client.get("/persons/new").text)
    assert client.get(person_url).status_code == 404
    assert client.get(case_url).status_code == 404
    assert "Müller" not in client.get("/persons", params={"q": "muller"}).text
    for path in ("/contacts", "/referrals", "/outcomes", "/close", "/reopen"):
        assert client.post(case_url + path, data={"csrf_token": token}).status_code == 404
    assert client.post(f"{person_url}/cases", data={"csrf_token": token}).status_code == 404


def test_enquiry_page(client: TestClient, factory: Factory) -> None:
    _logged_in(client, factory)
    page = client.get("/enquiries/new")
    token = csrf_from(page.text)
    r = client.post("/enquiries/new", data={"csrf_token": token, "date": TODAY})
    assert r.status_code == 422 and "at least one topic" in r.text
    r = client.post(
        "/enquiries/new",
        data={"csrf_token": token, "date": TODAY, "channel": "phone", "topics": "housing"},
        follow_redirects=False,
    )
    assert r.status_code == 303


def test_statistician_sees_no_persons(client: TestClient, factory: Factory) -> None:
    user = factory.user(role="statistician", locale="en")
    login(client, user.email)
    assert client.get("/persons").status_code == 403
    assert 'action="/persons"' not in client.get("/").text


def test_person_page_forms_show_their_errors(client: TestClient, factory: Factory) -> None:
    """Opening a case and recording a consent sit on the person page (counselling's sections):
    a wrong post shows the whole page again, 422, the errors at that form's fields and what was
    typed; the other form stays as it was."""
    _logged_in(client, factory)
    token = csrf_from(client.get("/persons/new").text)
    person_url = _register(client, token).headers["location"]
    tomorrow = (clock.today() + timedelta(days=1)).isoformat()

    r = client.post(
        f"{person_url}/cases",
        data={"csrf_token": token, "opened_on": tomorrow, "referral_source": "employer"},
    )
    assert r.status_code == 422
    cases = r.text[r.text.index('id="h-cases"') : r.text.index('id="h-consents"')]
    assert "The date cannot be in the future." in cases and 'id="e-opened_on"' in cases
    assert f'value="{tomorrow}"' in cases and '<option value="employer" selected>' in cases
    consents = r.text[r.text.index('id="h-consents"') :]
    assert 'class="error"' not in consents
    assert 'id="h-details"' in r.text and 'id="h-welcome-package"' in r.text  # the whole page

    consent = {
        "csrf_token": token,
        "purpose": "case_file",
        "given_on": "31.02.2026",
        "sheet_version": "v" * 31,
        "sheet_language": "uk",
    }
    r = client.post(f"{person_url}/consents", data=consent)
    assert r.status_code == 422
    consents = r.text[r.text.index('id="h-consents"') :]
    assert "Please enter a valid date." in consents and 'value="31.02.2026"' in consents
    assert "At most 30 characters." in consents and '<option value="uk" selected>' in consents
    cases = r.text[r.text.index('id="h-cases"') : r.text.index('id="h-consents"')]
    assert 'class="error"' not in cases and f'value="{TODAY}"' in cases

    consent.update(given_on=TODAY, sheet_version="2026-01")
    r = client.post(f"{person_url}/consents", data=consent, follow_redirects=False)
    assert r.status_code == 303
    r = client.post(f"{person_url}/consents", data=consent)
    assert r.status_code == 422 and "A consent for this purpose is in force already." in r.text
    page = client.get(person_url).text
    assert "Consent given" in page
    withdraw = re.search(r'action="(/consents/\d+/withdraw)"', page)
    assert withdraw is not None
    r = client.post(withdraw.group(1), data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == person_url
    assert "Consent withdrawn" in client.get(person_url).text
    r = client.post(withdraw.group(1), data={"csrf_token": token})
    assert r.status_code == 409  # withdrawn already
