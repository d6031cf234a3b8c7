"""Merging two employers in the browser (the service is cases/employers/merge.py), and what
the employer page shows of it: likely duplicates, merges a lead may undo, the change history."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlmodel import Session

from cases.employers import merge, service
from cases.employers.codes import Chamber, SizeBand
from cases.employers.models import Employer
from cases.employers.schemas import EmployerMergeIn, EmployerUndoMergeIn
from welcome import merge_pairs, roles
from welcome.forms import Invalid, form_post, off_loop, redirect
from welcome.i18n import _
from welcome.templating import render
from welcome.web import CurrentUser, DbSession, Id, require_role

router = APIRouter(dependencies=[Depends(require_role(roles.CASE_WORKERS))])
OtherId = Annotated[int | None, Query(ge=1, le=2**31 - 1)]


def labels() -> dict[str, str]:
    """The employer's fields by their labels (the compare page, the history)."""
    return {
        "name": _("Name"),
        "sector_code": _("Sector"),
        "sector_version": "WZ",
        "size_band": _("Size"),
        "chamber": _("Chamber"),
        "municipality": _("Municipality"),
        "address": _("Address"),
        "notes": _("Notes"),
        "merged_from": _("Merged with employer no."),
        "merged_into": _("Merged into employer no."),
    }


def _shows() -> dict[str, Callable[[Any], str]]:
    return {"size_band": SizeBand.label_of, "chamber": Chamber.label_of}


def page_extras(request: Request, db: Session, employer: Employer) -> dict[str, Any]:
    """For the employer page: likely duplicates, undoable merges and the history (leads)."""
    manager = request.state.user.role in roles.MANAGERS
    duplicates = service.find_duplicates(db, name=employer.name, exclude_id=employer.id)
    # the change history (merges included) comes with the page's corrections (correction_page)
    return {
        "duplicates": duplicates,
        "merges": merge.undoable(db, employer=employer) if manager else [],
    }


def _compare(
    request: Request,
    db: Session,
    employer: Employer,
    other_id: int,
    *,
    errors: dict[str, str] | None = None,
    ticked: list[str] | None = None,
) -> Response:
    found = merge.preview(db, employer=employer, other_id=other_id)
    names, shows = labels(), _shows()
    rows = []
    for choice in found.fields:
        survivor, duplicate = choice.survivor, choice.duplicate
        if choice.name == "sector_code":  # with its version
            survivor = f"{survivor} (WZ {employer.sector_version})" if survivor else None
            other = found.duplicate
            duplicate = f"{duplicate} (WZ {other.sector_version})" if duplicate else None
        show = shows.get(choice.name)
        rows.append(
            merge_pairs.shown_row(choice, names[choice.name], show, survivor, duplicate, ticked)
        )
    context = {
        "employer": employer,
        "other": found.duplicate,
        "rows": rows,
        "moves": found.moves,
        "table_names": {
            "employer_contacts": _("Contact persons"),
            "employer_consultations": _("Employer consultations"),
            "employer_hiring_needs": _("Hiring needs"),
            "placements": _("Placements"),
            "outreach_event_employers": _("Outreach events"),
        },
        "errors": errors or {},
    }
    return render(request, "employers/merge.html", context)


@router.get("/employers/{employer_id}/merge")
def merge_page(
    request: Request,
    employer_id: Id,
    user: CurrentUser,
    db: DbSession,
    other: OtherId = None,
    q: Annotated[str, Query(max_length=200)] = "",
) -> Response:
    """With `other`: the two side by side. Without: likely duplicates and a search."""
    employer = merge.get(db, employer_id=employer_id)
    if other is not None:
        return _compare(request, db, employer, other)
    rows, _total = service.list_employers(db, q=q, limit=20) if q.strip() else ([], 0)
    context = {
        "employer": employer,
        "q": q,
        "duplicates": service.find_duplicates(db, name=employer.name, exclude_id=employer.id),
        "found": [r.employer for r in rows if r.employer.id != employer.id],
    }
    return render(request, "employers/merge_pick.html", context)


def _again(request: Request, db: Session, employer: Employer) -> Invalid:
    return merge_pairs.compare_again(
        lambda other, errors, ticked: _compare(
            request, db, employer, other, errors=errors, ticked=ticked
        )
    )


@router.post("/employers/{employer_id}/merge")
async def merge_post(
    request: Request, employer_id: Id, user: CurrentUser, db: DbSession
) -> Response:
    employer = await off_loop(merge.get, db, employer_id=employer_id)
    return await form_post(
        request,
        db,
        EmployerMergeIn,
        lambda data: merge.merge(db, employer=employer, data=data),
        done=lambda _e: redirect(
            request, f"/employers/{employer.id}", _("The two records have been merged.")
        ),
        invalid=_again(request, db, employer),
    )


@router.post(
    "/employers/{employer_id}/merge/undo", dependencies=[Depends(require_role(roles.MANAGERS))]
)
async def undo_post(
    request: Request, employer_id: Id, user: CurrentUser, db: DbSession
) -> Response:
    employer = await off_loop(merge.get, db, employer_id=employer_id)
    return await form_post(
        request,
        db,
        EmployerUndoMergeIn,
        lambda data: merge.undo(db, employer=employer, data=data),
        done=lambda _e: redirect(
            request, f"/employers/{employer.id}", _("The merge has been undone.")
        ),
        invalid=merge_pairs.refused,
    )
