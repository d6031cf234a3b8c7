"""Outreach event pages: the list, the form (companies and persons reached), the event page.

The router is included by views.py, which adds the role check.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session

from cases import codes
from cases.employers import events, placements, rules
from welcome.errors import FieldErrors
from welcome.forms import checked, parse_date, parse_ids, parse_int, read_form, texts
from welcome.i18n import _
from welcome.templating import render
from welcome.web import CurrentUser, DbSession, Id, flash

router = APIRouter()
PAGE_SIZE = 50


def _choices() -> dict[str, Any]:
    return {"event_types": codes.event_type_labels(), "event_formats": codes.event_format_labels()}


@router.get("/events")
def event_list(
    request: Request,
    db: DbSession,
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
            **_choices(),
        },
    )


def _event_form(
    request: Request,
    db: Session,
    values: dict[str, Any],
    errors: dict[str, str],
    status_code: int = 200,
) -> Response:
    return render(
        request,
        "events/form.html",
        {
            "values": values,
            "errors": errors,
            "employers": events.employers_for_choice(db),
            "persons": placements.persons_for_choice(db),
            **_choices(),
        },
        status_code=status_code,
    )


@router.get("/events/new")
def event_form(request: Request, db: DbSession, employer_id: str = "") -> Response:
    values: dict[str, Any] = {
        "date": rules.today().isoformat(),
        "employer_ids": [employer_id] if employer_id else [],
        "person_ids": [],
        "anonymous_companies": "0",
    }
    return _event_form(request, db, values, {})


@router.post("/events/new")
async def event_create(request: Request, user: CurrentUser, db: DbSession) -> Response:
    values, raw = await read_form(request)
    chosen = texts(raw, "employer_ids")
    linked = texts(raw, "person_ids")
    errors: dict[str, str] = {}
    held_on = parse_date(errors, "date", values.get("date", ""))
    anonymous = parse_int(errors, "anonymous_companies", values.get("anonymous_companies", ""))
    persons = parse_int(errors, "persons_reached", values.get("persons_reached", ""))
    employer_ids = parse_ids(errors, "employer_ids", chosen)
    person_ids = parse_ids(errors, "person_ids", linked)
    try:
        with checked(db, errors):
            event = events.create_event(
                db,
                type=values.get("type"),
                title=values.get("title", ""),
                held_on=held_on,
                format=values.get("format"),
                partners=values.get("partners"),
                employer_ids=employer_ids,
                anonymous_companies=anonymous or 0,
                persons_reached=persons,
                person_ids=person_ids,
                notes=values.get("notes"),
            )
    except FieldErrors as exc:
        kept = {**values, "employer_ids": chosen, "person_ids": linked}
        return _event_form(request, db, kept, exc.errors, 422)
    flash(request, _("The event has been saved."), "success")
    return RedirectResponse(f"/events/{event.id}", status_code=303)


@router.get("/events/{event_id}")
def event_page(request: Request, event_id: Id, db: DbSession) -> Response:
    event = events.get_event(db, event_id=event_id)
    return render(
        request,
        "events/page.html",
        {
            "event": event,
            "employers": events.employers_reached(db, event_id=event_id),
            "persons": events.persons_linked(db, event_id=event_id),
            **_choices(),
        },
    )
