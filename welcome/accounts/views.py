"""Login, logout, the user's settings, and the lead's user list and audit log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from welcome.accounts import service
from welcome.accounts.models import Role
from welcome.audit import AuditAction, list_entries
from welcome.errors import FieldErrors
from welcome.i18n import UI_LOCALES, _, set_locale
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
    flash,
    require_role,
    set_cookie,
)

router = APIRouter()
PAGE_SIZE = 50
_LEADS = frozenset({Role.LEAD.value, Role.ADMIN.value})
NAV = [
    NavItem("/users", lambda: _("Users"), order=90, roles=_LEADS),
    NavItem("/audit", lambda: _("Audit log"), order=95, roles=_LEADS),
]


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


@router.get("/login")
def login_form(request: Request, login: OptionalLogin, next: str | None = None) -> Response:
    if login is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return render(request, "accounts/login.html", {"email": "", "next": _safe_next(next)})


@router.post("/login")
def login(
    request: Request,
    db: DbSession,
    settings: SettingsDep,
    email: Annotated[str, Form(max_length=254)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    errors: dict[str, str] = {}
    if not email.strip():
        errors["email"] = _("Please enter your e-mail address.")
    if not password:
        errors["password"] = _("Please enter your password.")
    status = 422
    if not errors:
        result = service.authenticate(
            db, settings=settings, email=email, password=password, address=client_address(request)
        )
        if result.user is not None:
            token, _login = service.start_session(
                db, settings=settings, user=result.user, address=client_address(request)
            )
            response = RedirectResponse(_safe_next(next), status_code=303)
            set_cookie(
                response,
                request,
                SESSION_COOKIE,
                token,
                max_age=int(settings.session_hours * 3600),
            )
            if result.user.locale:
                set_cookie(response, request, LANG_COOKIE, result.user.locale, max_age=31536000)
            return response
        if result.throttled:
            status = 429
            errors["form"] = _("Too many failed attempts. Please wait a few minutes and try again.")
        else:
            status = 401
            errors["form"] = _("E-mail address or password is wrong.")
    return render(
        request,
        "accounts/login.html",
        {"email": email, "next": _safe_next(next), "errors": errors},
        status_code=status,
    )


@router.post("/logout")
def logout(request: Request, db: DbSession, login: OptionalLogin) -> Response:
    if login is not None:
        service.end_session(db, login=login[0])
    flash(request, _("You have been logged out."), "success")
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/settings")
def settings_form(request: Request, user: CurrentUser) -> Response:
    return render(request, "accounts/settings.html", {"chosen": user.locale or ""})


@router.post("/settings")
def save_settings(
    request: Request,
    user: CurrentUser,
    db: DbSession,
    locale: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    try:
        service.update_locale(db, user=user, locale=locale or None)
    except FieldErrors as exc:
        return render(
            request,
            "accounts/settings.html",
            {"chosen": locale, "errors": exc.errors},
            status_code=422,
        )
    if locale in UI_LOCALES:
        set_locale(locale)
    flash(request, _("Your settings have been saved."), "success")
    response = RedirectResponse("/settings", status_code=303)
    if locale:
        set_cookie(response, request, LANG_COOKIE, locale, max_age=31536000)
    else:
        response.delete_cookie(LANG_COOKIE)
    return response


@router.get("/users", dependencies=[Depends(require_role(Role.LEAD, Role.ADMIN))])
def users(request: Request, db: DbSession) -> Response:
    return render(request, "accounts/users.html", {"users": service.list_users(db)})


@router.get("/audit", dependencies=[Depends(require_role(Role.LEAD, Role.ADMIN))])
def audit_log(
    request: Request,
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
