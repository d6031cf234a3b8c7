"""The small forms of the employer page: a contact person, a hiring need, a placement.

Each is posted through `welcome.forms.form_post` with its input model (schemas.py)."""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlmodel import Session

from cases.codelists import kldb_title
from cases.employers import contacts, hiring_needs, pickers, placements, service
from cases.employers.models import Employer
from cases.employers.schemas import ContactPersonIn, HiringNeedIn, PlacementIn
from cases.employers.views import choices
from welcome import clock, roles
from welcome.forms import FormPage, Invalid
from welcome.i18n import _l
from welcome.templating import render
from welcome.web import DbSession, Id, require_role

router = APIRouter(dependencies=[Depends(require_role(roles.CASE_WORKERS))])


def _sub_form(request: Request, db: Session, employer: Employer, template: str) -> Invalid:
    """One of the small forms, with the errors at their fields and the typed values."""

    def again(errors: dict[str, str], values: dict[str, Any]) -> Response:
        persons = template == PLACEMENT_FORM  # a placement names one of the centre's persons
        extra: dict[str, Any] = {}
        if persons:  # the picker searches the centre's persons (cases/employers/pickers.py)
            extra = {"person_chips": partial(pickers.person_chips, db), "kldb_title": kldb_title}
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


@router.get("/employers/{employer_id}/hiring-needs/new")
def need_form(request: Request, employer_id: Id, db: DbSession) -> Response:
    employer = service.get(db, employer_id=employer_id)
    return _sub_form(request, db, employer, NEED_FORM)({}, {"positions": "1"})


@router.get("/employers/{employer_id}/placements/new")
def placement_form(
    request: Request,
    employer_id: Id,
    db: DbSession,
    person_id: Annotated[str, Query(max_length=12)] = "",
) -> Response:
    employer = service.get(db, employer_id=employer_id)
    values = {"person_id": person_id, "starts_on": clock.today().isoformat()}
    return _sub_form(request, db, employer, PLACEMENT_FORM)({}, values)


# the employer page's small forms, each back to the employer page with a message
EMPLOYER_FORMS = FormPage(
    router, "employer", lambda db, i: service.get(db, employer_id=i), _sub_form,
    lambda e: f"/employers/{e.id}",
)  # fmt: skip
EMPLOYER_FORMS.post(
    "/employers/{record_id}/contacts/new", ContactPersonIn, contacts.create,
    _l("The contact person has been saved."), CONTACT_FORM,
)  # fmt: skip
EMPLOYER_FORMS.post(
    "/employers/{record_id}/hiring-needs/new", HiringNeedIn, hiring_needs.create,
    _l("The hiring need has been saved."), NEED_FORM,
)  # fmt: skip
EMPLOYER_FORMS.post(
    "/employers/{record_id}/placements/new", PlacementIn, placements.create,
    _l("The placement has been saved."), PLACEMENT_FORM,
)  # fmt: skip
