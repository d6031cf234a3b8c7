"""The dashboard: the counsellor's start page after login."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from welcome.accounts.models import Centre
from welcome.i18n import _
from welcome.nav import NavItem
from welcome.templating import render
from welcome.web import CurrentUser, DbSession

router = APIRouter()
NAV = [NavItem("/", lambda: _("Dashboard"), order=0)]


@router.get("/")
def dashboard(request: Request, user: CurrentUser, db: DbSession) -> Response:
    centre = db.get(Centre, user.centre_id) if user.centre_id else None
    view = request.state.user
    panels = [
        {"template": panel.template, "context": panel.load(db, view)}
        for panel in request.app.state.panels
        if panel.visible_to(user.role)
    ]
    return render(
        request,
        "dashboard.html",
        {"centre_name": centre.name if centre else None, "panels": panels},
    )
