"""Request dependencies: the unit of work, the logged-in user, roles, CSRF, flash messages."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import Response
from pydantic import Field
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from welcome import security
from welcome.accounts import service as accounts
from welcome.accounts.models import LoginSession, User
from welcome.config import Settings
from welcome.db import MAX_ID, Actor, unit_of_work
from welcome.i18n import UI_LOCALES, set_date_style, set_locale
from welcome.roles import CASE_WORKERS, Role

SESSION_COOKIE = "welcome_session"
PRELOGIN_CSRF_COOKIE = "welcome_csrf"
LANG_COOKIE = "welcome_lang"
FLASH_COOKIE = "welcome_flash"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# An id in a path or query string, checked before any query: an id outside the schema's range
# is answered 404 (in a path) or 422 (in a query), never sent to the database to overflow.
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
# how far into a list a page may start
Offset = Annotated[int, Field(ge=0, le=1_000_000_000)]


class LoginRequired(Exception):
    """No valid login session: the HTML app redirects to the login page."""


class ApiUnauthorized(Exception):
    """No valid bearer token: the API answers 401."""


class CsrfFailed(Exception):
    """A form or request without the right CSRF token: 403."""


class RoleRequired(Exception):
    """The user's role may not do this: 403."""


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings)]


def get_db(request: Request) -> Iterator[Session]:
    """One unit of work per request, committed before the response is sent."""
    with unit_of_work(request.app.state.sessions) as session:
        session.info["address"] = client_address(request)  # on every audit entry
        yield session


DbSession = Annotated[Session, Depends(get_db, scope="function")]


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _login(
    request: Request, db: DbSession, settings: SettingsDep
) -> tuple[LoginSession, User] | None:
    return accounts.resolve_session(
        db, settings=settings, token=request.cookies.get(SESSION_COOKIE)
    )


OptionalLogin = Annotated[tuple[LoginSession, User] | None, Depends(_login)]


@dataclass(frozen=True, slots=True)
class UserView:
    """What pages show of the logged-in user: plain values, valid after the unit of work."""

    id: int
    email: str
    display_name: str
    role: str
    centre_id: int | None
    locale: str | None
    date_style: str | None = None


def act_as(request: Request, db: Session, user: User) -> None:
    """The user acts through this request's session (scope and audit follow)."""
    assert user.id is not None
    db.info["actor"] = Actor(
        user_id=user.id,
        centre_id=user.centre_id,
        role=user.role,
        address=client_address(request),
    )
    _present(request, _view(user))


def _view(user: User) -> UserView:
    assert user.id is not None
    return UserView(
        id=user.id,
        email=user.email,
        display_name=user.display_name,
        role=user.role,
        centre_id=user.centre_id,
        locale=user.locale,
        date_style=user.date_style,
    )


def _present(request: Request, view: UserView) -> None:
    """The user's language for this request, and the user for the page layout."""
    if view.locale in UI_LOCALES:
        set_locale(view.locale)
    set_date_style(view.date_style)
    request.state.user = view


async def current_user(request: Request, login: OptionalLogin, db: DbSession) -> User:
    # async on purpose: the locale ContextVar set here must reach the endpoint
    if login is None:
        raise LoginRequired()
    login_session, user = login
    request.state.csrf_token = login_session.csrf_token
    act_as(request, db, user)
    return user


CurrentUser = Annotated[User, Depends(current_user)]


async def identify(request: Request) -> None:
    """Who is logged in, for a page answered before any route ran (an unknown URL's 404), so
    that it shows the user's navigation and language. Nothing is required or refused here."""
    if getattr(request.state, "user", None) is not None:
        return

    def lookup() -> UserView | None:  # in a worker thread: the event loop does no I/O
        with unit_of_work(request.app.state.sessions) as db:
            login = _login(request, db, get_settings(request))
            return _view(login[1]) if login is not None else None

    view = await run_in_threadpool(lookup)
    if view is not None:
        _present(request, view)  # here, so that the locale reaches the page


def _allowed(roles: tuple[Role | frozenset[Role], ...]) -> frozenset[str]:
    found: set[str] = set()
    for item in roles:
        found |= {r.value for r in item} if isinstance(item, frozenset) else {item.value}
    return frozenset(found)


def require_role(*roles: Role | frozenset[Role]) -> Callable[[User], Coroutine[Any, Any, User]]:
    """A page for these roles or role groups (welcome.roles)."""
    allowed = _allowed(roles)

    async def check(user: CurrentUser) -> User:
        if user.role not in allowed:
            raise RoleRequired()
        return user

    return check


def _token_user(request: Request, db: DbSession) -> User | None:
    scheme, _sep, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return accounts.resolve_token(db, token=token.strip())


