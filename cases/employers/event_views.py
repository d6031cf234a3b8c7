"""Outreach event pages: the list, the form (companies and persons reached), the event page.

The form is posted through `welcome.forms.form_post` as `EventIn`, the API's body."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlmodel import Session

from cases.employers import correction_page, corrections, events, pickers
from cases.employers.codes import EventFormat, EventType
from cases.employers.models import OutreachEvent
from cases.employers.schemas import EventIn
from welcome import clock, roles
from welcome.forms import Invalid, form_post, redirect
from welcome.i18n import _
from welcome.templating import render
from welcome.web import CurrentUser, DbSession, Id, is_htmx, require_role

router = APIRouter(dependencies=[Depends(require_role(roles.CASE_WORKERS))])
PAGE_SIZE = 50


def _choices() -> dict[str, Any]:
    return {"event_types": EventType.labels(), "event_formats": EventFormat.labels()}


@router.get("/events")
def event_list(
    request: Request,
    db: DbSession,
    user: CurrentUser,
    type: Annotated[str, Query(max_length=30)] = "",
    page: Annotated[int, Query(ge=1, le=100000)] = 1,
) -> Response:
    rows, total = events.list_events(
        db, type=type or None, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE
    )
    return render(
        request,
        "events/list.html",
        {
            "rows": rows,
            "total": total,
            "page": page,
            "pages": max(1, -(-total // PAGE_SIZE)),
            "type": type,
            "deleted": corrections.deleted_events(db) if user.role in roles.UNDOERS else [],
            **_choices(),
        },
    )


def _event_form(request: Request, db: Session) -> Invalid:
    """The event form again, with the errors at their fields and the typed values."""

    def again(errors: dict[str, str], values: dict[str, Any]) -> Response:
        context = {
            "values": values,
            "errors": errors,
            # the pickers search the centre's employers and persons (cases/employers/pickers.py)
            "employer_chips": pickers.employer_chips(db, values.get("employer_ids")),
            "person_chips": pickers.person_chips(db, values.get("person_ids")),
            **_choices(),
        }
        return render(request, "events/form.html", context)

    return again


@router.get("/events/new")
def event_form(
    request: Request, db: DbSession, employer_id: Annotated[str, Query(max_length=12)] = ""
) -> Response:
    values: dict[str, Any] = {
        "date": clock.today().isoformat(),
        "employer_ids": [employer_id] if employer_id else [],
        "person_ids": [],
        "anonymous_companies": "0",
    }
    return _event_form(request, db)({}, values)


@router.post("/events/new")
async def event_create(request: Request, user: CurrentUser, db: DbSession) -> Response:
    return await form_post(
        request,
        db,
        EventIn,
        lambda data: events.create(db, data=data),
        done=lambda event: redirect(request, f"/events/{event.id}", _("The event has been saved.")),
        invalid=_event_form(request, db),
    )


def page(
    request: Request,
    db: Session,
    event: OutreachEvent,
    *,
    query: Mapping[str, str],
    block: str | None = None,
    typed: Mapping[str, Any] | None = None,
    errors: Mapping[str, str] | None = None,
    message: str = "",
) -> Response:
    """The event page; `?edit=1` / `?delete=1` opens its form in place (correction_page)."""
    assert event.id is not None
    context = {
        "event": event,
        "employers": events.employers_reached(db, event_id=event.id),
        "persons": events.persons_linked(db, event_id=event.id),
        "message": message,
        **correction_page.event_context(db, event=event, query=query, typed=typed, errors=errors),
        **_choices(),
    }
    if context["editing"]:
        context["employer_chips"] = partial(pickers.employer_chips, db)
        context["person_chips"] = partial(pickers.person_chips, db)
    return render(request, "events/page.html", context, block_name=block)


@router.get("/events/{event_id}")
def event_page(
    request: Request,
    event_id: Id,
    db: DbSession,
    edit: Annotated[str, Query(max_length=4)] = "",
    delete: Annotated[str, Query(max_length=4)] = "",
) -> Response:
    """With htmx and `?edit=1` or `?delete=1`, the event's block comes back with the form."""
    event = events.get(db, event_id=event_id)
    block = "event" if is_htmx(request) else None
    return page(request, db, event, query={"edit": edit, "delete": delete}, block=block)
