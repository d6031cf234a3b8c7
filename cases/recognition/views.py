"""Pages of recognition procedures: list, procedure page, forms, deadlines, calendar feed."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlmodel import Session, col

from cases import codes
from cases.persons.models import Person
from cases.recognition import calendar, documents, due_lists, rules, service
from cases.recognition.models import RecognitionProcedure
from welcome.accounts.models import Role, User
from welcome.db import Actor
from welcome.errors import FieldErrors
from welcome.forms import read_form
from welcome.i18n import _, force_locale, pgettext
from welcome.nav import DashboardPanel, NavItem
from welcome.templating import render
from welcome.web import (
    DbSession,
    SettingsDep,
    UserView,
    flash,
    require_role,
)

_STAFF = frozenset({Role.COUNSELLOR.value, Role.LEAD.value, Role.ADMIN.value})
_STAFF_ROLES = (Role.COUNSELLOR, Role.LEAD, Role.ADMIN)
Staff = Annotated[User, Depends(require_role(*_STAFF_ROLES))]
PAGE_SIZE = 50

router = APIRouter()
NAV = [
    NavItem("/recognitions", lambda: _("Recognition"), order=30, roles=_STAFF),
    NavItem("/recognitions/deadlines", lambda: _("Deadlines"), order=31, roles=_STAFF),
]

TEXT_FIELDS = (
    "reference_occupation",
    "reference_occupation_kldb",
    "legal_basis",
    "authority",
    "training_country",
    "qualification_title",
    "qualification_type",
    "fee_payer",
    "decision",
    "compensation_measure",
    "status",
    "notes",
)
INT_FIELDS = ("person_id", "case_id", "counsellor_id", "extension_months")
BOOL_FIELDS = ("regulated", "accelerated")
_MONEY = re.compile(r"^\d{1,7}([.,]\d{1,2})?$")


def labels() -> dict[str, dict[str, str]]:
    return {
        "authority": codes.authority_labels(),
        "legal_basis": codes.legal_basis_labels(),
        "decision": codes.recognition_decision_labels(),
        "compensation_measure": codes.compensation_measure_labels(),
        "status": codes.recognition_status_labels(),
        "fee_payer": codes.fee_payer_labels(),
        "qualification_type": codes.qualification_level_labels(),
        "suspension_reason": codes.suspension_reason_labels(),
        "document_kind": codes.recognition_document_kind_labels(),
    }


def field_labels() -> dict[str, str]:
    """Names of the fields, for the history."""
    return {
        "person_id": _("Person"),
        "case_id": _("Case"),
        "counsellor_id": _("Responsible counsellor"),
        "reference_occupation": _("Reference occupation"),
        "reference_occupation_kldb": _("KldB 2010"),
        "regulated": _("Regulated profession"),
        "legal_basis": _("Legal basis"),
        "authority": _("Competent authority"),
        "training_country": _("Country of training"),
        "qualification_title": _("Original title"),
        "qualification_type": _("Type of qualification"),
        "accelerated": _("Accelerated skilled-worker procedure (§ 81a AufenthG)"),
        "fee_cents": _("Fees (cents)"),
        "fee_payer": _("Fees paid by"),
        "applied_on": _("Application submitted"),
        "receipt_confirmed_on": _("Receipt confirmed"),
        "documents_requested_on": _("Documents requested"),
        "documents_complete_on": _("Documents complete"),
        "extended_on": _("Decision period extended on"),
        "extension_months": _("Extension in months (once, at most 3)"),
        "decided_on": _("Decision date"),
        "decision": _("Decision"),
        "compensation_measure": _("Compensation measure"),
        "compensation_started_on": _("Compensation measure started"),
        "compensation_completed_on": _("Compensation measure completed"),
        "licence_granted_on": _("Licence granted"),
        "status": _("Status"),
        "notes": _("Notes"),
        "receipt_due_on": _("Receipt to be confirmed by"),
        "decision_due_on": _("Decision due by"),
        "document": _("Documents"),
        "suspension": _("Suspensions"),
        "suspension_ends_on": _("Last day of the suspension"),
    }


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
        "labels": labels(),
        "kinds": _kind_labels(),
    }


PANELS = [DashboardPanel(template="recognition/_panel.html", load=_panel, order=10, roles=_STAFF)]


# --- form parsing ---------------------------------------------------------------------------


def parse_form(form: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """Typed values from a procedure form, and the errors of values that cannot be read."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name in TEXT_FIELDS:
        if name in form:
            values[name] = form[name].strip() or None
    for name in INT_FIELDS:
        raw = form.get(name, "").strip()
        if name in form:
            if not raw:
                values[name] = 0 if name == "extension_months" else None
            elif raw.isdigit() and len(raw) < 10:
                values[name] = int(raw)
            else:
                errors[name] = _("Please enter a whole number.")
    for name in BOOL_FIELDS:
        values[name] = form.get(name) in ("on", "true", "1", "yes")
    for name in rules.DATE_FIELDS:
        if name in form:
            raw = form[name].strip()
            try:
                values[name] = date.fromisoformat(raw) if raw else None
            except ValueError:
                errors[name] = _("Please enter a date as YYYY-MM-DD.")
    if "fee" in form:
        raw = form["fee"].strip().replace(" ", "")
        if not raw:
            values["fee_cents"] = None
        elif _MONEY.match(raw):
            euros, _sep, cents = raw.replace(",", ".").partition(".")
            values["fee_cents"] = int(euros) * 100 + int((cents + "00")[:2])
        else:
            errors["fee"] = _("Please enter an amount in euros, e.g. 120.50.")
    return values, errors


