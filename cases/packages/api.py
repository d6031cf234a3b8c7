"""`POST /persons/{id}/welcome-packages` → 201 application/pdf; earlier issues and downloads."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from cases.packages import contacts, service
from cases.packages.schemas import IssuedPackageOut, LocalContactIn, LocalContactOut, PackageIn
from welcome import roles
from welcome.corrections import patched, reason_of
from welcome.deletions import REASON_MAX
from welcome.locking import released
from welcome.versions import edit_model
from welcome.web import CaseWorkerApi, DbSession, Id, require_api_role

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
    pdf = service.pdf_of(db, issued=issued)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{service.filename(issued)}"'},
    )


# --- local contacts: corrections by the centre's lead (API.md "Corrections") ----------------

LocalContactPatch = edit_model(LocalContactIn, "LocalContactPatch")
Keeper = [Depends(require_api_role(roles.CONTACT_KEEPERS))]


@router.patch("/local-contacts/{contact_id}", response_model=LocalContactOut, dependencies=Keeper)
def patch_local_contact(
    contact_id: Id,
    body: LocalContactPatch,  # type: ignore[valid-type]
    db: DbSession,
) -> LocalContactOut:
    """Correct some fields (the lead); with `version`, 409 when it changed since."""
    contact = contacts.get(db, contact_id=contact_id)
    updated = patched(
        LocalContactIn,
        contacts.values_of(contact),
        body,
        lambda data, version: contacts.update(db, contact=contact, data=data, version=version),
    )
    return LocalContactOut.model_validate(updated)


@router.delete("/local-contacts/{contact_id}", status_code=204, dependencies=Keeper)
def delete_local_contact(
    contact_id: Id,
    db: DbSession,
    reason: Annotated[str | None, Query(max_length=REASON_MAX * 2)] = None,
) -> Response:
    """It leaves the list and the packages issued from now on; undo for 30 days."""
    data = reason_of(reason)
    contacts.delete(db, contact=contacts.get(db, contact_id=contact_id), data=data)
    return Response(status_code=204)


@router.post(
    "/deleted/local-contacts/{contact_id}/restore",
    response_model=LocalContactOut,
    dependencies=Keeper,
)
def restore_local_contact(contact_id: Id, db: DbSession) -> LocalContactOut:
    return LocalContactOut.model_validate(contacts.restore(db, contact_id=contact_id))
