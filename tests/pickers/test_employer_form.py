"""The employer form's sector picker (issue 18, point 2): WZ classes searched by title in the
chosen version (`/pickers/sectors?version=`), the code stored with its version; without
JavaScript a code or an exact title is understood. The form stays small."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.conftest import Factory, csrf_from, login

MAX_FORM_BYTES = 30 * 1024


def _lead(client: TestClient, factory: Factory) -> str:
    user = factory.user(centre=factory.centre(), locale="de")
    assert login(client, user.email).status_code == 303
    page = client.get("/employers/new")
    assert page.status_code == 200
    return csrf_from(page.text)


def test_the_employer_form_is_small_and_searches_sectors_in_its_version(
    client: TestClient, factory: Factory
) -> None:
    _lead(client, factory)
    page = client.get("/employers/new")
    assert len(page.content) < MAX_FORM_BYTES, len(page.content)
    field = re.search(r'<input id="f-sector_code"[^>]*>', page.text)
    assert field is not None, page.text
    assert 'data-search="/pickers/sectors"' in field.group(0)
    assert 'data-search-with="version=sector_version"' in field.group(0)
    # the version select comes first: the search asks in the chosen version
    assert page.text.index('id="f-sector_version"') < page.text.index('id="f-sector_code"')
    assert "/static/js/combobox.js" in page.text
    found = client.get("/pickers/sectors", params={"q": "Gastronomie", "version": "2025"})
    assert found.status_code == 200
    assert any(i["value"] == "56" for i in found.json()["items"])


def test_without_javascript_a_title_or_a_code_is_stored_with_its_version(
    client: TestClient, factory: Factory
) -> None:
    token = _lead(client, factory)
    answer = client.post(
        "/employers/new",
        data={
            "csrf_token": token,
            "name": "Gasthof Erzgebirge",
            "sector_version": "2008",
            "sector_code": "gastronomie",  # an exact title, typed without the picker
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    edit = client.get(answer.headers["location"] + "/edit").text
    assert 'data-value="56" value="Gastronomie"' in edit
    assert '<option value="2008" selected>' in edit
    # the same title shown in the edit form goes back unchanged: still division 56
    again = client.post(
        answer.headers["location"] + "/edit",
        data={
            "csrf_token": csrf_from(edit),
            "name": "Gasthof Erzgebirge",
            "sector_version": "2025",
            "sector_code": "56.30.9",
        },
        follow_redirects=False,
    )
    assert again.status_code == 303, again.text
    assert 'data-value="56.30.9"' in client.get(answer.headers["location"] + "/edit").text
    refused = client.post(
        "/employers/new",
        data={
            "csrf_token": token,
            "name": "Autohaus",
            "sector_version": "2025",
            "sector_code": "45",  # no longer a division in WZ 2025
        },
    )
    assert refused.status_code == 422
    assert 'aria-invalid="true"' in refused.text and "WZ 2025" in refused.text
