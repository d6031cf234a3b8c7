"""The posts that correct a procedure's entries in its page: a suspension edited or deleted,
a document deleted, the procedure itself deleted (each with a reason), in place with htmx
(the block comes back), else by redirect; a lead's undo."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlmodel import Session

from cases.recognition import correction_page, corrections, service, views
from cases.recognition.models import RecognitionProcedure
from cases.recognition.schemas import SuspensionIn
from welcome.corrections import form_version, gone, with_version
from welcome.deletions import DeleteIn
from welcome.forms import Invalid, action_post, form_post, off_loop, redirect
from welcome.i18n import _
from welcome.web import CaseWorkerPage, DbSession, Id, is_htmx

router = APIRouter()


def _page(
    request: Request,
    db: Session,
    procedure: RecognitionProcedure,
    block: str,
    *,
    query: dict[str, str],
    typed: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    message: str = "",
) -> Response:
    fixes = correction_page.context(db, procedure, query=query, typed=typed, errors=errors)
    fixes["entry_message"] = message
    return views.detail_page(
        request, db, procedure, corrections=fixes, block=block if is_htmx(request) else None
    )


def _again(
    request: Request, db: Session, procedure_id: int, block: str, query: dict[str, str],
    version: int | None = None,
) -> Invalid:  # fmt: skip
    def again(errors: dict[str, str], values: dict[str, Any]) -> Response:
        values = with_version(version, values)
        procedure = service.get(db, procedure_id=procedure_id)
        return _page(request, db, procedure, block, query=query, typed=values, errors=errors)

    return again


def _done(request: Request, db: Session, procedure_id: int, block: str, message: str) -> Response:
    if is_htmx(request):
        procedure = service.get(db, procedure_id=procedure_id)
        return _page(request, db, procedure, block, query={}, message=message)
    return redirect(request, f"/recognitions/{procedure_id}#{block}", message)


@router.post("/recognitions/{procedure_id:int}/suspensions/{suspension_id:int}/edit")
async def edit_suspension(
    request: Request, procedure_id: Id, suspension_id: Id, db: DbSession, user: CaseWorkerPage
) -> Response:
    procedure = await off_loop(service.get, db, procedure_id=procedure_id)
    found = await off_loop(
        corrections.get_suspension, db, procedure=procedure, suspension_id=suspension_id
    )
    version = await form_version(request)
    return await form_post(
        request,
        db,
        SuspensionIn,
        lambda data: corrections.update_suspension(
            db, procedure=procedure, suspension=found, data=data, version=version
        ),
        done=lambda _s: _done(request, db, procedure_id, "suspensions",
                              _("The entry has been corrected.")),
        invalid=_again(request, db, procedure_id, "suspensions",
                       {"edit": f"suspension:{suspension_id}"}, version),
    )  # fmt: skip


@router.post("/recognitions/{procedure_id:int}/suspensions/{suspension_id:int}/delete")
async def delete_suspension(
    request: Request, procedure_id: Id, suspension_id: Id, db: DbSession, user: CaseWorkerPage
) -> Response:
    procedure = await off_loop(service.get, db, procedure_id=procedure_id)
    found = await off_loop(
        corrections.get_suspension, db, procedure=procedure, suspension_id=suspension_id
    )
    return await form_post(
        request,
        db,
        DeleteIn,
        lambda data: corrections.delete_suspension(
            db, procedure=procedure, suspension=found, data=data
        ),
        done=lambda _s: _done(request, db, procedure_id, "suspensions",
                              _("The entry has been deleted.")),
        invalid=_again(request, db, procedure_id, "suspensions",
                       {"delete": f"suspension:{suspension_id}"}),
    )  # fmt: skip


@router.post("/recognitions/{procedure_id:int}/documents/{document_id:int}/delete")
async def delete_document(
    request: Request, procedure_id: Id, document_id: Id, db: DbSession, user: CaseWorkerPage
) -> Response:
    procedure = await off_loop(service.get, db, procedure_id=procedure_id)
    found = await off_loop(
        corrections.get_document, db, procedure=procedure, document_id=document_id
    )
    return await form_post(
        request,
        db,
        DeleteIn,
        lambda data: corrections.delete_document(
            db, procedure=procedure, document=found, data=data
        ),
        done=lambda _s: _done(request, db, procedure_id, "documents",
                              _("The entry has been deleted.")),
        invalid=_again(request, db, procedure_id, "documents",
                       {"delete": f"document:{document_id}"}),
    )  # fmt: skip


@router.post("/recognitions/{procedure_id:int}/delete")
async def delete_procedure(
    request: Request, procedure_id: Id, db: DbSession, user: CaseWorkerPage
) -> Response:
    """The procedure leaves every list, deadline and count; back to the person's page."""
    procedure = await off_loop(service.get, db, procedure_id=procedure_id)
    person_id = procedure.person_id

    message = _("The recognition procedure has been deleted.")
    return await form_post(
        request,
        db,
        DeleteIn,
        lambda data: corrections.delete_procedure(db, procedure=procedure, data=data),
        done=lambda _b: gone(request, f"/persons/{person_id}", message),
        invalid=_again(request, db, procedure_id, "procedure", {"delete": "procedure"}),
    )


@router.post("/recognitions/deleted/{kind}/{ident:int}/restore")
async def restore(
    request: Request, kind: str, ident: Id, db: DbSession, user: CaseWorkerPage
) -> Response:
    """A lead's undo (30 days): back to the procedure's page."""

    def done(row: Any) -> Response:
        pid = row.id if isinstance(row, RecognitionProcedure) else row.procedure_id
        return redirect(request, f"/recognitions/{pid}", _("The deletion has been undone."))

    return await action_post(
        request, db, lambda: corrections.restore(db, kind=kind, ident=ident), done=done
    )
