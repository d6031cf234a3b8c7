"""The login throttle by account and address together, the trusted proxies, and the audit of
failed and throttled logins with the client's address."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.client import Client
from tests.conftest import PASSWORD, Factory, csrf_from, make_settings
from welcome.app import create_app
from welcome.audit import AuditEntry
from welcome.db import SYSTEM, unit_of_work

PROXY = "10.0.0.5"


def _login(client: TestClient, email: str, password: str, address: str | None = None) -> Any:
    headers = {"X-Forwarded-For": address} if address else {}
    page = client.get("/login", headers=headers)
    form = {"email": email, "password": password, "csrf_token": csrf_from(page.text), "next": "/"}
    return client.post("/login", data=form, headers=headers, follow_redirects=False)


def _app(url: str, tmp_path: Path, **overrides: Any) -> Any:
    return create_app(make_settings(url, tmp_path, **overrides))


def test_an_attacker_cannot_lock_the_user_out_of_her_own_address(
    db_url: str, tmp_path: Path, factory: Factory
) -> None:
    user = factory.user(centre=factory.centre(), locale="en")
    app = _app(db_url, tmp_path, trusted_proxies=f"{PROXY}, 192.168.0.0/16")
    with Client(app, client=(PROXY, 4000), raise_server_exceptions=False) as client:
        for _ in range(5):
            assert _login(client, user.email, "wrong password!", "203.0.113.9").status_code == 401
        locked = _login(client, user.email, PASSWORD, "203.0.113.9")
        assert locked.status_code == 429
        assert "You can try again from" in locked.text or "erneut" in locked.text
        assert 14 * 60 <= int(locked.headers["retry-after"]) <= 15 * 60 + 1
        client.cookies.clear()
        # the real user, from her own address, is not locked out
        assert _login(client, user.email, PASSWORD, "198.51.100.7").status_code == 303
    app.state.engine.dispose()
    with unit_of_work(factory.sessions, actor=SYSTEM) as db:
        entries = list(db.scalars(select(AuditEntry).order_by(AuditEntry.id)))
    actions = [(e.action, e.address) for e in entries if e.action.startswith("login")]
    assert actions == [
        *[("login_failed", "203.0.113.9")] * 5,
        ("login_throttled", "203.0.113.9"),
        ("login", "198.51.100.7"),
    ]
    failures = [e for e in entries if e.action in ("login_failed", "login_throttled")]
    assert all(e.changes == {"email": user.email} for e in failures)


def test_forwarded_for_from_an_untrusted_peer_does_not_count(
    db_url: str, tmp_path: Path, factory: Factory
) -> None:
    user = factory.user(centre=factory.centre())
    app = _app(db_url, tmp_path)  # no trusted proxies (the default)
    with Client(app, client=("203.0.113.9", 4000), raise_server_exceptions=False) as client:
        for n in range(5):
            # a new "address" each time: it is the peer that counts
            answer = _login(client, user.email, "wrong password!", f"198.51.100.{n}")
            assert answer.status_code == 401
        assert _login(client, user.email, PASSWORD, "198.51.100.99").status_code == 429
    app.state.engine.dispose()
    with unit_of_work(factory.sessions, actor=SYSTEM) as db:
        addresses = set(
            db.scalars(select(AuditEntry.address).where(AuditEntry.action.startswith("login")))
        )
    assert addresses == {"203.0.113.9"}


def test_failed_logins_on_unknown_accounts_are_audited(
    client: TestClient, factory: Factory
) -> None:
    assert _login(client, "ghost@test.example", "nope nope nope").status_code == 401
    with unit_of_work(factory.sessions, actor=SYSTEM) as db:
        entry = db.scalars(select(AuditEntry)).one()
    assert entry.action == "login_failed" and entry.entity_id is None
    assert entry.changes == {"email": "ghost@test.example"}
    assert entry.address == "testclient"


def test_every_entry_of_a_request_has_the_address(client: TestClient, factory: Factory) -> None:
    user = factory.user(centre=factory.centre())
    assert _login(client, user.email, PASSWORD).status_code == 303
    client.get("/persons?q=Koval")
    token = csrf_from(client.get("/").text)
    assert client.post("/logout", data={"csrf_token": token}).status_code in (200, 303)
    with unit_of_work(factory.sessions, actor=SYSTEM) as db:
        entries = list(
            db.scalars(
                select(AuditEntry).where(
                    (AuditEntry.user_id == user.id) | (AuditEntry.entity_id == user.id),
                    AuditEntry.action != "create",
                )
            )
        )
    assert {e.action for e in entries} >= {"login", "logout"}
    assert {e.address for e in entries} == {"testclient"}
