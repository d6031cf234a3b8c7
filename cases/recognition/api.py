"""JSON API of recognition procedures (API.md): create, read, patch, list by due date,
suspensions, history and documents."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import FileResponse, Response

from cases.recognition import corrections, documents, due_lists, service
from cases.recognition.codes import Authority, RecognitionStatus
from cases.recognition.models import RecognitionProcedure
from cases.recognition.schemas import (
    DeadlinesOut,
    DocumentIn,
    DocumentOut,
    DueItemOut,
    HistoryOut,
    ProcedureIn,
    ProcedurePatch,
    RecognitionOut,
    RecognitionPage,
    SuspensionIn,
    SuspensionOut,
    SuspensionPatch,
)
from welcome import roles
from welcome.corrections import patched
from welcome.i18n import _
from welcome.inputs import Day
from welcome.problems import problem
from welcome.web import CaseWorkerApi, DbSession, Id, Offset, SettingsDep, require_api_role

router = APIRouter(
    tags=["recognition"], dependencies=[Depends(require_api_role(roles.CASE_WORKERS))]
)


def _out(db: DbSession, procedure: RecognitionProcedure) -> RecognitionOut:
    assert procedure.id is not None
    out = RecognitionOut.model_validate(procedure)
    out.suspensions = [
        SuspensionOut.model_validate(s)
        for s in service.suspensions_of(db, procedure_id=procedure.id)
    ]
    return out


@router.post("/recognitions", status_code=201, response_model=RecognitionOut)
def create(body: ProcedureIn, db: DbSession) -> RecognitionOut:
    """Start a procedure; the due dates are computed (and recomputed on every change)."""
    return _out(db, service.create(db, data=body))


@router.get("/recognitions", response_model=RecognitionPage)
def list_procedures(
    db: DbSession,
    status: RecognitionStatus | None = None,
    authority: Authority | None = None,
    person_id: Id | None = None,
    counsellor_id: Id | None = None,
    due_from: Annotated[Day | None, Query(description="next open due date on or after")] = None,
    due_to: Annotated[Day | None, Query(description="next open due date on or before")] = None,
    overdue: Annotated[bool, Query(description="only procedures with a missed deadline")] = False,
    offset: Offset = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> RecognitionPage:
    """Procedures sorted by the next open due date (earliest first; none last)."""
    if overdue:
        yesterday = due_lists.today() - timedelta(days=1)
        due_to = min(due_to, yesterday) if due_to else yesterday
    rows, total = service.list_procedures(
        db,
        status=status.value if status else None,
        authority=authority.value if authority else None,
        person_id=person_id,
        counsellor_id=counsellor_id,
        due_from=due_from,
        due_to=due_to,
        offset=offset,
        limit=limit,
    )
    return RecognitionPage(
        items=[_out(db, p) for p in rows], total=total, offset=offset, limit=limit
    )


@router.get("/recognitions/deadlines", response_model=DeadlinesOut)
def deadlines(user: CaseWorkerApi, db: DbSession, mine: bool | None = None) -> DeadlinesOut:
    """Overdue, due within 14 days, waiting on the person; most urgent first. Counsellors
    get their own procedures, leads the whole centre (or their own with `mine=true`)."""
    whole_centre = user.role in roles.MANAGERS and not mine
    found = due_lists.list_deadlines(
        db, today=due_lists.today(), counsellor_id=None if whole_centre else user.id
    )
    return DeadlinesOut(
        today=found.today,
        scope="centre" if whole_centre else "mine",
        overdue=[DueItemOut.model_validate(i) for i in found.overdue],
        due_soon=[DueItemOut.model_validate(i) for i in found.due_soon],
        waiting=[DueItemOut.model_validate(i) for i in found.waiting],
    )


@router.get("/recognitions/{procedure_id}", response_model=RecognitionOut)
def read(procedure_id: Id, db: DbSession) -> RecognitionOut:
    return _out(db, service.get(db, procedure_id=procedure_id))


@router.patch("/recognitions/{procedure_id}", response_model=RecognitionOut)
def patch(
    procedure_id: Id,
    body: ProcedurePatch,  # type: ignore[valid-type]
    db: DbSession,
) -> RecognitionOut:
    """Change some fields (the person stays); the same rules as on creation apply to the
    result, and the due dates are recomputed. `null` clears a date; without a `status` it
    follows the dates. By the responsible counsellor or the lead; with `version`, 409 when
    the procedure changed since."""
    procedure = service.get(db, procedure_id=procedure_id)
    updated = patched(
        ProcedureIn, service.values_of(procedure), body,
        lambda data, version: corrections.update_procedure(
            db, procedure=procedure, data=data, version=version
        ),
    )  # fmt: skip
    return _out(db, updated)


@router.get("/recognitions/{procedure_id}/history", response_model=list[HistoryOut])
def history(procedure_id: Id, db: DbSession) -> list[HistoryOut]:
    procedure = service.get(db, procedure_id=procedure_id)
    assert procedure.id is not None
    return [HistoryOut.model_validate(h) for h in service.history_of(db, procedure_id=procedure.id)]


@router.post(
    "/recognitions/{procedure_id}/suspensions", status_code=201, response_model=SuspensionOut
)
def suspend(procedure_id: Id, body: SuspensionIn, db: DbSession) -> SuspensionOut:
    """Stop the clock (qualification analysis, authenticity check): open while no `ends_on`."""
    procedure = service.get(db, procedure_id=procedure_id)
    return SuspensionOut.model_validate(service.suspend(db, procedure=procedure, data=body))


@router.patch(
    "/recognitions/{procedure_id}/suspensions/{suspension_id}", response_model=SuspensionOut
)
def resume(
    procedure_id: Id,
    suspension_id: Id,
    body: SuspensionPatch,  # type: ignore[valid-type]
    db: DbSession,
) -> SuspensionOut:
    """End a suspension on its last day (`ends_on`: the clock runs again) or correct its
    days or reason; with `version`, 409 when it changed since."""
    procedure = service.get(db, procedure_id=procedure_id)
    found = corrections.get_suspension(db, procedure=procedure, suspension_id=suspension_id)
    suspension = patched(
        SuspensionIn, corrections.suspension_values(found), body,
        lambda data, version: corrections.update_suspension(
            db, procedure=procedure, suspension=found, data=data, version=version
        ),
    )  # fmt: skip
    return SuspensionOut.model_validate(suspension)


@router.get("/recognitions/{procedure_id}/documents", response_model=list[DocumentOut])
def list_documents(procedure_id: Id, db: DbSession) -> list[DocumentOut]:
    procedure = service.get(db, procedure_id=procedure_id)
    assert procedure.id is not None
    return [
        DocumentOut.model_validate(d) for d in documents.list_for(db, procedure_id=procedure.id)
    ]


@router.post(
    "/recognitions/{procedure_id}/documents",
    status_code=201,
    response_model=DocumentOut,
    responses={413: {"description": "the file is larger than WELCOME_UPLOAD_MAX_MB"}},
)
def upload(
    request: Request,
    procedure_id: Id,
    db: DbSession,
    settings: SettingsDep,
    file: Annotated[UploadFile, File(description="PDF, JPEG or PNG")],
    data: Annotated[DocumentIn, Form()],
) -> Response | DocumentOut:
    procedure = service.get(db, procedure_id=procedure_id)
    try:
        document = documents.create(
            db,
            settings=settings,
            procedure=procedure,
            stream=file.file,
            filename=file.filename,
            data=data,
        )
    except documents.UploadRejected as exc:
        errors = [{"field": k, "message": v} for k, v in exc.errors.items()]
        return problem(request, exc.http_status, _("The file was not accepted."), errors=errors)
    return DocumentOut.model_validate(document)


@router.get(
    "/recognitions/{procedure_id}/documents/{document_id}",
    response_class=FileResponse,
    responses={200: {"content": {"application/pdf": {}, "image/jpeg": {}, "image/png": {}}}},
)
def download(procedure_id: Id, document_id: Id, db: DbSession) -> Response:
    procedure = service.get(db, procedure_id=procedure_id)
    assert procedure.id is not None
    document, opened = documents.get(db, procedure_id=procedure.id, document_id=document_id)
    return documents.file_response(document, opened)
