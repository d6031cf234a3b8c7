"""Limits every request meets before any route runs (before authentication, before the
database): the body size per route, the characters of the query string, the request id.

- The body is read here, while it arrives, counted against the route's limit: routes that
  take a file (an `UploadFile` parameter) may send WELCOME_UPLOAD_MAX_MB (plus the form
  around it), every other route 1 MB. More is answered 413 at once, also for a chunked body
  without Content-Length; nothing is read past the limit. What was read is kept (in memory,
  on disk past 1 MB) and handed to the route as it came: no route waits on a slow client
  while it holds a transaction open (welcome/locking.py).
- A query string with NUL or another control character is answered 422: such text has no
  business in a filter or a search and PostgreSQL refuses NUL in text.
"""

from __future__ import annotations

import re
import tempfile
import unicodedata
from collections.abc import Iterable
from typing import Any
from urllib.parse import unquote_to_bytes

from fastapi import FastAPI, params
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from welcome.i18n import _

BODY_LIMIT = 1024 * 1024  # every route without a file
FORM_SLACK = 256 * 1024  # the other fields and the multipart framing around a file
CHUNK = 64 * 1024
REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
_METHODS_WITH_BODY = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def valid_request_id(value: str | None) -> str | None:
    """A caller's X-Request-ID if it is a short token (letters, digits, . _ : -), else None."""
    return value if value is not None and REQUEST_ID.fullmatch(value) else None


def upload_routes(app: FastAPI) -> list[re.Pattern[str]]:
    """The path patterns of the routes that take a file, in the app and its mounted apps."""
    found: list[re.Pattern[str]] = []

    def walk(routes: Iterable[Any], prefix: str) -> None:
        for route in routes:
            if isinstance(route, Mount):
                walk(getattr(route.app, "routes", ()), prefix + route.path)
                continue
            included = getattr(route, "original_router", None)  # FastAPI's included router
            if included is not None:
                walk(included.routes, prefix + route.include_context.prefix)
                continue
            dependant = getattr(route, "dependant", None)
            if dependant is None:
                continue
            files = [p for p in dependant.body_params if isinstance(p.field_info, params.File)]
            if files:
                found.append(re.compile("^" + re.escape(prefix) + route.path_regex.pattern[1:]))

    walk(app.routes, "")
    return found


def _bad_query(raw: bytes) -> bool:
    """NUL or another control character in the query string (after percent-decoding)."""
    if not raw:
        return False
    decoded = unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8", errors="replace")
    return any(unicodedata.category(c) == "Cc" for c in decoded)


class LimitsMiddleware:
    def __init__(self, app: ASGIApp, settings: Any, fastapi_app: FastAPI) -> None:
        self.app = app
        self.upload_limit = settings.upload_max_mb * 1024 * 1024 + FORM_SLACK
        self.fastapi_app = fastapi_app
        self._uploads: list[re.Pattern[str]] | None = None

    def limit_for(self, path: str) -> int:
        if self._uploads is None:  # the routes are all there once the first request comes
            self._uploads = upload_routes(self.fastapi_app)
        return self.upload_limit if any(p.match(path) for p in self._uploads) else BODY_LIMIT

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if _bad_query(scope.get("query_string", b"")):
            refusal = _("The address contains characters that are not allowed.")
            await _refuse(scope, receive, send, 422, refusal)
            return
        if scope["method"] not in _METHODS_WITH_BODY:
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        declared = _content_length(scope)
        too_large = _("The request is too large (at most %(mb)s MB).", mb=_mb(limit))
        if declared is not None and declared > limit:
            await _refuse(scope, receive, send, 413, too_large)
            return
        body = tempfile.SpooledTemporaryFile(max_size=BODY_LIMIT)  # noqa: SIM115 - closed below
        try:
            size = 0
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return  # the client went away: nothing to answer
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > limit:
                    await _refuse(scope, receive, send, 413, too_large)
                    return
                body.write(chunk)
                if not message.get("more_body", False):
                    break
            body.seek(0)
            await self.app(scope, _replay(body, receive), send)
        finally:
            body.close()


def _replay(body: Any, receive: Receive) -> Receive:
    done = False

    async def replay() -> Message:
        nonlocal done
        if done:
            return await receive()  # after the body: the disconnect, when it comes
        chunk = body.read(CHUNK)
        more = bool(chunk) and body.tell() < _size(body)
        if not more:
            done = True
        return {"type": "http.request", "body": chunk, "more_body": more}

    return replay


def _size(body: Any) -> int:
    position = body.tell()
    body.seek(0, 2)
    end = int(body.tell())
    body.seek(position)
    return end


def _content_length(scope: Scope) -> int | None:
    for key, value in scope["headers"]:
        if key == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _mb(limit: int) -> str:
    return f"{limit / (1024 * 1024):.0f}"


async def _refuse(scope: Scope, receive: Receive, send: Send, status: int, message: str) -> None:
    """A problem (API) or an error page, and the connection closed: the rest of the body is
    never read."""
    request = Request(scope, receive)
    response: Response
    if scope["path"].startswith("/api/"):
        from welcome.problems import problem

        response = problem(request, status, message)
    else:
        from welcome.problems import error_page

        response = error_page(request, status, message)
    response.headers["Connection"] = "close"
    await response(scope, receive, send)
