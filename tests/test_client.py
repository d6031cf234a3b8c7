"""The tests' client (tests/client.py) answers as Starlette's TestClient does, and the tests
use it: the same status, headers and body for a page, a redirect, an API error, a HEAD and a
download, from the same app."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.client import Client, httpx

# what differs between two answers to the same request
JSON = "application/json"
VARYING = {"x-request-id", "date", "set-cookie", "content-security-policy"}


def _shown(answer: httpx.Response) -> tuple[int, dict[str, str], bytes]:
    headers = {k: v for k, v in answer.headers.items() if k not in VARYING}
    body = answer.content
    for token in re.findall(rb'name="csrf_token" value="([^"]+)"', body):
        body = body.replace(token, b"<token>")  # the form's and htmx's, new per answer
    return answer.status_code, headers, body


def test_the_one_crossing_client_answers_as_starlettes(app: FastAPI) -> None:
    requests = [
        ("GET", "/login", {}),
        ("GET", "/", {}),  # a redirect to the login
        ("HEAD", "/static/css/app.css", {}),  # the headers, no body
        ("POST", "/api/v1/persons", {"content": b"{", "headers": {"Content-Type": JSON}}),
        ("GET", "/api/v1/persons/abc", {}),
        ("GET", "/static/css/app.css", {}),
    ]
    with (
        Client(app, raise_server_exceptions=False) as ours,
        TestClient(app, raise_server_exceptions=False) as theirs,
    ):
        statuses = []
        for method, url, extra in requests:
            mine = ours.request(method, url, follow_redirects=False, **extra)
            starlette = theirs.request(method, url, follow_redirects=False, **extra)
            assert _shown(mine) == _shown(starlette), (method, url)
            statuses.append(mine.status_code)
    assert statuses == [200, 303, 200, 422, 401, 200], statuses


def test_no_test_builds_starlettes_client_itself() -> None:
    here = Path(__file__).parent
    found = [
        str(path.relative_to(here))
        for path in here.rglob("*.py")
        # the benches time pages as they always have, with Starlette's client (figures
        # comparable across rounds)
        if path.name not in ("client.py", "test_client.py")
        and "bench" not in path.parts
        and re.search(r"\bTestClient\(", path.read_text(encoding="utf-8"))
    ]
    assert not found, found
