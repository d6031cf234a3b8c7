"""Login, logout, sessions, CSRF, throttling and API tokens — including bad input."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import func, select, update

from tests.conftest import PASSWORD, Factory, csrf_from, login
from welcome.accounts.models import LoginFailure, LoginSession
from welcome.audit import AuditEntry
from welcome.db import utcnow
from welcome.web import SESSION_COOKIE


def test_login_and_logout(client: TestClient, factory: Factory) -> None:
    user = factory.user(role="lead", centre=factory.centre())
    response = login(client, user.email)
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "samesite=lax" in cookie.lower()
    dashboard = client.get("/")
    assert dashboard.status_code == 200

    out = client.post(
        "/logout", data={"csrf_token": csrf_from(dashboard.text)}, follow_redirects=False
    )
    assert out.status_code == 303 and out.headers["location"] == "/login"
    assert client.get("/", follow_redirects=False).status_code == 303
    with factory.session() as db:
        actions = list(db.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
        assert "login" in actions and "logout" in actions
        assert db.scalar(select(LoginSession.revoked_at)) is not None


def test_logged_out_cookie_cannot_be_replayed(client: TestClient, factory: Factory) -> None:
    user = factory.user(role="counsellor", centre=factory.centre())
    login(client, user.email)
    token = client.cookies.get(SESSION_COOKIE)
    page = client.get("/")
    client.post("/logout", data={"csrf_token": csrf_from(page.text)})
    client.cookies.set(SESSION_COOKIE, token or "")
    assert client.get("/", follow_redirects=False).status_code == 303


def test_unauthenticated_page_redirects_to_login_with_next(client: TestClient) -> None:
    response = client.get("/audit?page=2", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/audit%3Fpage%3D2"


def test_wrong_password_keeps_the_email_and_says_what_is_wrong(
    client: TestClient, factory: Factory
) -> None:
    user = factory.user(role="counsellor", centre=factory.centre())
    response = login(client, user.email, "wrong password!")
    assert response.status_code == 401
    assert "E-Mail-Adresse oder Passwort ist falsch." in response.text
    assert f'value="{user.email}"' in response.text
    assert client.cookies.get(SESSION_COOKIE) is None


def test_unknown_account_looks_exactly_like_a_wrong_password(
    client: TestClient, factory: Factory
) -> None:
    user = factory.user(role="counsellor", centre=factory.centre())
    known = login(client, user.email, "wrong password!")
    unknown = login(client, "nobody@test.example", "wrong password!")
    assert known.status_code == unknown.status_code == 401
    assert known.text.replace(user.email, "X") == unknown.text.replace("nobody@test.example", "X")


def test_empty_fields_are_named(client: TestClient) -> None:
    page = client.get("/login")
    response = client.post(
        "/login", data={"csrf_token": csrf_from(page.text), "email": "", "password": ""}
    )
    assert response.status_code == 422
    assert "Bitte geben Sie Ihre E-Mail-Adresse ein." in response.text
    assert "Bitte geben Sie Ihr Passwort ein." in response.text
    assert 'aria-invalid="true"' in response.text


def test_failed_logins_are_throttled_per_account(client: TestClient, factory: Factory) -> None:
    user = factory.user(role="counsellor", centre=factory.centre())
    for _ in range(5):
        assert login(client, user.email, "wrong password!").status_code == 401
    blocked = login(client, user.email, PASSWORD)  # even the right password is refused now
    assert blocked.status_code == 429
    assert "Too many failed attempts" in blocked.text or "Zu viele" in blocked.text
    assert client.cookies.get(SESSION_COOKIE) is None
    with factory.session() as db:  # stored in the database, so every worker sees them
        # throttled attempts are not failures (they are in the audit log): the lock lifts on time
        assert db.scalar(select(func.count()).select_from(LoginFailure)) == 5


def test_throttle_ends_after_the_window(client: TestClient, factory: Factory) -> None:
    user = factory.user(role="counsellor", centre=factory.centre())
    for _ in range(5):
        login(client, user.email, "wrong password!")
    with factory.session() as db:
        db.execute(update(LoginFailure).values(at=utcnow() - timedelta(minutes=16)))
    assert login(client, user.email).status_code == 303


def test_failed_logins_are_throttled_per_address(client: TestClient, factory: Factory) -> None:
    for n in range(20):
        login(client, f"guess{n}@test.example", "wrong password!")
    user = factory.user(role="counsellor", centre=factory.centre())
    assert login(client, user.email).status_code == 429


def test_unknown_accounts_are_throttled_too(client: TestClient) -> None:
    for _ in range(5):
        assert login(client, "ghost@test.example", "nope nope").status_code == 401
    assert login(client, "ghost@test.example", "nope nope").status_code == 429


def test_post_without_csrf_token_is_403(client: TestClient, factory: Factory) -> None:
    user = factory.user(role="counsellor", centre=factory.centre())
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 403
    assert "Formular ist abgelaufen" in response.text
    assert client.cookies.get(SESSION_COOKIE) is None


def test_post_with_wrong_csrf_token_is_403(client: TestClient, factory: Factory) -> None:
    user = factory.user(role="counsellor", centre=factory.centre())
    login(client, user.email)
    response = client.post("/settings", data={"csrf_token": "forged", "locale": "en"})
    assert response.status_code == 403
    with factory.session() as db:
        assert db.get(type(user), user.id).locale == "de"  # type: ignore[union-attr]


def test_token_of_another_session_is_refused(client: TestClient, factory: Factory) -> None:
    centre = factory.centre()
    first = factory.user(role="counsellor", centre=centre)
    second = factory.user(role="counsellor", centre=centre)
    login(client, first.email)
    first_token = csrf_from(client.get("/").text)
    client.post("/logout", data={"csrf_token": first_token})
    login(client, second.email)
    response = client.post("/settings", data={"csrf_token": first_token, "locale": "en"})
    assert response.status_code == 403


def test_cross_origin_post_is_403(client: TestClient, factory: Factory) -> None:
    user = factory.user(role="counsellor", centre=factory.centre())
    login(client, user.email)
    token = csrf_from(client.get("/").text)
    response = client.post(
        "/settings",
        data={"csrf_token": token, "locale": "en"},
        headers={"Origin": "https://evil.example"},
    )
    assert response.status_code == 403


def test_htmx_header_token_is_accepted(client: TestClient, factory: Factory) -> None:
    user = factory.user(role="counsellor", centre=factory.centre())
    login(client, user.email)
    token = csrf_from(client.get("/").text)
    response = client.post(
        "/settings", data={"locale": "en"}, headers={"X-CSRF-Token": token}, follow_redirects=False
    )
    assert response.status_code == 303


def test_expired_session_goes_back_to_login(client: TestClient, factory: Factory) -> None:
    user = factory.user(role="counsellor", centre=factory.centre())
    login(client, user.email)
    assert client.get("/").status_code == 200
    with factory.session() as db:
        db.execute(update(LoginSession).values(expires_at=utcnow() - timedelta(seconds=1)))
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login")


def test_idle_session_expires(client: TestClient, factory: Factory) -> None:
    user = factory.user(role="counsellor", centre=factory.centre())
    login(client, user.email)
    with factory.session() as db:
        db.execute(update(LoginSession).values(last_seen_at=utcnow() - timedelta(hours=3)))
    assert client.get("/", follow_redirects=False).status_code == 303


def test_settings_change_language(client: TestClient, factory: Factory) -> None:
    user = factory.user(role="counsellor", centre=factory.centre(), locale="de")
    login(client, user.email)
    token = csrf_from(client.get("/settings").text)
    response = client.post("/settings", data={"csrf_token": token, "locale": "en"})
    assert response.status_code == 200  # after the redirect
    assert "Your settings have been saved." in response.text
    assert "Language of the interface" in response.text


def test_settings_reject_unknown_language_in_place(client: TestClient, factory: Factory) -> None:
    user = factory.user(role="counsellor", centre=factory.centre(), locale="de")
    login(client, user.email)
    token = csrf_from(client.get("/settings").text)
    response = client.post("/settings", data={"csrf_token": token, "locale": "xx"})
    assert response.status_code == 422
    assert "Unbekannte Sprache xx." in response.text


def test_open_redirect_after_login_is_refused(client: TestClient, factory: Factory) -> None:
    user = factory.user(role="counsellor", centre=factory.centre())
    page = client.get("/login")
    response = client.post(
        "/login",
        data={
            "email": user.email,
            "password": PASSWORD,
            "csrf_token": csrf_from(page.text),
            "next": "//evil.example/",
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/"


# --- API tokens -----------------------------------------------------------------------------


def test_api_needs_a_bearer_token(client: TestClient) -> None:
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["www-authenticate"] == "Bearer"


def test_api_rejects_a_wrong_token(client: TestClient) -> None:
    response = client.get("/api/v1/me", headers={"Authorization": "Bearer wlc_not-a-token"})
    assert response.status_code == 401


def test_api_token_works_and_is_stored_hashed(client: TestClient, factory: Factory) -> None:
    user = factory.user(role="counsellor", centre=factory.centre())
    token = factory.token(user)
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.json()["email"] == user.email
    with factory.session() as db:
        from welcome.accounts.models import ApiToken

        stored = db.scalars(select(ApiToken)).one()
        assert token not in (stored.token_hash, stored.prefix)
        assert len(stored.token_hash) == 64


def test_api_role_check(client: TestClient, factory: Factory) -> None:
    counsellor = factory.user(role="counsellor", centre=factory.centre())
    response = client.get(
        "/api/v1/audit", headers={"Authorization": f"Bearer {factory.token(counsellor)}"}
    )
    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"


def test_api_validation_errors_name_the_field(client: TestClient, factory: Factory) -> None:
    lead = factory.user(role="lead", centre=factory.centre())
    response = client.get(
        "/api/v1/audit?limit=0", headers={"Authorization": f"Bearer {factory.token(lead)}"}
    )
    assert response.status_code == 422
    body = response.json()
    assert body["errors"][0]["field"] == "limit"
