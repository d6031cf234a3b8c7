"""The employer pages: duplicate warning, typed values kept, htmx consultation, events."""

from __future__ import annotations

import re
from datetime import timedelta

from fastapi.testclient import TestClient

from tests.conftest import Factory, csrf_from, login
from tests.employers.conftest import add_person
from welcome import clock

TODAY = clock.today()
EN = {"Accept-Language": "en"}


def _logged_in(client: TestClient, factory: Factory) -> tuple[str, object]:
    centre = factory.centre()
    user = factory.user(centre=centre, locale="en")
    assert login(client, user.email).status_code == 303
    page = client.get("/employers/new")
    assert page.status_code == 200
    return csrf_from(page.text), centre


def _register(client: TestClient, token: str, **fields: str) -> object:
    return client.post(
        "/employers/new", data={"csrf_token": token, **fields}, follow_redirects=False
    )


def test_register_with_duplicate_warning_and_field_errors(
    client: TestClient, factory: Factory
) -> None:
    token, _centre = _logged_in(client, factory)
    first = _register(client, token, name="Müller GmbH", municipality="Aue", sector_code="C")
    assert first.status_code == 303  # type: ignore[attr-defined]
    location = first.headers["location"]  # type: ignore[attr-defined]
    assert re.fullmatch(r"/employers/\d+", location)

    warned = _register(client, token, name="Mueller G.m.b.H.", municipality="Zwönitz")
    assert warned.status_code == 200  # type: ignore[attr-defined]
    html = warned.text  # type: ignore[attr-defined]
    assert "This company may be registered already" in html
    assert f'href="{location}"' in html
    assert 'value="Mueller G.m.b.H."' in html and 'value="Zwönitz"' in html

    confirmed = _register(client, token, name="Mueller G.m.b.H.", confirm_duplicate="yes")
    assert confirmed.status_code == 303  # type: ignore[attr-defined]

    bad = _register(client, token, name="Neu GmbH", sector_code="Q9", size_band="10-49")
    assert bad.status_code == 422  # type: ignore[attr-defined]
    assert "Q9 is not a section or division of WZ 2008." in bad.text  # type: ignore[attr-defined]
    assert 'value="Q9"' in bad.text  # type: ignore[attr-defined]
    assert '<option value="10-49" selected>' in bad.text  # type: ignore[attr-defined]

    edit = client.get(f"{location}/edit")
    assert edit.status_code == 200 and "Edit the employer" in edit.text
    assert 'value="Müller GmbH"' in edit.text
    wrong = client.post(
        f"{location}/edit",
        data={"csrf_token": token, "name": "", "sector_code": "C"},
        follow_redirects=False,
    )
    assert wrong.status_code == 422 and "Please enter the company&#39;s name." in wrong.text
    assert "Edit the employer" in wrong.text
    saved = client.post(
        f"{location}/edit",
        data={"csrf_token": token, "name": "Müller GmbH", "sector_code": "25",
              "municipality": "Annaberg-Buchholz"},
        follow_redirects=False,
    )  # fmt: skip
    assert saved.status_code == 303
    assert "Annaberg-Buchholz" in client.get(location).text

    listing = client.get("/employers", params={"q": "müller"})
    assert listing.status_code == 200 and "2 employers" in listing.text
    assert client.get("/employers", params={"last_contact": "never"}).status_code == 200


def test_consultation_in_place_with_htmx(client: TestClient, factory: Factory) -> None:
    token, _centre = _logged_in(client, factory)
    location = _register(client, token, name="Kühn Metall").headers["location"]  # type: ignore[attr-defined]
    page = client.get(location)
    assert page.status_code == 200 and "Log a consultation" in page.text
    htmx = {"HX-Request": "true", "X-CSRF-Token": token}

    wrong = client.post(
        f"{location}/consultations",
        data={"date": TODAY.isoformat(), "duration_minutes": "700", "channel": "phone",
              "topics": ["onboarding", "funding"], "notes": "typed"},
        headers=htmx,
    )  # fmt: skip
    assert wrong.status_code == 422  # the block with errors, swapped in place (htmx-config)
    assert "<html" not in wrong.text and 'id="consultations"' in wrong.text
    assert "between 1 and 600 minutes" in wrong.text
    assert 'value="700"' in wrong.text and ">typed</textarea>" in wrong.text
    assert wrong.text.count("checked") == 2

    saved = client.post(
        f"{location}/consultations",
        data={"date": TODAY.isoformat(), "duration_minutes": "45", "channel": "phone",
              "topics": ["onboarding"], "follow_up_on": (TODAY + timedelta(days=3)).isoformat()},
        headers=htmx,
    )  # fmt: skip
    assert saved.status_code == 200
    assert "The consultation has been saved." in saved.text
    assert 'data-kind="consultation"' in saved.text and "onboarding" in saved.text

    plain = client.post(
        f"{location}/consultations",
        data={"csrf_token": token, "date": "tomorrow", "duration_minutes": "x", "channel": ""},
        follow_redirects=False,
    )
    assert plain.status_code == 422 and "<html" in plain.text
    assert "Please enter a valid date." in plain.text
    dashboard = client.get("/")
    assert "Employer follow-ups due" in dashboard.text and "Kühn Metall" in dashboard.text


