"""Employer pages: list with filters, register with the duplicate warning, the employer page
with its timeline (a consultation is added in place with htmx), contact persons, hiring
needs, placements; a follow-up panel. The outreach event pages are in event_views.py."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session

from cases import codes
from cases.employers import consultations, event_views, placements, rules, service, wz
from cases.employers.models import Employer
from cases.persons.models import Person
from welcome.accounts.models import Role
from welcome.errors import FieldErrors
from welcome.forms import checked, parse_date, parse_int, read_form, texts
from welcome.i18n import _
from welcome.nav import DashboardPanel, NavItem, PersonSection, TimelineItem
from welcome.templating import render
from welcome.web import CurrentUser, DbSession, Id, UserView, flash, require_role

WORKERS = (Role.COUNSELLOR, Role.LEAD, Role.ADMIN)
_ROLES = frozenset(r.value for r in WORKERS)
router = APIRouter(dependencies=[Depends(require_role(*WORKERS))])
NAV = [
    NavItem("/employers", lambda: _("Employers"), order=40, roles=_ROLES),
    NavItem("/events", lambda: _("Outreach events"), order=45, roles=_ROLES),
]
PAGE_SIZE = 50


def _follow_ups(db: Session, user: UserView) -> dict[str, object]:
    return {"follow_ups": consultations.follow_ups_due(db), "today": rules.today()}


PANELS = [
    DashboardPanel(
        template="employers/_panel.html",
        load=_follow_ups,
        order=40,
        roles=frozenset({Role.COUNSELLOR.value, Role.LEAD.value}),
    )
]


def _placements_of_person(db: Session, *, person: Person) -> list[TimelineItem]:
    types = codes.placement_type_labels()
    return [
        TimelineItem(
            on=p.starts_on,
            kind="placement",
            template="employers/_person_timeline.html",
            item={  # plain values for the template
                "employer_id": employer.id,
                "employer_name": employer.name,
                "type": types.get(p.type, p.type),
                "occupation": p.occupation,
            },
        )
        for p, _person, employer in placements.placements_of(db, person_id=person.id)
    ]


PERSON_SECTIONS = [PersonSection(timeline=_placements_of_person)]


# --- form parsing ---------------------------------------------------------------------------


def _htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def _choices() -> dict[str, Any]:
    return {
        "size_bands": codes.size_band_labels(),
        "chambers": codes.chamber_labels(),
        "channels": codes.channel_labels(),
        "employer_topics": codes.employer_topic_labels(),
        "event_types": codes.event_type_labels(),
        "event_formats": codes.event_format_labels(),
        "placement_types": codes.placement_type_labels(),
        "recruiting_routes": codes.recruiting_route_labels(),
        "wz_versions": {v.value: f"WZ {v.value}" for v in wz.WzVersion},
        "wz_title": wz.section_title,
        "last_contact_filters": {
            "3m": _("within the last 3 months"),
            "12m": _("within the last 12 months"),
            "older": _("not for more than 12 months"),
            "never": _("never"),
        },
    }


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
            **_choices(),
        },
    )


@router.get("/employers/new")
def employer_form(request: Request, user: CurrentUser, name: str = "") -> Response:
    return render(
        request,
        "employers/form.html",
        {"values": {"name": name, "sector_version": "2008"}, "errors": {}, **_choices()},
    )


@router.post("/employers/new")
async def employer_create(request: Request, user: CurrentUser, db: DbSession) -> Response:
    values, _raw = await read_form(request)
    duplicates = service.similar(db, name=values.get("name", ""))
    if duplicates and values.get("confirm_duplicate") != "yes":
        return render(
            request,
            "employers/form.html",
            {"values": values, "errors": {}, "duplicates": duplicates, **_choices()},
        )
    try:
        employer = service.create_employer(
            db,
            name=values.get("name", ""),
            sector_code=values.get("sector_code"),
            sector_version=values.get("sector_version"),
            size_band=values.get("size_band"),
            chamber=values.get("chamber"),
            municipality=values.get("municipality"),
            address=values.get("address"),
            notes=values.get("notes"),
        )
    except FieldErrors as exc:
        return render(
            request,
            "employers/form.html",
            {"values": values, "errors": exc.errors, **_choices()},
            status_code=422,
        )
    flash(request, _("The employer has been registered."), "success")
    return RedirectResponse(f"/employers/{employer.id}", status_code=303)


@router.get("/employers/{employer_id}/edit")
def employer_edit_form(request: Request, employer_id: Id, db: DbSession) -> Response:
    employer = service.get_employer(db, employer_id=employer_id)
    values = {f: getattr(employer, f) or "" for f in service.EDITABLE}
    return render(
        request,
        "employers/form.html",
        {"values": values, "errors": {}, "employer": employer, **_choices()},
    )


@router.post("/employers/{employer_id}/edit")
async def employer_update(
    request: Request, employer_id: Id, user: CurrentUser, db: DbSession
) -> Response:
    employer = service.get_employer(db, employer_id=employer_id)
    values, _raw = await read_form(request)
    try:
        service.update_employer(
            db, employer=employer, **{f: values.get(f, "") for f in service.EDITABLE}
        )
    except FieldErrors as exc:
        return render(
            request,
            "employers/form.html",
            {"values": values, "errors": exc.errors, "employer": employer, **_choices()},
            status_code=422,
        )
    flash(request, _("The employer has been saved."), "success")
    return RedirectResponse(f"/employers/{employer_id}", status_code=303)


def _page_context(db: Session, employer: Employer) -> dict[str, Any]:
    assert employer.id is not None
    entries = service.timeline(db, employer_id=employer.id)
    return {
        "employer": employer,
        "contacts": service.contacts_of(db, employer_id=employer.id),
        "entries": entries,
        "counsellors": service.counsellor_names(
            db, (getattr(e.item, "counsellor_id", None) for e in entries)
        ),
        **_choices(),
    }


def _consultation_defaults() -> dict[str, Any]:
    return {"date": rules.today().isoformat(), "topics": [], "channel": ""}


async def _consultation_post(
    request: Request,
) -> tuple[dict[str, str], dict[str, str], dict[str, Any]]:
    """A posted consultation: the typed text, the reading errors, the service's arguments."""
    values, raw = await read_form(request)
    errors: dict[str, str] = {}
    fields = {
        "held_on": parse_date(errors, "date", values.get("date", "")),
        "duration_minutes": parse_int(
            errors, "duration_minutes", values.get("duration_minutes", "")
        ),
        "channel": values.get("channel"),
        "topics": texts(raw, "topics"),
        "notes": values.get("notes"),
        "follow_up_on": parse_date(errors, "follow_up_on", values.get("follow_up_on", "")),
    }
    return values, errors, fields


