"""Access and information over JSON: `GET /persons/{id}/export?format=json|pdf&language=`
(Art. 15/20), `GET /privacy-notice?language=` (Art. 13), the sheet's handover recorded."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse, Response

from cases.privacy import service
from cases.privacy.schemas import ExportQuery, HandoverIn, InformationRecordOut
from welcome.errors import NotFound
from welcome.i18n import _
from welcome.inputs import validate
from welcome.locking import released
from welcome.web import CaseWorkerApi, DbSession, Id

router = APIRouter(tags=["data protection"])
LanguageQuery = Annotated[str | None, Query(max_length=20, description="BCP 47, one of 12")]


def pdf_response(pdf: bytes, name: str) -> Response:
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get(
    "/persons/{person_id}/export",
    response_model=None,
    responses={
        200: {
            "content": {"application/json": {}, "application/pdf": {}},
            "description": "Everything the centre holds about the person (README: 'Access, "
            "portability and the information sheet' documents the JSON's shape); audited.",
        }
    },
)
def export_person(
    person_id: Id,
    user: CaseWorkerApi,
    db: DbSession,
    format: Annotated[Literal["json", "pdf"], Query()] = "json",
    language: LanguageQuery = None,
) -> Response:
    """The person's complete record (Art. 15, Art. 20 GDPR); a merged-away id is 404 with
    `merged_into`; another centre's person 404."""
    query = validate(ExportQuery, {"format": format, "language": language})
    if query.format == "pdf":
        lang, pdf = service.export_pdf(
            db,
            person_id=person_id,
            language=query.language,
            render_pdf=released(db, service.pdf_in_pool),  # the audit entry committed first
        )
        return pdf_response(pdf, service.filename("person-export", lang.code, person_id))
    _found, _lang, data = service.export_data(db, person_id=person_id, language=query.language)
    return JSONResponse(data)


@router.get(
    "/privacy-notice",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "The sheet (PDF)."}},
)
def privacy_notice(user: CaseWorkerApi, db: DbSession, language: LanguageQuery = None) -> Response:
    """The centre's data-protection information sheet (Art. 13 GDPR) in that language and
    German."""
    if user.centre_id is None:
        raise NotFound(_("The information sheet is a centre's: you belong to no centre."))
    return notice_response(db, centre_id=user.centre_id, language=language)


def notice_response(db: DbSession, *, centre_id: int, language: str | None) -> Response:
    """The sheet as a PDF download (the API's and the person page's), rendered by the pool
    after the database is released; an unknown language is 422."""
    query: Any = validate(ExportQuery, {"language": language or None})
    lang, pdf = service.sheet_pdf(
        db,
        centre_id=centre_id,
        language=query.language,
        render_pdf=released(db, service.pdf_in_pool),
    )
    return pdf_response(pdf, service.filename("privacy-notice", lang.code))


@router.post(
    "/persons/{person_id}/information-records",
    status_code=201,
    response_model=InformationRecordOut,
)
def record_handover(
    person_id: Id, body: HandoverIn, user: CaseWorkerApi, db: DbSession
) -> InformationRecordOut:
    """The information sheet handed over (language; version: the sheet's current one)."""
    person = service.person(db, person_id=person_id)
    return InformationRecordOut.model_validate(
        service.record_handover(db, person=person, data=body)
    )


@router.get("/persons/{person_id}/information-records", response_model=list[InformationRecordOut])
def list_handovers(person_id: Id, user: CaseWorkerApi, db: DbSession) -> list[InformationRecordOut]:
    person = service.person(db, person_id=person_id)
    assert person.id is not None
    return [
        InformationRecordOut.model_validate(r)
        for r in service.list_handovers(db, person_id=person.id)
    ]
