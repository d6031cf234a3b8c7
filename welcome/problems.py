"""Errors as responses: problem+json (RFC 9457) for the API, translated pages for people."""

from __future__ import annotations

import contextlib
import html
from typing import Any
from urllib.parse import quote

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from welcome.errors import DomainError, FieldErrors
from welcome.failures import RETRY_AFTER_SECONDS, classify
from welcome.i18n import _, get_locale
from welcome.inputs import field_of, message_of
from welcome.web import ApiUnauthorized, CsrfFailed, LoginRequired, RoleRequired, identify

log = structlog.get_logger()

PROBLEM = "application/problem+json"


def _titles() -> dict[int, str]:
    return {
        400: _("Bad request"),
        401: _("Not authenticated"),
        403: _("Forbidden"),
        404: _("Not found"),
        405: _("Method not allowed"),
        409: _("Conflict"),
        413: _("Too large"),
        422: _("Invalid input"),
        429: _("Too many requests"),
        500: _("Internal error"),
        503: _("Service unavailable"),
        507: _("Storage full"),
    }


def problem(request: Request, status: int, detail: str | None = None, **extra: Any) -> JSONResponse:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": _titles().get(status, _("Error")),
        "status": status,
        "instance": request.url.path,
    }
    if detail:
        body["detail"] = detail
    body.update(extra)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else {}
    if status == 503:
        headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers or None)


async def identify_if_possible(request: Request) -> None:
    """The logged-in user for an error page's navigation, if the database answers."""
    try:
        await identify(request)
    except Exception:  # the page is shown without the user's navigation
        log.warning("identify_failed", path=request.url.path)


def plain_page(status: int, title: str, message: str | None) -> Response:
    """An error page without templates (when rendering the real one failed)."""
    text = html.escape(message or "")
    body = (
        f'<!DOCTYPE html><html lang="{get_locale()}"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title></head><body><h1>{html.escape(title)}</h1>"
        f"<p>{text}</p></body></html>"
    )
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)} if status == 503 else None
    return Response(body, status_code=status, media_type="text/html", headers=headers)


def last_resort(request: Request, exc: BaseException, *, json: bool) -> Response:
    """A 500 built from constants: nothing here can fail again."""
    with contextlib.suppress(Exception):
        log.exception("error_handler_failed", path=request.url.path, error=repr(exc))
    if json:
        body = b'{"type":"about:blank","title":"Internal error","status":500}'
        return Response(body, status_code=500, media_type=PROBLEM)
    return Response(
        b"<!DOCTYPE html><title>500</title><h1>500 Internal error</h1>",
        status_code=500,
        media_type="text/html",
    )


def _names_nothing(exc: RequestValidationError) -> bool:
    """Only the path is wrong (an id out of range, a word for a number): nothing is there."""
    errors = exc.errors()
    return bool(errors) and all(tuple(e.get("loc", ()))[:1] == ("path",) for e in errors)


