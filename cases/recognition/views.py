"""Pages of recognition procedures: list, procedure page, forms, deadlines, calendar feed.

Every post goes through `welcome.forms.form_post` with an input model of
cases/recognition/schemas.py; the procedure is looked up inside the post's work (a worker
thread), so the event loop never waits on the database.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, File, Query, Request, UploadFile
from fastapi.responses import Response
from sqlalchemy import select
from sqlmodel import Session, col

from cases import cldr
from cases.codelists import kldb_title
from cases.employers.pickers import person_chips
from cases.persons.models import Person
from cases.recognition import correction_page, deadline_pages, documents, due_lists, forms, service
from cases.recognition import corrections as recognition_corrections
from cases.recognition.codes import Authority, RecognitionStatus
from cases.recognition.models import RecognitionProcedure
from cases.recognition.person_cases import field_context, person_cases, with_newest_case
from cases.recognition.schemas import DocumentIn, ProcedureIn, StepIn, SuspensionEndIn, SuspensionIn
from welcome import roles
from welcome.accounts.models import User
from welcome.forms import FormPage, Invalid, form_post, off_loop, redirect
from welcome.i18n import _, _l
from welcome.nav import NavItem, PersonSection
from welcome.templating import render
from welcome.versions import sent_version
from welcome.web import CaseWorkerPage, DbSession, Id, SettingsDep, is_htmx

STAFF = roles.names(roles.CASE_WORKERS)
Done = Callable[[Any], Response]
PAGE_SIZE = 50

router = APIRouter()
NAV = [NavItem("/recognitions", lambda: _("Recognition"), order=30, roles=STAFF)]


# --- the person page's card ----------------------------------------------------------------


def _person_section(db: Session, *, person: Person) -> dict[str, object]:
    """The card on the person page: the person's procedures and a link to start one."""
    assert person.id is not None
    rows, _total = service.list_procedures(db, person_id=person.id, limit=100)
    return {
        "person_id": person.id,
        "procedures": rows,
        "labels": forms.labels(),
        "today": due_lists.today(),
    }


PERSON_SECTIONS = [
    PersonSection(template="recognition/_person.html", load=_person_section, order=40, roles=STAFF)
]


# --- the procedure form ---------------------------------------------------------------------


def _choices(db: Session, *, with_persons: bool) -> dict[str, Any]:
    counsellors = db.scalars(
        select(User)
        .where(
            col(User.role).in_(roles.names(roles.CENTRE_STAFF)),
            col(User.active).is_(True),
        )
        .order_by(col(User.display_name))
    ).all()
    return {
        "pick_person": with_persons,  # the picker searches the centre's persons
        "counsellors": [(u.id, u.display_name or u.email) for u in counsellors],
    }


def _form_page(
    request: Request,
    db: Session,
    *,
    values: dict[str, Any],
    errors: dict[str, str] | None = None,
    procedure: RecognitionProcedure | None = None,
    person_fixed: bool = False,
) -> Response:
    # opened from a person's page: the person is fixed, shown by name (no list to search)
    chosen = str(values.get("person_id") or "")
    fixed = None
    if procedure is None and person_fixed and chosen.isdigit() and len(chosen) < 10:
        fixed = service.person_names(db, [int(chosen)]).get(int(chosen))
    context = {
        "form": values,
        "errors": errors or {},
        "procedure": procedure,
        "fixed_person": fixed,
        "labels": forms.labels(),
        "country_name": cldr.country_name,
        "kldb_title": kldb_title,
        "cases": person_cases(db, procedure.person_id if procedure else chosen),
        "case_field": field_context(db, chosen, values.get("case_id")),
        "person_chips": partial(person_chips, db),
        **_choices(db, with_persons=procedure is None and fixed is None),
    }
    return render(request, "recognition/form.html", context)


def _form_again(
    request: Request, db: Session, *, procedure_id: int | None = None, person_fixed: bool = False
) -> Invalid:
    """The procedure form again, with the errors at their fields and the typed values."""

    def again(errors: dict[str, str], values: dict[str, Any]) -> Response:
        procedure = service.get(db, procedure_id=procedure_id) if procedure_id else None
        return _form_page(
            request,
            db,
            values=values,
            errors=errors,
            procedure=procedure,
            person_fixed=person_fixed,
        )

    return again


def _back(request: Request, procedure_id: int, message: str, anchor: str = "") -> Done:
    """After a post on the procedure page: back to it, with `message`."""
    return lambda _result: redirect(request, f"/recognitions/{procedure_id}{anchor}", message)


