"""Deadline pages of recognition procedures: the dashboard panel, the deadline list, and the
iCalendar feed behind a secret URL (cases/recognition/calendar.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response
from sqlmodel import Session

from cases.recognition import calendar, due_lists, forms
from welcome import roles
from welcome.accounts.models import User
from welcome.forms import action_post, redirect
from welcome.i18n import _, force_locale, pgettext
from welcome.nav import DashboardPanel, NavItem
from welcome.templating import render
from welcome.web import CaseWorkerPage, DbSession, UserView, act_as

STAFF = roles.names(roles.CASE_WORKERS)

router = APIRouter()
NAV = [NavItem("/recognitions/deadlines", lambda: _("Deadlines"), order=31, roles=STAFF)]


def _kind_labels() -> dict[str, str]:
    return {
        "receipt": _("confirmation of receipt"),
        "decision": pgettext("deadline", "decision"),
        "documents": _("documents from the person"),
    }


def sees_whole_centre(user: UserView | User) -> bool:
    """Leads (and admins) see the whole centre's deadlines, counsellors their own."""
    return user.role in roles.MANAGERS


# --- the dashboard panel and the deadline list -------------------------------------------


def _panel(db: Session, user: UserView) -> dict[str, object]:
    whole_centre = sees_whole_centre(user)
    found = due_lists.list_deadlines(
        db, today=due_lists.today(), counsellor_id=None if whole_centre else user.id, limit=10
    )
    return {
        "deadlines": found,
        "whole_centre": whole_centre,
        "labels": forms.labels(),
        "kinds": _kind_labels(),
    }


PANELS = [DashboardPanel(template="recognition/_panel.html", load=_panel, order=10, roles=STAFF)]


@router.get("/recognitions/deadlines")
def deadlines_page(
    request: Request,
    db: DbSession,
    user: CaseWorkerPage,
    mine: Annotated[str | None, Query(max_length=5)] = None,
) -> Response:
    whole_centre = sees_whole_centre(user) and mine != "1"
    found = due_lists.list_deadlines(
        db, today=due_lists.today(), counsellor_id=None if whole_centre else user.id
    )
    return render(
        request,
        "recognition/deadlines.html",
        {
            "deadlines": found,
            "whole_centre": whole_centre,
            "labels": forms.labels(),
            "kinds": _kind_labels(),
        },
    )


# --- the calendar feed ----------------------------------------------------------------------


@router.get("/recognitions/calendar")
def calendar_page(request: Request, db: DbSession, user: CaseWorkerPage) -> Response:
    assert user.id is not None
    feed = calendar.get(db, user_id=user.id)
    return render(request, "recognition/calendar.html", {"feed": feed, "url": None})


@router.post("/recognitions/calendar")
async def calendar_create(request: Request, db: DbSession, user: CaseWorkerPage) -> Response:
    assert user.id is not None
    user_id = user.id

    def shown(token: str) -> Response:
        # shown once: only the hash is stored, so this page is the only place the URL appears
        url = str(request.url_for("calendar_feed", token=token))
        feed = calendar.get(db, user_id=user_id)
        return render(request, "recognition/calendar.html", {"feed": feed, "url": url})

    return await action_post(request, db, lambda: calendar.create(db, user_id=user_id), done=shown)


@router.post("/recognitions/calendar/revoke")
async def calendar_revoke(request: Request, db: DbSession, user: CaseWorkerPage) -> Response:
    assert user.id is not None
    user_id = user.id
    return await action_post(
        request,
        db,
        lambda: calendar.revoke(db, user_id=user_id),
        done=lambda _n: redirect(
            request, "/recognitions/calendar", _("The calendar address no longer works.")
        ),
    )


@router.get("/calendar/{token}.ics", name="calendar_feed")
def calendar_feed(
    token: Annotated[str, Path(max_length=200)], request: Request, db: DbSession
) -> Response:
    """No login: the secret token is the key. Unknown or revoked tokens get a plain 404."""
    user = calendar.resolve(db, token=token)
    if user is None or user.id is None:
        return Response(status_code=404)
    act_as(request, db, user)  # the feed acts as its user, like a login
    with force_locale(user.locale or request.app.state.settings.default_locale):
        procedures = due_lists.list_open(
            db, counsellor_id=None if sees_whole_centre(user) else user.id
        )
        body = calendar.render(
            calendar.events_for(procedures, base_url=str(request.base_url)),
            name=_("welcome: recognition deadlines"),
        )
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Cache-Control": "private, no-store", "X-Robots-Tag": "noindex"},
    )
