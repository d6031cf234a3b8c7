"""Security headers on every answer, and the API's documentation behind a login in
production.

- Content-Security-Policy: scripts, styles, images, fonts only from the app itself, no
  inline script or style, no plugins, forms only to the app, never in a frame
  (`frame-ancestors 'none'`, and X-Frame-Options for old browsers). An answer that sets its
  own policy (the package preview, the API docs) keeps it, with `frame-ancestors 'none'`.
- Cache-Control: no-store on every answer but the static files: pages and API answers carry
  personal data, and a shared or back-button cache must not keep them. A static file by its
  fingerprinted URL is kept for a year, any other for an hour: a page then costs one request,
  not one per style sheet, script and font.
- Strict-Transport-Security when cookies are secure (WELCOME_SECURE_COOKIES, on in
  production): the app is reached over HTTPS only.
- nosniff; the referrer only within the app (a calendar address holds its secret in the
  path). Not "no-referrer": Chromium then sends `Origin: null` with a form post, which the
  CSRF check (welcome/web.py) refuses.
"""

from __future__ import annotations

import base64
import hashlib
import re

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from welcome.config import Settings

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "object-src 'none'; frame-ancestors 'none'"
)
HSTS = "max-age=31536000; includeSubDomains"
STATIC_PREFIX = "/static/"
NO_STORE = b"no-store"
# a static file asked for by its fingerprinted URL (welcome.templating.static_url) never
# changes; one without (the fonts, named in the vendored CSS) is kept for an hour
VERSIONED = b"public, max-age=31536000, immutable"
UNVERSIONED = b"public, max-age=3600"


def _cache_policy(scope: Scope) -> bytes:
    query = scope.get("query_string", b"")
    return VERSIONED if query.startswith(b"v=") or b"&v=" in query else UNVERSIONED


class HeadersMiddleware:
    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.hsts = settings.cookies_secure

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope["path"].startswith(STATIC_PREFIX)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _v in headers}
                own_policy = next(
                    (v for k, v in headers if k.lower() == b"content-security-policy"), None
                )
                if own_policy is None:
                    headers.append((b"content-security-policy", CSP.encode()))
                elif b"frame-ancestors" not in own_policy:
                    headers = [
                        (k, v) for k, v in headers if k.lower() != b"content-security-policy"
                    ]
                    headers.append(
                        (b"content-security-policy", own_policy + b"; frame-ancestors 'none'")
                    )
                headers += [
                    (name, value)
                    for name, value in (
                        (b"x-frame-options", b"DENY"),
                        (b"x-content-type-options", b"nosniff"),
                        (b"referrer-policy", b"same-origin"),
                    )
                    if name not in names  # a route's own value stays, once
                ]
                if b"cache-control" not in names:
                    headers.append((b"cache-control", _cache_policy(scope) if static else NO_STORE))
                if self.hsts:
                    headers.append((b"strict-transport-security", HSTS.encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


# --- the API's documentation in production: only for a logged-in user -----------------------


def _logged_in(request: Request) -> bool:
    from welcome.accounts import service as accounts
    from welcome.db import unit_of_work
    from welcome.web import SESSION_COOKIE

    scheme, _sep, token = request.headers.get("authorization", "").partition(" ")
    with unit_of_work(request.app.state.sessions) as db:
        if scheme.lower() == "bearer" and token.strip():
            return accounts.resolve_token(db, token=token.strip()) is not None
        cookie = request.cookies.get(SESSION_COOKIE)
        settings = request.app.state.settings
        return accounts.resolve_session(db, settings=settings, token=cookie) is not None


def require_login(request: Request) -> None:
    """A sync dependency (a worker thread): a valid API token or login session."""
    from welcome.web import ApiUnauthorized

    if not _logged_in(request):
        raise ApiUnauthorized()


def _script_hashes(html: str) -> str:
    """'sha256-…' of each inline script of `html` (Swagger UI's start script)."""
    found = re.findall(r"<script>(.*?)</script>", html, flags=re.S)
    return " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'" for s in found
    )


def private_docs(api: FastAPI, *, prefix: str) -> None:
    """/openapi.json and /docs of `api` (mounted at `prefix`) for logged-in users only."""
    router = APIRouter(include_in_schema=False, dependencies=[Depends(require_login)])
    openapi_url = f"{prefix}/openapi.json"

    @router.get("/openapi.json")
    def openapi() -> JSONResponse:
        return JSONResponse(api.openapi())

    @router.get("/docs")
    def docs() -> HTMLResponse:
        page = get_swagger_ui_html(openapi_url=openapi_url, title=f"{api.title} – docs")
        body = bytes(page.body).decode()
        # Swagger UI comes from the CDN FastAPI names, and starts with one inline script:
        # allowed by its hash on this page only
        cdn = "https://cdn.jsdelivr.net"
        policy = (
            f"default-src 'none'; script-src {cdn} {_script_hashes(body)}; style-src {cdn}; "
            f"img-src 'self' data: https://fastapi.tiangolo.com; connect-src 'self'; "
            "frame-ancestors 'none'"
        )
        return HTMLResponse(body, headers={"Content-Security-Policy": policy})

    api.include_router(router)
