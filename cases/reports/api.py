"""`GET /reports/alliance` (API.md) and the lead's yearly targets over JSON."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query

from cases.reports import service, targets
from cases.reports.periods import PeriodError, parse_period
from cases.reports.schemas import TargetsIn, Year
from welcome import roles
from welcome.accounts.models import User
from welcome.audit import AuditAction, record
from welcome.errors import FieldErrors, Forbidden
from welcome.i18n import _, get_locale
from welcome.web import DbSession, require_api_role

router = APIRouter(tags=["reports"])
ReaderApi = Annotated[User, Depends(require_api_role(roles.REPORT_READERS))]
# a lead sets the own centre's targets, an admin those of the centre it names
TargetSetterApi = Annotated[User, Depends(require_api_role(roles.MANAGERS))]
YearPath = Annotated[Year, Path()]


def period_of(text: str) -> Any:
    try:
        return parse_period(text)
    except PeriodError as exc:
        raise FieldErrors({"period": str(exc)}) from exc


@router.get("/reports/alliance")
def alliance_report(
    user: ReaderApi,
    db: DbSession,
    period: Annotated[str, Query(max_length=40, description="YYYY-Qn, YYYY or a..b")],
    centre: Annotated[
        str | None, Query(max_length=200, description="a centre's name; none = all you see")
    ] = None,
    suppress: Annotated[
        bool | None,
        Query(
            description="protected figures (cell key method), the default for everyone; "
            "false = exact figures, for a lead of the own centre only (else 403)"
        ),
    ] = None,
) -> dict[str, Any]:
    """The alliance report as JSON: indicators for the period and year to date, tables.

    Protected figures for everyone; exact ones only for a lead who asks (`suppress=false`),
    and only of the lead's own centre (a lead sees no other)."""
    chosen = period_of(period)
    hide = suppress is not False
    if not hide and user.role not in roles.EXACT_FIGURES:
        raise Forbidden(_("Only a centre's lead may take exact figures out of the centre."))
    centre_ids = service.centre_ids_named(db, centre) if centre else None
    report = service.build_report(
        db, centre_ids=centre_ids, period=chosen, language=get_locale(), suppress=hide
    )
    record(db, action=AuditAction.EXPORT, entity="alliance_report")
    return service.to_api_json(report)


@router.get("/reports/targets/{year}")
def get_targets(
    year: YearPath,
    user: ReaderApi,
    db: DbSession,
    centre: Annotated[str | None, Query(max_length=200)] = None,
) -> dict[str, int]:
    return targets.get(db, centre_id=service.one_centre_id(db, centre), year=year)


@router.put("/reports/targets/{year}")
def put_targets(
    year: YearPath, body: TargetsIn, user: TargetSetterApi, db: DbSession
) -> dict[str, int]:
    """Set the targets sent (null removes one); the answer is all targets of that year."""
    centre_id = service.one_centre_id(db, body.centre)
    targets.update(db, centre_id=centre_id, year=year, data=body.targets)
    return targets.get(db, centre_id=centre_id, year=year)
