"""Persons pages: search, register with the duplicate warning, the person page (page.py)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from cases import cldr, codelists
from cases.persons import merge, service
from cases.persons.codes import (
    ClientGroup,
    FamilySituation,
    Gender,
    GermanLevel,
    QualificationLevel,
    ResidenceStatus,
)
from cases.persons.models import Person
from cases.persons.page import render_person_page
from cases.persons.schemas import PersonIn, PersonRegistrationIn
from welcome import roles
from welcome.areas import registration_steps
from welcome.forms import FormPage, Invalid, form_post, redirect
from welcome.i18n import _, _l
from welcome.inputs import typed_values
from welcome.merging import MergedAway
from welcome.nav import NavItem
from welcome.templating import render
from welcome.web import CurrentUser, DbSession, Id, require_role

router = APIRouter(dependencies=[Depends(require_role(roles.CASE_WORKERS))])
NAV = [NavItem("/persons", lambda: _("Persons"), order=10, roles=roles.names(roles.CASE_WORKERS))]
PAGE_SIZE = 20


def choices() -> dict[str, object]:
    registration = [{"template": s.template, "data": s.choices()} for s in registration_steps()]
    return {
        "registration": registration,  # other areas' parts of the form (welcome.areas)
        "client_groups": ClientGroup.labels(),
        "genders": Gender.labels(),
        "residence_statuses": ResidenceStatus.labels(),
        "german_levels": GermanLevel.labels(),
        "qualification_levels": QualificationLevel.labels(),
        "family_situations": FamilySituation.labels(),
        "states": cldr.state_names(),
        # the pickers fetch the long lists (cases/persons/pickers.py); the form shows names
        "country_name": cldr.country_name,
        "language_name": cldr.language_name,
        "kldb_title": codelists.kldb_title,
        "country_chips": country_chips,
    }


def country_chips(values: object) -> list[tuple[str, str]]:
    """The chosen countries as (code, name) chips; what is not a country stays as typed (the
    form shows it again with its error)."""
    typed = cldr.split_list(values if isinstance(values, list) else [values] if values else [])
    chips: list[tuple[str, str]] = []
    for item in typed if isinstance(typed, list) else []:
        text = str(item).strip()
        if text:
            code = cldr.country_of(text)
            chips.append((code, cldr.country_name(code)) if code else (text, text))
    return list(dict.fromkeys(chips))


@router.get("/persons")
def search_page(
    request: Request,
    user: CurrentUser,
    db: DbSession,
    q: Annotated[str, Query(max_length=200)] = "",
    page: Annotated[int, Query(ge=1, le=500)] = 1,
) -> Response:
    found, total = service.search(db, q=q, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    view = request.state.user
    panels = (
        []
        if q.strip()
        else [
            {"template": p.template, "data": p.load(db, view)}
            for p in request.app.state.search_panels
            if p.visible_to(view.role)
        ]
    )
    return render(
        request,
        "persons/search.html",
        {
            "q": q,
            "persons": found,
            "total": total,
            "page": page,
            "pages": max(1, -(-total // PAGE_SIZE)),
            "labels": ClientGroup.labels(),
            "panels": panels,  # what other areas show before a search (welcome.areas)
        },
    )


@router.get("/persons/new")
def new_person(request: Request, user: CurrentUser) -> Response:
    return render(
        request,
        "persons/form.html",
        {"values": {"client_group": "", "nationalities": []}, "errors": {}, **choices()},
    )


def _form(request: Request, person_id: int | None = None) -> Invalid:
    """The person form again, with the errors at their fields and the typed values."""

    def again(errors: dict[str, str], values: dict[str, Any]) -> Response:
        context = {"values": values, "errors": errors, "person_id": person_id, **choices()}
        return render(request, "persons/form.html", context)

    return again


@router.post("/persons/new")
async def register_person(request: Request, user: CurrentUser, db: DbSession) -> Response:
    """Register; likely duplicates are shown first and registered only once confirmed."""
    form = await request.form()
    confirmed = form.get("confirm") == "1"

    def register(data: PersonRegistrationIn) -> Person | list[Person]:
        found = service.find_duplicates(db, first_name=data.first_name, last_name=data.last_name)
        if found and not confirmed:
            return found
        person = service.create(db, data=data)
        for step in registration_steps():  # e.g. the information sheet handed over
            step.record(db, person=person, data=data)
        return person

    def done(result: Person | list[Person]) -> Response:
        if isinstance(result, list):  # nothing written: ask first
            values = typed_values(form, PersonRegistrationIn)
            context = {"values": values, "errors": {}, "duplicates": result, **choices()}
            return render(request, "persons/form.html", context)
        message = _("%(name)s has been registered.", name=result.first_name)
        return redirect(request, f"/persons/{result.id}", message)

    return await form_post(
        request, db, PersonRegistrationIn, register, done=done, invalid=_form(request)
    )


@router.get("/persons/{person_id}/edit")
def edit_person(request: Request, person_id: Id, user: CurrentUser, db: DbSession) -> Response:
    person = merge.get(db, person_id=person_id)
    values = service.values_of(db, person=person)
    values = {name: "" if value is None else value for name, value in values.items()}
    context = {"values": values, "errors": {}, "person_id": person.id, **choices()}
    return render(request, "persons/form.html", context)


EDIT_FORM = FormPage(
    router, "person", lambda db, i: service.get(db, person_id=i),
    lambda request, _db, p, _which: _form(request, p.id), lambda p: f"/persons/{p.id}",
)  # fmt: skip
EDIT_FORM.post(
    "/persons/{record_id}/edit", PersonIn, service.update, _l("The changes have been saved.")
)


@router.get("/persons/{person_id}")
def person_page(request: Request, person_id: Id, user: CurrentUser, db: DbSession) -> Response:
    """The person with what the other areas add (cases/persons/page.py); a merged-away id
    leads to the person it was merged into."""
    try:
        person = merge.get(db, person_id=person_id)
    except MergedAway as gone:
        message = _("This record was merged into another one; this is the person it went into.")
        return redirect(request, f"/persons/{gone.merged_into}", message)
    return render_person_page(request, db, person)
