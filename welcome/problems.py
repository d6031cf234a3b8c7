"""Errors as responses: problem+json (RFC 9457) for the API, translated pages for people."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from welcome.errors import DomainError, FieldErrors
from welcome.i18n import _
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
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


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

    async def crash(request: Request, exc: Exception) -> Response:
        log.exception("unhandled_error", path=request.url.path)
        return problem(request, 500, _("Something went wrong on our side."))

    app.add_exception_handler(RequestValidationError, validation)
    app.add_exception_handler(FieldErrors, field_errors)
    app.add_exception_handler(DomainError, domain)
    app.add_exception_handler(StarletteHTTPException, http)
    app.add_exception_handler(ApiUnauthorized, unauthorized)
    app.add_exception_handler(RoleRequired, forbidden)
    app.add_exception_handler(Exception, crash)


def install_html_handlers(app: FastAPI) -> None:
    from welcome.templating import render

    def page(request: Request, status: int, message: str | None = None) -> Response:
        return render(
            request,
            "errors/error.html",
            {"status": status, "title": _titles().get(status, _("Error")), "message": message},
            status_code=status,
        )

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
            await identify(request)
        return page(request, exc.status_code)

    async def validation(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        if _names_nothing(exc):
            await identify(request)
            return page(request, 404)
        return page(request, 400, _("The request was incomplete. Please go back and try again."))

    async def crash(request: Request, exc: Exception) -> Response:
        log.exception("unhandled_error", path=request.url.path)
        return page(request, 500, _("Something went wrong on our side. Nothing was saved."))

    app.add_exception_handler(LoginRequired, login_required)
    app.add_exception_handler(CsrfFailed, csrf)
    app.add_exception_handler(RoleRequired, forbidden)
    app.add_exception_handler(DomainError, domain)
    app.add_exception_handler(StarletteHTTPException, http)
    app.add_exception_handler(RequestValidationError, validation)
    app.add_exception_handler(Exception, crash)
