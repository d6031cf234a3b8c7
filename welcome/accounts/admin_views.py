"""Administration pages: users (admins and leads), one-time links, centres (admins), and the
user's own password, sessions and API tokens."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Request, UploadFile
from fastapi.responses import Response
from sqlmodel import Session

from welcome import roles
from welcome.accounts import admin, service
from welcome.accounts.models import Centre, User
from welcome.accounts.schemas import (
    CentreIn,
    ChangePasswordIn,
    InviteIn,
    NewPasswordIn,
    TokenIn,
    UserChangeIn,
)
from welcome.db import fetch
from welcome.errors import FieldErrors, NotFound
from welcome.forms import action_post, form_post, off_loop, redirect
from welcome.i18n import _
from welcome.nav import NavItem
from welcome.templating import render
from welcome.web import SESSION_COOKIE, CurrentUser, DbSession, Id, OptionalLogin, require_role

router = APIRouter()
Manager = Annotated[User, Depends(require_role(roles.MANAGERS))]
Admin = Annotated[User, Depends(require_role(roles.Role.ADMIN))]
NAV = [NavItem("/centres", lambda: _("Centres"), order=92, roles=frozenset({"admin"}))]


def _absolute(request: Request, path: str) -> str:
    return str(request.base_url).rstrip("/") + path


# --- users ----------------------------------------------------------------------------------


def _users_page(
    request: Request,
    db: Session,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
    link: dict[str, str] | None = None,
) -> Response:
    users = service.list_users(db)
    me = request.state.user
    centres = {c.id: c.name for c in service.list_centres(db)}
    roles_offered = (
        ["counsellor", "lead", "statistician", "admin"]
        if me.role == "admin"
        else ["counsellor", "lead"]
    )
    return render(
        request,
        "accounts/users.html",
        {
            "users": users,
            "centres": centres,
            "logins": admin.last_logins(db, user_ids=[u.id for u in users if u.id]),
            "roles_offered": roles_offered,
            "choose_centre": me.role == "admin",
            "errors": errors or {},
            "values": values or {},
            "link": link,
        },
    )


@router.get("/users")
def users(request: Request, user: Manager, db: DbSession) -> Response:
    return _users_page(request, db)


@router.post("/users")
async def invite(request: Request, user: Manager, db: DbSession) -> Response:
    def done(invited: admin.Invited) -> Response:
        link = {"email": invited.user.email, "url": _absolute(request, invited.url),
                "kind": "invitation"}  # fmt: skip
        return _users_page(request, db, link=link)

    return await form_post(
        request,
        db,
        InviteIn,
        lambda data: admin.invite(db, data=data),
        done=done,
        invalid=lambda errors, values: _users_page(request, db, errors=errors, values=values),
    )


def _user_page(
    request: Request,
    db: Session,
    found: User,
    errors: dict[str, str] | None = None,
    link: dict[str, str] | None = None,
) -> Response:
    me = request.state.user
    offered = (
        ["counsellor", "lead", "statistician", "admin"]
        if me.role == "admin"
        else ["counsellor", "lead"]
    )
    context = {"target": found, "roles_offered": offered, "errors": errors or {}, "link": link}
    return render(request, "accounts/user.html", context)


@router.get("/users/{user_id}")
def user_page(request: Request, user_id: Id, user: Manager, db: DbSession) -> Response:
    return _user_page(request, db, admin.get_user(db, user_id=user_id))


@router.post("/users/{user_id}")
async def change_user(request: Request, user_id: Id, user: Manager, db: DbSession) -> Response:
    found = await off_loop(admin.get_user, db, user_id=user_id)
    return await form_post(
        request,
        db,
        UserChangeIn,
        lambda data: admin.update_user(db, user=found, data=data),
        done=lambda u: redirect(request, f"/users/{u.id}", _("The changes have been saved.")),
        invalid=lambda errors, _v: _user_page(request, db, found, errors),
    )


@router.post("/users/{user_id}/password-reset")
async def reset(request: Request, user_id: Id, user: Manager, db: DbSession) -> Response:
    found = await off_loop(admin.get_user, db, user_id=user_id)

    def done(url: str) -> Response:
        link = {"email": found.email, "url": _absolute(request, url), "kind": "reset"}
        return _user_page(request, db, found, link=link)

    return await action_post(request, db, lambda: admin.reset(db, user=found), done=done)


# --- one-time links (no login) --------------------------------------------------------------


@router.get("/account/{token}")
def link_page(request: Request, token: str, db: DbSession) -> Response:
    link, found = admin.open_link(db, token=token[:100])
    context = {"token": token, "kind": link.kind, "email": found.email, "errors": {}}
    return render(request, "accounts/set_password.html", context)


@router.post("/account/{token}")
async def use_link(request: Request, token: str, db: DbSession) -> Response:
    link, found = await off_loop(admin.open_link, db, token=token[:100])

    def again(errors: dict[str, str], _values: dict[str, Any]) -> Response:
        context = {"token": token, "kind": link.kind, "email": found.email, "errors": errors}
        return render(request, "accounts/set_password.html", context)

    return await form_post(
        request,
        db,
        NewPasswordIn,
        lambda data: admin.use_link(db, token=token[:100], data=data),
        done=lambda _u: redirect(
            request, "/login", _("Your password has been set. Please log in.")
        ),
        invalid=again,
    )


# --- the user's own password, sessions and tokens -------------------------------------------


def _security_page(
    request: Request,
    db: Session,
    user: User,
    errors: dict[str, str] | None = None,
    token: str | None = None,
) -> Response:
    tokens = admin.list_tokens(db, user=user)
    context = {
        "sessions": admin.list_sessions(db, user=user),
        "current_session": request.cookies.get(SESSION_COOKIE) and _current(request, db),
        "tokens": tokens,
        "token_states": {t.id: admin.token_state(t) for t in tokens},
        "new_token": token,
        "errors": errors or {},
    }
    return render(request, "accounts/security.html", context)


def _current(request: Request, db: Session) -> int | None:
    found = service.resolve_session(
        db, settings=request.app.state.settings, token=request.cookies.get(SESSION_COOKIE)
    )
    return found[0].id if found else None


@router.get("/settings/security")
def security_page(request: Request, user: CurrentUser, db: DbSession) -> Response:
    return _security_page(request, db, user)


@router.post("/settings/password")
async def change_password(
    request: Request, user: CurrentUser, login: OptionalLogin, db: DbSession
) -> Response:
    assert login is not None
    return await form_post(
        request,
        db,
        ChangePasswordIn,
        lambda data: admin.change_password(db, user=user, login=login[0], data=data),
        done=lambda _u: redirect(
            request, "/settings/security", _("Your password has been changed.")
        ),
        invalid=lambda errors, _v: _security_page(request, db, user, errors),
    )


@router.post("/settings/sessions/{session_id}/end")
async def end_session(
    request: Request, session_id: Id, user: CurrentUser, db: DbSession
) -> Response:
    return await action_post(
        request,
        db,
        lambda: admin.end_session(db, user=user, session_id=session_id),
        done=lambda _n: redirect(request, "/settings/security", _("The session has been ended.")),
    )


@router.post("/settings/tokens")
async def create_token(request: Request, user: CurrentUser, db: DbSession) -> Response:
    return await form_post(
        request,
        db,
        TokenIn,
        lambda data: admin.create_token(db, user=user, data=data),
        done=lambda made: _security_page(request, db, user, token=made[1]),
        invalid=lambda errors, _v: _security_page(request, db, user, errors),
    )


@router.post("/settings/tokens/{token_id}/revoke")
async def revoke_token(
    request: Request, token_id: Id, user: CurrentUser, db: DbSession
) -> Response:
    return await action_post(
        request,
        db,
        lambda: admin.revoke_token(db, user=user, token_id=token_id),
        done=lambda _t: redirect(request, "/settings/security", _("The token has been revoked.")),
    )


# --- centres (admins) -----------------------------------------------------------------------


@router.get("/centres")
def centres(request: Request, user: Admin, db: DbSession) -> Response:
    context = {"centres": service.list_centres(db), "errors": {}, "values": {}}
    return render(request, "accounts/centres.html", context)


@router.post("/centres")
async def create_centre(request: Request, user: Admin, db: DbSession) -> Response:
    def again(errors: dict[str, str], values: dict[str, Any]) -> Response:
        context = {"centres": service.list_centres(db), "errors": errors, "values": values}
        return render(request, "accounts/centres.html", context)

    return await form_post(
        request,
        db,
        CentreIn,
        lambda data: admin.create_centre(db, data=data),
        done=lambda c: redirect(request, f"/centres/{c.id}", _("The centre has been created.")),
        invalid=again,
    )


def _centre(db: Session, centre_id: int) -> Centre:
    found = fetch(db, Centre, centre_id)
    if found is None:
        raise NotFound()
    return found


def _centre_page(
    request: Request, centre: Centre, errors: dict[str, str] | None = None
) -> Response:
    values = {k: getattr(centre, k) or "" for k in CentreIn.model_fields}
    values["active"] = centre.active
    context = {"centre": centre, "values": values, "errors": errors or {}}
    return render(request, "accounts/centre.html", context)


@router.get("/centres/{centre_id}")
def centre_page(request: Request, centre_id: Id, user: Admin, db: DbSession) -> Response:
    return _centre_page(request, _centre(db, centre_id))


@router.post("/centres/{centre_id}")
async def change_centre(request: Request, centre_id: Id, user: Admin, db: DbSession) -> Response:
    centre = await off_loop(_centre, db, centre_id)
    return await form_post(
        request,
        db,
        CentreIn,
        lambda data: admin.update_centre(db, centre=centre, data=data),
        done=lambda c: redirect(request, f"/centres/{c.id}", _("The changes have been saved.")),
        invalid=lambda errors, _v: _centre_page(request, centre, errors),
    )


@router.post("/centres/{centre_id}/logo")
async def upload_logo(
    request: Request,
    centre_id: Id,
    user: Admin,
    db: DbSession,
    file: Annotated[UploadFile, File()],
) -> Response:
    centre = await off_loop(_centre, db, centre_id)
    content = await file.read(admin.MAX_LOGO_BYTES + 1)
    try:
        await off_loop(admin.set_logo, db, centre=centre, content=content)
    except FieldErrors as exc:
        db.rollback()
        response = _centre_page(request, await off_loop(_centre, db, centre_id), exc.errors)
        response.status_code = 422
        return response
    return redirect(request, f"/centres/{centre.id}", _("The logo has been saved."))


@router.get("/centres/{centre_id}/logo")
def logo(centre_id: Id, user: CurrentUser, db: DbSession) -> Response:
    centre = _centre(db, centre_id)
    if centre.logo is None:
        raise NotFound()
    return Response(centre.logo, media_type=centre.logo_type or "application/octet-stream")