@router.get("/employers/{employer_id}")
def employer_page(request: Request, employer_id: Id, db: DbSession) -> Response:
    employer = service.get_employer(db, employer_id=employer_id)
    return render(
        request,
        "employers/page.html",
        {**_page_context(db, employer), "values": _consultation_defaults(), "errors": {}},
    )


@router.post("/employers/{employer_id}/consultations")
async def consultation_create(
    request: Request, employer_id: Id, user: CurrentUser, db: DbSession
) -> Response:
    employer = service.get_employer(db, employer_id=employer_id)
    values, errors, fields = await _consultation_post(request)
    try:
        with checked(db, errors):
            consultations.create_consultation(
                db,
                employer=employer,
                **fields,
            )
    except FieldErrors as exc:
        context = {
            **_page_context(db, employer),
            "values": {**values, "topics": fields["topics"]},
            "errors": exc.errors,
        }
        if _htmx(request):  # htmx swaps only 2xx answers: the form comes back with its errors
            return render(request, "employers/page.html", context, block_name="consultations")
        return render(request, "employers/page.html", context, status_code=422)
    if _htmx(request):
        context = {
            **_page_context(db, employer),
            "values": _consultation_defaults(),
            "errors": {},
            "saved": True,
        }
        return render(request, "employers/page.html", context, block_name="consultations")
    flash(request, _("The consultation has been saved."), "success")
    return RedirectResponse(f"/employers/{employer_id}", status_code=303)


def _consultation_form(
    request: Request,
    employer: Employer,
    consultation_id: Id,
    values: dict[str, Any],
    errors: dict[str, str],
    status_code: int = 200,
) -> Response:
    context = {
        "employer": employer,
        "consultation_id": consultation_id,
        "values": values,
        "errors": errors,
        **_choices(),
    }
    return render(request, "employers/consultation_form.html", context, status_code=status_code)


@router.get("/employers/{employer_id}/consultations/{consultation_id}/edit")
def consultation_edit(
    request: Request, employer_id: Id, consultation_id: Id, db: DbSession
) -> Response:
    employer = service.get_employer(db, employer_id=employer_id)
    found = consultations.get_consultation(
        db, employer_id=employer_id, consultation_id=consultation_id
    )
    assert found.id is not None
    values = {
        "date": found.held_on.isoformat(),
        "duration_minutes": str(found.duration_minutes),
        "channel": found.channel,
        "topics": consultations.topics_of(db, [found.id])[found.id],
        "follow_up_on": found.follow_up_on.isoformat() if found.follow_up_on else "",
        "notes": found.notes or "",
    }
    return _consultation_form(request, employer, consultation_id, values, {})


@router.post("/employers/{employer_id}/consultations/{consultation_id}/edit")
async def consultation_save(
    request: Request, employer_id: Id, consultation_id: Id, db: DbSession
) -> Response:
    employer = service.get_employer(db, employer_id=employer_id)
    found = consultations.get_consultation(
        db, employer_id=employer_id, consultation_id=consultation_id
    )
    values, errors, fields = await _consultation_post(request)
    try:
        with checked(db, errors):
            consultations.update_consultation(
                db,
                consultation=found,
                **fields,
            )
    except FieldErrors as exc:
        kept = {**values, "topics": fields["topics"]}
        return _consultation_form(request, employer, consultation_id, kept, exc.errors, 422)
    flash(request, _("The consultation has been saved."), "success")
    return RedirectResponse(f"/employers/{employer_id}", status_code=303)


