"""Failures of the machine answered clearly: the database out of reach is a 503 (page or
problem, with Retry-After), a full disk a 507 saying nothing was saved, in the user's
language; and an error handler that fails itself still answers (the connection survives)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import event

from tests.client import Client
from tests.conftest import Factory, login, make_settings
from tests.pg import free_port
from welcome.app import create_app


@pytest.fixture
def unreachable(tmp_path: Path) -> Any:
    """An app whose PostgreSQL does not answer (nothing listens on the port)."""
    url = f"postgresql+psycopg://welcome@127.0.0.1:{free_port()}/welcome?connect_timeout=2"
    app = create_app(make_settings(url, tmp_path))
    with Client(app, raise_server_exceptions=False) as client:
        yield client
    app.state.engine.dispose()


def test_database_unreachable_is_a_503_page_in_german(unreachable: TestClient) -> None:
    unreachable.cookies.set("welcome_session", "some-token")
    response = unreachable.get("/persons", headers={"Accept-Language": "de"})
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["retry-after"] == "30"
    assert "Service unavailable" in response.text or "nicht erreichbar" in response.text
    assert "database cannot be reached" in response.text or "Datenbank" in response.text
    # the login page without a session needs no database; the connection still serves
    unreachable.cookies.clear()
    assert unreachable.get("/login").status_code == 200


def test_database_unreachable_is_a_503_problem(unreachable: TestClient) -> None:
    response = unreachable.get("/api/v1/me", headers={"Authorization": "Bearer wlc_x"})
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["retry-after"] == "30"
    body = response.json()
    assert body["status"] == 503 and ("database" in body["detail"] or "Datenbank" in body["detail"])


def test_unknown_page_while_the_database_is_down_is_still_a_404(
    unreachable: TestClient,
) -> None:
    unreachable.cookies.set("welcome_session", "some-token")
    assert unreachable.get("/no-such-page").status_code == 404


def _fill_the_disk(app: FastAPI) -> None:
    """SQLite's page limit at the file's current size: the next page written fails as on a
    full disk ("database or disk is full")."""

    @event.listens_for(app.state.engine, "connect")
    def limit(dbapi_connection: Any, _record: Any) -> None:
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count={pages}")

    app.state.engine.dispose()  # connections made from now on have the limit


def test_full_disk_is_a_507_saying_nothing_was_saved(sqlite_url: str, tmp_path: Path) -> None:
    settings = make_settings(sqlite_url, tmp_path)
    factory = Factory(settings)
    centre = factory.centre()
    user = factory.user(centre=centre, locale="en")
    token = factory.token(user)
    factory.engine.dispose()
    app = create_app(settings)
    with Client(app, raise_server_exceptions=False) as client:
        assert login(client, user.email).status_code == 303
        _fill_the_disk(app)
        body = {"first_name": "A" * 90, "last_name": "B" * 90, "client_group": "returnee"}
        headers = {"Authorization": f"Bearer {token}"}
        answers = [client.post("/api/v1/persons", json=body, headers=headers) for _ in range(100)]
        full = [a for a in answers if a.status_code != 201]
        assert full, "the limit was never reached"
        assert {a.status_code for a in full} == {507}
        assert "nothing was saved" in full[0].json()["detail"]
        page = client.get("/persons/new")
        form = {"csrf_token": page.text.split('name="csrf_token" value="')[1].split('"')[0]}
        form |= {"first_name": "C" * 90, "last_name": "D" * 90, "client_group": "returnee"}
        # the page's own read audit may still fit in a freed page: post until a write fails
        tried = [client.post("/persons/new", data=form) for _ in range(5)]
        failed = [a for a in tried if a.status_code != 200]
        assert failed, "the form never met the full disk"
        response = failed[0]
        assert response.status_code == 507
        assert "Storage full" in response.text and "nothing was saved" in response.text
    app.state.engine.dispose()


def test_an_error_page_that_fails_still_answers(client: TestClient, app: FastAPI) -> None:
    """The error template itself broken: a plain page, the connection still serves."""
    from welcome import templating

    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("template broken")

    original = templating.templates.TemplateResponse
    templating.templates.TemplateResponse = broken  # type: ignore[method-assign]
    try:
        response = client.get("/no-such-page")
    finally:
        templating.templates.TemplateResponse = original  # type: ignore[method-assign]
    assert response.status_code == 404
    assert "<h1>" in response.text
    assert client.get("/healthz").status_code == 200
