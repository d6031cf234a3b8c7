"""Shared checks of the employer work: ids, dates, counts, sectors, the centre.

Each check adds a message to `errors` under the API's field name (so a caller can name every
wrong field at once) and returns the cleaned value where there is one. Codes and durations
are checked by `cases.checks`, as in the other areas.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from cases.employers import wz
from welcome.db import actor_of, valid_id
from welcome.errors import FieldErrors
from welcome.i18n import _

MAX_COUNT = 1_000_000  # companies or persons reached by one event
# "far future": an event or a placement more than two years (730 days) ahead is a typo
FAR_FUTURE_DAYS = 730
EARLIEST = date(2000, 1, 1)  # anything earlier is a typo in the year


def today() -> date:
    return date.today()


# --- validation helpers ---------------------------------------------------------------------


def acting_centre_id(db: Session) -> int:
    actor = actor_of(db)
    if actor is None or actor.centre_id is None:
        raise FieldErrors({"centre": _("Only a member of a centre can record this.")})
    return actor.centre_id


def clip_text(value: str | None, limit: int) -> str | None:
    value = (value or "").strip()
    return value[:limit] if value else None


def date_in_range(
    errors: dict[str, str], field: str, value: date | None, *, future_ok: bool = True
) -> None:
    if value is None:
        return
    if value < EARLIEST:
        errors[field] = _("Please check the year: %(date)s is too long ago.", date=value)
    elif not future_ok and value > today():
        errors[field] = _("This date lies in the future.")
    elif value > today() + timedelta(days=FAR_FUTURE_DAYS):
        errors[field] = _("This date lies more than two years ahead. Please check the year.")


def check_count(
    errors: dict[str, str], field: str, value: int | None, *, high: int = MAX_COUNT
) -> None:
    if value is None:
        return
    if value < 0:
        errors[field] = _("The number cannot be negative.")
    elif value > high:
        errors[field] = _("The number cannot be larger than %(n)d.", n=high)


def check_sector(
    errors: dict[str, str], code: str | None, version: str | None
) -> tuple[str | None, str | None, str | None]:
    """(code, version, section) of a sector, validated against the stored WZ version."""
    code = wz.normalise(code or "") or None
    version = (version or "").strip() or None
    if code is None:
        return None, None, None  # a version without a code says nothing
    version = version or wz.DEFAULT_VERSION
    if version not in wz.TABLES:
        errors["sector_version"] = _("Unknown WZ version %(code)s (2008 or 2025).", code=version)
        return code, version, None
    section = wz.section_of(version, code)
    if section is None:
        errors["sector_code"] = _(
            "%(code)s is not a section or division of WZ %(version)s.", code=code, version=version
        )
    return code, version, section


def existing_ids(db: Session, model: Any, ids: Iterable[int]) -> set[int]:
    wanted = {i for i in ids if valid_id(i)}
    if not wanted:
        return set()
    return set(db.scalars(select(model.id).where(model.id.in_(wanted))))
