"""The lead's yearly targets per indicator (Soll laut Antrag), one form per year.

An empty field removes the target; what was typed is kept and the error shown at the field.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import TypeAdapter, ValidationError

from cases.reports import service, targets
from cases.reports.schemas import INDICATORS, Year, YearTargets
from welcome import clock, roles
from welcome.accounts.models import User
from welcome.forms import form_post, redirect
from welcome.i18n import _
from welcome.templating import render
from welcome.web import DbSession, require_role

router = APIRouter()
# the targets are set on the report page of the centre, by who submits it
Submitter = Annotated[User, Depends(require_role(roles.SUBMITTERS))]
YearQ = Annotated[Year | None, Query()]


def _page(
    request: Request, *, year: int, values: dict[str, Any], errors: dict[str, str]
) -> Response:
    labels = service.indicator_labels()
    return render(
        request,
        "reports/targets.html",
        {
            "year": year,
            "fields": [
                {"code": c, "label": labels[c], "value": values.get(c) or ""} for c in INDICATORS
            ],
            "errors": errors,
        },
    )


@router.get("/reports/targets")
def targets_form(request: Request, user: Submitter, db: DbSession, year: YearQ = None) -> Response:
    assert user.centre_id is not None
    chosen = year or clock.today().year
    current = targets.get(db, centre_id=user.centre_id, year=chosen)
    values = {code: str(value) for code, value in current.items()}
    return _page(request, year=chosen, values=values, errors={})


def _shown_year(typed: Any) -> int:
    """The year to show the form of again: the typed one if it is one, else this year."""
    try:
        return TypeAdapter(Year).validate_python(typed)
    except ValidationError:
        return clock.today().year


@router.post("/reports/targets")
async def save_targets(request: Request, user: Submitter, db: DbSession) -> Response:
    assert user.centre_id is not None
    centre_id = user.centre_id

    def act(data: YearTargets) -> int:
        targets.update(db, centre_id=centre_id, year=data.year, data=data)
        return data.year

    return await form_post(
        request,
        db,
        YearTargets,
        act,
        done=lambda year: redirect(
            request,
            f"/reports/targets?year={year}",
            _("The targets for %(year)d have been saved.", year=year),
        ),
        invalid=lambda errors, values: _page(
            request, year=_shown_year(values.get("year")), values=values, errors=errors
        ),
    )
