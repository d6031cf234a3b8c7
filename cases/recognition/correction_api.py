"""Deleting over JSON (API.md "Corrections, merges, history"): a procedure (with its
suspensions and documents), a suspension, a document, each with `?reason=` (422 at `reason`
without one) and 204; a lead's restore. The corrections of the fields are the PATCHes of
api.py (`/recognitions/{id}`, `/recognitions/{id}/suspensions/{sid}`), with `version`."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Response

from cases.recognition import corrections, service
from welcome import roles
from welcome.corrections import Reason, delete_route, reason_of, restore_routes
from welcome.web import DbSession, Id, require_api_role

router = APIRouter(
    tags=["recognition"], dependencies=[Depends(require_api_role(roles.CASE_WORKERS))]
)


delete_route(
    router, "/recognitions/{procedure_id}", name="delete_procedure",
    act=lambda db, ident, data: corrections.delete_procedure(
        db, procedure=service.get(db, procedure_id=ident), data=data
    ),
    doc="A procedure recorded by mistake leaves every list, deadline and count (with its\n"
    "    suspensions and documents); a lead can restore it for 30 days.",
)  # fmt: skip


@router.delete("/recognitions/{procedure_id}/suspensions/{suspension_id}", status_code=204)
def delete_suspension(
    procedure_id: Id, suspension_id: Id, db: DbSession, reason: Reason = None
) -> Response:
    """A suspension entered by mistake: the due dates are recomputed without it."""
    data = reason_of(reason)
    procedure = service.get(db, procedure_id=procedure_id)
    found = corrections.get_suspension(db, procedure=procedure, suspension_id=suspension_id)
    corrections.delete_suspension(db, procedure=procedure, suspension=found, data=data)
    return Response(status_code=204)


@router.delete("/recognitions/{procedure_id}/documents/{document_id}", status_code=204)
def delete_document(
    procedure_id: Id, document_id: Id, db: DbSession, reason: Reason = None
) -> Response:
    data = reason_of(reason)
    procedure = service.get(db, procedure_id=procedure_id)
    found = corrections.get_document(db, procedure=procedure, document_id=document_id)
    corrections.delete_document(db, procedure=procedure, document=found, data=data)
    return Response(status_code=204)


restore_routes(
    router,
    {kind: kind for kind in corrections.KINDS},
    lambda db, kind, ident: corrections.restore(db, kind=kind, ident=ident),
    name=lambda kind: f"restore_{kind.replace('-', '_')}",
)
