"""The import over the API (API.md): POST /imports (a preview, nothing written),
POST /imports/{id}/commit, POST /imports/{id}/undo; GET /imports, GET /imports/{id}."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, UploadFile
from pydantic import ValidationError

from cases.imports import service
from cases.imports.fields import KEY
from cases.imports.models import ImportBatch
from cases.imports.plan import Plan
from cases.imports.reading import MAX_BYTES
from cases.imports.schemas import (
    BatchOut,
    CandidateOut,
    CountsOut,
    DuplicateOut,
    ErrorOut,
    MappingIn,
    PreviewOut,
    UploadIn,
)
from welcome import roles
from welcome.accounts.models import User
from welcome.errors import FieldErrors
from welcome.i18n import _
from welcome.inputs import messages_of, validate
from welcome.web import DbSession, Id, require_api_role

router = APIRouter(tags=["imports"])
ManagerApi = Annotated[User, Depends(require_api_role(roles.MANAGERS))]


def preview_of(batch: ImportBatch, plan: Plan) -> PreviewOut:
    assert batch.id is not None
    return PreviewOut(
        id=batch.id,
        kind=batch.kind,
        status=batch.status,
        rows=len(plan.rows),
        valid=sum(1 for r in plan.rows if not r.errors),
        imported_before=plan.count("imported"),
        errors=[ErrorOut(row=e.row, column=e.column, message=e.message) for e in plan.errors],
        duplicates=[
            DuplicateOut(
                row=r.number,
                existing=[CandidateOut(id=c.id, name=c.name) for c in r.duplicates],
                same_as_row=r.same_as_row,
                decision=r.decision,
            )
            for r in plan.rows
            if r.flagged and not r.errors
        ],
        columns={plan.headers[i]: name for i, name in plan.columns.items() if name != KEY}
        | {plan.headers[i]: KEY for i, name in plan.columns.items() if name == KEY},
    )


def _mapping(text: str | None) -> MappingIn | None:
    if not text:
        return None
    try:
        data = json.loads(text)
    except ValueError:
        raise FieldErrors({"mapping": _("The mapping is not valid JSON.")}) from None
    if not isinstance(data, dict):
        raise FieldErrors({"mapping": _("The mapping is not valid JSON.")})
    try:
        return MappingIn.model_validate(data)
    except ValidationError as exc:
        raise FieldErrors({"mapping": "; ".join(messages_of(exc, MappingIn).values())}) from None


@router.post("/imports", response_model=PreviewOut, status_code=201)
def create_import(
    user: ManagerApi,
    db: DbSession,
    file: Annotated[UploadFile, File()],
    kind: Annotated[str, Form(max_length=20)],
    mapping: Annotated[str | None, Form(max_length=200_000)] = None,
    centre_id: Annotated[int | None, Form(ge=1, le=2**31 - 1)] = None,
) -> PreviewOut:
    """Upload a sheet: the answer is its preview (nothing is written until the commit)."""
    content = file.file.read(MAX_BYTES + 1)
    data = validate(UploadIn, {"kind": kind, "centre_id": centre_id})
    chosen = _mapping(mapping)
    batch = service.create(db, data=data, filename=file.filename or "", content=content)
    if chosen is not None:
        service.update(db, batch=batch, data=chosen)
    return preview_of(batch, service.preview(db, batch=batch))


@router.get("/imports", response_model=list[BatchOut])
def list_imports(user: ManagerApi, db: DbSession) -> list[ImportBatch]:
    return service.list_batches(db)


@router.get("/imports/{batch_id}", response_model=BatchOut)
def get_import(batch_id: Id, user: ManagerApi, db: DbSession) -> ImportBatch:
    return service.get(db, batch_id=batch_id)


@router.patch("/imports/{batch_id}", response_model=PreviewOut)
def update_import(batch_id: Id, body: MappingIn, user: ManagerApi, db: DbSession) -> PreviewOut:
    """Change the mapping or decide duplicates; the answer is the new preview."""
    batch = service.update(db, batch=service.get(db, batch_id=batch_id), data=body)
    return preview_of(batch, service.preview(db, batch=batch))


@router.post("/imports/{batch_id}/commit", response_model=CountsOut)
def commit_import(batch_id: Id, user: ManagerApi, db: DbSession) -> CountsOut:
    counts = service.commit(db, batch=service.get(db, batch_id=batch_id))
    return CountsOut(**counts)


@router.post("/imports/{batch_id}/undo")
def undo_import(batch_id: Id, user: ManagerApi, db: DbSession) -> dict[str, dict[str, int]]:
    return {"deleted": service.undo(db, batch=service.get(db, batch_id=batch_id))}
