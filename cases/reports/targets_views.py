"""The lead's yearly targets per indicator (Soll laut Antrag), one form per year.

An empty field removes the target; what was typed is kept and the error shown at the field.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response

from cases.reports import service
from cases.reports.schemas import INDICATORS
from welcome.accounts.models import Role, User
from welcome.errors import FieldErrors
from welcome.forms import read_form
from welcome.i18n import _
from welcome.templating import render
from welcome.web import DbSession, flash, require_role

router = APIRouter()
Lead = Annotated[User, Depends(require_role(Role.LEAD))]
YearQ = Annotated[int | None, Query(ge=2000, le=2100)]


def _page(
    request: Request,
    *,
    year: int,
    values: dict[str, str],
    errors: dict[str, str],
    status_code: int = 200,
) -> Response:
    labels = service.indicator_labels()
    return render(
        request,
        "reports/targets.html",
        {
            "year": year,
            "fields": [
                {"code": c, "label": labels[c], "value": values.get(c, "")} for c in INDICATORS
            ],
            "errors": errors,
        },
        status_code=status_code,
    )


@router.get("/reports/targets")
def targets_form(request: Request, user: Lead, db: DbSession, year: YearQ = None) -> Response:
    assert user.centre_id is not None
    chosen = year or date.today().year
    current = service.targets_of(db, centre_id=user.centre_id, year=chosen)
    values = {code: str(value) for code, value in current.items()}
    return _page(request, year=chosen, values=values, errors={})


def parse(form: dict[str, str]) -> tuple[dict[str, int | None], dict[str, str]]:
    """Field text → whole numbers (empty: None); errors for the rest, by indicator code."""
    values: dict[str, int | None] = {}
    errors: dict[str, str] = {}
    for code in INDICATORS:
        text = form.get(code, "").strip().replace(".", "").replace(" ", "")
        if not text:
            values[code] = None
        elif text.isdigit() and len(text) <= 9:
            values[code] = int(text)
        else:
            errors[code] = _("Please enter a whole number.")
    return values, errors


@router.post("/reports/targets")
async def save_targets(request: Request, user: Lead, db: DbSession) -> Response:
    assert user.centre_id is not None
    form, _raw = await read_form(request)
    year_text = form.get("year", "").strip()
    year = int(year_text) if year_text.isdigit() and len(year_text) == 4 else date.today().year
    typed = {code: form.get(code, "") for code in INDICATORS}
    values, errors = parse(form)
    try:
        if errors:
            raise FieldErrors(errors)
        service.set_targets(db, centre_id=user.centre_id, year=year, values=values)
    except FieldErrors as exc:
        return _page(request, year=year, values=typed, errors=exc.errors, status_code=422)
    flash(request, _("The targets for %(year)d have been saved.", year=year), "success")
    return RedirectResponse(f"/reports/targets?year={year}", status_code=303)
