"""Corrections in the pages (issue 13): an entry of the employer page and an outreach event
edited and deleted in place with htmx (422 with the errors at the fields, 409 with the stored
values when changed since), without htmx by redirect; a lead's undo and the history."""

from __future__ import annotations

from fastapi.testclient import TestClient

from cases.employers import contacts, hiring_needs
from cases.employers.schemas import ContactPersonIn, HiringNeedIn
from tests.conftest import Factory, csrf_from, login
from tests.employers.conftest import acting
from tests.employers.helpers import employer, event
from welcome import clock
from welcome.accounts.models import User
from welcome.inputs import validate

TODAY = clock.today()


def _login(client: TestClient, user: User) -> str:
    assert login(client, user.email).status_code == 303
    return csrf_from(client.get("/employers/new").text)


def test_a_hiring_need_is_edited_and_deleted_in_place(client: TestClient, factory: Factory) -> None:
    centre = factory.centre()
    author = factory.user(centre=centre, locale="en")
    lead = factory.user(role="lead", centre=centre, locale="en")
    with acting(factory, author) as db:
        company = employer(db, "Kühn Metall GmbH")
        need = hiring_needs.create(
            db, employer=company, data=validate(HiringNeedIn, {"occupation": "Schweißer"})
        )
    token = _login(client, author)
    page_url = f"/employers/{company.id}"
    htmx = {"HX-Request": "true", "X-CSRF-Token": token}
    page = client.get(page_url).text
    assert f'hx-get="{page_url}?edit=hiring-needs:{need.id}&block=consultations"' in page
    assert "Change history" not in page  # for leads and the counsellors who consulted it

    opened = client.get(f"{page_url}?edit=hiring-needs:{need.id}&block=consultations",
                        headers=htmx)  # fmt: skip
    assert opened.status_code == 200 and "<html" not in opened.text
    assert 'id="consultations"' in opened.text and 'name="version" value="1"' in opened.text
    assert 'value="Schweißer"' in opened.text

    url = f"{page_url}/hiring-needs/{need.id}/edit"
    wrong = client.post(url, data={"version": "1", "occupation": "", "positions": "0"},
                        headers=htmx)  # fmt: skip
    assert wrong.status_code == 422 and "<html" not in wrong.text
    assert "Please enter the occupation." in wrong.text
    assert 'id="xe-positions"' in wrong.text and 'value="0"' in wrong.text

    saved = client.post(url, data={"version": "1", "occupation": "Schweißerin",
                                   "positions": "3"}, headers=htmx)  # fmt: skip
    assert saved.status_code == 200 and "The entry has been corrected." in saved.text
    assert "3 positions Schweißerin" in saved.text

    stale = client.post(url, data={"version": "1", "occupation": "Koch", "positions": "1"},
                        headers=htmx)  # fmt: skip
    assert stale.status_code == 409  # swapped in place (htmx-config), the stored values
    assert "changed since you opened it" in stale.text
    assert 'value="Schweißerin"' in stale.text and 'name="version" value="2"' in stale.text

    delete = f"{page_url}/hiring-needs/{need.id}/delete"
    asked = client.get(f"{page_url}?delete=hiring-needs:{need.id}&block=consultations",
                       headers=htmx)  # fmt: skip
    assert "Why is this entry deleted?" in asked.text and f'action="{delete}"' in asked.text
    refused = client.post(delete, data={"reason": ""}, headers=htmx)
    assert refused.status_code == 422 and "Please give a reason." in refused.text
    gone = client.post(delete, data={"reason": "doppelt erfasst"}, headers=htmx)
    assert gone.status_code == 200 and "The entry has been deleted." in gone.text
    assert "Schweißerin" not in gone.text

    token = _login(client, lead)
    lead_page = client.get(page_url).text
    assert "Deleted in the last 30 days" in lead_page and "doppelt erfasst" in lead_page
    assert "Change history" in lead_page and "Hiring need: deleted" in lead_page
    assert "Number of positions: 1 → 3" in lead_page
    back = client.post(f"{page_url}/hiring-needs/{need.id}/restore",
                       data={"csrf_token": token}, follow_redirects=False)  # fmt: skip
    assert back.status_code == 303
    assert "Schweißerin" in client.get(page_url).text


