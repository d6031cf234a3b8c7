"""Persons pages: search, register with the duplicate warning, the person page."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response

from cases import codes
from cases.counselling import consents, queries
from cases.persons import service
from cases.persons.models import Person
from welcome.accounts.models import Role
from welcome.errors import FieldErrors
from welcome.forms import parse_date, parse_int, read_form, texts
from welcome.i18n import _
from welcome.nav import NavItem, PersonSection
from welcome.templating import render
from welcome.web import CurrentUser, DbSession, Id, flash, require_role

CASE_WORKERS = (Role.COUNSELLOR, Role.LEAD, Role.ADMIN)
_ROLES = frozenset(r.value for r in CASE_WORKERS)
router = APIRouter(dependencies=[Depends(require_role(*CASE_WORKERS))])
NAV = [NavItem("/persons", lambda: _("Persons"), order=10, roles=_ROLES)]
PAGE_SIZE = 20


def choices() -> dict[str, object]:
    return {
        "client_groups": codes.client_group_labels(),
        "genders": codes.gender_labels(),
        "residence_statuses": codes.residence_status_labels(),
        "german_levels": codes.german_level_labels(),
        "qualification_levels": codes.qualification_level_labels(),
        "family_situations": codes.family_situation_labels(),
        "countries": service.country_names(),
        "languages": service.language_names(),
        "states": codes.GERMAN_STATES,
    }


def _form_data(form: dict[str, str], nationalities: list[str]) -> service.PersonData:
    errors: dict[str, str] = {}
    data = service.PersonData(
        first_name=form.get("first_name", ""),
        last_name=form.get("last_name", ""),
        client_group=form.get("client_group", ""),
        birth_year=parse_int(errors, "birth_year", form.get("birth_year", "")),
        gender=form.get("gender") or None,
        nationalities=[n for n in nationalities if n],
        previous_residence_country=form.get("previous_residence_country") or None,
        previous_residence_state=form.get("previous_residence_state") or None,
        municipality=form.get("municipality") or None,
        arrived_on=parse_date(errors, "arrived_on", form.get("arrived_on", "")),
        preferred_language=form.get("preferred_language") or None,
        counselling_language=form.get("counselling_language") or None,
        residence_status=form.get("residence_status") or None,
        german_level=form.get("german_level") or None,
        qualification_level=form.get("qualification_level") or None,
        occupation_kldb=form.get("occupation_kldb") or None,
        occupation_title=form.get("occupation_title") or None,
        family_situation=form.get("family_situation") or None,
        children_count=parse_int(errors, "children_count", form.get("children_count", "")),
    )
    try:
        service.clean(data)
    except FieldErrors as exc:
        errors = {**exc.errors, **errors}
    if errors:
        raise FieldErrors(errors)
    return data


@router.get("/persons")
def search_page(
    request: Request,
    user: CurrentUser,
    db: DbSession,
    q: Annotated[str, Query(max_length=200)] = "",
    page: Annotated[int, Query(ge=1, le=500)] = 1,
) -> Response:
    found, total = service.search(db, q=q, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    recent: list[queries.CaseRow] = []
    if not q.strip():
        recent = queries.list_cases(db, counsellor_id=user.id, status="open", limit=10)[0]
    return render(
        request,
        "persons/search.html",
        {
            "q": q,
            "persons": found,
            "total": total,
            "page": page,
            "pages": max(1, -(-total // PAGE_SIZE)),
            "recent": recent,
            "labels": codes.client_group_labels(),
        },
    )


@router.get("/persons/new")
def new_person(request: Request, user: CurrentUser) -> Response:
    return render(
        request,
        "persons/form.html",
        {"values": {"client_group": "", "nationalities": []}, "errors": {}, **choices()},
    )


@router.post("/persons/new")
async def register_person(request: Request, user: CurrentUser, db: DbSession) -> Response:
    form, raw = await read_form(request)
    nationalities = texts(raw, "nationalities")
    values: dict[str, object] = {**form, "nationalities": nationalities}
    try:
        data = _form_data(form, nationalities)
    except FieldErrors as exc:
        context = {"values": values, "errors": exc.errors, **choices()}
        return render(request, "persons/form.html", context, status_code=422)
    duplicates = service.find_duplicates(db, first_name=data.first_name, last_name=data.last_name)
    if duplicates and form.get("confirm") != "1":
        context = {"values": values, "errors": {}, "duplicates": duplicates, **choices()}
        return render(request, "persons/form.html", context)
    person = service.create(db, data=data)
    flash(request, _("%(name)s has been registered.", name=person.first_name), "success")
    return RedirectResponse(f"/persons/{person.id}", status_code=303)


@router.get("/persons/{person_id}/edit")
def edit_person(request: Request, person_id: Id, user: CurrentUser, db: DbSession) -> Response:
    person = service.get(db, person_id=person_id)
    data = service.data_of(db, person=person)
    values = {name: "" if value is None else value for name, value in data.__dict__.items()}
    context = {"values": values, "errors": {}, "person_id": person.id, **choices()}
    return render(request, "persons/form.html", context)


@router.post("/persons/{person_id}/edit")
async def save_person(
    request: Request, person_id: Id, user: CurrentUser, db: DbSession
) -> Response:
    person = service.get(db, person_id=person_id)
    form, raw = await read_form(request)
    nationalities = texts(raw, "nationalities")
    try:
        data = _form_data(form, nationalities)
        service.update(db, person=person, data=data)
    except FieldErrors as exc:
        values: dict[str, object] = {**form, "nationalities": nationalities}
        context = {"values": values, "errors": exc.errors, "person_id": person_id, **choices()}
        return render(request, "persons/form.html", context, status_code=422)
    flash(request, _("The changes have been saved."), "success")
    return RedirectResponse(f"/persons/{person_id}", status_code=303)


@router.get("/persons/{person_id}")
def person_page(request: Request, person_id: Id, user: CurrentUser, db: DbSession) -> Response:
    person = service.get(db, person_id=person_id)
    return render(request, "persons/page.html", person_context(db, person, request=request))


def person_context(
    db: DbSession, person: Person, *, request: Request | None = None
) -> dict[str, object]:
    """The person page's context; with `request`, also what other areas add to the page."""
    assert person.id is not None
    sections: list[PersonSection] = []
    if request is not None:
        role = request.state.user.role
        sections = [s for s in request.app.state.person_sections if s.visible_to(role)]
    timeline: list[Any] = list(queries.timeline(db, person_id=person.id))
    for section in sections:
        if section.timeline is not None:
            timeline += section.timeline(db, person=person)
    # stable sort by date only: entries of one day keep the counselling order, others follow
    timeline.sort(key=lambda e: e.on)
    return {
        "sections": [
            {"template": s.template, "data": s.load(db, person=person)}
            for s in sections
            if s.template is not None and s.load is not None
        ],
        "person": person,
        "nationalities": [
            service.country_name(c) for c in service.nationalities_of(db, person_id=person.id)
        ],
        "country_name": service.country_name,
        "cases": queries.list_cases(db, person_id=person.id, limit=100)[0],
        "timeline": timeline,
        "consents": consents.consents_of(db, person_id=person.id),
        "labels": _all_labels(),
        "today": date.today().isoformat(),
        "errors": {},
        "values": {},
        "referral_sources": codes.referral_source_labels(),
        "consent_purposes": codes.consent_purpose_labels(),
        "languages": service.language_names(),
    }


def _all_labels() -> dict[str, dict[str, str]]:
    return {
        "client_group": codes.client_group_labels(),
        "gender": codes.gender_labels(),
        "residence_status": codes.residence_status_labels(),
        "german_level": codes.german_level_labels(),
        "qualification_level": codes.qualification_level_labels(),
        "family_situation": codes.family_situation_labels(),
        "status": codes.case_status_labels(),
        "channel": codes.channel_labels(),
        "topic": codes.contact_topic_labels(),
        "partner": codes.referral_partner_labels(),
        "outcome": codes.outcome_type_labels(),
        "closure": codes.closure_reason_labels(),
        "consent": codes.consent_purpose_labels(),
        "referral_source": codes.referral_source_labels(),
    }
