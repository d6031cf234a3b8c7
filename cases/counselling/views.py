"""Case pages: the case list, the case page with in-place contacts (htmx), close/reopen,
referrals, outcomes, consents, anonymous enquiries, and the "My open cases" panel."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlmodel import Session, col

from cases import cldr, codes
from cases.counselling import consents, enquiries, queries, service
from cases.counselling.models import Case
from cases.persons import service as persons
from cases.persons.models import Person
from cases.persons.views import CASE_WORKERS, person_context
from welcome.accounts.models import User
from welcome.errors import FieldErrors
from welcome.forms import checked, parse_date, parse_int, read_form, texts
from welcome.i18n import _
from welcome.nav import DashboardPanel, NavItem
from welcome.templating import render
from welcome.web import CurrentUser, DbSession, Id, UserView, flash, require_role

_ROLES = frozenset(r.value for r in CASE_WORKERS)
router = APIRouter(dependencies=[Depends(require_role(*CASE_WORKERS))])
NAV = [
    NavItem("/cases", lambda: _("Cases"), order=20, roles=_ROLES),
    NavItem("/enquiries/new", lambda: _("Quick enquiry"), order=25, roles=_ROLES),
]
PAGE_SIZE = 25


def _my_open_cases(db: Session, user: UserView) -> dict[str, object]:
    rows, total = queries.list_cases(
        db, counsellor_id=user.id, status="open", sort="last_contact", descending=False, limit=8
    )
    return {"rows": rows, "total": total}


PANELS = [
    DashboardPanel(template="counselling/_panel.html", load=_my_open_cases, order=10, roles=_ROLES)
]


async def _form(request: Request) -> tuple[dict[str, str], list[str]]:
    values, raw = await read_form(request)
    return values, texts(raw, "topics")


def _renamed(errors: dict[str, str], names: dict[str, str]) -> dict[str, str]:
    """Service field names -> this page's form field names (several forms share a page)."""
    return {names.get(k, k): v for k, v in errors.items()}


def _htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


# --- the case list --------------------------------------------------------------------------


