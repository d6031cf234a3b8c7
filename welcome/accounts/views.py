"""Login, logout, the user's settings and the audit log (users, centres, passwords and tokens:
admin_views.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response

from welcome import roles
from welcome.accounts import service
from welcome.accounts.models import User
from welcome.accounts.schemas import LoginIn, SettingsIn, safe_next
from welcome.audit import AuditAction
from welcome.db import utcnow
from welcome.forms import action_post, form_post, redirect
from welcome.history import list_entries
from welcome.i18n import UI_LOCALES, _, format_datetime, set_date_style, set_locale
from welcome.nav import NavItem
from welcome.templating import render
from welcome.web import (
    LANG_COOKIE,
    SESSION_COOKIE,
    CurrentUser,
    DbSession,
    OptionalLogin,
    SettingsDep,
    client_address,
    require_role,
    set_cookie,
)

router = APIRouter()
PAGE_SIZE = 50
Manager = Annotated[User, Depends(require_role(roles.MANAGERS))]
NAV = [
    NavItem("/users", lambda: _("Users"), order=90, roles=roles.names(roles.MANAGERS)),
    NavItem("/audit", lambda: _("Audit log"), order=95, roles=roles.names(roles.MANAGERS)),
]
YEAR_SECONDS = 31536000


@router.get("/login")
def login_form(request: Request, login: OptionalLogin, next: str | None = None) -> Response:
    if login is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return render(request, "accounts/login.html", {"email": "", "next": safe_next(next)})


@dataclass(frozen=True, slots=True)
class _Attempt:
    data: LoginIn
    result: service.LoginResult
    token: str | None = None  # the new session's cookie, when the login succeeded


def _login_page(
    request: Request, email: str, next: str, errors: dict[str, str], status_code: int = 200
) -> Response:
    context = {"email": email, "next": safe_next(next), "errors": errors}
    return render(request, "accounts/login.html", context, status_code=status_code)


@router.post("/login")
async def login(request: Request, db: DbSession, settings: SettingsDep) -> Response:
    """Log in. A wrong password (or an unknown account) is no field's fault: the page says so
    at the form, keeps the typed e-mail, and the failure stays recorded for the throttle."""
    address = client_address(request)

    def act(data: LoginIn) -> _Attempt:
        result = service.authenticate(
            db, settings=settings, email=data.email, password=data.password, address=address
        )
        if result.user is None:
            return _Attempt(data, result)
        token, _login = service.start_session(
            db, settings=settings, user=result.user, address=address
        )
        return _Attempt(data, result, token)

    def done(attempt: _Attempt) -> Response:
        user = attempt.result.user
        if user is None or attempt.token is None:
            until = attempt.result.locked_until
            if attempt.result.throttled and until is not None:
                message = _(
                    "Too many failed attempts. You can try again from %(time)s.",
                    time=format_datetime(until, "short"),
                )
                status = 429
            else:
                message, status = _("E-mail address or password is wrong."), 401
            data = attempt.data
            page = _login_page(request, data.email, data.next, {"form": message}, status)
            if until is not None:
                wait = max(1, int((until - utcnow()).total_seconds()) + 1)
                page.headers["Retry-After"] = str(wait)
            return page
        response = RedirectResponse(attempt.data.next, status_code=303)
        max_age = int(settings.session_hours * 3600)
        set_cookie(response, request, SESSION_COOKIE, attempt.token, max_age=max_age)
        if user.locale:
            set_cookie(response, request, LANG_COOKIE, user.locale, max_age=YEAR_SECONDS)
        return response

    def again(errors: dict[str, str], values: dict[str, Any]) -> Response:
        return _login_page(request, values.get("email", ""), values.get("next", "/"), errors)

    return await form_post(request, db, LoginIn, act, done=done, invalid=again)


@router.post("/logout")
async def logout(request: Request, db: DbSession, login: OptionalLogin) -> Response:
    def act() -> None:
        if login is not None:
            service.end_session(db, login=login[0])

    def done(_nothing: None) -> Response:
        response = redirect(request, "/login", _("You have been logged out."))
        response.delete_cookie(SESSION_COOKIE)
        return response

    return await action_post(request, db, act, done=done)


@router.get("/settings")
def settings_form(request: Request, user: CurrentUser) -> Response:
    context = {"chosen": user.locale or "", "date_style": user.date_style or "en_GB"}
    return render(request, "accounts/settings.html", context)


@router.post("/settings")
async def save_settings(request: Request, user: CurrentUser, db: DbSession) -> Response:
    def done(changed: User) -> Response:
        if changed.locale in UI_LOCALES:
            set_locale(changed.locale)  # the message in the language just chosen
        set_date_style(changed.date_style)
        response = redirect(request, "/settings", _("Your settings have been saved."))
        if changed.locale:
            set_cookie(response, request, LANG_COOKIE, changed.locale, max_age=YEAR_SECONDS)
        else:
            response.delete_cookie(LANG_COOKIE)
        return response

    def again(errors: dict[str, str], values: dict[str, Any]) -> Response:
        context = {
            "chosen": values.get("locale", ""),
            "date_style": values.get("date_style", ""),
            "errors": errors,
        }
        return render(request, "accounts/settings.html", context)

    return await form_post(
        request,
        db,
        SettingsIn,
        lambda data: service.update(db, user=user, data=data),
        done=done,
        invalid=again,
    )


@router.get("/audit")
def audit_log(
    request: Request,
    user: Manager,
    db: DbSession,
    action: Annotated[str | None, Query(max_length=20)] = None,
    page: Annotated[int, Query(ge=1, le=100000)] = 1,
) -> Response:
    action = action if action in {a.value for a in AuditAction} else None
    entries, total = list_entries(db, action=action, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    emails = {u.id: u.email for u in service.list_users(db)}
    return render(
        request,
        "accounts/audit.html",
        {
            "entries": entries,
            "total": total,
            "page": page,
            "pages": max(1, -(-total // PAGE_SIZE)),
            "action": action or "",
            "actions": [a.value for a in AuditAction],
            "emails": emails,
        },
    )
