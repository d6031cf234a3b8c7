"""Reading HTML form posts: the typed text kept as it was, parsed values with field errors.

Every parser records a translated message under the field's name in `errors` and returns
None, so a page can collect all errors of a form at once and show them at the fields.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from fastapi import Request
from sqlmodel import Session
from starlette.datastructures import FormData

from welcome.errors import FieldErrors
from welcome.i18n import _


async def read_form(request: Request) -> tuple[dict[str, str], FormData]:
    """The text fields of a post (uploads as ""), and the raw form for multi-valued fields."""
    form = await request.form()
    values = {key: value if isinstance(value, str) else "" for key, value in form.items()}
    return values, form


def texts(form: FormData, name: str) -> list[str]:
    """All text values of a multi-valued field (checkboxes, multi-selects)."""
    return [value for value in form.getlist(name) if isinstance(value, str)]


def parse_int(errors: dict[str, str], name: str, raw: str) -> int | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        errors[name] = _("Please enter a whole number.")
        return None


def parse_date(errors: dict[str, str], name: str, raw: str) -> date | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        errors[name] = _("Please enter a valid date.")
        return None


def parse_ids(errors: dict[str, str], name: str, raw: list[str]) -> list[int]:
    """Ids from a multi-valued field; blanks skipped."""
    found: list[int] = []
    for value in raw:
        value = value.strip()
        if not value:
            continue
        if not value.isdigit():
            errors[name] = _("Please enter a whole number.")
            continue
        found.append(int(value))
    return found


@contextmanager
def checked(db: Session, errors: dict[str, str]) -> Iterator[None]:
    """Around the service call of a form post: one FieldErrors with the form's own errors and the
    service's, so every wrong field is named at once (the service gets None for a value that
    could not be read, and the reading error wins). Whatever the call wrote is rolled back: the
    page answers 422 rather than raising, so the unit of work would otherwise commit it."""
    try:
        yield
        if errors:
            raise FieldErrors(errors)
    except FieldErrors as exc:
        db.rollback()
        raise FieldErrors({**exc.errors, **errors}) from exc
