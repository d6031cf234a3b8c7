"""An anonymised person's cases stay (the report counts them): the case list, the case page,
the dashboard's and the search page's lists of open cases and the API name them "Anonymised
person" instead of an empty name, and link no person page (it is 404)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi.testclient import TestClient

from cases.persons import service as persons
from cases.persons.schemas import PersonIn
from tests.conftest import Factory, login
from tests.counselling.helpers import acting, create_case
from welcome.inputs import validate

LABEL = "Anonymised person"


def _person_with_case(factory: Factory, user: Any, first: str) -> tuple[int, int]:
    with acting(factory, user) as db:
        person = persons.create(
            db,
            data=validate(
                PersonIn, {"first_name": first, "last_name": "Quennell", "client_group": "returnee"}
            ),
        )
        assert person.id is not None
        case = create_case(db, person_id=person.id, opened_on=date(2026, 3, 1))
        case.counsellor_id = user.id
        assert case.id is not None
        return person.id, case.id


def test_the_cases_of_an_anonymised_person_say_so(client: TestClient, factory: Factory) -> None:
    centre = factory.centre("Erzgebirge")
    lead = factory.user(role="lead", centre=centre, locale="en")
    counsellor = factory.user(role="counsellor", centre=centre, locale="en")
    gone, gone_case = _person_with_case(factory, counsellor, "Yelizaveta")
    kept, kept_case = _person_with_case(factory, counsellor, "Oksana")
    headers = {"Authorization": f"Bearer {factory.token(lead)}"}
    erased = client.post(f"/api/v1/persons/{gone}/erase", headers=headers, json={"reason": "17"})
    assert erased.status_code == 200, erased.text

    items = {i["id"]: i for i in client.get("/api/v1/cases", headers=headers).json()["items"]}
    assert items[gone_case]["anonymised"] is True and items[gone_case]["last_name"] == ""
    assert items[kept_case]["anonymised"] is False and items[kept_case]["last_name"] == "Quennell"

    assert login(client, counsellor.email).status_code == 303
    listed = client.get("/cases").text
    assert f'<a href="/cases/{gone_case}"><span class="anonymised">{LABEL}</span></a>' in listed
    assert f'<a href="/cases/{kept_case}">Quennell, Oksana</a>' in listed
    page = client.get(f"/cases/{gone_case}")
    assert page.status_code == 200 and LABEL in page.text
    assert f'href="/persons/{gone}"' not in page.text  # the person page is 404
    assert f"<title>Case {gone_case} · {LABEL}" in page.text
    other = client.get(f"/cases/{kept_case}").text
    assert LABEL not in other and f'href="/persons/{kept}"' in other
    dashboard = client.get("/").text
    assert f'<a href="/cases/{gone_case}"><span class="anonymised">{LABEL}</span></a>' in dashboard
    search = client.get("/persons").text  # the search page lists the open cases' persons
    assert LABEL in search and f'href="/persons/{gone}"' not in search
    assert f'href="/cases/{gone_case}"' in search and f'href="/persons/{kept}"' in search
    # the intake notices link to the person page: not for an anonymised person
    assert "information sheet has not been handed over" not in page.text
    assert "information sheet has not been handed over" in other
