"""Case pages: the case list, the case page with in-place contacts (htmx), close/reopen,
referrals, outcomes, anonymous enquiries, and the "My open cases" panel. What counselling
adds to the person page is in person_page.py."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlalchemy import select
from sqlmodel import Session, col
from starlette.datastructures import FormData

from cases import cldr
from cases.counselling import correction_page, enquiries, prefills, queries, service
from cases.counselling.codes import (
    CaseStatus,
    Channel,
    ClosureReason,
    ContactTopic,
    OutcomeType,
    ReferralPartner,
)
from cases.counselling.models import Case, Contact
from cases.counselling.person_page import timeline_labels
from cases.counselling.schemas import (
    CaseFilter,
    CloseIn,
    ContactIn,
    EnquiryIn,
    OutcomeIn,
    ReferralIn,
)
from cases.persons.codes import ClientGroup
from cases.persons.models import Person
from welcome import clock, roles
from welcome.accounts.models import User
from welcome.areas import case_notices
from welcome.forms import FormPage, Invalid, action_post, form_post, off_loop, redirect
from welcome.i18n import _, _l
from welcome.inputs import parse_form
from welcome.nav import DashboardPanel, NavItem
from welcome.templating import render
from welcome.web import CurrentUser, DbSession, Id, UserView, is_htmx, require_role

_ROLES = roles.names(roles.CASE_WORKERS)
router = APIRouter(dependencies=[Depends(require_role(roles.CASE_WORKERS))])
NAV = [
    NavItem("/cases", lambda: _("Cases"), order=20, roles=_ROLES),
    NavItem("/enquiries/new", lambda: _("Quick enquiry"), order=25, roles=_ROLES),
]
PAGE_SIZE = 25


def _recent_persons(db: Session, user: UserView) -> dict[str, object]:
    """The persons of the user's open cases, for the persons search page before a search."""
    rows, _total = queries.list_cases(db, counsellor_id=user.id, status=CaseStatus.OPEN, limit=10)
    return {"rows": rows}


SEARCH_PANELS = [
    DashboardPanel(template="counselling/_recent_persons.html", load=_recent_persons, order=10)
]


def _my_open_cases(db: Session, user: UserView) -> dict[str, object]:
    rows, total = queries.list_cases(
        db,
        counsellor_id=user.id,
        status=CaseStatus.OPEN,
        sort="last_contact",
        descending=False,
        limit=8,
    )
    return {"rows": rows, "total": total}


PANELS = [
    DashboardPanel(template="counselling/_panel.html", load=_my_open_cases, order=10, roles=_ROLES)
]


# --- the case list --------------------------------------------------------------------------

_FILTER_DEFAULTS = {
    "status": CaseStatus.OPEN.value,
    "client_group": "",
    "counsellor": "",
    "idle_days": "",
    "sort": "opened",
    "order": "desc",
}