# --- list, new procedure --------------------------------------------------------------------


@router.get("/recognitions")
def list_page(
    request: Request,
    db: DbSession,
    user: CaseWorkerPage,
    status: Annotated[str | None, Query(max_length=20)] = None,
    authority: Annotated[str | None, Query(max_length=30)] = None,
    mine: Annotated[str | None, Query(max_length=5)] = None,
    page: Annotated[int, Query(ge=1, le=100000)] = 1,
) -> Response:
    status = status if status in RecognitionStatus.labels() else None
    authority = authority if authority in Authority.labels() else None
    only_mine = mine == "1" or (mine is None and not deadline_pages.sees_whole_centre(user))
    rows, total = service.list_procedures(
        db,
        status=status,
        authority=authority,
        counsellor_id=user.id if only_mine else None,
        offset=(page - 1) * PAGE_SIZE,
        limit=PAGE_SIZE,
    )
    return render(
        request,
        "recognition/list.html",
        {
            "procedures": rows,
            "names": service.person_names(db, (p.person_id for p in rows)),
            "total": total,
            "page": page,
            "pages": max(1, -(-total // PAGE_SIZE)),
            "status": status or "",
            "authority": authority or "",
            "only_mine": only_mine,
            "today": due_lists.today(),
            "labels": forms.labels(),
        },
    )


@router.get("/recognitions/new")
def new_form(
    request: Request,
    db: DbSession,
    user: CaseWorkerPage,
    person_id: Id | None = None,
    case_id: Id | None = None,
) -> Response:
    values = {
        "person_id": str(person_id or ""),
        "case_id": str(case_id or ""),
        "counsellor_id": str(user.id),
        "legal_basis": "federal",
        **forms.prefill_from_person(db, person_id=person_id, case_id=case_id),
    }
    return _form_page(request, db, values=values, person_fixed=person_id is not None)


@router.post("/recognitions")
async def create(request: Request, db: DbSession, user: CaseWorkerPage) -> Response:
    form = await request.form()  # the form says whether the person was fixed by the page
    auto = form.get("case_auto") == "1"  # without JavaScript: the newest open case
    return await form_post(
        request,
        db,
        ProcedureIn,
        lambda data: service.create(db, data=with_newest_case(db, data, auto=auto)),
        done=lambda p: redirect(
            request, f"/recognitions/{p.id}", _("The recognition procedure has been saved.")
        ),
        invalid=_form_again(request, db, person_fixed=form.get("person_fixed") == "1"),
    )


# --- one procedure --------------------------------------------------------------------------


def detail_page(
    request: Request,
    db: Session,
    procedure: RecognitionProcedure,
    *,
    errors: dict[str, str] | None = None,
    form: dict[str, Any] | None = None,
    corrections: Mapping[str, Any] | None = None,
    block: str | None = None,
) -> Response:
    """The procedure page (or one block of it, in place); `corrections`: what
    correction_views.context says (an entry edited or deleted, the history, the undo)."""
    assert procedure.id is not None
    users = {u.id: u.display_name or u.email for u in db.scalars(select(User))}
    return render(
        request,
        "recognition/detail.html",
        {
            "p": procedure,
            "person_name": service.person_names(db, [procedure.person_id]).get(
                procedure.person_id, ""
            ),
            "suspensions": service.suspensions_of(db, procedure_id=procedure.id),
            "documents": documents.list_for(db, procedure_id=procedure.id),
            "users": users,
            "errors": errors or {},
            "form": form or {},
            "today": due_lists.today(),
            "labels": forms.labels(),
            "field_labels": forms.field_labels(),
            "country_name": cldr.country_name,
            "money": recognition_corrections.money,
            "kldb_title": kldb_title,
            "max_mb": request.app.state.settings.upload_max_mb,
            **(corrections or correction_page.context(db, procedure, query={})),
        },
        block_name=block,
    )


def _detail_again(
    request: Request, db: Session, procedure_id: int, *, field: dict[str, str] | None = None
) -> Invalid:
    """The procedure page again with the errors at the posted form's fields; `field` maps a
    model's field to the page's name for it (two forms there have an `ends_on`)."""
    names = field or {}

    def again(errors: dict[str, str], values: dict[str, Any]) -> Response:
        errors = {names.get(k, k): v for k, v in errors.items()}
        values = {names.get(k, k): v for k, v in values.items()}
        procedure = service.get(db, procedure_id=procedure_id)
        return detail_page(request, db, procedure, errors=errors, form=values)

    return again


@router.get("/recognitions/{procedure_id:int}")
def detail(
    request: Request,
    procedure_id: Id,
    db: DbSession,
    user: CaseWorkerPage,
    edit: Annotated[str, Query(max_length=40)] = "",
    delete: Annotated[str, Query(max_length=40)] = "",
    block: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    """`?edit=suspension:ID`, `?delete=…` open an entry's form in place (with htmx and
    `block`, only that block comes back)."""
    procedure = service.get(db, procedure_id=procedure_id)
    fixes = correction_page.context(db, procedure, query={"edit": edit, "delete": delete})
    in_place = is_htmx(request) and block in correction_page.BLOCKS
    return detail_page(request, db, procedure, corrections=fixes, block=block if in_place else None)


@router.get("/recognitions/{procedure_id:int}/edit")
def edit_form(request: Request, procedure_id: Id, db: DbSession, user: CaseWorkerPage) -> Response:
    procedure = service.get(db, procedure_id=procedure_id)
    values = {**forms.form_of(procedure), "version": str(procedure.version)}
    return _form_page(request, db, values=values, procedure=procedure)


def _procedure(db: Session, procedure_id: int) -> RecognitionProcedure:
    return service.get(db, procedure_id=procedure_id)


def _to_detail(procedure: RecognitionProcedure) -> str:
    return f"/recognitions/{procedure.id}"


# the procedure page's forms (a step, a suspension) and the procedure's edit form
DETAIL_FORMS = FormPage(
    router, "procedure", _procedure,
    lambda request, db, p, _form: _detail_again(request, db, p.id or 0), _to_detail,
)  # fmt: skip
DETAIL_FORMS.post(
    "/recognitions/{record_id:int}/step", StepIn, recognition_corrections.update_procedure,
    _l("The recognition procedure has been saved."),
)  # fmt: skip
DETAIL_FORMS.post(
    "/recognitions/{record_id:int}/suspensions", SuspensionIn, service.suspend,
    _l("The suspension has been saved."),
)  # fmt: skip


@router.post("/recognitions/{procedure_id:int}/edit")
async def edit(request: Request, procedure_id: Id, db: DbSession, user: CaseWorkerPage) -> Response:
    """The procedure's fields, by its counsellor or the lead, if unchanged since opened."""
    procedure = await off_loop(service.get, db, procedure_id=procedure_id)
    version = sent_version((await request.form()).get("version"))
    return await form_post(
        request,
        db,
        ProcedureIn,
        lambda data: recognition_corrections.update_procedure(
            db, procedure=procedure, data=data, version=version
        ),
        done=_back(request, procedure_id, _("The recognition procedure has been saved.")),
        invalid=lambda errors, values: _form_again(request, db, procedure_id=procedure_id)(
            errors, {"version": str(version or ""), **values}
        ),
    )


@router.post("/recognitions/{procedure_id:int}/suspensions/{suspension_id:int}/end")
async def resume(
    request: Request, procedure_id: Id, suspension_id: Id, db: DbSession, user: CaseWorkerPage
) -> Response:
    return await form_post(
        request,
        db,
        SuspensionEndIn,
        lambda data: service.resume(
            db,
            procedure=service.get(db, procedure_id=procedure_id),
            suspension_id=suspension_id,
            data=data,
        ),
        done=_back(request, procedure_id, _("The suspension has been saved.")),
        invalid=_detail_again(request, db, procedure_id, field={"ends_on": "suspension_ends_on"}),
    )


@router.post("/recognitions/{procedure_id:int}/documents")
async def upload(
    request: Request,
    procedure_id: Id,
    db: DbSession,
    settings: SettingsDep,
    user: CaseWorkerPage,
    # optional: a form sent without a file comes back with "The file is empty." at the field
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    return await form_post(
        request,
        db,
        DocumentIn,
        lambda data: documents.create(
            db,
            settings=settings,
            procedure=service.get(db, procedure_id=procedure_id),
            stream=file.file if file is not None else io.BytesIO(),
            filename=file.filename if file is not None else None,
            data=data,
        ),
        done=_back(request, procedure_id, _("The document has been uploaded."), "#documents"),
        invalid=_detail_again(request, db, procedure_id),
    )


@router.get("/recognitions/{procedure_id:int}/documents/{document_id:int}")
def download(
    procedure_id: Id,
    document_id: Id,
    db: DbSession,
    user: CaseWorkerPage,
) -> Response:
    procedure = service.get(db, procedure_id=procedure_id)
    assert procedure.id is not None
    document, opened = documents.get(db, procedure_id=procedure.id, document_id=document_id)
    return documents.file_response(document, opened)