@router.get("/cases")
def case_list(
    request: Request,
    user: CurrentUser,
    db: DbSession,
    status: Annotated[str, Query(max_length=20)] = "open",
    client_group: Annotated[str, Query(max_length=40)] = "",
    counsellor: Annotated[str, Query(max_length=12)] = "",
    idle_days: Annotated[str, Query(max_length=6)] = "",
    sort: Annotated[str, Query(max_length=20)] = "opened",
    order: Annotated[str, Query(max_length=4)] = "desc",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> Response:
    errors: dict[str, str] = {}
    idle = parse_int(errors, "idle_days", idle_days)
    counsellor_id = parse_int(errors, "counsellor", counsellor)
    rows: list[queries.CaseRow] = []
    total = 0
    if not errors:
        try:
            rows, total = queries.list_cases(
                db,
                status=status or None,
                client_group=client_group or None,
                counsellor_id=counsellor_id,
                idle_days=idle,
                sort=sort,
                descending=order != "asc",
                offset=(page - 1) * PAGE_SIZE,
                limit=PAGE_SIZE,
            )
        except FieldErrors as exc:
            errors = exc.errors
    counsellors = db.execute(
        select(col(User.id), col(User.display_name)).order_by(col(User.display_name))
    ).all()
    filters = {
        "status": status,
        "client_group": client_group,
        "counsellor": counsellor,
        "idle_days": idle_days,
        "sort": sort,
        "order": order,
    }
    return render(
        request,
        "counselling/list.html",
        {
            "rows": rows,
            "total": total,
            "page": page,
            "pages": max(1, -(-total // PAGE_SIZE)),
            "filters": filters,
            "errors": errors,
            "counsellors": counsellors,
            "statuses": codes.case_status_labels(),
            "client_groups": codes.client_group_labels(),
        },
        status_code=422 if errors else 200,
    )


# --- opening a case (from the person page) --------------------------------------------------


def _person_page(
    request: Request, db: Session, person: Person, *, errors: dict[str, str], values: dict[str, str]
) -> Response:
    """The person page again with a form's errors at its fields (opening a case, a consent)."""
    context = person_context(db, person, request=request)
    context.update(errors=errors, values=values)
    return render(request, "persons/page.html", context, status_code=422)


@router.post("/persons/{person_id}/cases")
async def open_case(request: Request, person_id: Id, user: CurrentUser, db: DbSession) -> Response:
    person = persons.get(db, person_id=person_id)
    form, _topics = await _form(request)
    errors: dict[str, str] = {}
    opened_on = parse_date(errors, "opened_on", form.get("opened_on", ""))
    try:
        with checked(db, errors):
            case = service.create(
                db,
                person_id=person.id,
                opened_on=opened_on,
                referral_source=form.get("referral_source") or None,
            )
    except FieldErrors as exc:
        return _person_page(request, db, person, errors=exc.errors, values=form)
    flash(request, _("The case has been opened."), "success")
    return RedirectResponse(f"/cases/{case.id}", status_code=303)


@router.post("/persons/{person_id}/consents")
async def give_consent(
    request: Request, person_id: Id, user: CurrentUser, db: DbSession
) -> Response:
    person = persons.get(db, person_id=person_id)
    form, _topics = await _form(request)
    errors: dict[str, str] = {}
    given_on = parse_date(errors, "given_on", form.get("given_on", ""))
    try:
        with checked(db, errors):
            consents.give_consent(
                db,
                person=person,
                purpose=form.get("purpose") or None,
                given_on=given_on,
                sheet_version=form.get("sheet_version"),
                sheet_language=form.get("sheet_language"),
            )
    except FieldErrors as exc:
        return _person_page(request, db, person, errors=exc.errors, values=form)
    flash(request, _("The consent has been recorded."), "success")
    return RedirectResponse(f"/persons/{person.id}", status_code=303)


@router.post("/consents/{consent_id}/withdraw")
async def withdraw_consent(
    request: Request, consent_id: Id, user: CurrentUser, db: DbSession
) -> Response:
    consent = consents.get_consent(db, consent_id=consent_id)
    consents.withdraw_consent(db, consent=consent, withdrawn_on=date.today())
    flash(request, _("The consent has been withdrawn."), "success")
    return RedirectResponse(f"/persons/{consent.person_id}", status_code=303)


# --- the case page --------------------------------------------------------------------------


def case_context(db: Session, case: Case, **extra: Any) -> dict[str, Any]:
    assert case.id is not None
    person = db.get(Person, case.person_id)
    counsellor = db.get(User, case.counsellor_id) if case.counsellor_id else None
    context: dict[str, Any] = {
        "case": case,
        "person": person,
        "counsellor": counsellor,
        "timeline": queries.timeline(db, person_id=case.person_id, case_id=case.id),
        "today": date.today().isoformat(),
        "channels": codes.channel_labels(),
        "topics": codes.contact_topic_labels(),
        "partners": codes.referral_partner_labels(),
        "outcomes": codes.outcome_type_labels(),
        "closures": codes.closure_reason_labels(),
        "languages": cldr.language_names(),
        "labels": {
            "status": codes.case_status_labels(),
            "channel": codes.channel_labels(),
            "topic": codes.contact_topic_labels(),
            "partner": codes.referral_partner_labels(),
            "outcome": codes.outcome_type_labels(),
            "closure": codes.closure_reason_labels(),
            "referral_source": codes.referral_source_labels(),
            "client_group": codes.client_group_labels(),
        },
        "errors": {},
        "values": {},
        "form": None,
    }
    context.update(extra)
    return context


@router.get("/cases/{case_id}")
def case_page(request: Request, case_id: Id, user: CurrentUser, db: DbSession) -> Response:
    case = service.get(db, case_id=case_id)
    return render(request, "counselling/case.html", case_context(db, case))


@router.post("/cases/{case_id}/contacts")
async def add_contact(request: Request, case_id: Id, user: CurrentUser, db: DbSession) -> Response:
    """Log a contact; with htmx the timeline and a fresh form come back in place."""
    case = service.get(db, case_id=case_id)
    form, topics = await _form(request)
    errors: dict[str, str] = {}
    on = parse_date(errors, "date", form.get("date", ""))
    duration = parse_int(errors, "duration_minutes", form.get("duration_minutes", ""))
    try:
        with checked(db, errors):
            service.add_contact(
                db,
                case=case,
                date=on,
                duration_minutes=duration,
                channel=form.get("channel") or None,
                topics=topics,
                language=form.get("language") or None,
                notes=form.get("notes"),
            )
    except FieldErrors as exc:
        case = service.get(db, case_id=case_id)
        context = case_context(
            db, case, errors=exc.errors, values={**form, "topics": topics}, form="contact"
        )
        if _htmx(request):  # htmx swaps 2xx answers only: the errors come back in place
            return render(request, "counselling/case.html", context, block_name="contacts")
        return render(request, "counselling/case.html", context, status_code=422)
    if _htmx(request):
        context = case_context(db, case, saved=True)
        return render(request, "counselling/case.html", context, block_name="contacts")
    flash(request, _("The contact has been logged."), "success")
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


@router.post("/cases/{case_id}/referrals")
async def add_referral(request: Request, case_id: Id, user: CurrentUser, db: DbSession) -> Response:
    case = service.get(db, case_id=case_id)
    form, _topics = await _form(request)
    errors: dict[str, str] = {}
    on = parse_date(errors, "referral_date", form.get("referral_date", ""))
    try:
        with checked(db, errors):
            service.add_referral(
                db,
                case=case,
                date=on,
                partner=form.get("partner") or None,
                notes=form.get("referral_notes"),
            )
    except FieldErrors as exc:
        renamed = _renamed(exc.errors, {"date": "referral_date", "notes": "referral_notes"})
        context = case_context(db, case, errors=renamed, values=form, form="referral")
        return render(request, "counselling/case.html", context, status_code=422)
    flash(request, _("The referral has been recorded."), "success")
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


@router.post("/cases/{case_id}/outcomes")
async def add_outcome(request: Request, case_id: Id, user: CurrentUser, db: DbSession) -> Response:
    case = service.get(db, case_id=case_id)
    form, _topics = await _form(request)
    errors: dict[str, str] = {}
    on = parse_date(errors, "outcome_date", form.get("outcome_date", ""))
    try:
        with checked(db, errors):
            service.add_outcome(db, case=case, date=on, type=form.get("type") or None)
    except FieldErrors as exc:
        renamed = _renamed(exc.errors, {"date": "outcome_date"})
        context = case_context(db, case, errors=renamed, values=form, form="outcome")
        return render(request, "counselling/case.html", context, status_code=422)
    flash(request, _("The outcome has been recorded."), "success")
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


@router.post("/cases/{case_id}/close")
async def close_case(request: Request, case_id: Id, user: CurrentUser, db: DbSession) -> Response:
    case = service.get(db, case_id=case_id)
    form, _topics = await _form(request)
    errors: dict[str, str] = {}
    on = parse_date(errors, "closed_on", form.get("closed_on", ""))
    try:
        with checked(db, errors):
            service.close(db, case=case, closed_on=on, reason=form.get("reason") or None)
    except FieldErrors as exc:
        context = case_context(db, case, errors=exc.errors, values=form, form="close")
        return render(request, "counselling/case.html", context, status_code=422)
    flash(request, _("The case has been closed."), "success")
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


@router.post("/cases/{case_id}/reopen")
def reopen_case(request: Request, case_id: Id, user: CurrentUser, db: DbSession) -> Response:
    case = service.get(db, case_id=case_id)
    service.reopen(db, case=case)
    flash(request, _("The case has been reopened."), "success")
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


# --- anonymous enquiries --------------------------------------------------------------------


def _enquiry_context(**extra: Any) -> dict[str, Any]:
    context: dict[str, Any] = {
        "channels": codes.channel_labels(),
        "topics": codes.contact_topic_labels(),
        "languages": cldr.language_names(),
        "today": date.today().isoformat(),
        "errors": {},
        "values": {"topics": []},
    }
    context.update(extra)
    return context


@router.get("/enquiries/new")
def new_enquiry(request: Request, user: CurrentUser) -> Response:
    return render(request, "counselling/enquiry.html", _enquiry_context())


@router.post("/enquiries/new")
async def record_enquiry(request: Request, user: CurrentUser, db: DbSession) -> Response:
    form, topics = await _form(request)
    errors: dict[str, str] = {}
    on = parse_date(errors, "date", form.get("date", ""))
    duration = parse_int(errors, "duration_minutes", form.get("duration_minutes", ""))
    try:
        with checked(db, errors):
            enquiries.create_enquiry(
                db,
                date=on,
                channel=form.get("channel") or None,
                topics=topics,
                language=form.get("language") or None,
                duration_minutes=duration,
            )
    except FieldErrors as exc:
        context = _enquiry_context(errors=exc.errors, values={**form, "topics": topics})
        return render(request, "counselling/enquiry.html", context, status_code=422)
    flash(request, _("The enquiry has been counted."), "success")
    return RedirectResponse("/enquiries/new", status_code=303)
