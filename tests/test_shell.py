"""The shell: health, readiness, errors as pages or problem+json, in the user's language."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient

from tests.client import Client
from tests.conftest import login, make_settings
from welcome import migrate
from welcome.app import create_app


def test_healthz_answers(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}


def test_readyz_ready_after_migrations(client: TestClient) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready"}


def test_readyz_fails_while_migrations_pending(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    migrate.upgrade(url)
    migrate.downgrade(url, "base")
    app = create_app(make_settings(url, tmp_path))
    with Client(app) as client:
        response = client.get("/readyz")
        assert response.status_code == 503
        assert response.json()["status"] == "migrations pending"
        assert client.get("/healthz").status_code == 200
    app.state.engine.dispose()


def test_unknown_page_is_a_html_404_in_german(client: TestClient) -> None:
    response = client.get("/no-such-page", headers={"Accept-Language": "de-DE,de;q=0.9"})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "Nicht gefunden" in response.text
    assert '<html lang="de"' in response.text


def test_unknown_page_in_english_when_the_browser_asks(client: TestClient) -> None:
    response = client.get("/no-such-page", headers={"Accept-Language": "en-GB,en;q=0.8"})
    assert response.status_code == 404
    assert "Not found" in response.text
    assert '<html lang="en"' in response.text


def test_unknown_api_path_is_problem_json(client: TestClient) -> None:
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 404
    assert body["title"]
    assert body["instance"] == "/api/v1/no-such-thing"


def test_openapi_is_served(client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["info"]["title"] == "welcome API"
    assert "/me" in spec["paths"]


def _crashing(app: FastAPI) -> None:
    router = APIRouter()

    @router.get("/boom")
    def boom() -> None:
        raise RuntimeError("secret internals: password=hunter2")

    app.include_router(router)


def test_a_crash_in_a_page_shows_a_500_page_without_trace(app: FastAPI) -> None:
    _crashing(app)
    with Client(app, raise_server_exceptions=False) as client:
        response = client.get("/boom", headers={"Accept-Language": "de"})
    assert response.status_code == 500
    assert "Interner Fehler" in response.text
    assert "hunter2" not in response.text
    assert "Traceback" not in response.text


def test_a_crash_in_the_api_is_problem_json_without_trace(app: FastAPI) -> None:
    api = next(r.app for r in app.routes if getattr(r, "path", "") == "/api/v1")  # type: ignore[attr-defined]
    _crashing(api)
    with Client(app, raise_server_exceptions=False) as client:
        response = client.get("/api/v1/boom")
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert "hunter2" not in response.text
    assert "Traceback" not in response.text


def test_dashboard_in_german_for_a_counsellor(client: TestClient, factory) -> None:  # type: ignore[no-untyped-def]
    centre = factory.centre("Welcome Center Chemnitz")
    user = factory.user(role="counsellor", centre=centre, locale="de")
    assert login(client, user.email).status_code == 303
    page = client.get("/")
    assert page.status_code == 200
    assert "Übersicht" in page.text and "Abmelden" in page.text
    assert "Welcome Center Chemnitz" in page.text
    assert '<label for="f-' not in page.text or "label" in page.text


def test_user_language_setting_beats_the_browser(client: TestClient, factory) -> None:  # type: ignore[no-untyped-def]
    centre = factory.centre()
    user = factory.user(role="counsellor", centre=centre, locale="en")
    login(client, user.email)
    page = client.get("/", headers={"Accept-Language": "de"})
    assert "Dashboard" in page.text and "Log out" in page.text


def test_a_404_shows_the_logged_in_users_navigation_and_language(
    client: TestClient,
    factory,  # type: ignore[no-untyped-def]
) -> None:
    assert "Log out" not in client.get("/no-such-page").text  # nobody logged in
    user = factory.user(role="counsellor", centre=factory.centre(), locale="en")
    login(client, user.email)
    for url in ("/no-such-page", "/persons/99999999999999999999"):
        page = client.get(url, headers={"Accept-Language": "de"})
        assert page.status_code == 404
        assert "Not found" in page.text and "Log out" in page.text, url
        assert 'href="/cases"' in page.text  # the navigation


def test_static_htmx_is_vendored(client: TestClient) -> None:
    response = client.get("/static/js/htmx.min.js")
    assert response.status_code == 200
    assert "htmx" in response.text[:200]


def test_a_crash_ends_in_the_app_so_the_connection_lives_on(app: FastAPI) -> None:
    """The server sees no exception after a 500 (uvicorn closes the connection when it does,
    and the client's next request on it failed)."""
    import anyio

    api = next(r.app for r in app.routes if getattr(r, "path", "") == "/api/v1")  # type: ignore[attr-defined]
    _crashing(app)
    _crashing(api)
    for path, kind in (("/boom", "text/html"), ("/api/v1/boom", "application/problem+json")):
        sent: list[dict[str, object]] = []
        scope = {
            "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
            "path": path, "raw_path": path.encode(), "root_path": "", "scheme": "http",
            "query_string": b"", "headers": [(b"host", b"testserver")],
            "client": ("127.0.0.1", 5000), "server": ("testserver", 80), "state": {},
        }  # fmt: skip

        async def receive() -> dict[str, object]:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: dict[str, object], sent: list[dict[str, object]] = sent) -> None:
            sent.append(message)

        # in a thread of its own: a browser test in this worker may keep an event loop
        # running in the main thread (Playwright's sync API), and anyio.run refuses then
        with ThreadPoolExecutor(1) as pool:
            pool.submit(anyio.run, app, scope, receive, send).result()  # raises nothing
        start = next(m for m in sent if m["type"] == "http.response.start")
        assert start["status"] == 500
        headers = dict(start["headers"])  # type: ignore[arg-type]
        assert headers[b"content-type"].decode().startswith(kind)
        assert b"content-security-policy" in headers  # the shell's headers on it too
