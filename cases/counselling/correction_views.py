"""The posts that correct counselling records in the pages: an entry of the case page edited
or deleted in place (htmx: the timeline block comes back; without it, a redirect), the case's
fields, the cancellation of a case, a consent's correction page, and a lead's undo."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import BaseModel
from sqlmodel import Session

from cases import cldr
from cases.counselling import corrections, service
from cases.counselling.codes import ConsentPurpose
from cases.counselling.correction_page import ENTRY_KINDS, offers_move
from cases.counselling.models import Case, Consent
from cases.counselling.schemas import CaseEditIn, ConsentIn, ContactIn, OutcomeIn, ReferralIn
from cases.counselling.views import case_context
from welcome import clock, roles
from welcome.corrections import form_version
from welcome.deletions import DeleteIn
from welcome.forms import action_post, form_post, off_loop, redirect
from welcome.i18n import _
from welcome.templating import render
from welcome.web import CurrentUser, DbSession, Id, is_htmx, require_role

router = APIRouter(dependencies=[Depends(require_role(roles.CASE_WORKERS))])

_MODELS: dict[str, type[BaseModel]] = {
    "contacts": ContactIn,
    "referrals": ReferralIn,
    "outcomes": OutcomeIn,
}


def _entry_page(
    request: Request, db: Session, case: Case, query: dict[str, str]
) -> Callable[[dict[str, str], dict[str, Any]], Response]:
    """The case page again (its timeline block with htmx) with the in-place form's errors."""

    def again(errors: dict[str, str], values: dict[str, Any]) -> Response:
        context = case_context(
            db, case, request=request, query=query, entry_errors=errors, entry_typed=values,
            offer_move=offers_move(values, case),
        )  # fmt: skip
        block = "contacts" if is_htmx(request) else None
        return render(request, "counselling/case.html", context, block_name=block)

    return again


def _saved(request: Request, db: Session, case: Case, message: str) -> Response:
    if is_htmx(request):
        context = case_context(db, case, request=request, query={}, saved_message=message)
        return render(request, "counselling/case.html", context, block_name="contacts")
    return redirect(request, f"/cases/{case.id}", message)


def _entry_routes(kind: str) -> None:
    model = ENTRY_KINDS[kind]
    entry_in = _MODELS[kind]

    async def edit(request: Request, ident: Id, user: CurrentUser, db: DbSession) -> Response:
        entry = await off_loop(corrections.get_entry, db, model, ident)
        case = await off_loop(corrections.case_of, db, entry)
        version = await form_version(request)
        return await form_post(
            request,
            db,
            entry_in,
            lambda data: corrections.update_entry(db, entry=entry, data=data, version=version),
            done=lambda _e: _saved(request, db, case, _("The entry has been corrected.")),
            invalid=_entry_page(request, db, case, {"edit": f"{kind}:{ident}"}),
        )

    async def remove(request: Request, ident: Id, user: CurrentUser, db: DbSession) -> Response:
        entry = await off_loop(corrections.get_entry, db, model, ident)
        case = await off_loop(corrections.case_of, db, entry)
        return await form_post(
            request,
            db,
            DeleteIn,
            lambda data: corrections.delete_entry(db, entry=entry, data=data),
            done=lambda _e: _saved(request, db, case, _("The entry has been deleted.")),
            invalid=_entry_page(request, db, case, {"delete": f"{kind}:{ident}"}),
        )

    router.add_api_route(f"/{kind}/{{ident}}/edit", edit, methods=["POST"], name=f"edit_{kind}")
    router.add_api_route(
        f"/{kind}/{{ident}}/delete", remove, methods=["POST"], name=f"delete_{kind}"
    )


for _kind in ENTRY_KINDS:
    _entry_routes(_kind)


# --- the case -------------------------------------------------------------------------------


@router.post("/cases/{case_id}/edit")
async def edit_case(request: Request, case_id: Id, user: CurrentUser, db: DbSession) -> Response:
    case = await off_loop(service.get, db, case_id=case_id)
    version = await form_version(request)
    return await form_post(
        request,
        db,
        CaseEditIn,
        lambda data: corrections.update_case(db, case=case, data=data, version=version),
        done=lambda _c: redirect(request, f"/cases/{case_id}", _("The case has been corrected.")),
        invalid=_entry_page(request, db, case, {"edit": "case"}),
    )


