"""The centres' yearly targets per headline indicator (Soll laut Antrag): the report shows how
far the year to date has reached them. Keyword-only functions; they flush, never commit."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session, col

from cases.reports.models import ReportTarget
from cases.reports.schemas import INDICATORS, Targets
from welcome.accounts.models import Centre
from welcome.db import actor_of
from welcome.errors import NotFound
from welcome.i18n import _


def get(db: Session, *, centre_id: int, year: int) -> dict[str, int]:
    """Indicator code → target, for the indicators that have one."""
    rows = db.execute(
        select(col(ReportTarget.indicator), col(ReportTarget.value)).where(
            col(ReportTarget.centre_id) == centre_id, col(ReportTarget.year) == year
        )
    ).all()
    return {str(indicator): int(value) for indicator, value in rows}


def update(db: Session, *, centre_id: int, year: int, data: Targets) -> list[ReportTarget]:
    """Set the targets sent (a None removes one), all or nothing; the others stay. A lead sets
    only the own centre's (another centre is not found)."""
    actor = actor_of(db)
    if db.get(Centre, centre_id) is None or (
        actor is not None and actor.centre_id is not None and actor.centre_id != centre_id
    ):
        raise NotFound(_("There is no such centre."))
    existing = {
        t.indicator: t
        for t in db.scalars(
            select(ReportTarget).where(
                col(ReportTarget.centre_id) == centre_id, col(ReportTarget.year) == year
            )
        )
    }
    for code, value in data.given().items():
        row = existing.get(code)
        if value is None:
            if row is not None:
                db.delete(row)
                del existing[code]
        elif row is None:
            existing[code] = ReportTarget(
                centre_id=centre_id, year=year, indicator=code, value=value
            )
            db.add(existing[code])
        else:
            row.value = value
    db.flush()
    return sorted(existing.values(), key=lambda t: INDICATORS.index(t.indicator))
