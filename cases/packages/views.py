"""Pages: issue a welcome package for a person (preview, issue, earlier issues), local contacts."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from cases.packages import service
from cases.packages.languages import LANGUAGES, review_status
from cases.packages.models import LocalContact
from cases.packages.render import shutdown_pool, warm_pool
from cases.persons.models import Person
from welcome.accounts.models import Role, User
from welcome.errors import FieldErrors
from welcome.forms import read_form
from welcome.i18n import _, language_name
from welcome.nav import NavItem, PersonSection
from welcome.templating import render
from welcome.web import DbSession, Id, flash, require_role

router = APIRouter()

Issuer = Annotated[User, Depends(require_role(Role.COUNSELLOR, Role.LEAD, Role.ADMIN))]
Lead = Annotated[User, Depends(require_role(Role.LEAD))]

NAV = [NavItem("/local-contacts", lambda: _("Local contacts"), order=80, roles=frozenset({"lead"}))]
WARM_UP = [warm_pool]  # run by the app's lifespan: the workers start (warm) with the app
SHUTDOWN = [shutdown_pool]  # run by the app's lifespan: the workers end with the app


def _languages() -> list[dict[str, Any]]:
    return [
        {
            "code": lang.code,
            "name": language_name(lang.code),
            "native": language_name(lang.code, lang.catalog),
            "reviewed": review_status(lang.code) == "reviewed",
        }
        for lang in LANGUAGES.values()
    ]


def _person_section(db: Session, *, person: Person) -> dict[str, object]:
    """The card on the person page: issue in a language, earlier issues to download."""
    assert person.id is not None
    return {
        "person_id": person.id,
        "languages": _languages(),
        "chosen": service.resolve_default(person),
        "issued": [
            {"id": p.id, "issued_at": p.issued_at, "language": p.language}
            for p in service.list_issued(db, person_id=person.id)
        ],
    }


PERSON_SECTIONS = [PersonSection(template="packages/_person.html", load=_person_section, order=60)]


def _page(
    request: Request,
    db: DbSession,
    person_id: Id,
    *,
    chosen: str = "",
    appointment: str = "",
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    person = service.person(db, person_id=person_id)
    default = service.resolve_default(person)
    return render(
        request,
        "packages/issue.html",
        {
            "person": person,
            "languages": _languages(),
            "chosen": chosen or default,
            "appointment": appointment,
            "issued": service.list_issued(db, person_id=person_id),
            "errors": errors or {},
        },
        status_code=status_code,
    )


@router.get("/persons/{person_id}/welcome-package")
def issue_page(person_id: Id, request: Request, db: DbSession, user: Issuer) -> Response:
    return _page(request, db, person_id)


def _appointment(value: str) -> datetime | None:
    if not value.strip():
        return None
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError:
        raise FieldErrors(
            {"appointment_at": _("Please enter a date and time like 2026-03-01 09:30.")}
        ) from None


@router.get("/persons/{person_id}/welcome-package/preview")
def preview(
    person_id: Id,
    db: DbSession,
    user: Issuer,
    language: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    _person, _context, html = service.prepare(
        db, person_id=person_id, language_code=language, issuer=user
    )
    return HTMLResponse(
        html, headers={"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"}
    )


@router.post("/persons/{person_id}/welcome-package")
async def issue(
    person_id: Id,
    request: Request,
    db: DbSession,
    user: Issuer,
    language: Annotated[str, Form(max_length=20)] = "",
    appointment_at: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    try:
        when = _appointment(appointment_at)
        issued, _pdf = await service.issue(
            db,
            data_dir=request.app.state.settings.data_dir,
            person_id=person_id,
            language_code=language,
            issuer=user,
            appointment_at=when,
        )
    except FieldErrors as exc:
        return _page(
            request,
            db,
            person_id,
            chosen=language,
            appointment=appointment_at,
            errors=exc.errors,
            status_code=422,
        )
    flash(request, _("The welcome package has been issued."), "success")
    return RedirectResponse(
        f"/persons/{person_id}/welcome-package?issued={issued.id}", status_code=303
    )


@router.get("/welcome-packages/{issue_id}.pdf")
def download(issue_id: Id, request: Request, db: DbSession, user: Issuer) -> Response:
    issued = service.get_issued(db, issue_id=issue_id)
    pdf = service.pdf_of(issued, data_dir=request.app.state.settings.data_dir)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{service.filename(issued)}"'},
    )


# --- local contacts (the lead keeps them) ---------------------------------------------------


def _contact_form(form: dict[str, str]) -> dict[str, Any]:
    position = form.get("position", "").strip()
    return {
        "name": form.get("name", ""),
        "address": form.get("address", ""),
        "opening_hours": form.get("opening_hours", ""),
        "phone": form.get("phone", ""),
        "email": form.get("email", ""),
        "position": int(position) if position.lstrip("-").isdigit() else 0,
        "notes": {
            code: form.get(f"note_{code}", "")
            for code in LANGUAGES
            if form.get(f"note_{code}", "").strip()
        },
    }


def _contacts_page(
    request: Request,
    db: DbSession,
    *,
    contact: LocalContact | None = None,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    if values is None:
        values = (
            {
                "name": contact.name,
                "address": contact.address,
                "opening_hours": contact.opening_hours,
                "phone": contact.phone,
                "email": contact.email,
                "position": contact.position,
                "notes": dict(contact.notes or {}),
            }
            if contact
            else {"notes": {}}
        )
    return render(
        request,
        "packages/contacts.html",
        {
            "contacts": service.list_contacts(db),
            "contact": contact,
            "values": values,
            "errors": errors or {},
            "languages": _languages(),
        },
        status_code=status_code,
    )


@router.get("/local-contacts")
def contacts(request: Request, db: DbSession, user: Lead) -> Response:
    return _contacts_page(request, db)


@router.get("/local-contacts/{contact_id}")
def contact_form(contact_id: Id, request: Request, db: DbSession, user: Lead) -> Response:
    return _contacts_page(request, db, contact=service.get_contact(db, contact_id=contact_id))


@router.post("/local-contacts")
async def create_contact(request: Request, db: DbSession, user: Lead) -> Response:
    values = _contact_form((await read_form(request))[0])
    try:
        service.create_contact(db, **values)
    except FieldErrors as exc:
        return _contacts_page(request, db, values=values, errors=exc.errors, status_code=422)
    flash(request, _("The local contact has been saved."), "success")
    return RedirectResponse("/local-contacts", status_code=303)


@router.post("/local-contacts/{contact_id}")
async def update_contact(contact_id: Id, request: Request, db: DbSession, user: Lead) -> Response:
    contact = service.get_contact(db, contact_id=contact_id)
    values = _contact_form((await read_form(request))[0])
    try:
        service.update_contact(db, contact=contact, **values)
    except FieldErrors as exc:
        return _contacts_page(
            request, db, contact=contact, values=values, errors=exc.errors, status_code=422
        )
    flash(request, _("The local contact has been saved."), "success")
    return RedirectResponse("/local-contacts", status_code=303)
