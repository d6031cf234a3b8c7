"""Pages of recognition procedures: list, procedure page, forms, deadlines, calendar feed."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlmodel import Session, col

from cases import cldr, codes
from cases.persons.models import Person
from cases.recognition import calendar, documents, due_lists, forms, service
from cases.recognition.models import RecognitionProcedure
from welcome.accounts.models import Role, User
from welcome.db import Actor
from welcome.errors import FieldErrors
from welcome.forms import checked, read_form
from welcome.i18n import _, force_locale, pgettext
from welcome.nav import DashboardPanel, NavItem, PersonSection
from welcome.templating import render
from welcome.web import DbSession, Id, SettingsDep, UserView, flash, require_role

_STAFF = frozenset({Role.COUNSELLOR.value, Role.LEAD.value, Role.ADMIN.value})
_STAFF_ROLES = (Role.COUNSELLOR, Role.LEAD, Role.ADMIN)
Staff = Annotated[User, Depends(require_role(*_STAFF_ROLES))]
PAGE_SIZE = 50

router = APIRouter()
NAV = [
    NavItem("/recognitions", lambda: _("Recognition"), order=30, roles=_STAFF),
    NavItem("/recognitions/deadlines", lambda: _("Deadlines"), order=31, roles=_STAFF),
]


def _kind_labels() -> dict[str, str]:
    return {
        "receipt": _("confirmation of receipt"),
        "decision": pgettext("deadline", "decision"),
        "documents": _("documents from the person"),
    }


def _is_lead(user: UserView | User) -> bool:
    return user.role in (Role.LEAD.value, Role.ADMIN.value)


# --- the dashboard panel --------------------------------------------------------------------


def _panel(db: Session, user: UserView) -> dict[str, object]:
    whole_centre = _is_lead(user)
    found = due_lists.deadlines_for(
        db, today=due_lists.today(), counsellor_id=None if whole_centre else user.id, limit=10
    )
    return {
        "deadlines": found,
        "whole_centre": whole_centre,
        "labels": forms.labels(),
        "kinds": _kind_labels(),
    }


PANELS = [DashboardPanel(template="recognition/_panel.html", load=_panel, order=10, roles=_STAFF)]


def _person_section(db: Session, *, person: Person) -> dict[str, object]:
    """The card on the person page: the person's procedures and a link to start one."""
    assert person.id is not None
    rows, _total = service.list_procedures(db, person_id=person.id, limit=100)
    return {
        "person_id": person.id,
        "procedures": rows,
        "labels": forms.labels(),
        "today": due_lists.today(),
    }


PERSON_SECTIONS = [
    PersonSection(template="recognition/_person.html", load=_person_section, order=40, roles=_STAFF)
]


def _choices(db: Session, *, with_persons: bool) -> dict[str, Any]:
    persons = (
        db.execute(
            select(col(Person.id), col(Person.first_name), col(Person.last_name))
            .order_by(col(Person.last_name), col(Person.first_name), col(Person.id))
            .limit(2000)
        ).all()
        if with_persons  # only a new procedure not opened from a person's page picks one
        else []
    )
    counsellors = db.scalars(
        select(User)
        .where(
            col(User.role).in_([Role.COUNSELLOR.value, Role.LEAD.value]),
            col(User.active).is_(True),
        )
        .order_by(col(User.display_name))
    ).all()
    return {
        "persons": [(pid, f"{last}, {first}") for pid, first, last in persons],
        "counsellors": [(u.id, u.display_name or u.email) for u in counsellors],
    }


def _render_form(
    request: Request,
    db: Session,
    *,
    form: dict[str, str],
    errors: dict[str, str] | None = None,
    procedure: RecognitionProcedure | None = None,
    status_code: int = 200,
) -> Response:
    # opened from a person's page: the person is fixed, shown by name (no list to search)
    chosen = form.get("person_id", "")
    fixed = None
    if procedure is None and form.get("person_fixed") and chosen.isdigit() and len(chosen) < 10:
        fixed = service.person_names(db, [int(chosen)]).get(int(chosen))
    return render(
        request,
        "recognition/form.html",
        {
            "form": form,
            "errors": errors or {},
            "procedure": procedure,
            "fixed_person": fixed,
            "labels": forms.labels(),
            "countries": list(cldr.country_names().items()),
            **_choices(db, with_persons=procedure is None and fixed is None),
        },
        status_code=status_code,
    )


