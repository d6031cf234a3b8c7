"""Form posts, one way: read → validate into the input model → service → response.

`form_post` is the only path of an HTML POST that writes: on any `FieldErrors` (reading, the
model's rules, the service's rules) it rolls back whatever was written and re-renders the page
with status 422, every wrong field named and every typed value kept. The work runs in a worker
thread so the event loop never waits on the database.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from welcome.errors import FieldErrors
from welcome.inputs import typed_values, validate
from welcome.roles import CASE_WORKERS, Role
from welcome.versions import VERSION_FIELD, Stale
from welcome.web import DbSession, Id, flash, require_role

InputT = TypeVar("InputT", bound=BaseModel)
ResultT = TypeVar("ResultT")
RecordT = TypeVar("RecordT")

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
        except Stale as exc:  # changed since the form was opened: show what is stored now
            db.rollback()
            response = invalid({VERSION_FIELD: str(exc)}, {**values, **exc.values})
            response.status_code = 409
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


async def off_loop(function: Callable[..., ResultT], *args: Any, **kwargs: Any) -> ResultT:
    """A service call from an async endpoint (loading the record a form is about), run in a
    worker thread: the event loop never waits on the database (welcome/locking.py)."""
    return await run_in_threadpool(function, *args, **kwargs)


def redirect(request: Request, url: str, message: str | None = None) -> Response:
    """303 to `url`, with a success message shown there."""
    if message:
        flash(request, message, "success")
    return RedirectResponse(url, status_code=303)


# --- the forms posted about one record, declared one line each -------------------------------


@dataclass(frozen=True)
class FormPage(Generic[RecordT]):
    """The forms posted about one record (a case, a person, an employer…), so that each form
    is one declaration instead of a handler: `load(db, id)` finds the record (NotFound
    otherwise), `again(request, db, record, form)` is its page again with that form's errors
    (form_post's `invalid`), `back(record)` the page a saved form returns to. The service
    function is called as `act(db, <keyword>=record, data=model)`."""

    router: APIRouter
    keyword: str
    load: Callable[[Session, int], RecordT]
    again: Callable[[Request, Session, RecordT, str], Invalid]
    back: Callable[[RecordT], str]
    allowed: frozenset[Role] = CASE_WORKERS

    def post(
        self,
        path: str,
        model: type[InputT],
        act: Callable[..., object],
        message: Any,
        form: str = "",
    ) -> None:
        """POST `path` (naming the record as `{record_id}`): `model` given to `act`, then back
        to the record's page with `message` (lazy: shown in the user's language)."""
        allowed = Depends(require_role(self.allowed))

        async def post_form(request: Request, record_id: Id, db: DbSession) -> Response:
            record = await off_loop(self.load, db, record_id)
            return await form_post(
                request,
                db,
                model,
                lambda data: act(db, **{self.keyword: record}, data=data),
                done=lambda _result: redirect(request, self.back(record), str(message)),
                invalid=self.again(request, db, record, form),
            )

        self.router.add_api_route(path, post_form, methods=["POST"], dependencies=[allowed])
