"""Employer pages: list with filters, register with the duplicate warning, the employer page
with its timeline (a consultation is added in place with htmx); a follow-up panel. The small
forms of the employer page (contact persons, hiring needs, placements) are in entry_views.py,
the outreach event pages in event_views.py.

Every post goes through `welcome.forms.form_post` with the area's input model (schemas.py)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlmodel import Session

from cases import codelists
from cases.counselling.codes import Channel
from cases.employers import (
    consultations,
    contacts,
    correction_page,
    merge,
    merge_views,
    placements,
    service,
    wz,
)
from cases.employers.codes import (
    Chamber,
    EmployerTopic,
    EventFormat,
    EventType,
    PlacementType,
    RecruitingRoute,
    SizeBand,
)
from cases.employers.models import Employer
from cases.employers.schemas import (
    ConsultationIn,
    EmployerIn,
)
from cases.persons.models import Person
from welcome import clock, roles
from welcome.forms import FormPage, Invalid, form_post, off_loop, redirect
from welcome.i18n import _, _l
from welcome.inputs import typed_values
from welcome.merging import MergedAway
from welcome.nav import DashboardPanel, NavItem, PersonSection, TimelineItem
from welcome.templating import render
from welcome.web import CurrentUser, DbSession, Id, UserView, is_htmx, require_role

router = APIRouter(dependencies=[Depends(require_role(roles.CASE_WORKERS))])
NAV = [
    NavItem("/employers", lambda: _("Employers"), order=40, roles=roles.names(roles.CASE_WORKERS)),
    NavItem(
        "/events", lambda: _("Outreach events"), order=45, roles=roles.names(roles.CASE_WORKERS)
    ),
]
PAGE_SIZE = 50


def _follow_ups(db: Session, user: UserView) -> dict[str, object]:
    return {"follow_ups": consultations.follow_ups_due(db), "today": clock.today()}


PANELS = [
    DashboardPanel(
        template="employers/_panel.html",
        load=_follow_ups,
        order=40,
        roles=roles.names(roles.CENTRE_STAFF),
    )
]


def _placements_of_person(db: Session, *, person: Person) -> list[TimelineItem]:
    return [
        TimelineItem(
            on=p.starts_on,
            kind="placement",
            template="employers/_person_timeline.html",
            item={  # plain values for the template
                "employer_id": employer.id,
                "employer_name": employer.name,
                "type": PlacementType.label_of(p.type),
                "occupation": p.occupation,
            },
        )
        for p, _person, employer in placements.list_placements(db, person_id=person.id)
    ]


PERSON_SECTIONS = [PersonSection(timeline=_placements_of_person)]


# --- shared by the pages --------------------------------------------------------------------


def choices() -> dict[str, Any]:
    return {
        "size_bands": SizeBand.labels(),
        "chambers": Chamber.labels(),
        "channels": Channel.labels(),
        "employer_topics": EmployerTopic.labels(),
        "event_types": EventType.labels(),
        "event_formats": EventFormat.labels(),
        "placement_types": PlacementType.labels(),
        "recruiting_routes": RecruitingRoute.labels(),
        "wz_versions": {v.value: f"WZ {v.value}" for v in wz.WzVersion},
        "wz_title": wz.section_title,
        "sector_title": codelists.wz_title,
        "last_contact_filters": {
            "3m": _("within the last 3 months"),
            "12m": _("within the last 12 months"),
            "older": _("not for more than 12 months"),
            "never": _("never"),
        },
    }


def shown(values: dict[str, Any]) -> dict[str, Any]:
    """Stored values as a form shows them (nothing for None)."""
    return {name: "" if value is None else value for name, value in values.items()}


def back_to_employer(
    request: Request, employer_id: int, message: str
) -> Callable[[object], Response]:
    return lambda _result: redirect(request, f"/employers/{employer_id}", message)


# --- employers ------------------------------------------------------------------------------


@router.get("/employers")
def employer_list(
    request: Request,
    db: DbSession,
    q: Annotated[str, Query(max_length=200)] = "",
    sector: Annotated[str, Query(max_length=10)] = "",
    size_band: Annotated[str, Query(max_length=10)] = "",
    municipality: Annotated[str, Query(max_length=120)] = "",
    last_contact: Annotated[str, Query(max_length=10)] = "",
    page: Annotated[int, Query(ge=1, le=100000)] = 1,
) -> Response:
    rows, total = service.list_employers(
        db,
        q=q,
        sector=sector or None,
        size_band=size_band or None,
        municipality=municipality or None,
        last_contact=last_contact or None,
        offset=(page - 1) * PAGE_SIZE,
        limit=PAGE_SIZE,
    )
    filters = {
        "q": q,
        "sector": sector,
        "size_band": size_band,
        "municipality": municipality,
        "last_contact": last_contact,
    }
    return render(
        request,
        "employers/list.html",
        {
            "rows": rows,
            "total": total,
            "page": page,
            "pages": max(1, -(-total // PAGE_SIZE)),
            "filters": filters,
            "query": urlencode({k: v for k, v in filters.items() if v}),
            "sections": wz.section_choices(),
            "municipalities": service.municipalities(db),
            **choices(),
        },
    )


def _employer_form(request: Request, employer: Employer | None = None) -> Invalid:
    """The employer form again, with the errors at their fields and the typed values."""

    def again(errors: dict[str, str], values: dict[str, Any]) -> Response:
        context = {"values": values, "errors": errors, "employer": employer, **choices()}
        return render(request, "employers/form.html", context)

    return again


@router.get("/employers/new")
def employer_form(
    request: Request, user: CurrentUser, name: Annotated[str, Query(max_length=200)] = ""
) -> Response:
    return _employer_form(request)({}, {"name": name, "sector_version": "2008"})


@router.post("/employers/new")
async def employer_create(request: Request, user: CurrentUser, db: DbSession) -> Response:
    """Register; similar names of the centre are shown first and registered once confirmed."""
    form = await request.form()
    confirmed = form.get("confirm_duplicate") == "yes"

    def register(data: EmployerIn) -> Employer | list[Employer]:
        found = service.find_duplicates(db, name=data.name)
        return found if found and not confirmed else service.create(db, data=data)

    def done(result: Employer | list[Employer]) -> Response:
        if isinstance(result, list):  # nothing written: ask first
            values = typed_values(form, EmployerIn)
            context = {"values": values, "errors": {}, "duplicates": result, **choices()}
            return render(request, "employers/form.html", context)
        message = _("The employer has been registered.")
        return redirect(request, f"/employers/{result.id}", message)

    return await form_post(
        request, db, EmployerIn, register, done=done, invalid=_employer_form(request)
    )


@router.get("/employers/{employer_id}/edit")
def employer_edit_form(request: Request, employer_id: Id, db: DbSession) -> Response:
    employer = merge.get(db, employer_id=employer_id)
    return _employer_form(request, employer)({}, shown(service.values_of(employer)))


EDIT_FORM = FormPage(
    router, "employer", lambda db, i: service.get(db, employer_id=i),
    lambda request, _db, e, _which: _employer_form(request, e), lambda e: f"/employers/{e.id}",
)  # fmt: skip
EDIT_FORM.post(
    "/employers/{record_id}/edit", EmployerIn, service.update, _l("The employer has been saved.")
)


# --- the employer page and its consultations ------------------------------------------------


def page_context(
    db: Session,
    employer: Employer,
    *,
    query: Mapping[str, str] | None = None,
    typed: Mapping[str, Any] | None = None,
    errors: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The employer page: details, contact persons, the timeline, and what the user may
    correct there (an entry edited or deleted in place: correction_page)."""
    assert employer.id is not None
    entries = service.timeline(db, employer_id=employer.id)
    people = contacts.list_contacts(db, employer_id=employer.id)
    return {
        "employer": employer,
        "contacts": people,
        "entries": entries,
        "counsellors": service.counsellor_names(
            db, (getattr(e.item, "counsellor_id", None) for e in entries)
        ),
        **correction_page.employer_context(
            db,
            employer_id=employer.id,
            entries=entries,
            contacts=people,
            query=query or {},
            typed=typed,
            errors=errors,
        ),
        **choices(),
    }


