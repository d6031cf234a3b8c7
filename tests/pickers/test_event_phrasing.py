"""An event's companies in words that fit the numbers (no "3 named and 0 anonymous")."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.conftest import Factory, csrf_from, login


@pytest.mark.parametrize(
    ("named", "anonymous", "text"),
    [
        (1, 0, "1 company, by name"),
        (2, 0, "2 companies, by name"),
        (0, 5, "5 companies without a name"),
        (1, 20, "1 named and 20 anonymous companies: 21 in all"),
    ],
)
def test_companies_reached_in_words(
    client: TestClient, factory: Factory, named: int, anonymous: int, text: str
) -> None:
    centre = factory.centre()
    user = factory.user(centre=centre, locale="en")
    assert login(client, user.email).status_code == 303
    token = csrf_from(client.get("/events/new").text)
    auth = {"Authorization": f"Bearer {factory.token(user)}"}
    ids = [
        client.post("/api/v1/employers", json={"name": f"Firma {n} GmbH"}, headers=auth).json()[
            "id"
        ]
        for n in range(named)
    ]
    made = client.post(
        "/events/new",
        data={"csrf_token": token, "type": "mailing", "title": "Rundbrief",
              "date": "2026-11-20", "employer_ids": ", ".join(map(str, ids)),  # as typed without JS
              "anonymous_companies": str(anonymous)},
        follow_redirects=False,
    )  # fmt: skip
    assert made.status_code == 303, made.text
    page = client.get(made.headers["location"]).text
    assert f'<dd id="companies-reached">{text}</dd>' in " ".join(page.split()).replace(
        "> ", ">"
    ).replace(" <", "<")
