"""Security headers on pages, API answers and errors; no inline script or style in any page
template (the CSP would refuse them); the API docs behind a login in production."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from fastapi.testclient import TestClient

from tests.client import Client
from tests.conftest import Factory, login, make_settings
from welcome.app import create_app
from welcome.headers import CSP
from welcome.templating import STATIC_DIR, TEMPLATE_DIR, fingerprint

PDF_REPORT = "reports/document.html"


def test_pages_and_api_answers_carry_the_policy_and_no_store(
    client: TestClient, factory: Factory
) -> None:
    centre = factory.centre()
    user = factory.user(centre=centre)
    token = factory.token(user)
    assert login(client, user.email).status_code == 303
    answers = [
        client.get("/"),
        client.get("/persons?q=Koval"),
        client.get("/no-such-page"),
        client.get("/api/v1/persons", headers={"Authorization": f"Bearer {token}"}),
        client.get("/api/v1/no-such-thing"),
    ]
    for answer in answers:
        policy = answer.headers["content-security-policy"]
        assert policy == CSP, answer.url
        assert "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy
        assert answer.headers["cache-control"] == "no-store", answer.url
        assert answer.headers["x-frame-options"] == "DENY"
        assert answer.headers["x-content-type-options"] == "nosniff"
        # not no-referrer: Chromium would send "Origin: null" with forms, refused as CSRF
        assert answer.headers["referrer-policy"] == "same-origin"
        assert "strict-transport-security" not in answer.headers  # test: cookies not secure
    static = client.get("/static/css/app.css")
    assert static.status_code == 200 and "no-store" not in static.headers.get("cache-control", "")


def test_static_files_by_fingerprint_are_kept_a_year(client: TestClient) -> None:
    """A page names its style sheets and scripts by fingerprinted URLs, which the browser
    keeps (one request per page, not one per file); a file without one for an hour only."""
    page = client.get("/login").text
    urls = re.findall(r'(?:href|src)="(/static/[^"]+)"', page)
    assert len(urls) >= 6 and all("?v=" in url for url in urls), urls
    for url in urls:
        path, version = url.removeprefix("/static/").split("?v=")
        assert version == hashlib.sha256((STATIC_DIR / path).read_bytes()).hexdigest()[:12]
        answer = client.get(url)
        assert answer.status_code == 200
        assert answer.headers["cache-control"] == "public, max-age=31536000, immutable"
    font = client.get("/static/vendor/kern/fonts/fira-sans.css")  # its fonts' URLs are its own
    assert font.headers["cache-control"] == "public, max-age=3600"


def test_a_changed_file_gets_a_new_fingerprint(tmp_path: Path) -> None:
    (tmp_path / "a.css").write_text("a { color: red }")
    first = fingerprint("a.css", tmp_path)
    (tmp_path / "b.css").write_text("a { color: blue }")
    assert fingerprint("b.css", tmp_path) != first
    assert fingerprint("a.css", tmp_path) == first  # the same content, the same URL


def test_hsts_when_cookies_are_secure(sqlite_url: str, tmp_path: Path) -> None:
    app = create_app(make_settings(sqlite_url, tmp_path, secure_cookies=True))
    with Client(app) as client:
        answer = client.get("/login")
    app.state.engine.dispose()
    assert answer.headers["strict-transport-security"].startswith("max-age=31536000")


def test_no_inline_script_or_style_in_page_templates() -> None:
    for path in TEMPLATE_DIR.rglob("*.html"):
        # PDFs: rendered by WeasyPrint, never served as pages (the package preview has its own
        # policy, cases/packages/views.py)
        if "documents" in path.parts or path.relative_to(TEMPLATE_DIR).as_posix() == PDF_REPORT:
            continue
        text = path.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), path
        assert not re.search(r"\son[a-z]+\s*=", text), path  # onclick= and friends
        assert not re.search(r"\sstyle\s*=", text), path
        assert "<style" not in text, path


def test_api_docs_only_for_logged_in_users_in_production(sqlite_url: str, tmp_path: Path) -> None:
    settings = make_settings(sqlite_url, tmp_path, env="production", secure_cookies=False)
    factory = Factory(settings)
    centre = factory.centre()
    user = factory.user(centre=centre)
    token = factory.token(user)
    factory.engine.dispose()
    app = create_app(settings)
    with Client(app) as client:
        assert client.get("/api/v1/openapi.json").status_code == 401
        assert client.get("/api/v1/docs").status_code == 401
        headers = {"Authorization": f"Bearer {token}"}
        spec = client.get("/api/v1/openapi.json", headers=headers)
        assert spec.status_code == 200 and "/persons" in str(spec.json()["paths"])
        assert "/openapi.json" not in spec.json()["paths"]
        assert login(client, user.email).status_code == 303  # a login session is enough too
        docs = client.get("/api/v1/docs")
        assert docs.status_code == 200 and "swagger" in docs.text.lower()
        assert "frame-ancestors 'none'" in docs.headers["content-security-policy"]
        assert "'sha256-" in docs.headers["content-security-policy"]
    app.state.engine.dispose()
