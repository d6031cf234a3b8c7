"""`GET /reports/alliance` (API.md) and the lead's yearly targets over JSON."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel

from cases.reports import service
from cases.reports.periods import PeriodError, parse_period
from welcome.accounts.models import Role
from welcome.audit import AuditAction, record
from welcome.errors import FieldErrors
from welcome.i18n import get_locale
from welcome.web import ApiUser, DbSession, require_api_role

router = APIRouter(tags=["reports"])
_READERS = Depends(require_api_role(Role.COUNSELLOR, Role.LEAD, Role.STATISTICIAN, Role.ADMIN))
_TARGET_SETTERS = Depends(require_api_role(Role.LEAD, Role.ADMIN))


def period_of(text: str) -> Any:
    try:
        return parse_period(text)
    except PeriodError as exc:
        raise FieldErrors({"period": str(exc)}) from exc


@router.get("/reports/alliance", dependencies=[_READERS])
def alliance_report(
    user: ApiUser,
    db: DbSession,
    period: Annotated[str, Query(max_length=40, description="YYYY-Qn, YYYY or a..b")],
    centre: Annotated[
        str | None, Query(max_length=200, description="a centre's name; none = all you see")
    ] = None,
    suppress: Annotated[
        bool | None, Query(description="hide small cells; always on for statisticians")
    ] = None,
) -> dict[str, Any]:
    """The alliance report as JSON: indicators for the period and year to date, tables."""
    chosen = period_of(period)
    # statisticians only ever see suppressed aggregates; others choose (default: unsuppressed)
    hide = True if user.role == Role.STATISTICIAN.value else bool(suppress)
    centre_ids = service.centre_ids_named(db, centre) if centre else None
    report = service.build_report(
        db, centre_ids=centre_ids, period=chosen, language=get_locale(), suppress=hide
    )
    record(db, action=AuditAction.EXPORT, entity="alliance_report")
    return service.to_api_json(report)


class TargetsIn(BaseModel):
    """Indicator code → yearly target (None removes it)."""

    targets: dict[str, int | None]
    centre: str | None = None  # admins name the centre; leads set their own


@router.get("/reports/targets/{year}", dependencies=[_READERS])
def get_targets(
    year: Annotated[int, Path(ge=2000, le=2100)],
    db: DbSession,
    centre: Annotated[str | None, Query(max_length=200)] = None,
) -> dict[str, int]:
    return service.targets_of(db, centre_id=service.one_centre_id(db, centre), year=year)


@router.put("/reports/targets/{year}", dependencies=[_TARGET_SETTERS])
def put_targets(
    year: Annotated[int, Path(ge=2000, le=2100)], body: TargetsIn, db: DbSession
) -> dict[str, int]:
    centre_id = service.one_centre_id(db, body.centre)
    service.set_targets(db, centre_id=centre_id, year=year, values=body.targets)
    return service.targets_of(db, centre_id=centre_id, year=year)
