"""The dashboard: the counsellor's start page after login."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from welcome.accounts.models import Centre
from welcome.templating import render
from welcome.web import CurrentUser, DbSession

router = APIRouter()


@router.get("/")
def dashboard(request: Request, user: CurrentUser, db: DbSession) -> Response:
    centre = db.get(Centre, user.centre_id) if user.centre_id else None
    return render(request, "dashboard.html", {"centre": centre})
