"""Pages: the data-protection card on the person page (sheet handed over, print the sheet,
export everything), the registration form's part, the case page's notice."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from cases.counselling.models import Case
from cases.packages.languages import LANGUAGES
from cases.persons.models import Person
from cases.persons.page import render_person_page
from cases.privacy import service
from cases.privacy.api import notice_response, pdf_response
from cases.privacy.models import InformationRecord
from cases.privacy.schemas import ExportQuery, HandoverIn
from cases.privacy.texts import review_status
from welcome import roles
from welcome.forms import form_post, redirect
from welcome.i18n import _, language_name
from welcome.inputs import validate
from welcome.locking import released
from welcome.nav import Notice, PersonSection, RegistrationStep
from welcome.web import CaseWorkerPage, DbSession, Id, require_role

router = APIRouter(dependencies=[Depends(require_role(roles.CASE_WORKERS))])
LanguageQuery = Annotated[str | None, Query(max_length=20)]


def languages() -> list[dict[str, Any]]:
    return [
        {
            "code": lang.code,
            "name": language_name(lang.code),
            "native": language_name(lang.code, lang.catalog),
            "reviewed": review_status(lang.catalog) == "reviewed",
        }
        for lang in LANGUAGES.values()
    ]


def _person_section(db: Any, *, person: Person) -> dict[str, object]:
    assert person.id is not None
    return {
        "person_id": person.id,
        "languages": languages(),
        "chosen": service.language_of(person).code,
        "handovers": service.list_handovers(db, person_id=person.id),
        "missing": service.missing(db, person_id=person.id),
    }


def _case_notices(db: Any, case: Case) -> list[Notice]:
    lacking = service.missing(db, person_id=case.person_id)
    href = f"/persons/{case.person_id}#h-privacy"
    found = []
    if lacking["information"]:
        found.append(
            Notice(
                _("The data-protection information sheet has not been handed over yet."),
                href,
                _("Hand it over and record it"),
            )
        )
    if lacking["consent"]:
        found.append(
            Notice(
                _("No consent to keeping a case file is recorded for this person."),
                f"/persons/{case.person_id}#h-consents",
                _("Record the consent"),
            )
        )
    return found


PERSON_SECTIONS = [PersonSection(template="privacy/_person.html", load=_person_section, order=70)]
REGISTRATION = [
    RegistrationStep(
        template="privacy/_register.html",
        choices=lambda: {"languages": languages()},
        record=service.at_registration,
    )
]
CASE_NOTICES = [_case_notices]


@router.post("/persons/{person_id}/information-records")
async def record_handover(
    person_id: Id, request: Request, db: DbSession, user: CaseWorkerPage
) -> Response:
    def act(data: HandoverIn) -> InformationRecord:
        person = service.person(db, person_id=person_id)
        return service.record_handover(db, person=person, data=data)

    def again(errors: dict[str, str], values: dict[str, Any]) -> Response:
        person = service.person(db, person_id=person_id)
        return render_person_page(
            request, db, person, form="handover", errors=errors, values=values
        )

    return await form_post(
        request,
        db,
        HandoverIn,
        act,
        done=lambda _r: redirect(
            request,
            f"/persons/{person_id}#h-privacy",
            _("The handover of the information sheet has been recorded."),
        ),
        invalid=again,
    )


@router.get("/persons/{person_id}/export.pdf")
def export_pdf(
    person_id: Id, db: DbSession, user: CaseWorkerPage, language: LanguageQuery = None
) -> Response:
    query = validate(ExportQuery, {"format": "pdf", "language": language or None})
    lang, pdf = service.export_pdf(
        db,
        person_id=person_id,
        language=query.language,
        render_pdf=released(db, service.pdf_in_pool),
    )
    return pdf_response(pdf, service.filename("person-export", lang.code, person_id))


@router.get("/persons/{person_id}/export.json")
def export_json(person_id: Id, db: DbSession, user: CaseWorkerPage) -> Response:
    _found, _lang, data = service.export_data(db, person_id=person_id)
    return Response(
        json.dumps(data, ensure_ascii=False, indent=2),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="person-export-{person_id}.json"'},
    )


@router.get("/privacy-notice.pdf")
def privacy_notice(db: DbSession, user: CaseWorkerPage, language: LanguageQuery = None) -> Response:
    if user.centre_id is None:
        return redirect_home()
    return notice_response(db, centre_id=user.centre_id, language=language)


def redirect_home() -> Response:
    return Response(status_code=303, headers={"Location": "/"})
