"""Administration in the browser and the API: invitations, roles, deactivation, resets, tokens,
centres, the password policy (both backends)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from tests.client import Client
from tests.conftest import PASSWORD, Factory, csrf_from, login
from welcome import clock
from welcome.passwords import problem

NEW_PASSWORD = "Lindenblüte im Erzgebirge"


@pytest.mark.parametrize(
    ("password", "refused"),
    [
        ("kurz", True),
        ("aaaaaaaaaaaaaaaa", True),
        ("Password123456", True),
        ("qwertyuiop123!", True),
        ("anna.schmidt-2026", True),  # the e-mail's local part
        ("schmidt und so weiter", True),  # the name
        ("scandinavian", True),  # on the 100,000 list, not on zxcvbn's own
        ("Supernatural!", True),  # the same, with its case and punctuation changed
        (NEW_PASSWORD, False),
    ],
)
def test_password_policy(password: str, refused: bool) -> None:
    found = problem(password, email="anna.schmidt@test.example", name="Anna Schmidt")
    assert (found is not None) == refused, found


def test_the_common_list_holds_the_top_100000() -> None:
    import gzip

    from welcome.passwords import COMMON_LIST, _common

    with gzip.open(COMMON_LIST, "rt", encoding="utf-8") as fh:
        assert sum(1 for line in fh if line.strip()) == 100_000
    # 96,692 after folding case (e.g. "Password" and "password" are one entry)
    assert len(_common()) > 95_000


def _link(text: str) -> str:
    found = re.search(r'<output id="one-time-link">([^<]+)</output>', text)
    assert found, text
    return found.group(1)


def test_a_lead_invites_a_counsellor_who_sets_a_password(
    client: TestClient, factory: Factory
) -> None:
    centre, other = factory.centre("Erzgebirge"), factory.centre("Leipzig")
    lead = factory.user(role="lead", centre=centre, locale="en")
    factory.user(role="counsellor", centre=other, email="elsewhere@test.example")
    login(client, lead.email)
    page = client.get("/users")
    assert page.status_code == 200 and "elsewhere@test.example" not in page.text
    token = csrf_from(page.text)
    refused = client.post("/users", data={"csrf_token": token, "email": "x@test.example",
                                          "role": "admin"})  # fmt: skip
    assert refused.status_code == 422
    invited = client.post("/users", data={"csrf_token": token, "email": "new@test.example",
                                          "role": "counsellor", "name": "Neu Berater"})  # fmt: skip
    assert invited.status_code == 200
    url = _link(invited.text)
    path = url.split("testserver", 1)[1]
    client.post("/logout", data={"csrf_token": token})
    client.cookies.clear()
    form = client.get(path)
    assert form.status_code == 200 and "new@test.example" in form.text
    weak = client.post(path, data={"csrf_token": csrf_from(form.text), "password": "password1234",
                                   "repeat": "password1234"})  # fmt: skip
    assert weak.status_code == 422
    done = client.post(path, data={"csrf_token": csrf_from(form.text), "password": NEW_PASSWORD,
                                   "repeat": NEW_PASSWORD}, follow_redirects=False)  # fmt: skip
    assert done.status_code == 303 and done.headers["location"] == "/login"
    assert client.get(path).status_code == 404  # once only
    assert login(client, "new@test.example", NEW_PASSWORD).status_code == 303
    assert client.get("/persons").status_code == 200


def test_deactivation_ends_sessions_and_tokens_at_once(
    client: TestClient, factory: Factory
) -> None:
    centre = factory.centre()
    lead = factory.user(role="lead", centre=centre)
    worker = factory.user(role="counsellor", centre=centre)
    token = factory.token(worker)
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    other = Client(client.app)
    login(other, worker.email)
    assert other.get("/persons").status_code == 200
    lead_headers = {"Authorization": f"Bearer {factory.token(lead)}"}
    changed = client.patch(f"/api/v1/users/{worker.id}", headers=lead_headers,
                           json={"active": False})  # fmt: skip
    assert changed.status_code == 200 and changed.json()["active"] is False
    assert client.get("/api/v1/me", headers=headers).status_code == 401
    assert other.get("/persons", follow_redirects=False).status_code == 303  # to the login
    promoted = client.patch(f"/api/v1/users/{worker.id}", headers=lead_headers,
                            json={"role": "admin"})  # fmt: skip
    assert promoted.status_code == 422


def test_the_last_admin_stays(client: TestClient, factory: Factory) -> None:
    boss = factory.user(role="admin")
    second = factory.user(role="admin")
    headers = {"Authorization": f"Bearer {factory.token(boss)}"}
    assert client.patch(f"/api/v1/users/{second.id}", headers=headers,
                        json={"active": False}).status_code == 200  # fmt: skip
    assert client.patch(f"/api/v1/users/{boss.id}", headers=headers,
                        json={"role": "lead"}).status_code == 422  # fmt: skip


def test_api_invitation_reset_and_centres(client: TestClient, factory: Factory) -> None:
    centre = factory.centre("Dresden")
    boss = factory.user(role="admin")
    lead = factory.user(role="lead", centre=centre)
    headers = {"Authorization": f"Bearer {factory.token(boss)}"}
    made = client.post("/api/v1/users", headers=headers,
                       json={"email": "stat@test.example", "role": "statistician"})  # fmt: skip
    assert made.status_code == 201, made.text
    assert "/account/" in made.json()["invitation_url"] and made.json()["id"]
    reset = client.post(f"/api/v1/users/{lead.id}/password-reset", headers=headers)
    assert reset.status_code == 200 and "/account/" in reset.json()["reset_url"]
    created = client.post("/api/v1/centres", headers=headers,
                          json={"name": "Chemnitz", "region": "Chemnitz",
                                "data_protection_officer": "dsb@chemnitz.example"})  # fmt: skip
    assert created.status_code == 201, created.text
    renamed = client.patch(f"/api/v1/centres/{created.json()['id']}", headers=headers,
                           json={"name": "Welcome Center Chemnitz", "active": False})  # fmt: skip
    assert renamed.status_code == 200
    assert renamed.json()["name"] == "Welcome Center Chemnitz"
    assert renamed.json()["data_protection_officer"] == "dsb@chemnitz.example"
    lead_headers = {"Authorization": f"Bearer {factory.token(lead)}"}
    assert client.post("/api/v1/centres", headers=lead_headers,
                       json={"name": "Mine"}).status_code == 403  # fmt: skip


def test_my_tokens(client: TestClient, factory: Factory) -> None:
    user = factory.user(role="counsellor", centre=factory.centre())
    headers = {"Authorization": f"Bearer {factory.token(user)}"}
    made = client.post("/api/v1/me/tokens", headers=headers, json={"label": "Skript"})
    assert made.status_code == 201
    assert made.json()["expires_on"] == (clock.today() + timedelta(days=90)).isoformat()
    too_long = (clock.today() + timedelta(days=400)).isoformat()
    assert client.post("/api/v1/me/tokens", headers=headers,
                       json={"label": "x", "expires_on": too_long}).status_code == 422  # fmt: skip
    new = {"Authorization": f"Bearer {made.json()['token']}"}
    assert client.get("/api/v1/me", headers=new).status_code == 200
    listed = client.get("/api/v1/me/tokens", headers=headers).json()
    assert {t["label"] for t in listed} >= {"Skript"}
    gone = client.delete(f"/api/v1/me/tokens/{made.json()['id']}", headers=headers)
    assert gone.status_code == 204
    assert client.get("/api/v1/me", headers=new).status_code == 401


def test_own_password_and_sessions_page(client: TestClient, factory: Factory) -> None:
    user = factory.user(role="counsellor", centre=factory.centre(), locale="en")
    login(client, user.email)
    page = client.get("/settings/security")
    assert page.status_code == 200 and "this session" in page.text
    token = csrf_from(page.text)
    wrong = client.post("/settings/password", data={"csrf_token": token, "current": "nope",
                                                    "password": NEW_PASSWORD})  # fmt: skip
    assert wrong.status_code == 422
    ok = client.post("/settings/password", data={"csrf_token": token, "current": PASSWORD,
                                                 "password": NEW_PASSWORD,
                                                 "repeat": NEW_PASSWORD},
                     follow_redirects=False)  # fmt: skip
    assert ok.status_code == 303
    assert client.get("/settings/security").status_code == 200  # this session stays
    made = client.post("/settings/tokens", data={"csrf_token": token, "label": "Export"})
    assert made.status_code == 200 and 'id="new-token">wlc_' in made.text
