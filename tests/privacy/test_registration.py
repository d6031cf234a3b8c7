"""The handover of the information sheet at registration, by the form and by
`POST /api/v1/persons` (one input model: cases.persons.schemas.PersonRegistrationIn): recorded
with its language, day and version; bad input (unknown language, a day to come, a day without
a language) is 422 with nothing written — no person, no handover."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from cases.persons.models import Person
from cases.privacy.models import InformationRecord
from tests.conftest import Factory, csrf_from, login
from welcome import clock
from welcome.accounts.models import User

PERSON = {"first_name": "Olena", "last_name": "Kovalenko", "client_group": "returnee"}
LAST_WEEK = (clock.today() - timedelta(days=7)).isoformat()
TOMORROW = (clock.today() + timedelta(days=1)).isoformat()
BAD = [
    ({"sheet_language": "xx"}, "sheet_language"),
    ({"sheet_language": "uk", "sheet_handed_over_on": TOMORROW}, "sheet_handed_over_on"),
    ({"sheet_handed_over_on": LAST_WEEK}, "sheet_language"),
]


def _counsellor(factory: Factory) -> User:
    return factory.user(role="counsellor", centre=factory.centre("WC Erzgebirge"), locale="en")


def _written(factory: Factory) -> tuple[list[Person], list[InformationRecord]]:
    with factory.session() as db:
        return list(db.scalars(select(Person))), list(db.scalars(select(InformationRecord)))


def _api(client: TestClient, factory: Factory, user: User, body: dict[str, Any]) -> Any:
    headers = {"Authorization": f"Bearer {factory.token(user)}"}
    return client.post("/api/v1/persons", json={**PERSON, **body}, headers=headers)


def test_the_api_records_the_handover(client: TestClient, factory: Factory) -> None:
    user = _counsellor(factory)
    answer = _api(
        client, factory, user, {"sheet_language": "ar", "sheet_handed_over_on": LAST_WEEK}
    )
    assert answer.status_code == 201, answer.text
    persons, [handed] = _written(factory)
    assert [p.id for p in persons] == [answer.json()["id"]] == [handed.person_id]
    assert handed.sheet_language == "ar" and handed.handed_over_on.isoformat() == LAST_WEEK
    assert handed.sheet_version.startswith("2026-12-01.") and handed.handed_over_by_id == user.id
    # without a language nothing is handed over; the person is registered all the same
    again = _api(client, factory, user, {"first_name": "Ivan"})
    assert again.status_code == 201 and len(_written(factory)[1]) == 1


def test_the_api_defaults_to_today(client: TestClient, factory: Factory) -> None:
    answer = _api(client, factory, _counsellor(factory), {"sheet_language": "pt-BR"})
    assert answer.status_code == 201, answer.text
    [handed] = _written(factory)[1]
    assert handed.sheet_language == "pt-BR" and handed.handed_over_on == clock.today()


@pytest.mark.parametrize(("body", "field"), BAD)
def test_the_api_refuses_bad_input(
    client: TestClient, factory: Factory, body: dict[str, str], field: str
) -> None:
    answer = _api(client, factory, _counsellor(factory), body)
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert field in answer.text
    assert _written(factory) == ([], [])


def _form(client: TestClient, body: dict[str, str]) -> Any:
    page = client.get("/persons/new")
    return client.post(
        "/persons/new",
        data={"csrf_token": csrf_from(page.text), **PERSON, **body},
        follow_redirects=False,
    )


def test_the_form_records_the_handover_on_the_day_given(
    client: TestClient, factory: Factory
) -> None:
    assert login(client, _counsellor(factory).email).status_code == 303
    answer = _form(client, {"sheet_language": "fa", "sheet_handed_over_on": LAST_WEEK})
    assert answer.status_code == 303, answer.text
    [handed] = _written(factory)[1]
    assert handed.sheet_language == "fa" and handed.handed_over_on.isoformat() == LAST_WEEK


@pytest.mark.parametrize(("body", "field"), BAD)
def test_the_form_refuses_bad_input(
    client: TestClient, factory: Factory, body: dict[str, str], field: str
) -> None:
    assert login(client, _counsellor(factory).email).status_code == 303
    answer = _form(client, body)
    assert answer.status_code == 422
    assert f'id="e-{field}"' in answer.text  # the error at its field
    assert 'value="Kovalenko"' in answer.text  # the typed values kept
    assert _written(factory) == ([], [])


def test_the_person_card_records_a_handover_of_an_earlier_day(
    client: TestClient, factory: Factory
) -> None:
    assert login(client, _counsellor(factory).email).status_code == 303
    person_url = _form(client, {}).headers["location"]
    page = client.get(person_url)
    assert 'name="handed_over_on"' in page.text
    token = csrf_from(page.text)
    post = f"{person_url}/information-records"
    late = client.post(post, data={"csrf_token": token, "sheet_language": "tr",
                                   "handed_over_on": TOMORROW})  # fmt: skip
    assert late.status_code == 422 and 'id="e-handed_over_on"' in late.text
    assert _written(factory)[1] == []
    data = {"csrf_token": token, "sheet_language": "tr", "handed_over_on": LAST_WEEK}
    done = client.post(post, data=data, follow_redirects=False)
    assert done.status_code == 303
    [handed] = _written(factory)[1]
    assert handed.sheet_language == "tr" and handed.handed_over_on.isoformat() == LAST_WEEK
