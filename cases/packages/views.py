"""Pages: issue a welcome package for a person (preview, issue, earlier issues), local contacts."""

from __future__ import annotations

from typing import Annotated, Any

from babel import Locale
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from cases.packages import centre_items, contacts, content, service
from cases.packages.languages import LANGUAGES, review_status
from cases.packages.models import IssuedPackage, LocalContact
from cases.packages.render import shutdown_pool, warm_pool
from cases.packages.schemas import (
    TRANSLATED,
    CentreItemIn,
    ItemSwitchIn,
    LocalContactIn,
    PackageIn,
    SignoffIn,
    note_field,
    translation_field,
)
from cases.persons.models import Person
from welcome import roles
from welcome.accounts.models import User
from welcome.deletions import DeleteIn
from welcome.errors import FieldErrors
from welcome.forms import Invalid, action_post, form_post, off_loop, redirect
from welcome.i18n import _, get_locale, language_name
from welcome.inputs import validate
from welcome.locking import released
from welcome.nav import NavItem, PersonSection
from welcome.templating import render
from welcome.versions import sent_version
from welcome.web import CaseWorkerPage, DbSession, Id, is_htmx, require_role

router = APIRouter()
ContactKeeper = Annotated[User, Depends(require_role(roles.CONTACT_KEEPERS))]

NAV = [
    NavItem(
        "/local-contacts",
        lambda: _("Local contacts"),
        order=80,
        roles=roles.names(roles.CONTACT_KEEPERS),
    ),
    NavItem(
        "/welcome-package-content",
        lambda: _("Package content"),
        order=81,
        roles=roles.names(roles.CONTACT_KEEPERS),
    ),
]
WARM_UP = [warm_pool]  # run by the app's lifespan: the workers start (warm) with the app
SHUTDOWN = [shutdown_pool]  # run by the app's lifespan: the workers end with the app


def _reviewed(db: Session) -> set[str]:
    """Languages whose current translation a native speaker reviewed, as the centre's lead
    recorded on the content page."""
    return {code for code in content.current(db) if code != "de"}


def _languages(reviewed: set[str] | None = None) -> list[dict[str, Any]]:
    return [
        {
            "code": lang.code,
            "field": note_field(lang.code),
            "name": language_name(lang.code),
            "native": language_name(lang.code, lang.catalog),
            "reviewed": review_status(lang.code) == "reviewed" or lang.code in (reviewed or ()),
        }
        for lang in LANGUAGES.values()
    ]


def _person_section(db: Session, *, person: Person) -> dict[str, object]:
    """The card on the person page: issue in a language, earlier issues to download."""
    assert person.id is not None
    return {
        "person_id": person.id,
        "languages": _languages(_reviewed(db)),
        "chosen": service.resolve_default(person),
        "issued": [
            {"id": p.id, "issued_at": p.issued_at, "language": p.language}
            for p in service.list_issued(db, person_id=person.id)
        ],
    }


PERSON_SECTIONS = [PersonSection(template="packages/_person.html", load=_person_section, order=60)]


def _countries() -> list[tuple[str, str]]:
    """(alpha-2, name in the UI language) of every country, sorted by name."""
    names = Locale.parse(get_locale()).territories
    found = [(code, name) for code, name in names.items() if len(code) == 2 and code.isalpha()]
    return sorted(found, key=lambda c: c[1])


def _page(
    request: Request,
    db: Session,
    person_id: int,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    user: User | None = None,
) -> Response:
    person = service.person(db, person_id=person_id)
    values = values or {}
    licence = values.get("licence_country") or None
    try:
        probe = validate(PackageIn, {"language": "de", "licence_country": licence})
    except FieldErrors:
        probe = PackageIn(language="de")
    facts, full = service.checklist_of(db, person_id=person_id, data=probe, issuer=user)
    return render(
        request,
        "packages/issue.html",
        {
            "person": person,
            "languages": _languages(_reviewed(db)),
            "chosen": values.get("language") or service.resolve_default(person),
            "appointment": values.get("appointment_at", ""),
            "items": full.parts[0].items,
            "done": set(values.get("done") or ()),
            "licence_country": licence or "",
            "previous_residence": facts.profile.previous_residence_country or "",
            "countries": _countries(),
            "warnings": service.warnings(facts),
            "issued": service.list_issued(db, person_id=person_id),
            "errors": errors or {},
        },
    )


@router.get("/persons/{person_id}/welcome-package")
def issue_page(person_id: Id, request: Request, db: DbSession, user: CaseWorkerPage) -> Response:
    return _page(request, db, person_id, user=user)


