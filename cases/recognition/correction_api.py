"""Deleting over JSON (API.md "Corrections, merges, history"): a procedure (with its
suspensions and documents), a suspension, a document, each with `?reason=` (422 at `reason`
without one) and 204; a lead's restore. The corrections of the fields are the PATCHes of
api.py (`/recognitions/{id}`, `/recognitions/{id}/suspensions/{sid}`), with `version`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from cases.recognition import corrections, service
from welcome import roles
from welcome.deletions import REASON_MAX, DeleteIn
from welcome.inputs import Output, validate
from welcome.web import DbSession, Id, require_api_role

router = APIRouter(
    tags=["recognition"], dependencies=[Depends(require_api_role(roles.CASE_WORKERS))]
)
Reason = Annotated[str | None, Query(max_length=REASON_MAX * 2, description="why (required)")]


class Restored(Output):
    kind: str
    id: int


def _reason(reason: str | None) -> DeleteIn:
    return validate(DeleteIn, {"reason": reason})


@router.delete("/recognitions/{procedure_id}", status_code=204)
def delete_procedure(procedure_id: Id, db: DbSession, reason: Reason = None) -> Response:
    """A procedure recorded by mistake leaves every list, deadline and count (with its
    suspensions and documents); a lead can restore it for 30 days."""
    data = _reason(reason)
    corrections.delete_procedure(
        db, procedure=service.get(db, procedure_id=procedure_id), data=data
    )
    return Response(status_code=204)


@router.delete("/recognitions/{procedure_id}/suspensions/{suspension_id}", status_code=204)
def delete_suspension(
    procedure_id: Id, suspension_id: Id, db: DbSession, reason: Reason = None
) -> Response:
    """A suspension entered by mistake: the due dates are recomputed without it."""
    data = _reason(reason)
    procedure = service.get(db, procedure_id=procedure_id)
    found = corrections.get_suspension(db, procedure=procedure, suspension_id=suspension_id)
    corrections.delete_suspension(db, procedure=procedure, suspension=found, data=data)
    return Response(status_code=204)


@router.delete("/recognitions/{procedure_id}/documents/{document_id}", status_code=204)
def delete_document(
    procedure_id: Id, document_id: Id, db: DbSession, reason: Reason = None
) -> Response:
    data = _reason(reason)
    procedure = service.get(db, procedure_id=procedure_id)
    found = corrections.get_document(db, procedure=procedure, document_id=document_id)
    corrections.delete_document(db, procedure=procedure, document=found, data=data)
    return Response(status_code=204)


def _restore_route(kind: str) -> None:
    def restore(ident: Id, db: DbSession) -> Restored:
        corrections.restore(db, kind=kind, ident=ident)
        return Restored(kind=kind, id=ident)

    restore.__doc__ = "A lead's undo of a deletion, within 30 days."
    router.add_api_route(
        f"/deleted/{kind}/{{ident}}/restore", restore, methods=["POST"],
        response_model=Restored, name=f"restore_{kind.replace('-', '_')}",
    )  # fmt: skip


for _kind in corrections.KINDS:
    _restore_route(_kind)
