"""Merging two persons in the browser: pick the other record, compare field by field, merge;
a lead undoes a merge from the survivor's page (the service is cases/persons/merge.py)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlmodel import Session

from cases.persons import merge, service
from cases.persons.models import Person
from cases.persons.page import value_shows
from cases.persons.schemas import PersonIn, PersonMergeIn, PersonUndoMergeIn
from welcome import merge_pairs, roles
from welcome.forms import Invalid, form_post, off_loop, redirect
from welcome.history import _shown
from welcome.i18n import _, format_date
from welcome.inputs import field_labels
from welcome.templating import render
from welcome.web import CurrentUser, DbSession, Id, require_role

router = APIRouter(dependencies=[Depends(require_role(roles.CASE_WORKERS))])
OtherId = Annotated[int | None, Query(ge=1, le=2**31 - 1)]


def _rows(found: merge.Preview, ticked: list[str] | None = None) -> list[dict[str, Any]]:
    """The compared fields as the page shows them (labels, values in words); after a refused
    merge with the boxes as they were sent."""
    labels, shows = field_labels(PersonIn), {**value_shows(), "arrived_on": format_date}
    rows = []
    mine, theirs, united = found.nationalities
    for choice in found.fields:
        show = shows.get(choice.name)
        row = merge_pairs.shown_row(
            choice, labels[choice.name], show, choice.survivor, choice.duplicate, ticked
        )
        rows.append(row)
        if choice.name == "gender":  # nationalities after gender, as on the form
            show = shows["nationalities"]
            rows.append(
                {
                    "name": "nationalities",
                    "label": labels["nationalities"],
                    "survivor": _shown(mine, show),
                    "duplicate": _shown(theirs, show),
                    "same": mine == theirs,
                    "united": _shown(united, show),
                }
            )
    return rows


def _compare(
    request: Request,
    db: Session,
    person: Person,
    other_id: int,
    *,
    errors: dict[str, str] | None = None,
    ticked: list[str] | None = None,
) -> Response:
    found = merge.preview(db, person=person, other_id=other_id)
    rows = _rows(found, ticked)
    context = {
        "person": person,
        "other": found.duplicate,
        "rows": rows,
        "moves": found.moves,
        "table_names": _table_names(),
        "errors": errors or {},
    }
    return render(request, "persons/merge.html", context)


def _table_names() -> dict[str, str]:
    return {
        "cases": _("Cases"),
        "consents": _("Consents"),
        "recognition_procedures": _("Recognition procedures"),
        "welcome_packages": _("Welcome packages issued"),
        "placements": _("Placements"),
        "outreach_event_persons": _("Event participations"),
    }


@router.get("/persons/{person_id}/merge")
def merge_page(
    request: Request,
    person_id: Id,
    user: CurrentUser,
    db: DbSession,
    other: OtherId = None,
    q: Annotated[str, Query(max_length=200)] = "",
) -> Response:
    """With `other`: the two side by side. Without: the likely duplicates and a search to
    choose the other record."""
    person = merge.get(db, person_id=person_id)
    if other is not None:
        return _compare(request, db, person, other)
    found, _total = service.search(db, q=q, limit=20) if q.strip() else ([], 0)
    duplicates = service.find_duplicates(
        db, first_name=person.first_name, last_name=person.last_name, exclude_id=person.id
    )
    context = {
        "person": person,
        "q": q,
        "duplicates": duplicates,
        "found": [p for p in found if p.id != person.id],
    }
    return render(request, "persons/merge_pick.html", context)


def _again(request: Request, db: Session, person: Person) -> Invalid:
    return merge_pairs.compare_again(
        lambda other, errors, ticked: _compare(
            request, db, person, other, errors=errors, ticked=ticked
        )
    )


@router.post("/persons/{person_id}/merge")
async def merge_post(request: Request, person_id: Id, user: CurrentUser, db: DbSession) -> Response:
    person = await off_loop(merge.get, db, person_id=person_id)
    return await form_post(
        request,
        db,
        PersonMergeIn,
        lambda data: merge.merge(db, person=person, data=data),
        done=lambda _p: redirect(
            request, f"/persons/{person.id}", _("The two records have been merged.")
        ),
        invalid=_again(request, db, person),
    )


@router.post(
    "/persons/{person_id}/merge/undo", dependencies=[Depends(require_role(roles.MANAGERS))]
)
async def undo_post(request: Request, person_id: Id, user: CurrentUser, db: DbSession) -> Response:
    person = await off_loop(merge.get, db, person_id=person_id)
    return await form_post(
        request,
        db,
        PersonUndoMergeIn,
        lambda data: merge.undo(db, person=person, data=data),
        done=lambda _p: redirect(request, f"/persons/{person.id}", _("The merge has been undone.")),
        invalid=merge_pairs.refused,
    )
