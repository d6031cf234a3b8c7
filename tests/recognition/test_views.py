"""Pages: list, forms with field errors and typed values kept, procedure page, uploads,
deadline dashboard panel, calendar feed."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from cases.recognition import calendar, deadlines, due_lists, service
from tests.conftest import Factory, csrf_from, login
from tests.recognition.conftest import acting, create, make_person

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def site(client: TestClient, factory: Factory) -> dict[str, Any]:
    centre = factory.centre("Erzgebirge")
    counsellor = factory.user(role="counsellor", centre=centre, locale="en")
    person = make_person(factory, centre)
    assert login(client, counsellor.email).status_code == 303
    return {"centre": centre, "counsellor": counsellor, "person": person}


def _csrf(client: TestClient, path: str = "/recognitions/new") -> str:
    return csrf_from(client.get(path).text)


def test_create_form_keeps_typed_values_and_shows_errors(
    client: TestClient, site: dict[str, Any]
) -> None:
    form = {
        "csrf_token": _csrf(client),
        "person_id": str(site["person"]),
        "reference_occupation": "Pflegefachfrau",
        "authority": "ksv_sachsen",
        "legal_basis": "federal",
        "training_country": "UA",
        "fee_cents": "12x",  # typed in euros
        "decided_on": "2025-04-01",
        "applied_on": "",
    }
    response = client.post("/recognitions", data=form)
    assert response.status_code == 422
    html = response.text
    assert 'value="Pflegefachfrau"' in html
    assert 'data-value="UA" value="Ukraine"' in html  # the country picker, by its CLDR name
    assert 'value="12x"' in html
    assert re.search(r'id="e-fee_cents"', html)
    assert "Please enter an amount in euros, e.g. 120.50." in html
    # the order of the steps is checked once every field can be read
    form.update(fee_cents="120,50")
    response = client.post("/recognitions", data=form)
    assert response.status_code == 422
    html = response.text
    assert 'value="120,50"' in html and 'value="2025-04-01"' in html
    assert re.search(r'id="e-decided_on"', html)
    assert "This date needs the application date first." in html

    form.update(decided_on="", applied_on="2025-01-31")
    created = client.post("/recognitions", data=form, follow_redirects=False)
    assert created.status_code == 303
    page = client.get(created.headers["location"])
    assert page.status_code == 200
    assert "Pflegefachfrau" in page.text
    assert 'datetime="2025-02-28"' in page.text  # receipt due, shown on the procedure page
    assert "120.5" in page.text


def test_mark_documents_complete_and_upload_on_the_procedure_page(
    client: TestClient, factory: Factory, site: dict[str, Any]
) -> None:
    with acting(factory, site["counsellor"]) as db:
        pid = create(
            db,
            person_id=site["person"],
            reference_occupation="Elektroniker",
            authority="hwk_dresden",
            applied_on=due_lists.today() - timedelta(days=80),
        ).id
    token = _csrf(client, f"/recognitions/{pid}")
    early = client.post(
        f"/recognitions/{pid}/step",
        data={
            "csrf_token": token,
            "step": "documents_complete_on",
            "documents_complete_on": "2000-01-01",
        },
    )
    assert early.status_code == 422
    assert "This date cannot be before the application." in early.text
    assert 'value="2000-01-01"' in early.text
    done = client.post(
        f"/recognitions/{pid}/step",
        data={
            "csrf_token": token,
            "step": "documents_complete_on",
            "documents_complete_on": due_lists.today().isoformat(),
        },
        follow_redirects=False,
    )
    assert done.status_code == 303
    with acting(factory, site["counsellor"]) as db:
        proc = service.get(db, procedure_id=pid)
        assert proc.documents_complete_on == due_lists.today()
        assert proc.decision_due_on is not None

    bad = client.post(
        f"/recognitions/{pid}/documents",
        data={"csrf_token": token, "kind": "certificate"},
        files={"file": ("virus.pdf", b"MZ\x90\x00" * 10, "application/pdf")},
    )
    assert bad.status_code == 422
    assert "Only PDF, JPEG and PNG files can be uploaded." in bad.text
    good = client.post(
        f"/recognitions/{pid}/documents",
        data={"csrf_token": token, "kind": "certificate"},
        files={"file": ("diploma.pdf", PDF, "application/pdf")},
        follow_redirects=False,
    )
    assert good.status_code == 303
    page = client.get(f"/recognitions/{pid}").text
    link = re.search(rf'href="(/recognitions/{pid}/documents/\d+)">diploma.pdf<', page)
    assert link is not None
    assert client.get(link.group(1)).content == PDF
    assert "Change history" in page and "Document: created" in page  # the shared history
    # the file name is personal text: the history says it changed, never what it is (README,
    # "Deletion concept"); the list of documents above still names the file
    history = page[page.index("Change history") :]
    assert "File: changed (text not recorded)" in history and "diploma.pdf" not in history
    assert "Documents: changed (text not recorded)" in history  # the procedure's own entry


def test_dashboard_panel_and_deadline_page(
    client: TestClient, factory: Factory, site: dict[str, Any]
) -> None:
    with acting(factory, site["counsellor"]) as db:
        create(
            db,
            person_id=site["person"],
            reference_occupation="Overdue occupation",
            authority="zab",
            applied_on=due_lists.today() - timedelta(days=60),
        )
        create(
            db,
            person_id=site["person"],
            reference_occupation="Waiting occupation",
            authority="zab",
            applied_on=due_lists.today() - timedelta(days=3),
            receipt_confirmed_on=due_lists.today(),
            documents_requested_on=due_lists.today(),
        )
    dashboard = client.get("/").text
    assert "Recognition deadlines" in dashboard
    overdue = dashboard.split('id="dl-overdue-panel"')[1].split("</section>")[0]
    assert "Overdue occupation" in overdue
    waiting = dashboard.split('id="dl-waiting-panel"')[1].split("</section>")[0]
    assert "Waiting occupation" in waiting and "Overdue occupation" not in waiting
    page = client.get("/recognitions/deadlines")
    assert page.status_code == 200 and "Overdue occupation" in page.text
    listing = client.get("/recognitions").text
    assert listing.index("Overdue occupation") < listing.index("Waiting occupation")


def test_other_centre_sees_404(client: TestClient, factory: Factory, site: dict[str, Any]) -> None:
    with acting(factory, site["counsellor"]) as db:
        pid = create(
            db, person_id=site["person"], reference_occupation="Koch", authority="ihk_fosa"
        ).id
    other = factory.centre("Dresden")
    stranger = factory.user(role="lead", centre=other, locale="en")
    client.cookies.clear()
    assert login(client, stranger.email).status_code == 303
    assert client.get(f"/recognitions/{pid}").status_code == 404
    assert client.get(f"/recognitions/{pid}/edit").status_code == 404
    assert "Koch" not in client.get("/recognitions?mine=0").text


def test_person_page_lists_procedures_and_starts_one_for_the_person(
    client: TestClient, factory: Factory, site: dict[str, Any]
) -> None:
    person = site["person"]
    page = client.get(f"/persons/{person}").text
    assert "Recognition procedures" in page and "No procedures yet." in page
    assert f'href="/recognitions/new?person_id={person}"' in page

    form_page = client.get(f"/recognitions/new?person_id={person}").text
    # the person is fixed and named: no list of persons to search through
    assert f'<a href="/persons/{person}">Olena Koval</a>' in form_page
    assert 'name="person_fixed" value="1"' in form_page
    assert 'id="f-person_id"' not in form_page
    form = {
        "csrf_token": csrf_from(form_page),
        "person_id": str(person),
        "person_fixed": "1",
        "reference_occupation": "",
        "authority": "ksv_sachsen",
        "legal_basis": "federal",
    }
    failed = client.post("/recognitions", data=form)
    assert failed.status_code == 422 and "Olena Koval" in failed.text  # still fixed
    form["reference_occupation"] = "Pflegefachfrau"
    assert client.post("/recognitions", data=form, follow_redirects=False).status_code == 303
    page = client.get(f"/persons/{person}").text
    assert "Pflegefachfrau" in page and "No procedures yet." not in page

    # a person of another centre is never named, only the usual choice is offered
    stranger = make_person(factory, factory.centre("Dresden"), first="Ivan", last="Petrenko")
    other = client.get(f"/recognitions/new?person_id={stranger}").text
    assert "Petrenko" not in other and 'id="f-person_id"' in other


def test_calendar_feed_secret_url_and_revocation(
    client: TestClient, factory: Factory, site: dict[str, Any]
) -> None:
    with acting(factory, site["counsellor"]) as db:
        create(
            db,
            person_id=site["person"],
            reference_occupation="Zahnärztin, Fachgebiet Kieferorthopädie; sehr langer Titel",
            authority="ld_sachsen_licences",
            applied_on=due_lists.today(),
            documents_complete_on=due_lists.today(),
        )
    token = _csrf(client, "/recognitions/calendar")
    page = client.post("/recognitions/calendar", data={"csrf_token": token})
    assert page.status_code == 200
    url = re.search(r'value="(http[^"]+\.ics)"', page.text)
    assert url is not None
    path = url.group(1).split("testserver", 1)[1]

    client.cookies.clear()  # no login needed
    feed = client.get(path)
    assert feed.status_code == 200
    assert feed.headers["content-type"].startswith("text/calendar")
    raw = feed.content
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")  # CRLF only
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    assert raw.count(b"BEGIN:VEVENT") == 2  # receipt and decision
    unfolded = raw.replace(b"\r\n ", b"").decode()
    receipt = deadlines.receipt_due_on(applied_on=due_lists.today(), accelerated=False)
    assert f"DTSTART;VALUE=DATE:{receipt:%Y%m%d}" in unfolded
    assert f"DTEND;VALUE=DATE:{receipt + timedelta(days=1):%Y%m%d}" in unfolded
    assert "UID:recognition-" in unfolded
    assert "Koval" not in unfolded and "Olena" not in unfolded  # no person names
    assert "Kieferorthop\u00e4die\\; sehr langer Titel" in unfolded  # escaped, unfolded intact

    # revoke: the old address stops working
    assert login(client, site["counsellor"].email).status_code == 303
    token = _csrf(client, "/recognitions/calendar")
    client.post("/recognitions/calendar/revoke", data={"csrf_token": token})
    client.cookies.clear()
    assert client.get(path).status_code == 404
    assert client.get("/calendar/cal_guessed.ics").status_code == 404


def test_fold_never_splits_a_character() -> None:
    line = "SUMMARY:" + "ä" * 100
    folded = calendar.fold(line)
    parts = folded.encode().split(b"\r\n")
    assert all(len(p) <= 75 for p in parts)
    assert folded.replace("\r\n ", "") == line
    for part in parts:
        part.decode()  # each physical line is valid UTF-8


def test_ical_text_escapes_every_line_break_and_drops_controls() -> None:
    """A name with U+2028, NEL, VT… cannot start a property of its own in the feed."""
    name = "Olena\u2028END:VEVENT\x85X\x0bY\x0cZ\u2029W\rV\nU\x00T\x1bS\tR;Q,P\\O"
    event = calendar.Event(
        uid="x@welcome",
        day=date(2026, 12, 1),
        summary=name,
        description=name,
        url="https://welcome.example/recognitions/1",
    )
    feed = calendar.render([event], name=name)
    unfolded = feed.replace("\r\n ", "")
    # Python's splitlines knows every line break a calendar program might: none inside a value
    assert len(unfolded.splitlines()) == len(unfolded.split("\r\n")) - 1
    summary = next(line for line in unfolded.split("\r\n") if line.startswith("SUMMARY:"))
    assert summary == ("SUMMARY:Olena\\nEND:VEVENT\\nX\\nY\\nZ\\nW\\nV\\nUTS\tR\\;Q\\,P\\\\O")


def test_edit_form_roundtrip_follows_the_dates(
    client: TestClient, factory: Factory, site: dict[str, Any]
) -> None:
    with acting(factory, site["counsellor"]) as db:
        pid = create(
            db,
            person_id=site["person"],
            reference_occupation="Erzieherin",
            authority="lasub",
            legal_basis="state",
            applied_on=due_lists.today() - timedelta(days=10),
            fee_cents=12050,
        ).id
    page = client.get(f"/recognitions/{pid}/edit").text
    form = {
        name: value
        for name, value in re.findall(r'name="([a-z_]+)"[^>]*?value="([^"]*)"', page)
        if name != "csrf_token"
    }
    assert form["fee_cents"] == "120.50"
    form.update(
        csrf_token=csrf_from(page),
        authority="lasub",
        legal_basis="state",
        documents_complete_on=due_lists.today().isoformat(),
        status="",
    )
    saved = client.post(f"/recognitions/{pid}/edit", data=form, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    with acting(factory, site["counsellor"]) as db:
        proc = service.get(db, procedure_id=pid)
        assert proc.status == "in_review"
        assert proc.fee_cents == 12050
        assert proc.decision_due_on is not None
    form.update(csrf_token=csrf_from(page), extension_months="5")
    bad = client.post(f"/recognitions/{pid}/edit", data=form)
    assert bad.status_code == 422
    assert 'id="e-extension_months"' in bad.text and 'value="5"' in bad.text


def test_suspension_forms_show_their_errors_at_their_fields(
    client: TestClient, factory: Factory, site: dict[str, Any]
) -> None:
    applied = due_lists.today() - timedelta(days=20)
    with acting(factory, site["counsellor"]) as db:
        pid = create(
            db,
            person_id=site["person"],
            reference_occupation="Bäcker",
            authority="hwk_chemnitz",
            applied_on=applied,
            documents_complete_on=applied,
        ).id
    token = _csrf(client, f"/recognitions/{pid}")
    early = client.post(
        f"/recognitions/{pid}/suspensions",
        data={"csrf_token": token, "starts_on": "2000-01-01", "reason": "authenticity_check"},
    )
    assert early.status_code == 422
    assert 'id="e-starts_on"' in early.text and 'value="2000-01-01"' in early.text
    made = client.post(
        f"/recognitions/{pid}/suspensions",
        data={"csrf_token": token, "starts_on": applied.isoformat(), "reason": "other"},
        follow_redirects=False,
    )
    assert made.status_code == 303
    page = client.get(f"/recognitions/{pid}").text
    action = re.search(rf'action="(/recognitions/{pid}/suspensions/\d+/end)"', page)
    assert action is not None
    before = (applied - timedelta(days=1)).isoformat()
    bad = client.post(action.group(1), data={"csrf_token": token, "ends_on": before})
    assert bad.status_code == 422
    # the end form's own field (the new suspension's "ends_on" stays untouched)
    assert 'id="e-suspension_ends_on"' in bad.text and 'id="e-ends_on"' not in bad.text
    assert "The suspension cannot end before it starts." in bad.text
    assert f'value="{before}"' in bad.text
    ended = client.post(
        action.group(1),
        data={"csrf_token": token, "ends_on": due_lists.today().isoformat()},
        follow_redirects=False,
    )
    assert ended.status_code == 303
    assert (
        client.post(
            f"/recognitions/{pid}/step", data={"csrf_token": token, "step": "decided_on"}
        ).status_code
        == 422
    )