def _form_of(procedure: RecognitionProcedure) -> dict[str, str]:
    form: dict[str, str] = {}
    for name in (*TEXT_FIELDS, *INT_FIELDS, *rules.DATE_FIELDS):
        value = getattr(procedure, name, None)
        form[name] = "" if value is None else str(value)
    for name in BOOL_FIELDS:
        form[name] = "on" if getattr(procedure, name) else ""
    if procedure.fee_cents is not None:
        form["fee"] = f"{procedure.fee_cents // 100}.{procedure.fee_cents % 100:02d}"
    if procedure.extension_months == 0:
        form["extension_months"] = ""
    if procedure.status not in rules.TERMINAL:
        form["status"] = ""  # follows the dates unless the user picks one
    return form


def _choices(db: Session) -> dict[str, Any]:
    persons = db.execute(
        select(col(Person.id), col(Person.first_name), col(Person.last_name))
        .order_by(col(Person.last_name), col(Person.first_name), col(Person.id))
        .limit(2000)
    ).all()
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
    return render(
        request,
        "recognition/form.html",
        {
            "form": form,
            "errors": errors or {},
            "procedure": procedure,
            "labels": labels(),
            **_choices(db),
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
            "labels": labels(),
        },
    )


@router.get("/recognitions/new")
def new_form(
    request: Request,
    db: DbSession,
    user: Staff,
    person_id: Annotated[int | None, Query()] = None,
    case_id: Annotated[int | None, Query()] = None,
) -> Response:
    form = {
        "person_id": str(person_id or ""),
        "case_id": str(case_id or ""),
        "counsellor_id": str(user.id),
        "legal_basis": "federal",
    }
    return _render_form(request, db, form=form)


@router.post("/recognitions")
async def create(request: Request, db: DbSession, user: Staff) -> Response:
    form = (await read_form(request))[0]
    values, errors = parse_form(form)
    values = {k: v for k, v in values.items() if k not in errors and k != "fee"}
    main = {
        "person_id": values.pop("person_id", None),
        "reference_occupation": values.pop("reference_occupation", None) or "",
        "authority": values.pop("authority", None),
    }
    try:
        if errors:  # unreadable values: show them together with every other error
            raise FieldErrors({**service.check_create(db, **main, **values), **errors})
        procedure = service.create(db, **main, **values)
    except FieldErrors as exc:
        return _render_form(
            request, db, form=form, errors={**errors, **exc.errors}, status_code=422
        )
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
            "labels": labels(),
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
            "labels": labels(),
            "field_labels": field_labels(),
            "max_mb": request.app.state.settings.upload_max_mb,
        },
        status_code=status_code,
    )


