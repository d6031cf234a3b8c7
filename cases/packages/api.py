"""`POST /persons/{id}/welcome-packages` → 201 application/pdf; earlier issues and downloads."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from cases.packages import service
from cases.packages.schemas import IssuedPackageOut, PackageRequest
from welcome.accounts.models import Role
from welcome.web import ApiUser, DbSession, Id, require_api_role

router = APIRouter(tags=["welcome packages"])
_ISSUERS = Depends(require_api_role(Role.COUNSELLOR, Role.LEAD, Role.ADMIN))


@router.post(
    "/persons/{person_id}/welcome-packages",
    status_code=201,
    response_class=Response,
    dependencies=[_ISSUERS],
    responses={201: {"content": {"application/pdf": {}}, "description": "The PDF; logged."}},
)
async def issue_package(
    person_id: Id, body: PackageRequest, request: Request, user: ApiUser, db: DbSession
) -> Response:
    issued, pdf = await service.issue(
        db,
        data_dir=request.app.state.settings.data_dir,
        person_id=person_id,
        language_code=body.language,
        issuer=user,
        appointment_at=body.appointment_at,
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


@router.get(
    "/persons/{person_id}/welcome-packages",
    response_model=list[IssuedPackageOut],
    dependencies=[_ISSUERS],
)
def list_packages(person_id: Id, db: DbSession) -> list[IssuedPackageOut]:
    service.person(db, person_id=person_id)
    return [
        IssuedPackageOut.model_validate(p) for p in service.list_issued(db, person_id=person_id)
    ]


@router.get(
    "/welcome-packages/{issue_id}",
    response_class=Response,
    dependencies=[_ISSUERS],
    responses={200: {"content": {"application/pdf": {}}, "description": "The PDF as issued."}},
)
def download_package(issue_id: Id, request: Request, db: DbSession) -> Response:
    issued = service.get_issued(db, issue_id=issue_id)
    pdf = service.pdf_of(issued, data_dir=request.app.state.settings.data_dir)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{service.filename(issued)}"'},
    )
