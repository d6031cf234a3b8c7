"""The person page with what other areas add: placements on the timeline, the welcome package."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from cases.employers import placements as employer_placements
from cases.employers import service as employers
from cases.employers.schemas import EmployerIn, PlacementIn
from cases.packages import service as packages
from cases.packages.schemas import PackageIn
from tests.conftest import Factory, csrf_from, login
from tests.counselling.helpers import (
    acting,
    create_case,
    create_consent,
    create_contact,
    person,
)
from welcome import clock
from welcome.accounts.models import User
from welcome.config import Settings
from welcome.inputs import validate

TODAY = clock.today()


def _world(factory: Factory, settings: Settings) -> tuple[User, int, int]:
    """A counsellor's person with a case, a contact, a placement, a consent and a package."""
    centre = factory.centre()
    user = factory.user(centre=centre, locale="en")
    with acting(factory, user) as db:
        found = person(db, "Olena", "Koval", client_group="third_country_immigrant")
        assert found.id is not None
        case = create_case(db, person_id=found.id, opened_on=TODAY - timedelta(days=30))
        create_contact(
            db, case=case, date=TODAY - timedelta(days=20), duration_minutes=30,
            channel="in_person", topics=["job_search"],
        )  # fmt: skip
        employer = employers.create(db, data=validate(EmployerIn, {"name": "Pflege Plus GmbH"}))
        employer_placements.create(
            db, employer=employer, data=validate(PlacementIn, {
                "person_id": found.id, "type": "training",
                "starts_on": TODAY - timedelta(days=10), "occupation": "Pflegefachkraft"}),
        )  # fmt: skip
        create_consent(
            db, person=found, purpose="case_file", given_on=TODAY,
            sheet_version="2025-01", sheet_language="uk",
        )  # fmt: skip
        issued, _pdf = packages.issue(db, person_id=found.id, data=PackageIn(language="uk"))
        assert employer.id is not None and issued.id is not None
        return user, found.id, issued.id


def test_person_page_shows_placement_in_date_order_and_the_welcome_package(
    client: TestClient, factory: Factory, settings: Settings
) -> None:
    user, person_id, issue_id = _world(factory, settings)
    assert login(client, user.email).status_code == 303

    page = client.get(f"/persons/{person_id}")
    assert page.status_code == 200
    html = page.text
    timeline = html[html.index('id="h-timeline"') :]
    order = [
        timeline.index("Case opened"),
        timeline.index("<strong>Contact</strong>"),
        timeline.index("Pflegefachkraft"),
        timeline.index("Consent given"),
    ]
    assert order == sorted(order)
    placement = timeline[timeline.index('class="tl-placement"') :]
    assert "vocational training" in placement.split("</li>")[0]
    assert "Pflege Plus GmbH" in placement.split("</li>")[0]

    section = html[html.index('id="h-welcome-package"') :]
    assert f'action="/persons/{person_id}/welcome-package"' in section
    assert f'formaction="/persons/{person_id}/welcome-package/preview"' in section
    assert '<option value="de" selected>' in section  # no preferred language recorded
    assert f'href="/welcome-packages/{issue_id}.pdf"' in section
    download = client.get(f"/welcome-packages/{issue_id}.pdf")
    assert download.status_code == 200 and download.content.startswith(b"%PDF")

    # the card's form issues through the package views
    issued = client.post(
        f"/persons/{person_id}/welcome-package",
        data={"csrf_token": csrf_from(html), "language": "pl"},
        follow_redirects=False,
    )
    assert issued.status_code == 303
    again = client.get(f"/persons/{person_id}").text
    assert again.count('href="/welcome-packages/') == 2 and "Polish" in again


def test_another_centre_sees_neither_the_person_nor_the_package(
    client: TestClient, factory: Factory, settings: Settings
) -> None:
    _user, person_id, issue_id = _world(factory, settings)
    other = factory.centre()
    stranger = factory.user(centre=other, locale="en")
    with acting(factory, stranger) as db:
        own = person(db, "Piotr", "Nowak")
        assert own.id is not None
        # the scope hides the other centre's placements even when asked by person id
        assert employer_placements.list_placements(db, person_id=person_id) == []
        assert packages.list_issued(db, person_id=person_id) == []
    assert login(client, stranger.email).status_code == 303

    assert client.get(f"/persons/{person_id}").status_code == 404
    assert client.get(f"/welcome-packages/{issue_id}.pdf").status_code == 404
    mine = client.get(f"/persons/{own.id}").text
    assert "Pflege Plus GmbH" not in mine and "/welcome-packages/" not in mine
    assert "No welcome package has been issued yet." in mine