def test_a_contact_person_without_htmx_and_who_may(client: TestClient, factory: Factory) -> None:
    centre = factory.centre()
    author = factory.user(centre=centre, locale="en")
    colleague = factory.user(centre=centre, locale="en")
    with acting(factory, author) as db:
        company = employer(db, "Bäckerei Lange")
        person = contacts.create(
            db, employer=company, data=validate(ContactPersonIn, {"name": "Anna Roth"})
        )
    token = _login(client, colleague)
    page_url = f"/employers/{company.id}"
    assert f"?edit=contacts:{person.id}" not in client.get(page_url).text  # not theirs
    refused = client.post(f"{page_url}/contacts/{person.id}/edit",
                          data={"csrf_token": token, "name": "X"})  # fmt: skip
    assert refused.status_code == 403

    token = _login(client, author)
    form = client.get(f"{page_url}?edit=contacts:{person.id}").text
    assert "<html" in form and 'id="x-name"' in form and 'value="Anna Roth"' in form
    wrong = client.post(f"{page_url}/contacts/{person.id}/edit",
                        data={"csrf_token": token, "name": "Anna", "email": "kein"})  # fmt: skip
    assert wrong.status_code == 422 and "<html" in wrong.text and 'value="kein"' in wrong.text
    saved = client.post(
        f"{page_url}/contacts/{person.id}/edit",
        data={"csrf_token": token, "version": "1", "name": "Anna Roth-Berger",
              "consent_to_contact": "yes"},
        follow_redirects=False,
    )  # fmt: skip
    assert saved.status_code == 303 and saved.headers["location"] == page_url
    shown = client.get(page_url).text
    assert "Anna Roth-Berger" in shown and "Consents to be contacted (since" in shown
    other = factory.user(centre=factory.centre())
    with acting(factory, other) as db:
        foreign = employer(db, "Fremd GmbH")
    assert client.post(f"/employers/{foreign.id}/contacts/{person.id}/edit",
                       data={"csrf_token": token, "name": "X"}).status_code == 404  # fmt: skip


def test_an_event_is_edited_and_deleted_in_place(client: TestClient, factory: Factory) -> None:
    centre = factory.centre()
    author = factory.user(centre=centre, locale="en")
    lead = factory.user(role="lead", centre=centre, locale="en")
    with acting(factory, author) as db:
        a, b = employer(db, "A GmbH"), employer(db, "B KG")
        made = event(db, title="Werkstatt", employer_ids=[a.id], anonymous_companies=2)
    token = _login(client, author)
    htmx = {"HX-Request": "true", "X-CSRF-Token": token}
    url = f"/events/{made.id}"
    opened = client.get(f"{url}?edit=1", headers=htmx)
    assert opened.status_code == 200 and "<html" not in opened.text and 'id="event"' in opened.text
    assert 'value="Werkstatt"' in opened.text
    wrong = client.post(f"{url}/edit", data={"version": "1", "title": "", "type": "workshop",
                                             "date": TODAY.isoformat()}, headers=htmx)  # fmt: skip
    assert wrong.status_code == 422 and "Please enter a title." in wrong.text
    saved = client.post(
        f"{url}/edit",
        data={"version": "1", "title": "Jobmesse Aue", "type": "job_fair",
              "date": TODAY.isoformat(), "employer_ids": [str(a.id), str(b.id)],
              "anonymous_companies": "5", "persons_reached": "30"},
        headers=htmx,
    )  # fmt: skip
    assert saved.status_code == 200 and "<html" not in saved.text
    assert (
        "Jobmesse Aue" in saved.text and "2 named and 5 anonymous companies: 7 in all" in saved.text
    )
    refused = client.post(f"{url}/delete", data={"reason": "x"}, headers=htmx)
    assert refused.status_code == 422 and 'id="xe-reason"' in refused.text
    gone = client.post(f"{url}/delete", data={"reason": "gab es nicht"}, headers=htmx)
    assert gone.status_code == 200 and gone.headers["HX-Redirect"] == "/events"
    assert client.get(url).status_code == 404
    assert "Jobmesse Aue" not in client.get("/events").text

    token = _login(client, lead)
    listing = client.get("/events").text
    assert "Deleted in the last 30 days" in listing and "gab es nicht" in listing
    back = client.post(f"{url}/restore", data={"csrf_token": token}, follow_redirects=False)
    assert back.status_code == 303
    page = client.get(url).text
    assert "Change history" in page and "Title: Werkstatt → Jobmesse Aue" in page
    assert "deletion undone" in page  # the history names the undo