# --- contact persons, hiring needs, placements (one small form each) -------------------------

_SUB_FORMS = {
    "contacts": "employers/contact_form.html",
    "hiring-needs": "employers/need_form.html",
    "placements": "employers/placement_form.html",
}


def _sub_form(
    request: Request,
    db: Session,
    employer: Employer,
    kind: str,
    values: dict[str, Any],
    errors: dict[str, str],
    status_code: int = 200,
) -> Response:
    extra: dict[str, Any] = {}
    if kind == "placements":
        extra["persons"] = placements.persons_for_choice(db)
    return render(
        request,
        _SUB_FORMS[kind],
        {"employer": employer, "values": values, "errors": errors, **extra, **_choices()},
        status_code=status_code,
    )


@router.get("/employers/{employer_id}/contacts/new")
def contact_form(request: Request, employer_id: Id, db: DbSession) -> Response:
    employer = service.get_employer(db, employer_id=employer_id)
    return _sub_form(request, db, employer, "contacts", {}, {})


@router.post("/employers/{employer_id}/contacts/new")
async def contact_create(
    request: Request, employer_id: Id, user: CurrentUser, db: DbSession
) -> Response:
    employer = service.get_employer(db, employer_id=employer_id)
    values, _raw = await read_form(request)
    errors: dict[str, str] = {}
    consent_on = parse_date(errors, "consent_on", values.get("consent_on", ""))
    try:
        with checked(db, errors):
            service.add_contact(
                db,
                employer=employer,
                name=values.get("name", ""),
                role=values.get("role"),
                phone=values.get("phone"),
                email=values.get("email"),
                consent_to_contact=values.get("consent_to_contact") == "yes",
                consent_on=consent_on,
            )
    except FieldErrors as exc:
        return _sub_form(request, db, employer, "contacts", values, exc.errors, 422)
    flash(request, _("The contact person has been saved."), "success")
    return RedirectResponse(f"/employers/{employer_id}", status_code=303)


@router.get("/employers/{employer_id}/hiring-needs/new")
def need_form(request: Request, employer_id: Id, db: DbSession) -> Response:
    employer = service.get_employer(db, employer_id=employer_id)
    return _sub_form(request, db, employer, "hiring-needs", {"positions": "1"}, {})


@router.post("/employers/{employer_id}/hiring-needs/new")
async def need_create(
    request: Request, employer_id: Id, user: CurrentUser, db: DbSession
) -> Response:
    employer = service.get_employer(db, employer_id=employer_id)
    values, _raw = await read_form(request)
    errors: dict[str, str] = {}
    positions = parse_int(errors, "positions", values.get("positions", ""))
    desired_start = parse_date(errors, "desired_start", values.get("desired_start", ""))
    try:
        with checked(db, errors):
            placements.create_hiring_need(
                db,
                employer=employer,
                occupation=values.get("occupation", ""),
                occupation_kldb=values.get("occupation_kldb"),
                positions=positions,
                desired_start=desired_start,
                recruiting_route=values.get("recruiting_route"),
                notes=values.get("notes"),
            )
    except FieldErrors as exc:
        return _sub_form(request, db, employer, "hiring-needs", values, exc.errors, 422)
    flash(request, _("The hiring need has been saved."), "success")
    return RedirectResponse(f"/employers/{employer_id}", status_code=303)


@router.get("/employers/{employer_id}/placements/new")
def placement_form(
    request: Request, employer_id: Id, db: DbSession, person_id: str = ""
) -> Response:
    employer = service.get_employer(db, employer_id=employer_id)
    values = {"person_id": person_id, "starts_on": rules.today().isoformat()}
    return _sub_form(request, db, employer, "placements", values, {})


@router.post("/employers/{employer_id}/placements/new")
async def placement_create(
    request: Request, employer_id: Id, user: CurrentUser, db: DbSession
) -> Response:
    employer = service.get_employer(db, employer_id=employer_id)
    values, _raw = await read_form(request)
    errors: dict[str, str] = {}
    person_id = parse_int(errors, "person_id", values.get("person_id", ""))
    starts_on = parse_date(errors, "starts_on", values.get("starts_on", ""))
    try:
        with checked(db, errors):
            placements.create_placement(
                db,
                employer=employer,
                person_id=person_id,
                type=values.get("type"),
                starts_on=starts_on,
                occupation=values.get("occupation", ""),
                occupation_kldb=values.get("occupation_kldb"),
            )
    except FieldErrors as exc:
        return _sub_form(request, db, employer, "placements", values, exc.errors, 422)
    flash(request, _("The placement has been saved."), "success")
    return RedirectResponse(f"/employers/{employer_id}", status_code=303)


# the event pages live in their own module and share this router's role check
router.include_router(event_views.router)