@router.post("/cases/{case_id}/cancel")
async def cancel_case(request: Request, case_id: Id, user: CurrentUser, db: DbSession) -> Response:
    """Not a closure: the case and its entries leave every list and count."""
    case = await off_loop(service.get, db, case_id=case_id)
    person_id = case.person_id
    return await form_post(
        request,
        db,
        DeleteIn,
        lambda data: corrections.cancel(db, case=case, data=data),
        done=lambda _c: redirect(
            request, f"/persons/{person_id}", _("The case has been cancelled.")
        ),
        invalid=_entry_page(request, db, case, {"cancel": "1"}),
    )


def _restore_route(kind: str) -> None:
    async def restore(request: Request, ident: Id, user: CurrentUser, db: DbSession) -> Response:
        """A lead's undo (30 days): back to the page the entry is shown on."""

        def done(row: Any) -> Response:
            if isinstance(row, Consent):
                target = f"/persons/{row.person_id}"
            elif isinstance(row, Case):
                target = f"/cases/{row.id}"
            else:
                target = f"/cases/{row.case_id}"
            return redirect(request, target, _("The deletion has been undone."))

        return await action_post(
            request, db, lambda: corrections.restore(db, kind=kind, ident=ident), done=done
        )

    router.add_api_route(
        f"/deleted/{kind}/{{ident}}/restore", restore, methods=["POST"], name=f"restore_{kind}"
    )


# one path per kind, so that other areas can add /deleted/<their kind>/{id}/restore
for _restored in corrections.KINDS:
    _restore_route(_restored)


# --- consents -------------------------------------------------------------------------------


def _consent_page(request: Request, db: Session, consent: Consent, **extra: Any) -> Response:
    values = corrections.consent_values(consent)
    context: dict[str, Any] = {
        "consent": consent,
        "values": values,
        "errors": {},
        "delete_errors": {},
        "purposes": ConsentPurpose.labels(),
        "languages": cldr.language_names(),
        "today": clock.today().isoformat(),
    }
    context.update(extra)
    block = "consent" if is_htmx(request) else None
    return render(request, "counselling/consent_edit.html", context, block_name=block)


@router.get("/consents/{consent_id}/edit")
def consent_edit_page(
    request: Request, consent_id: Id, user: CurrentUser, db: DbSession
) -> Response:
    """The correction of a consent (its purpose, date, sheet) and its deletion; with htmx the
    form alone, in place of the consent in the person page's list."""
    return _consent_page(request, db, corrections.get_entry(db, Consent, consent_id))


@router.post("/consents/{consent_id}/edit")
async def edit_consent(
    request: Request, consent_id: Id, user: CurrentUser, db: DbSession
) -> Response:
    consent = await off_loop(corrections.get_entry, db, Consent, consent_id)
    person_id = consent.person_id
    version = await form_version(request)
    return await form_post(
        request,
        db,
        ConsentIn,
        lambda data: corrections.update_consent(db, consent=consent, data=data, version=version),
        done=lambda _c: redirect(
            request, f"/persons/{person_id}", _("The consent has been corrected.")
        ),
        invalid=lambda errors, values: _consent_page(
            request, db, consent, errors=errors, values=values
        ),
    )


@router.post("/consents/{consent_id}/delete")
async def delete_consent(
    request: Request, consent_id: Id, user: CurrentUser, db: DbSession
) -> Response:
    consent = await off_loop(corrections.get_entry, db, Consent, consent_id)
    person_id = consent.person_id
    return await form_post(
        request,
        db,
        DeleteIn,
        lambda data: corrections.delete_consent(db, consent=consent, data=data),
        done=lambda _c: redirect(
            request, f"/persons/{person_id}", _("The consent has been deleted.")
        ),
        invalid=lambda errors, values: _consent_page(
            request, db, consent, delete_errors=errors, delete_values=values
        ),
    )
