"""`POST /persons/{id}/welcome-packages` → 201 application/pdf; earlier issues and downloads."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from cases.packages import service
from cases.packages.schemas import IssuedPackageOut, PackageIn
from welcome.locking import released
from welcome.web import CaseWorkerApi, DbSession, Id

router = APIRouter(tags=["welcome packages"])


@router.post(
    "/persons/{person_id}/welcome-packages",
    status_code=201,
    response_class=Response,
    responses={201: {"content": {"application/pdf": {}}, "description": "The PDF; logged."}},
)
def issue_package(
    person_id: Id, body: PackageIn, request: Request, user: CaseWorkerApi, db: DbSession
) -> Response:
    """Issue a package; the PDF is rendered by the worker pool while this thread waits (the
    reads committed before, the issue written in a second short transaction after)."""
    issued, pdf = service.issue(
        db,
        data_dir=request.app.state.settings.data_dir,
        person_id=person_id,
        data=body,
        issuer=user,
        render_pdf=released(db, service.pdf_in_pool),  # no transaction open while it renders
    )
    return Response(
        pdf,
        status_code=201,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{service.filename(issued)}"',
            "Location": f"/api/v1/welcome-packages/{issued.id}",
            "X-Welcome-Package-Id": str(issued.id),
            "X-Content-Version": issued.content_version,
        },
    )


@router.get("/persons/{person_id}/welcome-packages", response_model=list[IssuedPackageOut])
def list_packages(person_id: Id, user: CaseWorkerApi, db: DbSession) -> list[IssuedPackageOut]:
    service.person(db, person_id=person_id)
    return [
        IssuedPackageOut.model_validate(p) for p in service.list_issued(db, person_id=person_id)
    ]


@router.get(
    "/welcome-packages/{issue_id}",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "The PDF as issued."}},
)
def download_package(
    issue_id: Id, request: Request, user: CaseWorkerApi, db: DbSession
) -> Response:
    issued = service.get(db, issue_id=issue_id)
    pdf = service.pdf_of(issued, data_dir=request.app.state.settings.data_dir)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{service.filename(issued)}"'},
    )
