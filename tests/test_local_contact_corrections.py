"""Corrections of local contacts (issue 13), on SQLite and PostgreSQL (outside tests/packages,
whose fixtures run on SQLite only): the lead edits with the version, deletes with a reason in
place, undoes; over the API too; a counsellor may not."""

from __future__ import annotations

from fastapi.testclient import TestClient

from cases.packages import contacts
from cases.packages.schemas import LocalContactIn
from tests.conftest import Factory, csrf_from, login
from tests.employers.conftest import acting
from welcome.inputs import validate


def test_local_contacts_edited_deleted_restored(client: TestClient, factory: Factory) -> None:
    centre = factory.centre()
    lead = factory.user(role="lead", centre=centre, locale="en")
    counsellor = factory.user(centre=centre, locale="en")
    with acting(factory, lead) as db:
        office = contacts.create(db, data=validate(LocalContactIn, {"name": "Bürgeramt Aue"}))
    ident = office.id
    assert login(client, lead.email).status_code == 303
    page = client.get("/local-contacts").text
    token = csrf_from(page)
    htmx = {"HX-Request": "true", "X-CSRF-Token": token}
    form = client.get(f"/local-contacts/{ident}").text
    assert 'name="version" value="1"' in form
    renamed = {"csrf_token": token, "version": "1", "name": "Bürgeramt Aue-Bad Schlema"}
    saved = client.post(f"/local-contacts/{ident}", data=renamed, follow_redirects=False)
    assert saved.status_code == 303
    stale = client.post(f"/local-contacts/{ident}",
                        data={"csrf_token": token, "version": "1", "name": "spät"})  # fmt: skip
    assert stale.status_code == 409 and 'value="Bürgeramt Aue-Bad Schlema"' in stale.text
    asked = client.get(f"/local-contacts?delete={ident}", headers=htmx)
    assert asked.status_code == 200 and "<html" not in asked.text
    assert "Why is this entry deleted?" in asked.text
    refused = client.post(f"/local-contacts/{ident}/delete", data={"reason": ""}, headers=htmx)
    assert refused.status_code == 422 and "Please give a reason." in refused.text
    gone = client.post(f"/local-contacts/{ident}/delete", data={"reason": "geschlossen"},
                       headers=htmx)  # fmt: skip
    assert gone.status_code == 200 and "Bürgeramt Aue" not in gone.text
    page = client.get("/local-contacts").text
    assert "Deleted in the last 30 days" in page and "geschlossen" in page
    assert "Local contact: deleted" in page and "Change history" in page
    back = client.post(f"/local-contacts/{ident}/restore", data={"csrf_token": token},
                       follow_redirects=False)  # fmt: skip
    assert back.status_code == 303
    with acting(factory, lead) as db:
        listed = contacts.list_all(db)
        assert [c.id for c in listed] == [ident]
        version = listed[0].version  # an edit, a deletion and its undo: 4
    assert version == 4

    api = {"Authorization": f"Bearer {factory.token(lead)}"}
    theirs = {"Authorization": f"Bearer {factory.token(counsellor)}"}
    url = f"/api/v1/local-contacts/{ident}"
    assert client.patch(url, json={"phone": "03771 1"}, headers=theirs).status_code == 403
    wrong = client.patch(url, json={"email": "kein"}, headers=api)
    assert wrong.status_code == 422 and [e["field"] for e in wrong.json()["errors"]] == ["email"]
    done = client.patch(url, json={"phone": "03771 1", "version": version}, headers=api)
    assert done.status_code == 200 and done.json()["phone"] == "03771 1"
    assert done.json()["version"] == version + 1
    late = client.patch(url, json={"phone": "x", "version": version}, headers=api)
    assert late.status_code == 409 and late.json()["version"] == version + 1
    assert client.delete(url, headers=api).status_code == 422
    assert client.delete(f"{url}?reason=geschlossen", headers=theirs).status_code == 403
    assert client.delete(f"{url}?reason=geschlossen", headers=api).status_code == 204
    assert client.patch(url, json={"phone": "x"}, headers=api).status_code == 404
    restore = f"/api/v1/deleted/local-contacts/{ident}/restore"
    assert client.post(restore, headers=api).status_code == 200
    stranger = factory.user(role="lead", centre=factory.centre())
    other = {"Authorization": f"Bearer {factory.token(stranger)}"}
    assert client.patch(url, json={"phone": "x"}, headers=other).status_code == 404