@router.get("/persons/{person_id}/welcome-package/preview")
def preview(
    person_id: Id,
    db: DbSession,
    user: CaseWorkerPage,
    language: Annotated[str, Query(max_length=20)] = "",
    done: Annotated[list[str] | None, Query(max_length=40)] = None,
    licence_country: Annotated[str, Query(max_length=4)] = "",
) -> Response:
    data = validate(
        PackageIn,
        {"language": language, "done": done or [], "licence_country": licence_country or None},
    )
    html = service.preview(db, person_id=person_id, data=data, issuer=user)
    return HTMLResponse(
        html, headers={"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"}
    )


@router.post("/persons/{person_id}/welcome-package")
async def issue(person_id: Id, request: Request, db: DbSession, user: CaseWorkerPage) -> Response:
    def act(data: PackageIn) -> IssuedPackage:
        issued, _pdf = service.issue(
            db,
            person_id=person_id,
            data=data,
            issuer=user,
            render_pdf=released(db, service.pdf_in_pool),  # no transaction while it renders
        )
        return issued

    def again(errors: dict[str, str], values: dict[str, Any]) -> Response:
        return _page(request, db, person_id, values=values, errors=errors, user=user)

    return await form_post(
        request,
        db,
        PackageIn,
        act,
        done=lambda issued: redirect(
            request,
            f"/persons/{person_id}/welcome-package?issued={issued.id}",
            _("The welcome package has been issued."),
        ),
        invalid=again,
    )


@router.get("/welcome-packages/{issue_id}.pdf")
def download(issue_id: Id, request: Request, db: DbSession, user: CaseWorkerPage) -> Response:
    issued = service.get(db, issue_id=issue_id)
    pdf = service.pdf_of(db, issued=issued)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{service.filename(issued)}"'},
    )


# --- local contacts (the lead keeps them) ---------------------------------------------------


def _contacts_page(
    request: Request,
    db: Session,
    *,
    contact: LocalContact | None = None,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    deleting: int | None = None,
    delete_errors: dict[str, str] | None = None,
    delete_values: dict[str, Any] | None = None,
    block: str | None = None,
    message: str = "",
) -> Response:
    """The list, the form (a contact being edited, with the version it was opened with), a
    deletion asked in place (`deleting`), what can be undone and the history."""
    if values is None:
        values = {**contacts.values_of(contact), "version": contact.version} if contact else {}
    return render(
        request,
        "packages/contacts.html",
        {
            "contacts": contacts.list_all(db),
            "contact": contact,
            "values": values,
            "errors": errors or {},
            "languages": _languages(),
            "delete_id": deleting,
            "edit_errors": delete_errors or {},
            "edit_values": delete_values or {},
            "entry_message": message,
            "deleted": contacts.deleted(db),
            "history": contacts.history_rows(db),
        },
        block_name=block,
    )


def _contact_form(
    request: Request, db: Session, contact: LocalContact | None = None, version: int | None = None
) -> Invalid:
    def again(errors: dict[str, str], values: dict[str, Any]) -> Response:
        values = {"version": "" if version is None else str(version), **values}
        return _contacts_page(request, db, contact=contact, values=values, errors=errors)

    return again


def _saved(request: Request) -> Response:
    return redirect(request, "/local-contacts", _("The local contact has been saved."))


@router.get("/local-contacts")
def contacts_page(
    request: Request,
    db: DbSession,
    user: ContactKeeper,
    delete: Annotated[str, Query(max_length=12)] = "",
) -> Response:
    """`?delete=ID` asks for the reason in place (with htmx: the list's block alone)."""
    deleting = int(delete) if delete.isdigit() else None
    block = "contacts" if is_htmx(request) else None
    return _contacts_page(request, db, deleting=deleting, block=block)


@router.get("/local-contacts/{contact_id}")
def contact_form(contact_id: Id, request: Request, db: DbSession, user: ContactKeeper) -> Response:
    return _contacts_page(request, db, contact=contacts.get(db, contact_id=contact_id))


@router.post("/local-contacts")
async def create_contact(request: Request, db: DbSession, user: ContactKeeper) -> Response:
    return await form_post(
        request,
        db,
        LocalContactIn,
        lambda data: contacts.create(db, data=data),
        done=lambda _contact: _saved(request),
        invalid=_contact_form(request, db),
    )


