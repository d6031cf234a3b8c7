"""Corrections over the API (API.md "Corrections, merges, history") and in the pages (htmx in
place, a stale form, the confirmation of a second case, cancelling, a lead's undo)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import Factory, csrf_from, login
from welcome import clock
from welcome.accounts.models import Centre, User

TODAY = clock.today()
OPENED = TODAY - timedelta(days=30)


def _headers(factory: Factory, user: User) -> dict[str, str]:
    return {"Authorization": f"Bearer {factory.token(user)}", "Accept-Language": "en"}


def _case(client: TestClient, h: dict[str, str]) -> dict[str, Any]:
    person = client.post("/api/v1/persons", headers=h,
                         json={"first_name": "Ola", "last_name": "Nowak",
                               "client_group": "eu_immigrant"}).json()  # fmt: skip
    body = {"person_id": person["id"], "opened_on": OPENED.isoformat()}
    case = client.post("/api/v1/cases", headers=h, json=body).json()
    contact = client.post(f"/api/v1/cases/{case['id']}/contacts", headers=h,
                          json={"date": (OPENED + timedelta(days=5)).isoformat(),
                                "duration_minutes": 30, "channel": "phone",
                                "topics": ["job_search"]}).json()  # fmt: skip
    referral = client.post(f"/api/v1/cases/{case['id']}/referrals", headers=h,
                           json={"date": (OPENED + timedelta(days=5)).isoformat(),
                                 "partner": "job_centre"}).json()  # fmt: skip
    return {"person": person, "case": case, "contact": contact, "referral": referral}


def test_the_api_corrects_deletes_and_cancels(client: TestClient, factory: Factory) -> None:
    centre = factory.centre()
    counsellor = factory.user(role="counsellor", centre=centre, locale="en")
    lead = factory.user(role="lead", centre=centre, locale="en")
    h, hl = _headers(factory, counsellor), _headers(factory, lead)
    made = _case(client, h)
    contact, case = made["contact"], made["case"]
    assert contact["version"] == 1

    r = client.patch(f"/api/v1/contacts/{contact['id']}", headers=h,
                     json={"duration_minutes": 45, "version": 1})  # fmt: skip
    assert r.status_code == 200, r.text
    assert r.json()["duration_minutes"] == 45 and r.json()["version"] == 2
    assert r.json()["topics"] == ["job_search"]  # what was not sent stays
    r = client.patch(f"/api/v1/contacts/{contact['id']}", headers=h,
                     json={"duration_minutes": 50, "version": 1})  # fmt: skip
    assert r.status_code == 409 and r.headers["content-type"] == "application/problem+json"
    assert r.json()["version"] == 2
    r = client.patch(f"/api/v1/contacts/{contact['id']}", headers=h,
                     json={"date": (TODAY + timedelta(days=1)).isoformat()})  # fmt: skip
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "date"

    # a contact before the opening: 422 naming both dates
    early = (OPENED - timedelta(days=3)).isoformat()
    r = client.post(f"/api/v1/cases/{case['id']}/contacts", headers=h,
                    json={"date": early, "duration_minutes": 30, "channel": "phone",
                          "topics": ["housing"]})  # fmt: skip
    assert r.status_code == 422
    message = r.json()["errors"][0]["message"]
    assert early in message and OPENED.isoformat() in message

    r = client.patch(f"/api/v1/cases/{case['id']}", headers=h,
                     json={"opened_on": (OPENED - timedelta(days=10)).isoformat(),
                           "referral_source": "employer"})  # fmt: skip
    assert r.status_code == 200 and r.json()["referral_source"] == "employer"
    r = client.patch(f"/api/v1/cases/{case['id']}", headers=h,
                     json={"opened_on": TODAY.isoformat()})  # after the first entry  # fmt: skip
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "opened_on"

    assert (
        client.delete(f"/api/v1/referrals/{made['referral']['id']}", headers=h).status_code == 422
    )
    r = client.delete(f"/api/v1/referrals/{made['referral']['id']}", headers=h,
                      params={"reason": "wrong partner"})  # fmt: skip
    assert r.status_code == 204
    detail = client.get(f"/api/v1/cases/{case['id']}", headers=h).json()
    assert detail["referrals"] == [] and len(detail["contacts"]) == 1
    assert client.patch(f"/api/v1/referrals/{made['referral']['id']}", headers=h,
                        json={"partner": "ihk"}).status_code == 404  # fmt: skip

    history = client.get(f"/api/v1/cases/{case['id']}/history", headers=h).json()["items"]
    deleted = [i for i in history if i["action"] == "delete"]
    assert deleted and deleted[0]["entity"] == "referrals"
    assert {"field": "reason", "old": None, "new": "wrong partner"} in deleted[0]["changes"]
    assert any(i["entity"] == "contacts" and i["action"] == "update" for i in history)

    # one open case per person
    body = {"person_id": made["person"]["id"], "opened_on": TODAY.isoformat()}
    r = client.post("/api/v1/cases", headers=h, json=body)
    assert r.status_code == 409 and r.json()["open_case_id"] == case["id"]

    r = client.post(f"/api/v1/cases/{case['id']}/cancel", headers=h, json={"reason": "mistake"})
    assert r.status_code == 200
    assert client.get(f"/api/v1/cases/{case['id']}", headers=h).status_code == 404
    assert client.get("/api/v1/cases", headers=h).json()["total"] == 0
    assert client.post(f"/api/v1/cases/{case['id']}/restore", headers=h).status_code == 403
    r = client.post(f"/api/v1/cases/{case['id']}/restore", headers=hl)
    assert r.status_code == 200 and r.json() == {"kind": "cases", "id": case["id"]}
    assert len(client.get(f"/api/v1/cases/{case['id']}", headers=h).json()["contacts"]) == 1


def test_another_counsellor_may_not(client: TestClient, factory: Factory) -> None:
    centre = factory.centre()
    h = _headers(factory, factory.user(role="counsellor", centre=centre, locale="en"))
    other = _headers(factory, factory.user(role="counsellor", centre=centre, locale="en"))
    foreign = _headers(factory, factory.user(role="lead", centre=factory.centre(), locale="en"))
    made = _case(client, h)
    url = f"/api/v1/contacts/{made['contact']['id']}"
    assert client.patch(url, headers=other, json={"duration_minutes": 40}).status_code == 403
    assert client.delete(url, headers=other, params={"reason": "nope"}).status_code == 403
    assert client.patch(url, headers=foreign, json={"duration_minutes": 40}).status_code == 404


def _page(client: TestClient, factory: Factory, centre: Centre) -> tuple[dict[str, Any], str]:
    user = factory.user(role="counsellor", centre=centre, locale="en")
    made = _case(client, _headers(factory, user))
    assert login(client, user.email).status_code == 303
    page = client.get(f"/cases/{made['case']['id']}")
    return made, csrf_from(page.text)


def test_an_entry_is_corrected_in_place(client: TestClient, factory: Factory) -> None:
    made, token = _page(client, factory, factory.centre())
    case_id, contact = made["case"]["id"], made["contact"]
    hx = {"HX-Request": "true"}
    form = client.get(f"/cases/{case_id}", params={"edit": f"contacts:{contact['id']}"},
                      headers=hx)  # fmt: skip
    assert form.status_code == 200 and "<html" not in form.text
    assert f'action="/contacts/{contact["id"]}/edit"' in form.text
    assert 'name="version" value="1"' in form.text
    data = {"csrf_token": token, "date": (OPENED + timedelta(days=5)).isoformat(),
            "duration_minutes": "55", "channel": "phone", "topics": "job_search",
            "version": "1"}  # fmt: skip
    r = client.post(f"/contacts/{contact['id']}/edit", data=data, headers=hx)
    assert r.status_code == 200 and "55 minutes" in r.text and "<html" not in r.text
    assert "The entry has been corrected." in r.text
    # the same form again (opened at version 1): changed since, the stored values shown
    r = client.post(f"/contacts/{contact['id']}/edit", data={**data, "duration_minutes": "20"},
                    headers=hx)  # fmt: skip
    assert r.status_code == 409 and "changed since you opened it" in r.text
    assert 'name="version" value="2"' in r.text and 'value="55"' in r.text
    # delete with a reason (none: the form again with the error)
    url = f"/referrals/{made['referral']['id']}/delete"
    r = client.post(url, data={"csrf_token": token, "reason": ""}, headers=hx)
    assert r.status_code == 422 and "Please give a reason." in r.text
    r = client.post(url, data={"csrf_token": token, "reason": "wrong partner"},
                    follow_redirects=False)  # fmt: skip
    assert r.status_code == 303
    page = client.get(f"/cases/{case_id}")
    assert "Change history" in page.text and "wrong partner" in page.text
    assert page.text.count("tl-referral") == 0


def test_a_second_case_needs_a_confirmation(client: TestClient, factory: Factory) -> None:
    made, token = _page(client, factory, factory.centre())
    person_id, case_id = made["person"]["id"], made["case"]["id"]
    data = {"csrf_token": token, "opened_on": TODAY.isoformat()}
    r = client.post(f"/persons/{person_id}/cases", data=data, follow_redirects=False)
    assert r.status_code == 422
    assert f'href="/cases/{case_id}"' in r.text and 'name="allow_parallel"' in r.text
    r = client.post(f"/persons/{person_id}/cases", data={**data, "allow_parallel": "true"},
                    follow_redirects=False)  # fmt: skip
    assert r.status_code == 303 and r.headers["location"] != f"/cases/{case_id}"


def test_a_case_is_cancelled_and_a_lead_undoes_it(client: TestClient, factory: Factory) -> None:
    centre = factory.centre()
    made, token = _page(client, factory, centre)
    case_id = made["case"]["id"]
    page = client.get(f"/cases/{case_id}", params={"cancel": "1"})
    assert f'action="/cases/{case_id}/cancel"' in page.text
    r = client.post(f"/cases/{case_id}/cancel", data={"csrf_token": token, "reason": "mistake"},
                    follow_redirects=False)  # fmt: skip
    assert r.status_code == 303 and r.headers["location"] == f"/persons/{made['person']['id']}"
    assert client.get(f"/cases/{case_id}").status_code == 404
    lead = factory.user(role="lead", centre=centre, locale="en")
    client.post("/logout", data={"csrf_token": token})
    assert login(client, lead.email).status_code == 303
    person_page = client.get(f"/persons/{made['person']['id']}")
    assert "Cancelled cases" in person_page.text and "mistake" in person_page.text
    token = csrf_from(person_page.text)
    r = client.post(f"/deleted/cases/{case_id}/restore", data={"csrf_token": token},
                    follow_redirects=False)  # fmt: skip
    assert r.status_code == 303 and client.get(f"/cases/{case_id}").status_code == 200


def test_a_contact_before_the_opening_offers_to_move_it(
    client: TestClient, factory: Factory
) -> None:
    made, token = _page(client, factory, factory.centre())
    case_id = made["case"]["id"]
    early = (OPENED - timedelta(days=2)).isoformat()
    data = {"csrf_token": token, "date": early, "duration_minutes": "30", "channel": "phone",
            "topics": "housing"}  # fmt: skip
    r = client.post(f"/cases/{case_id}/contacts", data=data, headers={"HX-Request": "true"})
    assert r.status_code == 422 and 'name="move_opening"' in r.text
    r = client.post(f"/cases/{case_id}/contacts", data={**data, "move_opening": "true"},
                    follow_redirects=False)  # fmt: skip
    assert r.status_code == 303
    page = client.get(f"/cases/{case_id}")
    # the case now opens on the contact's day: both are dated so in the timeline
    assert page.text.count(f'<time datetime="{early}">') == 2


def test_a_consent_is_corrected_and_its_history_shown(client: TestClient, factory: Factory) -> None:
    centre = factory.centre()
    made, token = _page(client, factory, centre)
    person_id = made["person"]["id"]
    page = client.get(f"/persons/{person_id}")
    r = client.post(f"/persons/{person_id}/consents", data={
        "csrf_token": token, "purpose": "case_file", "given_on": OPENED.isoformat(),
        "sheet_version": "2026-01", "sheet_language": "de"}, follow_redirects=False)  # fmt: skip
    assert r.status_code == 303 and page.status_code == 200
    page = client.get(f"/persons/{person_id}")
    edit = re.search(r'href="(/consents/(\d+)/edit)"', page.text)
    assert edit is not None  # the case's counsellor may correct it
    form = client.get(edit.group(1), headers={"HX-Request": "true"})
    assert form.status_code == 200 and "<html" not in form.text and 'value="2026-01"' in form.text
    data = {"csrf_token": token, "purpose": "case_file", "given_on": OPENED.isoformat(),
            "sheet_version": "2026-02", "sheet_language": "de", "version": "1"}  # fmt: skip
    assert client.post(edit.group(1), data=data, follow_redirects=False).status_code == 303
    r = client.post(edit.group(1), data={**data, "sheet_version": "2026-03"})
    assert r.status_code == 409 and 'value="2026-02"' in r.text  # changed since: stored values
    url = f"/consents/{edit.group(2)}/delete"
    assert client.post(url, data={"csrf_token": token, "reason": ""}).status_code == 422
    r = client.post(url, data={"csrf_token": token, "reason": "wrong person"},
                    follow_redirects=False)  # fmt: skip
    assert r.status_code == 303
    page = client.get(f"/persons/{person_id}")
    assert "2026-01 → 2026-02" in page.text and "wrong person" in page.text
    assert f'href="/consents/{edit.group(2)}/edit"' not in page.text