# --- list, deadlines, calendar (fixed paths before /recognitions/{id}) ----------------------


@router.get("/recognitions")
def list_page(
    request: Request,
    db: DbSession,
    user: Staff,
    status: Annotated[str | None, Query(max_length=20)] = None,
    authority: Annotated[str | None, Query(max_length=30)] = None,
    mine: Annotated[str | None, Query(max_length=5)] = None,
    page: Annotated[int, Query(ge=1, le=100000)] = 1,
) -> Response:
    status = status if status in codes.recognition_status_labels() else None
    authority = authority if authority in codes.authority_labels() else None
    only_mine = mine == "1" or (mine is None and not _is_lead(user))
    rows, total = service.list_procedures(
        db,
        status=status,
        authority=authority,
        counsellor_id=user.id if only_mine else None,
        offset=(page - 1) * PAGE_SIZE,
        limit=PAGE_SIZE,
    )
    return render(
        request,
        "recognition/list.html",
        {
            "procedures": rows,
            "names": service.person_names(db, (p.person_id for p in rows)),
            "total": total,
            "page": page,
            "pages": max(1, -(-total // PAGE_SIZE)),
            "status": status or "",
            "authority": authority or "",
            "only_mine": only_mine,
            "today": due_lists.today(),
            "labels": forms.labels(),
        },
    )


@router.get("/recognitions/new")
def new_form(
    request: Request,
    db: DbSession,
    user: Staff,
    person_id: Id | None = None,
    case_id: Id | None = None,
) -> Response:
    form = {
        "person_id": str(person_id or ""),
        "person_fixed": "1" if person_id else "",
        "case_id": str(case_id or ""),
        "counsellor_id": str(user.id),
        "legal_basis": "federal",
    }
    return _render_form(request, db, form=form)


@router.post("/recognitions")
async def create(request: Request, db: DbSession, user: Staff) -> Response:
    form = (await read_form(request))[0]
    values, errors = forms.parse_form(form)
    values = {k: v for k, v in values.items() if k not in errors and k != "fee"}
    main = {
        "person_id": values.pop("person_id", None),
        "reference_occupation": values.pop("reference_occupation", None) or "",
        "authority": values.pop("authority", None),
    }
    try:
        with checked(db, errors):
            procedure = service.create(db, **main, **values)
    except FieldErrors as exc:
        return _render_form(request, db, form=form, errors=exc.errors, status_code=422)
    flash(request, _("The recognition procedure has been saved."), "success")
    return RedirectResponse(f"/recognitions/{procedure.id}", status_code=303)


@router.get("/recognitions/deadlines")
def deadlines_page(
    request: Request,
    db: DbSession,
    user: Staff,
    mine: Annotated[str | None, Query(max_length=5)] = None,
) -> Response:
    whole_centre = _is_lead(user) and mine != "1"
    found = due_lists.deadlines_for(
        db, today=due_lists.today(), counsellor_id=None if whole_centre else user.id
    )
    return render(
        request,
        "recognition/deadlines.html",
        {
            "deadlines": found,
            "whole_centre": whole_centre,
            "labels": forms.labels(),
            "kinds": _kind_labels(),
        },
    )


@router.get("/recognitions/calendar")
def calendar_page(request: Request, db: DbSession, user: Staff) -> Response:
    assert user.id is not None
    feed = calendar.active_feed(db, user_id=user.id)
    return render(request, "recognition/calendar.html", {"feed": feed, "url": None})


@router.post("/recognitions/calendar")
def calendar_create(request: Request, db: DbSession, user: Staff) -> Response:
    assert user.id is not None
    token = calendar.create_feed(db, user_id=user.id)
    url = str(request.url_for("calendar_feed", token=token))
    feed = calendar.active_feed(db, user_id=user.id)
    # shown once: only the hash is stored, so this page is the only place the URL appears
    return render(request, "recognition/calendar.html", {"feed": feed, "url": url})


@router.post("/recognitions/calendar/revoke")
def calendar_revoke(request: Request, db: DbSession, user: Staff) -> Response:
    assert user.id is not None
    calendar.revoke_feed(db, user_id=user.id)
    flash(request, _("The calendar address no longer works."), "success")
    return RedirectResponse("/recognitions/calendar", status_code=303)


@router.get("/calendar/{token}.ics", name="calendar_feed")
def calendar_feed(token: str, request: Request, db: DbSession) -> Response:
    """No login: the secret token is the key. Unknown or revoked tokens get a plain 404."""
    user = calendar.resolve_feed(db, token=token)
    if user is None or user.id is None:
        return Response(status_code=404)
    db.info["actor"] = Actor(user_id=user.id, centre_id=user.centre_id, role=user.role)
    with force_locale(user.locale or request.app.state.settings.default_locale):
        procedures = due_lists.open_due_dates(db, counsellor_id=None if _is_lead(user) else user.id)
        base = str(request.base_url)
        body = calendar.render(
            calendar.events_for(procedures, base_url=base),
            name=_("welcome: recognition deadlines"),
        )
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Cache-Control": "private, no-store", "X-Robots-Tag": "noindex"},
    )


# --- one procedure --------------------------------------------------------------------------


def _detail(
    request: Request,
    db: Session,
    procedure: RecognitionProcedure,
    *,
    errors: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    assert procedure.id is not None
    users = {u.id: u.display_name or u.email for u in db.scalars(select(User))}
    return render(
        request,
        "recognition/detail.html",
        {
            "p": procedure,
            "person_name": service.person_names(db, [procedure.person_id]).get(
                procedure.person_id, ""
            ),
            "suspensions": service.suspensions_of(db, procedure_id=procedure.id),
            "history": service.history_of(db, procedure_id=procedure.id),
            "documents": documents.list_for(db, procedure_id=procedure.id),
            "users": users,
            "errors": errors or {},
            "form": form or {},
            "today": due_lists.today(),
            "labels": forms.labels(),
            "field_labels": forms.field_labels(),
            "max_mb": request.app.state.settings.upload_max_mb,
        },
        status_code=status_code,
    )


@router.get("/recognitions/{procedure_id:int}")
def detail(request: Request, procedure_id: Id, db: DbSession, user: Staff) -> Response:
    return _detail(request, db, service.get(db, procedure_id=procedure_id))


@router.get("/recognitions/{procedure_id:int}/edit")
def edit_form(request: Request, procedure_id: Id, db: DbSession, user: Staff) -> Response:
    procedure = service.get(db, procedure_id=procedure_id)
    return _render_form(request, db, form=forms.form_of(procedure), procedure=procedure)


@router.post("/recognitions/{procedure_id:int}/edit")
async def edit(request: Request, procedure_id: Id, db: DbSession, user: Staff) -> Response:
    procedure = service.get(db, procedure_id=procedure_id)
    form = (await read_form(request))[0]
    values, errors = forms.parse_form(form)
    values.pop("person_id", None)
    if not values.get("status"):
        values.pop("status", None)
    values = {k: v for k, v in values.items() if k not in errors}
    try:
        with checked(db, errors):
            service.update(db, procedure=procedure, **values)
    except FieldErrors as exc:
        return _render_form(
            request, db, form=form, errors=exc.errors, procedure=procedure, status_code=422
        )
    flash(request, _("The recognition procedure has been saved."), "success")
    return RedirectResponse(f"/recognitions/{procedure_id}", status_code=303)


@router.post("/recognitions/{procedure_id:int}/step")
async def step(request: Request, procedure_id: Id, db: DbSession, user: Staff) -> Response:
    """One date from the procedure page (receipt confirmed, documents requested/complete)."""
    procedure = service.get(db, procedure_id=procedure_id)
    form = (await read_form(request))[0]
    name = form.get("step", "")
    if name not in ("receipt_confirmed_on", "documents_requested_on", "documents_complete_on"):
        raise FieldErrors({"step": _("Unknown step.")})
    values, errors = forms.parse_form({name: form.get(name, "")})
    if not errors and values.get(name) is None:
        errors[name] = _("Please enter a date.")
    try:
        with checked(db, errors):
            service.update(db, procedure=procedure, **{name: values.get(name)})
    except FieldErrors as exc:
        return _detail(request, db, procedure, errors=exc.errors, form=form, status_code=422)
    flash(request, _("The recognition procedure has been saved."), "success")
    return RedirectResponse(f"/recognitions/{procedure_id}", status_code=303)


@router.post("/recognitions/{procedure_id:int}/suspensions")
async def suspend(request: Request, procedure_id: Id, db: DbSession, user: Staff) -> Response:
    procedure = service.get(db, procedure_id=procedure_id)
    form = (await read_form(request))[0]
    errors: dict[str, str] = {}
    parsed: dict[str, date | None] = {}
    for name in ("starts_on", "ends_on"):
        raw = form.get(name, "").strip()
        try:
            parsed[name] = date.fromisoformat(raw) if raw else None
        except ValueError:
            errors[name] = _("Please enter a date as YYYY-MM-DD.")
    try:
        with checked(db, errors):
            service.add_suspension(
                db,
                procedure=procedure,
                starts_on=parsed.get("starts_on"),
                ends_on=parsed.get("ends_on"),
                reason=form.get("reason", "other"),
            )
    except FieldErrors as exc:
        return _detail(request, db, procedure, errors=exc.errors, form=form, status_code=422)
    flash(request, _("The suspension has been saved."), "success")
    return RedirectResponse(f"/recognitions/{procedure_id}", status_code=303)


@router.post("/recognitions/{procedure_id:int}/suspensions/{suspension_id:int}/end")
async def end_suspension(
    request: Request, procedure_id: Id, suspension_id: Id, db: DbSession, user: Staff
) -> Response:
    procedure = service.get(db, procedure_id=procedure_id)
    form = (await read_form(request))[0]
    raw = form.get("suspension_ends_on", "").strip()
    try:
        ends_on = date.fromisoformat(raw) if raw else None
    except ValueError:
        ends_on = None
    try:
        service.end_suspension(
            db, procedure=procedure, suspension_id=suspension_id, ends_on=ends_on
        )
    except FieldErrors as exc:
        errors = {"suspension_ends_on": next(iter(exc.errors.values()))}
        return _detail(request, db, procedure, errors=errors, form=form, status_code=422)
    flash(request, _("The suspension has been saved."), "success")
    return RedirectResponse(f"/recognitions/{procedure_id}", status_code=303)


@router.post("/recognitions/{procedure_id:int}/documents")
def upload(
    request: Request,
    procedure_id: Id,
    db: DbSession,
    settings: SettingsDep,
    user: Staff,
    file: Annotated[UploadFile, File()],
    kind: Annotated[str, Form(max_length=20)] = "other",
) -> Response:
    procedure = service.get(db, procedure_id=procedure_id)
    try:
        documents.add(
            db,
            settings=settings,
            procedure=procedure,
            stream=file.file,
            filename=file.filename,
            kind=kind,
        )
    except FieldErrors as exc:
        status = exc.http_status if isinstance(exc, documents.UploadRejected) else 422
        return _detail(
            request, db, procedure, errors=exc.errors, form={"kind": kind}, status_code=status
        )
    flash(request, _("The document has been uploaded."), "success")
    return RedirectResponse(f"/recognitions/{procedure_id}#documents", status_code=303)


@router.get("/recognitions/{procedure_id:int}/documents/{document_id:int}")
def download(
    procedure_id: Id, document_id: Id, db: DbSession, settings: SettingsDep, user: Staff
) -> Response:
    procedure = service.get(db, procedure_id=procedure_id)
    assert procedure.id is not None
    document, path = documents.open_for_download(
        db, settings=settings, procedure_id=procedure.id, document_id=document_id
    )
    return documents.file_response(document, path)
