"""Persons pages: search, register with the duplicate warning, the person page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from cases import cldr, codes
from cases.counselling import consents, queries
from cases.persons import service
from cases.persons.codes import GERMAN_STATES
from cases.persons.models import Person
from cases.persons.schemas import PersonIn
from welcome import roles
from welcome.forms import Invalid, form_post, redirect
from welcome.history import HistoryRow, rows_for
from welcome.i18n import _
from welcome.inputs import field_labels, field_shows, typed_values
from welcome.nav import NavItem, PersonSection
from welcome.templating import render
from welcome.web import CurrentUser, DbSession, Id, require_role

CASE_WORKERS = tuple(roles.CASE_WORKERS)  # for the areas not yet on welcome.roles
router = APIRouter(dependencies=[Depends(require_role(roles.CASE_WORKERS))])
NAV = [NavItem("/persons", lambda: _("Persons"), order=10, roles=roles.names(roles.CASE_WORKERS))]
PAGE_SIZE = 20


def choices() -> dict[str, object]:
    return {
        "client_groups": codes.client_group_labels(),
        "genders": codes.gender_labels(),
        "residence_statuses": codes.residence_status_labels(),
        "german_levels": codes.german_level_labels(),
        "qualification_levels": codes.qualification_level_labels(),
        "family_situations": codes.family_situation_labels(),
        "countries": cldr.country_names(),
        "languages": cldr.language_names(),
        "states": GERMAN_STATES,
    }


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

    def register(data: PersonIn) -> Person | list[Person]:
        found = service.find_duplicates(db, first_name=data.first_name, last_name=data.last_name)
        return found if found and not confirmed else service.create(db, data=data)

    def done(result: Person | list[Person]) -> Response:
        if isinstance(result, list):  # nothing written: ask first
            values = typed_values(form, PersonIn)
            context = {"values": values, "errors": {}, "duplicates": result, **choices()}
            return render(request, "persons/form.html", context)
        message = _("%(name)s has been registered.", name=result.first_name)
        return redirect(request, f"/persons/{result.id}", message)

    return await form_post(request, db, PersonIn, register, done=done, invalid=_form(request))


@router.get("/persons/{person_id}/edit")
def edit_person(request: Request, person_id: Id, user: CurrentUser, db: DbSession) -> Response:
    person = service.get(db, person_id=person_id)
    values = service.values_of(db, person=person)
    values = {name: "" if value is None else value for name, value in values.items()}
    context = {"values": values, "errors": {}, "person_id": person.id, **choices()}
    return render(request, "persons/form.html", context)


@router.post("/persons/{person_id}/edit")
async def save_person(
    request: Request, person_id: Id, user: CurrentUser, db: DbSession
) -> Response:
    person = service.get(db, person_id=person_id)
    return await form_post(
        request,
        db,
        PersonIn,
        lambda data: service.update(db, person=person, data=data),
        done=lambda _p: redirect(
            request, f"/persons/{person_id}", _("The changes have been saved.")
        ),
        invalid=_form(request, person_id),
    )


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
            cldr.country_name(c) for c in service.nationalities_of(db, person_id=person.id)
        ],
        "country_name": cldr.country_name,
        "cases": queries.list_cases(db, person_id=person.id, limit=100)[0],
        "timeline": timeline,
        "consents": consents.consents_of(db, person_id=person.id),
        "labels": _all_labels(),
        "today": date.today().isoformat(),
        "errors": {},
        "values": {},
        "referral_sources": codes.referral_source_labels(),
        "consent_purposes": codes.consent_purpose_labels(),
        "languages": cldr.language_names(),
        "history": _history(db, person, request),
    }


def _history(db: DbSession, person: Person, request: Request | None) -> list[HistoryRow] | None:
    """The person's history from the audit log, for the centre's managers only."""
    user = getattr(request.state, "user", None) if request is not None else None
    if user is None or user.role not in roles.MANAGERS or person.id is None:
        return None
    country: Callable[[Any], str] = cldr.country_name
    shows = {
        **field_shows(PersonIn),
        "nationalities": country,
        "previous_residence_country": country,
        "preferred_language": lambda tag: str(cldr.language_names().get(tag, tag)),
        "counselling_language": lambda tag: str(cldr.language_names().get(tag, tag)),
    }
    return rows_for(
        db, entity="persons", entity_id=person.id, labels=field_labels(PersonIn), shows=shows
    )


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