def test_event_contact_need_and_placement_pages(client: TestClient, factory: Factory) -> None:
    token, centre = _logged_in(client, factory)
    location = _register(client, token, name="Pflege Plus").headers["location"]  # type: ignore[attr-defined]
    employer_id = location.rsplit("/", 1)[1]

    form = client.get("/events/new", params={"employer_id": employer_id})
    # the picker's chip
    assert f'data-chips="[[&#34;{employer_id}&#34;, &#34;Pflege Plus' in form.text
    bad = client.post(
        "/events/new",
        data={"csrf_token": token, "type": "mailing", "title": "Rundbrief",
              "date": TODAY.isoformat(), "employer_ids": [employer_id],
              "anonymous_companies": "-20"},
        follow_redirects=False,
    )  # fmt: skip
    assert bad.status_code == 422 and "Please enter a number of at least 0." in bad.text
    assert f'data-chips="[[&#34;{employer_id}&#34;, &#34;Pflege Plus' in bad.text
    made = client.post(
        "/events/new",
        data={"csrf_token": token, "type": "mailing", "title": "Rundbrief",
              "date": TODAY.isoformat(), "employer_ids": [employer_id],
              "anonymous_companies": "20"},
        follow_redirects=False,
    )  # fmt: skip
    assert made.status_code == 303
    event_page = client.get(made.headers["location"])
    assert "1 named and 20 anonymous companies: 21 in all" in event_page.text
    assert "Pflege Plus" in event_page.text
    assert "Rundbrief" in client.get("/events").text

    contact = client.post(
        f"{location}/contacts/new",
        data={"csrf_token": token, "name": "Anke Weber", "email": "a.weber@pflege.example",
              "consent_to_contact": "yes"},
        follow_redirects=False,
    )  # fmt: skip
    assert contact.status_code == 303
    need = client.post(
        f"{location}/hiring-needs/new",
        data={"csrf_token": token, "occupation": "Pflegefachkraft", "positions": "0"},
        follow_redirects=False,
    )
    assert need.status_code == 422 and "Please enter a number of at least 1." in need.text

    person = add_person(factory, centre, "Olena", "Koval")  # type: ignore[arg-type]
    placement_form = client.get(f"{location}/placements/new")  # the picker searches persons
    assert 'data-search="/pickers/persons"' in placement_form.text
    placement_form = client.get(f"{location}/placements/new", params={"person_id": person})
    assert f'data-value="{person}" value="Koval, Olena (#{person})"' in placement_form.text
    placed = client.post(
        f"{location}/placements/new",
        data={"csrf_token": token, "person_id": str(person), "type": "job",
              "starts_on": TODAY.isoformat(), "occupation": "Pflegefachkraft"},
        follow_redirects=False,
    )  # fmt: skip
    assert placed.status_code == 303
    page = client.get(location).text
    assert "Anke Weber" in page and "Olena Koval" in page and "Rundbrief" in page

    workshop = client.post(
        "/events/new",
        data={"csrf_token": token, "type": "workshop", "title": "Bewerbungstraining",
              "date": TODAY.isoformat(), "person_ids": [str(person)], "persons_reached": ""},
        follow_redirects=False,
    )  # fmt: skip
    assert workshop.status_code == 303
    shown = client.get(workshop.headers["location"]).text
    assert "Linked persons" in shown and "Olena Koval" in shown
    assert re.search(r"<dt>Persons reached</dt><dd>1</dd>", shown)


def test_pages_of_another_centre_are_404(client: TestClient, factory: Factory) -> None:
    other = factory.centre()
    stranger = factory.user(centre=other)
    token, _centre = _logged_in(client, factory)
    from tests.employers.conftest import acting
    from tests.employers.helpers import employer, event

    with acting(factory, stranger) as db:
        foreign = employer(db, "Fremd GmbH")
        made = event(db, title="Fremd")
    assert client.get(f"/employers/{foreign.id}").status_code == 404
    assert client.get(f"/events/{made.id}").status_code == 404
    posted = client.post(
        f"/employers/{foreign.id}/consultations",
        data={"csrf_token": token, "date": TODAY.isoformat(), "duration_minutes": "5",
              "channel": "phone"},
    )  # fmt: skip
    assert posted.status_code == 404
    assert "Fremd" not in client.get("/employers").text


def test_odd_numbers_on_the_event_form_are_field_errors(
    client: TestClient, factory: Factory
) -> None:
    """They were read by hand and answered 500 ("--5", "²", 30 digits overflowing a column)."""
    token, _centre = _logged_in(client, factory)
    base = {"csrf_token": token, "type": "workshop", "title": "W", "date": TODAY.isoformat()}
    for name in ("anonymous_companies", "persons_reached", "employer_ids", "person_ids"):
        for odd in ("--5", "²", "9" * 30, "-1"):
            answer = client.post("/events/new", data={**base, name: odd}, follow_redirects=False)
            assert answer.status_code == 422, (name, odd)
            assert f'id="e-{name}"' in answer.text, (name, odd)
            if name in ("anonymous_companies", "persons_reached"):
                assert f'value="{odd}"' in answer.text  # the typed value is kept
    bad_day = client.post("/events/new", data={**base, "date": "2026-02-30"})
    assert bad_day.status_code == 422 and "Please enter a valid date." in bad_day.text


def test_an_administrator_without_a_centre_is_told_why(
    client: TestClient, factory: Factory
) -> None:
    admin = factory.user(role="admin", locale="en")
    assert login(client, admin.email).status_code == 303
    token = csrf_from(client.get("/employers/new").text)
    refused = _register(client, token, name="Neu GmbH")
    assert refused.status_code == 422  # type: ignore[attr-defined]
    assert "Only a member of a centre can record this." in refused.text  # type: ignore[attr-defined]
    assert 'value="Neu GmbH"' in refused.text  # type: ignore[attr-defined]