@router.get("/recognitions/{procedure_id:int}")
def detail(request: Request, procedure_id: int, db: DbSession, user: Staff) -> Response:
    return _detail(request, db, service.get(db, procedure_id=procedure_id))


@router.get("/recognitions/{procedure_id:int}/edit")
def edit_form(request: Request, procedure_id: int, db: DbSession, user: Staff) -> Response:
    procedure = service.get(db, procedure_id=procedure_id)
    return _render_form(request, db, form=_form_of(procedure), procedure=procedure)


@router.post("/recognitions/{procedure_id:int}/edit")
async def edit(request: Request, procedure_id: int, db: DbSession, user: Staff) -> Response:
    procedure = service.get(db, procedure_id=procedure_id)
    form = (await read_form(request))[0]
    values, errors = parse_form(form)
    values.pop("person_id", None)
    if not values.get("status"):
        values.pop("status", None)
    values = {k: v for k, v in values.items() if k not in errors}
    try:
        if errors:  # unreadable values: show them together with every other error
            raise FieldErrors({**service.check_update(db, procedure=procedure, **values), **errors})
        service.update(db, procedure=procedure, **values)
    except FieldErrors as exc:
        return _render_form(
            request,
            db,
            form=form,
            errors={**errors, **exc.errors},
            procedure=procedure,
            status_code=422,
        )
    flash(request, _("The recognition procedure has been saved."), "success")
    return RedirectResponse(f"/recognitions/{procedure_id}", status_code=303)


@router.post("/recognitions/{procedure_id:int}/step")
async def step(request: Request, procedure_id: int, db: DbSession, user: Staff) -> Response:
    """One date from the procedure page (receipt confirmed, documents requested/complete)."""
    procedure = service.get(db, procedure_id=procedure_id)
    form = (await read_form(request))[0]
    name = form.get("step", "")
    if name not in ("receipt_confirmed_on", "documents_requested_on", "documents_complete_on"):
        raise FieldErrors({"step": _("Unknown step.")})
    values, errors = parse_form({name: form.get(name, "")})
    if not errors and values.get(name) is None:
        errors[name] = _("Please enter a date.")
    try:
        if errors:
            raise FieldErrors(errors)
        service.update(db, procedure=procedure, **{name: values[name]})
    except FieldErrors as exc:
        return _detail(
            request, db, procedure, errors={**errors, **exc.errors}, form=form, status_code=422
        )
    flash(request, _("The recognition procedure has been saved."), "success")
    return RedirectResponse(f"/recognitions/{procedure_id}", status_code=303)


@router.post("/recognitions/{procedure_id:int}/suspensions")
async def suspend(request: Request, procedure_id: int, db: DbSession, user: Staff) -> Response:
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
        if errors:
            raise FieldErrors(errors)
        service.add_suspension(
            db,
            procedure=procedure,
            starts_on=parsed["starts_on"],
            ends_on=parsed["ends_on"],
            reason=form.get("reason", "other"),
        )
    except FieldErrors as exc:
        return _detail(request, db, procedure, errors=exc.errors, form=form, status_code=422)
    flash(request, _("The suspension has been saved."), "success")
    return RedirectResponse(f"/recognitions/{procedure_id}", status_code=303)


@router.post("/recognitions/{procedure_id:int}/suspensions/{suspension_id:int}/end")
async def end_suspension(
    request: Request, procedure_id: int, suspension_id: int, db: DbSession, user: Staff
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
    procedure_id: int,
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
    procedure_id: int, document_id: int, db: DbSession, settings: SettingsDep, user: Staff
) -> Response:
    procedure = service.get(db, procedure_id=procedure_id)
    assert procedure.id is not None
    document, path = documents.open_for_download(
        db, settings=settings, procedure_id=procedure.id, document_id=document_id
    )
    return documents.file_response(document, path)
