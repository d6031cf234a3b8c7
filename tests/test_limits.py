"""Limits met before any route: the body per route (413 while reading, before login), control
characters in query strings (422), the request id (checked or replaced)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import anyio
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.conftest import Factory
from welcome.limits import BODY_LIMIT, upload_routes


def _call(app: FastAPI, method: str, path: str, chunks: int, size: int = 64 * 1024) -> Any:
    """Send a chunked body (no Content-Length) straight to the ASGI app; count what it read."""
    pulled = 0
    sent: list[dict[str, Any]] = []
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "scheme": "http",
        "query_string": b"",
        "headers": [
            (b"host", b"testserver"),
            (b"content-type", b"multipart/form-data; boundary=x"),
        ],
        "client": ("127.0.0.1", 5000),
        "server": ("testserver", 80),
        "state": {},
    }

    async def receive() -> dict[str, Any]:
        nonlocal pulled
        if pulled >= chunks:
            return {"type": "http.disconnect"}
        pulled += 1
        return {"type": "http.request", "body": b"x" * size, "more_body": pulled < chunks}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    # in a thread of its own: a browser test in this worker may keep an event loop
    # running in the main thread (Playwright's sync API), and anyio.run refuses then
    with ThreadPoolExecutor(1) as pool:
        pool.submit(anyio.run, app, scope, receive, send).result()
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    return status, pulled * size


def test_a_huge_chunked_body_is_refused_at_the_limit_before_login(app: FastAPI) -> None:
    # 300 MB announced by nobody: refused once 1 MB has arrived, the rest is never read
    status, read = _call(app, "POST", "/login", chunks=300 * 16)
    assert status == 413
    assert BODY_LIMIT < read <= BODY_LIMIT + 64 * 1024
    status, read = _call(app, "POST", "/recognitions/1/documents", chunks=300 * 16)
    assert status == 413
    settings = app.state.settings
    assert read <= settings.upload_max_mb * 1024 * 1024 + 512 * 1024


def test_upload_routes_have_the_upload_limit(client: TestClient, app: FastAPI) -> None:
    patterns = {p.pattern for p in upload_routes(app)}
    assert any("/api/v1/recognitions/" in p for p in patterns)
    assert any(p.startswith("^/recognitions/") for p in patterns)
    body = b"x" * (2 * 1024 * 1024)
    # 2 MB: too much for a person, not for a document (which then wants a login)
    api = client.post("/api/v1/persons", content=body, headers={"Content-Type": "application/json"})
    assert api.status_code == 413
    assert api.headers["content-type"] == "application/problem+json"
    assert "MB" in api.json()["detail"]
    upload = client.post(
        "/api/v1/recognitions/1/documents",
        content=body,
        headers={"Content-Type": "multipart/form-data; boundary=x"},
    )
    assert upload.status_code in (400, 401)  # past the limit: the form, then the login
    page = client.post("/persons/new", content=body, headers={"Accept-Language": "en"})
    assert page.status_code == 413
    assert page.headers["content-type"].startswith("text/html")
    assert "too large" in page.text


def test_a_small_body_still_reaches_the_route(client: TestClient, factory: Factory) -> None:
    centre = factory.centre()
    token = factory.token(factory.user(centre=centre))
    answer = client.post(
        "/api/v1/persons",
        json={"first_name": "Olena", "last_name": "Koval", "client_group": "returnee"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.status_code == 201, answer.text


def test_control_characters_in_query_strings_are_422(client: TestClient, factory: Factory) -> None:
    centre = factory.centre()
    token = factory.token(factory.user(centre=centre))
    headers = {"Authorization": f"Bearer {token}"}
    for query in ("q=%00", "q=a%01b", "q=%7F", "q=%C2%85", "q=x%0A"):
        answer = client.get(f"/api/v1/persons?{query}", headers=headers)
        assert answer.status_code == 422, query
        assert answer.headers["content-type"] == "application/problem+json"
        page = client.get(f"/persons?{query}")
        assert page.status_code == 422, query
    assert client.get("/api/v1/persons?q=M%C3%BCller%20GmbH", headers=headers).status_code == 200


def test_request_id_is_echoed_only_when_it_is_a_short_token(client: TestClient) -> None:
    ok = client.get("/healthz", headers={"X-Request-ID": "abc-123.x_y"})
    assert ok.headers["x-request-id"] == "abc-123.x_y"
    for odd in ("x" * 8000, "a b", "<script>", "ä".encode().decode("latin-1")):
        answer = client.get("/healthz", headers={"X-Request-ID": odd.encode("latin-1")})
        echoed = answer.headers["x-request-id"]
        assert echoed != odd and len(echoed) == 16 and echoed.isalnum()
