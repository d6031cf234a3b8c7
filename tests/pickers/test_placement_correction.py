"""The placement correction on the employer page picks the person with the persons picker
(the server searches; issue 18, point 2) instead of listing up to 1,000 persons."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.conftest import Factory, csrf_from, login
from welcome import clock


def test_the_placement_correction_searches_the_person(client: TestClient, factory: Factory) -> None:
    user = factory.user(centre=factory.centre(), locale="de")
    h = {"Authorization": f"Bearer {factory.token(user)}", "Accept-Language": "de"}
    ids = []
    for first, last in (("Ola", "Nowak"), ("Rami", "Haddad"), ("Lena", "Zuckerberg")):
        body = {"first_name": first, "last_name": last, "client_group": "eu_immigrant"}
        answer = client.post("/api/v1/persons", headers=h, json=body)
        assert answer.status_code == 201, answer.text
        ids.append(answer.json()["id"])
    company = client.post("/api/v1/employers", headers=h, json={"name": "Kühn GmbH"}).json()
    body = {"person_id": ids[0], "type": "job", "starts_on": clock.today().isoformat(),
            "occupation": "Schweißer"}  # fmt: skip
    placement = client.post(f"/api/v1/employers/{company['id']}/placements", headers=h, json=body)
    assert placement.status_code == 201, placement.text
    pid = placement.json()["id"]

    assert login(client, user.email).status_code == 303
    page_url = f"/employers/{company['id']}"
    token = csrf_from(client.get(page_url).text)
    hx = {"HX-Request": "true", "X-CSRF-Token": token}
    form = client.get(f"{page_url}?edit=placements:{pid}&block=consultations", headers=hx).text
    field = re.search(r'<input id="x-person_id"[^>]*>', form)
    assert field is not None, form
    assert 'data-search="/pickers/persons"' in field.group(0)
    assert f'data-value="{ids[0]}" value="Nowak, Ola (#{ids[0]})"' in field.group(0)
    assert "Haddad" not in form and "Zuckerberg" not in form  # no list of persons
    assert '<select id="x-person_id"' not in form
    # the search the picker asks
    found = client.get("/pickers/persons", params={"q": "hadad"}).json()["items"]
    assert [i["value"] for i in found] == [ids[1]]

    url = f"{page_url}/placements/{pid}/edit"
    data = {"version": "1", "person_id": str(ids[1]), "type": "job",
            "starts_on": clock.today().isoformat(), "occupation": "Schweißer"}  # fmt: skip
    saved = client.post(url, data=data, headers=hx)
    assert saved.status_code == 200, saved.text
    again = client.get(f"{page_url}?edit=placements:{pid}&block=consultations", headers=hx).text
    assert f'data-value="{ids[1]}" value="Haddad, Rami (#{ids[1]})"' in again
    # an unknown number: the error at the field, what was typed kept
    wrong = client.post(url, data={**data, "version": "2", "person_id": "999999"}, headers=hx)
    assert wrong.status_code == 422
    assert 'id="x-person_id-error"' in wrong.text and 'data-value="999999"' in wrong.text