@router.post("/local-contacts/{contact_id}")
async def update_contact(
    contact_id: Id, request: Request, db: DbSession, user: ContactKeeper
) -> Response:
    contact = await off_loop(contacts.get, db, contact_id=contact_id)
    version = sent_version((await request.form()).get("version"))
    return await form_post(
        request,
        db,
        LocalContactIn,
        lambda data: contacts.update(db, contact=contact, data=data, version=version),
        done=lambda _contact: _saved(request),
        invalid=_contact_form(request, db, contact, version),
    )


@router.post("/local-contacts/{contact_id}/delete")
async def delete_contact(
    contact_id: Id, request: Request, db: DbSession, user: ContactKeeper
) -> Response:
    contact = await off_loop(contacts.get, db, contact_id=contact_id)
    message = _("The entry has been deleted.")

    def done(_batch: object) -> Response:
        if is_htmx(request):
            return _contacts_page(request, db, block="contacts", message=message)
        return redirect(request, "/local-contacts", message)

    def again(errors: dict[str, str], values: dict[str, Any]) -> Response:
        return _contacts_page(
            request, db, deleting=contact_id, delete_errors=errors, delete_values=values,
            block="contacts" if is_htmx(request) else None,
        )  # fmt: skip

    return await form_post(
        request,
        db,
        DeleteIn,
        lambda data: contacts.delete(db, contact=contact, data=data),
        done=done,
        invalid=again,
    )


@router.post("/local-contacts/{contact_id}/restore")
async def restore_contact(
    contact_id: Id, request: Request, db: DbSession, user: ContactKeeper
) -> Response:
    return await action_post(
        request,
        db,
        lambda: contacts.restore(db, contact_id=contact_id),
        done=lambda _c: redirect(request, "/local-contacts", _("The deletion has been undone.")),
    )


# --- the content page (leads): every item, its rule, source and date; sign-off ----------------


def _content_page(
    request: Request,
    db: Session,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
) -> Response:
    now = content.versions()
    signed = content.current(db)
    return render(
        request,
        "packages/content.html",
        {
            "rows": content.rows(),
            "versions": now,
            "signed": signed,
            "signoffs": content.list_signoffs(db)[:20],
            "switched_off": centre_items.switched_off(db),
            "own_items": centre_items.list_own(db, active_only=True),
            "audiences": centre_items.AUDIENCES,
            "translated": [
                {
                    "code": c,
                    "name": language_name(c),
                    "title": translation_field("title", c),
                    "what": translation_field("what", c),
                }
                for c in TRANSLATED
            ],
            "languages": _languages(),
            "values": values or {},
            "errors": errors or {},
        },
    )


@router.get("/welcome-package-content")
def content_page(request: Request, db: DbSession, user: ContactKeeper) -> Response:
    return _content_page(request, db)


@router.post("/welcome-package-content/sign-off")
async def sign_off(request: Request, db: DbSession, user: ContactKeeper) -> Response:
    return await form_post(
        request,
        db,
        SignoffIn,
        lambda data: content.sign_off(db, data=data, user=user),
        done=lambda _signoff: redirect(
            request, "/welcome-package-content", _("The sign-off has been recorded.")
        ),
        invalid=lambda errors, values: _content_page(request, db, values=values, errors=errors),
    )


def _content_saved(request: Request, message: str) -> Response:
    return redirect(request, "/welcome-package-content", message)


@router.post("/welcome-package-content/switch")
async def switch_item(request: Request, db: DbSession, user: ContactKeeper) -> Response:
    return await form_post(
        request,
        db,
        ItemSwitchIn,
        lambda data: centre_items.switch(db, data=data),
        done=lambda setting: _content_saved(
            request,
            _("The item is switched on.") if setting.enabled else _("The item is switched off."),
        ),
        invalid=lambda errors, values: _content_page(request, db, values=values, errors=errors),
    )


@router.post("/welcome-package-content/items")
async def add_item(request: Request, db: DbSession, user: ContactKeeper) -> Response:
    return await form_post(
        request,
        db,
        CentreItemIn,
        lambda data: centre_items.create(db, data=data),
        done=lambda _item: _content_saved(request, _("The centre's item has been added.")),
        invalid=lambda errors, values: _content_page(request, db, values=values, errors=errors),
    )


@router.post("/welcome-package-content/items/{item_id}/remove")
async def remove_item(
    item_id: Id, request: Request, db: DbSession, user: ContactKeeper
) -> Response:
    return await action_post(
        request,
        db,
        lambda: centre_items.remove(db, item_id=item_id),
        done=lambda _item: _content_saved(request, _("The centre's item has been removed.")),
    )