def consultation_defaults() -> dict[str, Any]:
    return {"date": clock.today().isoformat(), "topics": [], "channel": ""}


PAGE_BLOCKS = ("contacts", "consultations")


@router.get("/employers/{employer_id}")
def employer_page(
    request: Request,
    employer_id: Id,
    db: DbSession,
    edit: Annotated[str, Query(max_length=40)] = "",
    delete: Annotated[str, Query(max_length=40)] = "",
    block: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    """The page; `?edit=kind:id` / `?delete=kind:id` opens an entry's form in place (with
    htmx and `block`, only that block of the page comes back)."""
    try:
        employer = merge.get(db, employer_id=employer_id)
    except MergedAway as gone:
        message = _("This record was merged into another one; this is the employer it went into.")
        return redirect(request, f"/employers/{gone.merged_into}", message)
    query = {"edit": edit, "delete": delete}
    context = {
        **page_context(db, employer, query=query),
        "values": consultation_defaults(),
        "errors": {},
        **merge_views.page_extras(request, db, employer),
    }
    name = block if is_htmx(request) and block in PAGE_BLOCKS else None
    return render(request, "employers/page.html", context, block_name=name)


@router.post("/employers/{employer_id}/consultations")
async def consultation_create(
    request: Request, employer_id: Id, user: CurrentUser, db: DbSession
) -> Response:
    """Log a consultation; with htmx the block (form and timeline) comes back in place."""
    employer = await off_loop(service.get, db, employer_id=employer_id)
    in_place = is_htmx(request)

    def page(values: dict[str, Any], errors: dict[str, str], fresh: bool = False) -> Response:
        context = {**page_context(db, employer), "values": values, "errors": errors}
        if in_place:
            context["saved"] = fresh  # the form starts anew below "saved"
            return render(request, "employers/page.html", context, block_name="consultations")
        return render(request, "employers/page.html", context)

    def done(_result: object) -> Response:
        if in_place:
            return page(consultation_defaults(), {}, fresh=True)
        message = _("The consultation has been saved.")
        return redirect(request, f"/employers/{employer_id}", message)

    return await form_post(
        request,
        db,
        ConsultationIn,
        lambda data: consultations.create(db, employer=employer, data=data),
        done=done,
        invalid=lambda errors, values: page(values, errors),
    )


@router.get("/employers/{employer_id}/consultations/{consultation_id}/edit")
def consultation_edit(
    request: Request, employer_id: Id, consultation_id: Id, db: DbSession
) -> Response:
    """The correction of a consultation on a page of its own (the page's form posts to
    correction_views, as the one in place does)."""
    employer = service.get(db, employer_id=employer_id)
    found = consultations.get(db, employer_id=employer_id, consultation_id=consultation_id)
    values = {**shown(consultations.values_of(db, consultation=found)), "version": found.version}
    context = {
        "employer": employer,
        "consultation_id": consultation_id,
        "values": values,
        "errors": {},
        **choices(),
    }
    return render(request, "employers/consultation_form.html", context)
