"""Form posts, one way: read → validate into the input model → service → response.

`form_post` is the only path of an HTML POST that writes: on any `FieldErrors` (reading, the
model's rules, the service's rules) it rolls back whatever was written and re-renders the page
with status 422, every wrong field named and every typed value kept. The work runs in a worker
thread so the event loop never waits on the database.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from welcome.errors import FieldErrors
from welcome.inputs import typed_values, validate
from welcome.web import flash

InputT = TypeVar("InputT", bound=BaseModel)
ResultT = TypeVar("ResultT")

# invalid(errors, values) -> the page again with the errors at the fields (status set here)
Invalid = Callable[[dict[str, str], dict[str, Any]], Response]


async def form_post(
    request: Request,
    db: Session,
    model: type[InputT],
    act: Callable[[InputT], ResultT],
    *,
    done: Callable[[ResultT], Response],
    invalid: Invalid,
    fixed: Mapping[str, Any] | None = None,
) -> Response:
    """Validate the posted form as `model` (with `fixed` values the page decides, e.g. a path
    id), give it to `act` (the service call), answer `done(result)`; on FieldErrors roll back
    and answer `invalid(errors, typed values)` with status 422."""
    form = await request.form()
    values = typed_values(form, model)

    def work() -> Response:
        try:
            result = act(validate(model, {**values, **(fixed or {})}))
            db.flush()
            return done(result)
        except FieldErrors as exc:
            db.rollback()  # the page answers 422 rather than raising: keep nothing written
            response = invalid(exc.errors, values)
            response.status_code = 422
            return response

    return await run_in_threadpool(work)


async def action_post(
    request: Request,
    db: Session,
    act: Callable[[], ResultT],
    *,
    done: Callable[[ResultT], Response],
) -> Response:
    """A post without fields (withdraw, reopen…): the same worker thread and rollback rules;
    a FieldErrors here is a domain refusal and answered by the error page."""
    await request.form()  # read the body here, on the event loop (the CSRF check read it too)

    def work() -> Response:
        try:
            result = act()
            db.flush()
            return done(result)
        except FieldErrors:
            db.rollback()
            raise

    return await run_in_threadpool(work)


def redirect(request: Request, url: str, message: str | None = None) -> Response:
    """303 to `url`, with a success message shown there."""
    if message:
        flash(request, message, "success")
    return RedirectResponse(url, status_code=303)


def typed(form: Mapping[str, Any], name: str) -> str:
    """A typed text value for re-showing it ("" when absent)."""
    value = form.get(name)
    return value if isinstance(value, str) else ""


# --- the old readers: removed once every area posts through form_post -------------------
# (kept only while the areas are converted; do not use in new code)
from collections.abc import Iterator  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from datetime import date  # noqa: E402

from starlette.datastructures import FormData  # noqa: E402

from welcome.i18n import _  # noqa: E402


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