def install_api_handlers(app: FastAPI) -> None:
    async def validation(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        if _names_nothing(exc):
            return problem(request, 404)
        # the same translated message per rule as a form shows (welcome.inputs)
        errors = [
            {
                "field": field_of(e.get("loc", ())),
                "message": message_of(e),
                "code": e.get("type"),
            }
            for e in exc.errors()
        ]
        return problem(request, 422, _("Some fields are invalid."), errors=errors)

    async def field_errors(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, FieldErrors)
        errors = [{"field": k, "message": v} for k, v in exc.errors.items()]
        return problem(request, 422, _("Some fields are invalid."), errors=errors)

    async def domain(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, DomainError)
        # an error may name more (a merged-away record: `merged_into`)
        extra: dict[str, Any] = getattr(exc, "problem_extra", None) or {}
        return problem(request, exc.status, str(exc) or None, **extra)

    async def http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        detail = exc.detail if isinstance(exc.detail, str) and exc.status_code != 404 else None
        return problem(request, exc.status_code, detail)

    async def unauthorized(request: Request, exc: Exception) -> Response:
        return problem(request, 401, _("A valid API token is required."))

    async def forbidden(request: Request, exc: Exception) -> Response:
        return problem(request, 403, _("Your role may not do this."))

    app.add_exception_handler(RequestValidationError, validation)
    app.add_exception_handler(FieldErrors, field_errors)
    app.add_exception_handler(DomainError, domain)
    app.add_exception_handler(StarletteHTTPException, http)
    app.add_exception_handler(ApiUnauthorized, unauthorized)
    app.add_exception_handler(RoleRequired, forbidden)
    app.add_exception_handler(Exception, api_crash)


async def api_crash(request: Request, exc: Exception) -> Response:
    """The API's answer to an exception no other handler took: 503/507 or 500."""
    try:
        failure = classify(exc)
        if failure is not None:
            log.error("unavailable", path=request.url.path, status=failure.status, error=str(exc))
            return problem(request, failure.status, failure.message)
        log.exception("unhandled_error", path=request.url.path)
        return problem(request, 500, _("Something went wrong on our side."))
    except Exception:  # the handler of last resort must answer whatever happens
        return last_resort(request, exc, json=True)


async def html_crash(request: Request, exc: Exception) -> Response:
    """A page's answer to an exception no other handler took: 503/507 or 500."""
    try:
        failure = classify(exc)
        if failure is not None:
            log.error("unavailable", path=request.url.path, status=failure.status, error=str(exc))
            return error_page(request, failure.status, failure.message)
        log.exception("unhandled_error", path=request.url.path)
        return error_page(request, 500, _("Something went wrong on our side. Nothing was saved."))
    except Exception:  # the handler of last resort must answer whatever happens
        return last_resort(request, exc, json=False)


class CrashGuard:
    """The innermost middleware: an exception no handler took is answered here (a page or a
    problem) and ends here. Starlette's outermost handler answers too, but then raises it
    again for the server, and uvicorn closes the connection after that: the client's next
    request on it failed ("connection reset"). A mounted API answers its own and raises it
    again: then only the raise ends here."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking)
        except Exception as exc:
            if started:  # answered already (and logged by that handler)
                return
            request = Request(scope, receive)
            api = scope["path"].startswith("/api/")
            response = await (api_crash if api else html_crash)(request, exc)
            await response(scope, receive, tracking)


def error_page(request: Request, status: int, message: str | None = None) -> Response:
    """The translated error page (a plain one if even that fails)."""
    from welcome.templating import render

    try:
        response: Response = render(
            request,
            "errors/error.html",
            {"status": status, "title": _titles().get(status, _("Error")), "message": message},
            status_code=status,
        )
    except Exception:  # an error page that fails would reset the connection
        log.exception("error_page_failed", path=request.url.path, status=status)
        return plain_page(status, _titles().get(status, "Error"), message)
    if status == 503:
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def install_html_handlers(app: FastAPI) -> None:
    page = error_page

    async def login_required(request: Request, exc: Exception) -> Response:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        if request.headers.get("hx-request"):
            return Response(status_code=401, headers={"HX-Redirect": "/login"})
        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)

    async def csrf(request: Request, exc: Exception) -> Response:
        return page(
            request,
            403,
            _("The form has expired or was not sent from this site. Please try again."),
        )

    async def forbidden(request: Request, exc: Exception) -> Response:
        return page(request, 403, _("Your role does not allow this page."))

    async def domain(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, DomainError)
        return page(request, exc.status, str(exc) or None)

    async def http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if exc.status_code == 404:
            await identify_if_possible(request)
        return page(request, exc.status_code)

    async def validation(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        if _names_nothing(exc):
            await identify_if_possible(request)
            return page(request, 404)
        return page(request, 400, _("The request was incomplete. Please go back and try again."))

    app.add_exception_handler(LoginRequired, login_required)
    app.add_exception_handler(CsrfFailed, csrf)
    app.add_exception_handler(RoleRequired, forbidden)
    app.add_exception_handler(DomainError, domain)
    app.add_exception_handler(StarletteHTTPException, http)
    app.add_exception_handler(RequestValidationError, validation)
    app.add_exception_handler(Exception, html_crash)