async def api_user(
    request: Request, db: DbSession, user: Annotated[User | None, Depends(_token_user)]
) -> User:
    if user is None:
        raise ApiUnauthorized()
    act_as(request, db, user)
    return user


ApiUser = Annotated[User, Depends(api_user)]


def require_api_role(
    *roles: Role | frozenset[Role],
) -> Callable[[User], Coroutine[Any, Any, User]]:
    """An API operation for these roles or role groups (welcome.roles)."""
    allowed = _allowed(roles)

    async def check(user: ApiUser) -> User:
        if user.role not in allowed:
            raise RoleRequired()
        return user

    return check


# --- CSRF -----------------------------------------------------------------------------------


def prelogin_csrf(request: Request, settings: Settings) -> str | None:
    cookie = request.cookies.get(PRELOGIN_CSRF_COOKIE)
    return security.unsign(cookie, settings.secret_key) if cookie else None


def csrf_token_for(request: Request) -> str:
    """The token forms on this page must send back."""
    known = getattr(request.state, "csrf_token", None)
    if known:
        return str(known)
    token = getattr(request.state, "new_prelogin_csrf", None) or prelogin_csrf(
        request, request.app.state.settings
    )
    if token is None:
        token = security.new_token()
        request.state.new_prelogin_csrf = token  # the response sets the cookie
    return str(token)


async def csrf_protect(request: Request, login: OptionalLogin, settings: SettingsDep) -> None:
    """Every unsafe request of the HTML app: same origin and the session's token."""
    if request.method in SAFE_METHODS:
        return
    origin = request.headers.get("origin")
    if origin and origin != f"{request.url.scheme}://{request.url.netloc}":
        raise CsrfFailed()
    submitted = request.headers.get("x-csrf-token")
    if submitted is None:
        form = await request.form()
        value = form.get("csrf_token")
        submitted = value if isinstance(value, str) else None
    expected = login[0].csrf_token if login else prelogin_csrf(request, settings)
    if not security.same(submitted, expected):
        raise CsrfFailed()


def set_cookie(response: Response, request: Request, name: str, value: str, **kw: Any) -> None:
    settings: Settings = request.app.state.settings
    response.set_cookie(
        name, value, httponly=True, samesite="lax", secure=settings.cookies_secure, **kw
    )


# --- flash messages -------------------------------------------------------------------------


def flash(request: Request, message: str, kind: str = "info") -> None:
    """Show `message` on the next page (carried in a signed cookie across the redirect)."""
    pending: list[dict[str, str]] = getattr(request.state, "flash_out", [])
    pending.append({"kind": kind, "text": str(message)})
    request.state.flash_out = pending


def take_flashes(request: Request) -> list[dict[str, str]]:
    cookie = request.cookies.get(FLASH_COOKIE)
    if not cookie or getattr(request.state, "flash_taken", False):
        return []
    request.state.flash_taken = True
    raw = security.unsign(cookie, request.app.state.settings.secret_key)
    try:
        data = json.loads(base64.urlsafe_b64decode(raw.encode())) if raw else []
    except ValueError:
        return []
    return [m for m in data if isinstance(m, dict)] if isinstance(data, list) else []


def pending_cookies(state: dict[str, Any], settings: Settings) -> list[tuple[bytes, bytes]]:
    """Set-Cookie headers a request asked for (pre-login CSRF token, flash messages)."""
    response = Response()
    secure = settings.cookies_secure
    token = state.get("new_prelogin_csrf")
    if token:
        response.set_cookie(
            PRELOGIN_CSRF_COOKIE,
            security.sign(token, settings.secret_key),
            httponly=True,
            samesite="lax",
            secure=secure,
        )
    out = state.get("flash_out")
    if out:
        encoded = base64.urlsafe_b64encode(json.dumps(out).encode()).decode()
        response.set_cookie(
            FLASH_COOKIE,
            security.sign(encoded, settings.secret_key),
            httponly=True,
            samesite="lax",
            secure=secure,
        )
    elif state.get("flash_taken"):
        response.delete_cookie(FLASH_COOKIE)
    return [(k, v) for k, v in response.raw_headers if k == b"set-cookie"]


# the users of the case-work areas (persons, cases, procedures, employers, packages)
CaseWorkerPage = Annotated[User, Depends(require_role(CASE_WORKERS))]
CaseWorkerApi = Annotated[User, Depends(require_api_role(CASE_WORKERS))]


def is_htmx(request: Request) -> bool:
    """The request came from htmx: answer the block that changed, not a redirect or page."""
    return request.headers.get("hx-request") == "true"
