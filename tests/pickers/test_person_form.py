"""The person form with its pickers: small (the long lists are fetched, not sent), and usable
without JavaScript (names or codes typed into the plain fields)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import Factory, csrf_from, login

MAX_FORM_BYTES = 30 * 1024


def _counsellor(client: TestClient, factory: Factory) -> None:
    centre = factory.centre()
    user = factory.user(centre=centre)
    assert login(client, user.email).status_code == 303


def test_the_person_form_stays_under_30_kib(client: TestClient, factory: Factory) -> None:
    _counsellor(client, factory)
    page = client.get("/persons/new")
    assert page.status_code == 200
    assert len(page.content) < MAX_FORM_BYTES, len(page.content)
    # no country or language is listed in the page; the pickers fetch them
    assert "Afghanistan" not in page.text and "Abchasisch" not in page.text
    assert 'data-source="/pickers/countries"' in page.text
    assert 'data-source="/pickers/languages"' in page.text
    # the states by name, in a plain select
    assert ">Sachsen</option>" in page.text and ">DE-SN<" not in page.text


def test_without_javascript_names_and_codes_are_understood(
    client: TestClient, factory: Factory
) -> None:
    _counsellor(client, factory)
    token = csrf_from(client.get("/persons/new").text)
    data = {
        "csrf_token": token,
        "first_name": "Rami",
        "last_name": "Haddad",
        "client_group": "third_country_immigrant",
        "nationalities": "Syrien, tr",  # the plain text field: names or codes, commas
        "previous_residence_country": "Türkei",
        "preferred_language": "Arabisch",
        "counselling_language": "en",
        "occupation_kldb": "Koch/Köchin",
    }
    answer = client.post("/persons/new", data=data, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    edit = client.get(answer.headers["location"] + "/edit").text
    assert (
        'data-chips="[[&#34;SY&#34;, &#34;Syrien&#34;], [&#34;TR&#34;, &#34;T\\u00fcrkei&#34;]]"'
        in edit
    )
    assert 'data-value="TR" value="Türkei"' in edit
    assert 'data-value="ar" value="Arabisch"' in edit
    assert 'data-value="29302"' in edit  # Koch/Köchin, shown by its Berufsgattung's title
    page = client.get(answer.headers["location"]).text
    assert "Syrien" in page and "Türkei" in page


def test_unknown_names_and_codes_are_refused_at_their_field(
    client: TestClient, factory: Factory
) -> None:
    _counsellor(client, factory)
    token = csrf_from(client.get("/persons/new").text)
    data = {
        "csrf_token": token,
        "first_name": "Rami",
        "last_name": "Haddad",
        "client_group": "returnee",
        "nationalities": "Syrien, Atlantis",
        "occupation_kldb": "99999",
    }
    answer = client.post("/persons/new", data=data)
    assert answer.status_code == 422
    assert "Unbekannter Ländercode Atlantis." in answer.text
    assert "99999 ist kein Schlüssel der KldB 2010 (Fassung 2020)." in answer.text  # translated
    # the typed values come back: the known one as a chip, the unknown one as typed
    assert "[&#34;Atlantis&#34;, &#34;Atlantis&#34;]" in answer.text
