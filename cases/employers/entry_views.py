"""The small forms of the employer page: a contact person, a hiring need, a placement.

Each is posted through `welcome.forms.form_post` with its input model (schemas.py)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlmodel import Session

from cases.employers import contacts, hiring_needs, placements, rules, service
from cases.employers.models import Employer
from cases.employers.schemas import ContactPersonIn, HiringNeedIn, PlacementIn
from cases.employers.views import back_to_employer, choices
from welcome import roles
from welcome.forms import Invalid, form_post
from welcome.i18n import _
from welcome.templating import render
from welcome.web import CurrentUser, DbSession, Id, require_role

router = APIRouter(dependencies=[Depends(require_role(roles.CASE_WORKERS))])


def _sub_form(
    request: Request, db: Session, employer: Employer, template: str, persons: bool = False
) -> Invalid:
    """One of the small forms, with the errors at their fields and the typed values."""

    def again(errors: dict[str, str], values: dict[str, Any]) -> Response:
        extra = {"persons": placements.persons_for_choice(db)} if persons else {}
        context = {"employer": employer, "values": values, "errors": errors, **extra}
        return render(request, template, {**context, **choices()})

    return again


CONTACT_FORM = "employers/contact_form.html"
NEED_FORM = "employers/need_form.html"
PLACEMENT_FORM = "employers/placement_form.html"


@router.get("/employers/{employer_id}/contacts/new")
def contact_form(request: Request, employer_id: Id, db: DbSession) -> Response:
    employer = service.get(db, employer_id=employer_id)
    return _sub_form(request, db, employer, CONTACT_FORM)({}, {})


@router.post("/employers/{employer_id}/contacts/new")
async def contact_create(
    request: Request, employer_id: Id, user: CurrentUser, db: DbSession
) -> Response:
    employer = service.get(db, employer_id=employer_id)
    message = _("The contact person has been saved.")
    return await form_post(
        request,
        db,
        ContactPersonIn,
        lambda data: contacts.create(db, employer=employer, data=data),
        done=back_to_employer(request, employer_id, message),
        invalid=_sub_form(request, db, employer, CONTACT_FORM),
    )


@router.get("/employers/{employer_id}/hiring-needs/new")
def need_form(request: Request, employer_id: Id, db: DbSession) -> Response:
    employer = service.get(db, employer_id=employer_id)
    return _sub_form(request, db, employer, NEED_FORM)({}, {"positions": "1"})


@router.post("/employers/{employer_id}/hiring-needs/new")
async def need_create(
    request: Request, employer_id: Id, user: CurrentUser, db: DbSession
) -> Response:
    employer = service.get(db, employer_id=employer_id)
    message = _("The hiring need has been saved.")
    return await form_post(
        request,
        db,
        HiringNeedIn,
        lambda data: hiring_needs.create(db, employer=employer, data=data),
        done=back_to_employer(request, employer_id, message),
        invalid=_sub_form(request, db, employer, NEED_FORM),
    )


@router.get("/employers/{employer_id}/placements/new")
def placement_form(
    request: Request,
    employer_id: Id,
    db: DbSession,
    person_id: Annotated[str, Query(max_length=12)] = "",
) -> Response:
    employer = service.get(db, employer_id=employer_id)
    values = {"person_id": person_id, "starts_on": rules.today().isoformat()}
    return _sub_form(request, db, employer, PLACEMENT_FORM, persons=True)({}, values)


@router.post("/employers/{employer_id}/placements/new")
async def placement_create(
    request: Request, employer_id: Id, user: CurrentUser, db: DbSession
) -> Response:
    employer = service.get(db, employer_id=employer_id)
    message = _("The placement has been saved.")
    return await form_post(
        request,
        db,
        PlacementIn,
        lambda data: placements.create(db, employer=employer, data=data),
        done=back_to_employer(request, employer_id, message),
        invalid=_sub_form(request, db, employer, PLACEMENT_FORM, persons=True),
    )