@router.get("/cases")
def case_list(
    request: Request,
    user: CurrentUser,
    db: DbSession,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> Response:
    """The centre's cases; the filters are the query string, read as CaseFilter."""
    query = FormData([(k, v) for k, v in request.query_params.multi_items()])
    filters, typed, errors = parse_form(query, CaseFilter)
    rows: list[queries.CaseRow] = []
    total = 0
    if filters is not None:
        rows, total = queries.list_cases(
            db,
            status=filters.status,
            client_group=filters.client_group,
            counsellor_id=filters.counsellor,
            idle_days=filters.idle_days,
            sort=filters.sort,
            descending=filters.order != "asc",
            offset=(page - 1) * PAGE_SIZE,
            limit=PAGE_SIZE,
        )
    counsellors = db.execute(
        select(col(User.id), col(User.display_name)).order_by(col(User.display_name))
    ).all()
    return render(
        request,
        "counselling/list.html",
        {
            "rows": rows,
            "total": total,
            "page": page,
            "pages": max(1, -(-total // PAGE_SIZE)),
            "filters": {**_FILTER_DEFAULTS, **typed},
            "errors": errors,
            "counsellors": counsellors,
            "statuses": CaseStatus.labels(),
            "client_groups": ClientGroup.labels(),
        },
        status_code=422 if errors else 200,
    )


# --- the case page --------------------------------------------------------------------------


def case_context(
    db: Session,
    case: Case,
    *,
    request: Request,
    query: Mapping[str, str] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """The case page's values; `query`: which entry is edited or deleted in place (the
    query string's `edit=contacts:12`, `delete=…`, `edit=case`, `cancel=1` by default)."""
    assert case.id is not None
    person = db.get(Person, case.person_id)
    counsellor = db.get(User, case.counsellor_id) if case.counsellor_id else None
    context: dict[str, Any] = {
        "case": case,
        "person": person,
        "counsellor": counsellor,
        "timeline": queries.timeline(db, person_id=case.person_id, case_id=case.id),
        "today": clock.today().isoformat(),
        "channels": Channel.labels(),
        "topics": ContactTopic.labels(),
        "partners": ReferralPartner.labels(),
        "outcomes": OutcomeType.labels(),
        "closures": ClosureReason.labels(),
        "languages": cldr.language_names(),
        "labels": timeline_labels(),
        "errors": {},
        "values": {},
        "form": None,
        "offer_move": False,
        "notices": [n for notices in case_notices() for n in notices(db, case)],
    }
    user = getattr(request.state, "user", None)
    context["contact_defaults"] = prefills.contact_defaults(
        db, person=person, counsellor_id=getattr(user, "id", None)
    )
    context["language_name"] = cldr.language_name
    asked = dict(request.query_params) if query is None else dict(query)
    context.update(correction_page.context(db, case, user, asked))
    context.update(extra)
    return context


def _case_page(request: Request, db: Session, case: Case, form: str) -> Invalid:
    """The case page again with this form's errors at its fields and its typed values."""

    def again(errors: dict[str, str], values: dict[str, Any]) -> Response:
        context = case_context(db, case, request=request, errors=errors, values=values, form=form)
        return render(request, "counselling/case.html", context)

    return again


@router.get("/cases/{case_id}")
def case_page(request: Request, case_id: Id, user: CurrentUser, db: DbSession) -> Response:
    """The case page; `?edit=contacts:12` (or referrals, outcomes) and `?delete=…` open that
    entry's form in place (with htmx only the timeline block comes back), `?edit=case` the
    correction of the case's fields, `?cancel=1` the cancellation."""
    case = service.get(db, case_id=case_id)
    context = case_context(db, case, request=request)
    inline = is_htmx(request) and bool({"edit", "delete"} & set(request.query_params))
    return render(
        request, "counselling/case.html", context, block_name="contacts" if inline else None
    )


@router.post("/cases/{case_id}/contacts")
async def add_contact(request: Request, case_id: Id, user: CurrentUser, db: DbSession) -> Response:
    """Log a contact; with htmx the timeline and a fresh form (or the form with its errors)
    come back in place."""
    case = await off_loop(service.get, db, case_id=case_id)
    htmx = is_htmx(request)

    def done(_contact: Contact) -> Response:
        if htmx:
            context = case_context(db, case, request=request, query={}, saved=True)
            return render(request, "counselling/case.html", context, block_name="contacts")
        return redirect(request, f"/cases/{case_id}", _("The contact has been logged."))

    def invalid(errors: dict[str, str], values: dict[str, Any]) -> Response:
        context = case_context(
            db, case, request=request, query={}, errors=errors, values=values, form="contact",
            offer_move=correction_page.offers_move(values, case),
        )  # fmt: skip
        block = "contacts" if htmx else None
        return render(request, "counselling/case.html", context, block_name=block)

    return await form_post(  # a 422 is swapped in place too (htmx-config in base.html)
        request,
        db,
        ContactIn,
        lambda data: service.create_contact(db, case=case, data=data),
        done=done,
        invalid=invalid,
    )


# the case page's small forms, each back to the case page with a message
CASE_FORMS = FormPage(
    router, "case", lambda db, i: service.get(db, case_id=i), _case_page, lambda c: f"/cases/{c.id}"
)
CASE_FORMS.post(
    "/cases/{record_id}/referrals", ReferralIn, service.create_referral,
    _l("The referral has been recorded."), "referral",
)  # fmt: skip
CASE_FORMS.post(
    "/cases/{record_id}/outcomes", OutcomeIn, service.create_outcome,
    _l("The outcome has been recorded."), "outcome",
)  # fmt: skip
CASE_FORMS.post(
    "/cases/{record_id}/close", CloseIn, service.close, _l("The case has been closed."), "close"
)


@router.post("/cases/{case_id}/reopen")
async def reopen_case(request: Request, case_id: Id, user: CurrentUser, db: DbSession) -> Response:
    case = await off_loop(service.get, db, case_id=case_id)
    return await action_post(
        request,
        db,
        lambda: service.reopen(db, case=case),
        done=lambda _c: redirect(request, f"/cases/{case_id}", _("The case has been reopened.")),
    )


# --- anonymous enquiries --------------------------------------------------------------------


def _enquiry_page(request: Request, **extra: Any) -> Response:
    context: dict[str, Any] = {
        "channels": Channel.labels(),
        "topics": ContactTopic.labels(),
        "language_name": cldr.language_name,
        "today": clock.today().isoformat(),
        "errors": {},
        "values": {"topics": []},
    }
    context.update(extra)
    return render(request, "counselling/enquiry.html", context)


@router.get("/enquiries/new")
def new_enquiry(request: Request, user: CurrentUser) -> Response:
    return _enquiry_page(request)


@router.post("/enquiries/new")
async def create_enquiry(request: Request, user: CurrentUser, db: DbSession) -> Response:
    return await form_post(
        request,
        db,
        EnquiryIn,
        lambda data: enquiries.create(db, data=data),
        done=lambda _e: redirect(request, "/enquiries/new", _("The enquiry has been counted.")),
        invalid=lambda errors, values: _enquiry_page(request, errors=errors, values=values),
    )
