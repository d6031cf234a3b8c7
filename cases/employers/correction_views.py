"""The posts that correct the employer work in the pages: an entry of the employer page
(contact person, hiring need, placement, consultation) or an outreach event edited or deleted
in place (htmx: the block comes back; without it, a redirect), and a lead's undo.

Each edit is read into the create's input model through `welcome.forms.form_post` with the
version the form was opened with; a stale save is re-rendered (409) with the stored values."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlmodel import Session

from cases.employers import corrections, event_views, service, views
from cases.employers.models import Employer
from cases.employers.schemas import EventIn
from welcome import roles
from welcome.corrections import form_version, gone, with_version
from welcome.deletions import DeleteIn
from welcome.errors import NotFound
from welcome.forms import Invalid, action_post, form_post, off_loop, redirect
from welcome.i18n import _
from welcome.templating import render
from welcome.web import CurrentUser, DbSession, Id, is_htmx, require_role

router = APIRouter(dependencies=[Depends(require_role(roles.CASE_WORKERS))])


def block_of(kind: str) -> str:
    """The block of the employer page an entry is shown in."""
    return "contacts" if kind == "contacts" else "consultations"


def employer_page(
    request: Request,
    db: Session,
    employer: Employer,
    *,
    query: dict[str, str],
    block: str | None,
    typed: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    message: str = "",
) -> Response:
    """The employer page (or one block of it, in place), with an entry edited or deleted."""
    context = views.page_context(db, employer, query=query, typed=typed, errors=errors)
    context.update(values=views.consultation_defaults(), errors={}, entry_message=message)
    return render(request, "employers/page.html", context, block_name=block)


def _again(
    request: Request,
    db: Session,
    employer: Employer,
    key: str,
    what: str,
    version: int | None = None,
) -> Invalid:
    """The page again with the form's errors; the version sent is kept (a stale save's
    values bring the stored one)."""
    kind = key.partition(":")[0]

    def again(errors: dict[str, str], values: dict[str, Any]) -> Response:
        values = with_version(version, values)
        block = block_of(kind) if is_htmx(request) else None
        return employer_page(
            request, db, employer, query={what: key}, block=block, typed=values, errors=errors
        )

    return again


def _done(request: Request, db: Session, employer: Employer, kind: str, message: str) -> Response:
    if is_htmx(request):
        return employer_page(request, db, employer, query={}, block=block_of(kind), message=message)
    return redirect(request, f"/employers/{employer.id}", message)


def _entry_routes(kind: str) -> None:
    model_in = corrections.ENTRY_INPUTS[kind]

    async def edit(
        request: Request, employer_id: Id, ident: Id, user: CurrentUser, db: DbSession
    ) -> Response:
        employer = await off_loop(service.get, db, employer_id=employer_id)
        entry = await off_loop(corrections.get_entry, db, kind, ident, employer_id=employer_id)
        version = await form_version(request)
        return await form_post(
            request,
            db,
            model_in,
            lambda data: corrections.update_entry(db, entry=entry, data=data, version=version),
            done=lambda _e: _done(request, db, employer, kind, _("The entry has been corrected.")),
            invalid=_again(request, db, employer, f"{kind}:{ident}", "edit", version),
        )

    async def remove(
        request: Request, employer_id: Id, ident: Id, user: CurrentUser, db: DbSession
    ) -> Response:
        employer = await off_loop(service.get, db, employer_id=employer_id)
        entry = await off_loop(corrections.get_entry, db, kind, ident, employer_id=employer_id)
        return await form_post(
            request,
            db,
            DeleteIn,
            lambda data: corrections.delete_entry(db, entry=entry, data=data),
            done=lambda _e: _done(request, db, employer, kind, _("The entry has been deleted.")),
            invalid=_again(request, db, employer, f"{kind}:{ident}", "delete"),
        )

    async def restore(
        request: Request, employer_id: Id, ident: Id, user: CurrentUser, db: DbSession
    ) -> Response:
        employer = await off_loop(service.get, db, employer_id=employer_id)
        if (await off_loop(corrections.get_deleted, db, kind, ident)).employer_id != employer_id:
            raise NotFound(_("No such deleted entry."))
        message = _("The deletion has been undone.")
        return await action_post(
            request,
            db,
            lambda: corrections.restore(db, kind=kind, ident=ident),
            done=lambda _r: redirect(request, f"/employers/{employer.id}", message),
        )

    base = f"/employers/{{employer_id}}/{kind}/{{ident}}"
    name = kind.replace("-", "_")
    router.add_api_route(f"{base}/edit", edit, methods=["POST"], name=f"edit_{name}")
    router.add_api_route(f"{base}/delete", remove, methods=["POST"], name=f"delete_{name}")
    router.add_api_route(f"{base}/restore", restore, methods=["POST"], name=f"restore_{name}")


for _kind in corrections.ENTRY_KINDS:
    _entry_routes(_kind)


# --- outreach events ------------------------------------------------------------------------


def _event_again(
    request: Request, db: Session, event_id: int, what: str, version: int | None = None
) -> Invalid:
    def again(errors: dict[str, str], values: dict[str, Any]) -> Response:
        values = with_version(version, values)
        event = corrections.get_event(db, event_id)
        return event_views.page(
            request, db, event, query={what: "1"}, typed=values, errors=errors,
            block="event" if is_htmx(request) else None,
        )  # fmt: skip

    return again


@router.post("/events/{event_id}/edit")
async def edit_event(request: Request, event_id: Id, user: CurrentUser, db: DbSession) -> Response:
    event = await off_loop(corrections.get_event, db, event_id)
    version = await form_version(request)
    message = _("The event has been saved.")

    def done(_e: object) -> Response:
        if is_htmx(request):
            fresh = corrections.get_event(db, event_id)
            return event_views.page(request, db, fresh, query={}, block="event", message=message)
        return redirect(request, f"/events/{event_id}", message)

    return await form_post(
        request,
        db,
        EventIn,
        lambda data: corrections.update_event(db, event=event, data=data, version=version),
        done=done,
        invalid=_event_again(request, db, event_id, "edit", version),
    )


@router.post("/events/{event_id}/delete")
async def delete_event(
    request: Request, event_id: Id, user: CurrentUser, db: DbSession
) -> Response:
    """The event leaves the lists and the report; back to the list of events."""
    event = await off_loop(corrections.get_event, db, event_id)

    return await form_post(
        request,
        db,
        DeleteIn,
        lambda data: corrections.delete_entry(db, entry=event, data=data),
        done=lambda _b: gone(request, "/events", _("The event has been deleted.")),
        invalid=_event_again(request, db, event_id, "delete"),
    )


@router.post("/events/{event_id}/restore")
async def restore_event(
    request: Request, event_id: Id, user: CurrentUser, db: DbSession
) -> Response:
    return await action_post(
        request,
        db,
        lambda: corrections.restore(db, kind="events", ident=event_id),
        done=lambda _r: redirect(
            request, f"/events/{event_id}", _("The deletion has been undone.")
        ),
    )
