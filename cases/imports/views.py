"""The import wizard (leads and admins): upload → map columns → map values → preview and
decide duplicates → commit → (undo). Every step posts through `welcome.forms.form_post`."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session

from cases.imports import service
from cases.imports.fields import KEY, KINDS
from cases.imports.models import ImportBatch
from cases.imports.plan import distinct_values
from cases.imports.reading import MAX_BYTES, column_letter
from cases.imports.schemas import MappingIn, SaveMappingIn, UploadIn
from cases.imports.summary import choices_of, describe
from welcome import roles
from welcome.accounts import service as accounts
from welcome.errors import Conflict
from welcome.forms import action_post, form_post, off_loop, redirect
from welcome.i18n import _
from welcome.nav import NavItem
from welcome.templating import render
from welcome.web import DbSession, Id, flash, require_role

router = APIRouter(dependencies=[Depends(require_role(roles.MANAGERS))])
NAV = [NavItem("/imports", lambda: _("Import"), order=85, roles=roles.names(roles.MANAGERS))]
PREVIEW_ROWS = 200


def _kinds() -> dict[str, str]:
    return {name: _(kind.label) for name, kind in KINDS.items()}


def _list_page(request: Request, db: Session, errors: dict[str, str] | None = None) -> Response:
    batches = service.list_batches(db)
    return render(
        request,
        "imports/list.html",
        {
            "batches": batches,
            "kinds": _kinds(),
            "centres": {c.id: c.name for c in accounts.list_centres(db)},
            "choose_centre": request.state.user.centre_id is None,
            "mappings": service.list_mappings(db),
            "undoable": {b.id for b in batches if service.can_undo(b)},
            "errors": errors or {},
            "max_mb": MAX_BYTES // (1024 * 1024),
        },
    )


@router.get("/imports")
def import_list(request: Request, db: DbSession) -> Response:
    return _list_page(request, db)


@router.post("/imports")
async def upload(
    request: Request,
    db: DbSession,
    # optional: a form sent without a file comes back with "The file is empty." at the field
    file: Annotated[UploadFile | None, File()] = None,
    kind: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    content = await file.read(MAX_BYTES + 1) if file is not None else b""
    filename = (file.filename or "") if file is not None else ""

    def again(errors: dict[str, str], _values: dict[str, Any]) -> Response:
        return _list_page(request, db, errors)

    return await form_post(
        request,
        db,
        UploadIn,
        lambda data: service.create(db, data=data, filename=filename, content=content),
        done=lambda batch: redirect(request, f"/imports/{batch.id}/columns"),
        invalid=again,
    )


def _load(db: Session, batch_id: int) -> ImportBatch:
    return service.get(db, batch_id=batch_id)


def _draft_or_result(batch: ImportBatch) -> Response | None:
    if batch.status != "draft":
        return RedirectResponse(f"/imports/{batch.id}", status_code=303)
    return None


# --- columns --------------------------------------------------------------------------------


def _columns_page(
    request: Request, db: Session, batch: ImportBatch, errors: dict[str, str] | None = None
) -> Response:
    kind = service.kind_of(batch)
    sheet = service.sheet_of(batch)
    plan_columns = service.columns(batch, sheet)
    samples = [
        [kind.fields[0].cell(cells[i]) or "" for _n, cells in sheet.rows[:3]]
        for i in range(len(sheet.headers))
    ]
    return render(
        request,
        "imports/columns.html",
        {
            "batch": batch,
            "columns": [
                {
                    "index": i,
                    "letter": column_letter(i),
                    "header": header,
                    "samples": [s for s in samples[i] if s],
                    "chosen": plan_columns.get(i, ""),
                }
                for i, header in enumerate(sheet.headers)
            ],
            "fields": {f.name: _(f.label) for f in kind.fields},
            "key_field": KEY,
            "defaults": batch.mapping.get("defaults") or {},
            "default_choices": choices_of(kind),
            "rows": len(sheet.rows),
            "errors": errors or {},
        },
    )


@router.get("/imports/{batch_id}/columns")
def columns_form(request: Request, batch_id: Id, db: DbSession) -> Response:
    batch = _load(db, batch_id)
    return _draft_or_result(batch) or _columns_page(request, db, batch)


@router.post("/imports/{batch_id}/columns")
async def save_columns(request: Request, batch_id: Id, db: DbSession) -> Response:
    batch = await off_loop(_load, db, batch_id)
    form = await request.form()
    sheet = service.sheet_of(batch)
    columns = {h: str(form.get(f"col-{i}") or "") for i, h in enumerate(sheet.headers)}
    defaults = {
        f.name: str(form.get(f"default-{f.name}") or "") for f in service.kind_of(batch).fields
    }
    name = str(form.get("save_as") or "").strip()

    def act(data: MappingIn) -> ImportBatch:
        service.update(db, batch=batch, data=data)
        if name:
            service.save_mapping(db, batch=batch, name=SaveMappingIn(name=name).name)
        return batch

    def again(errors: dict[str, str], _values: dict[str, Any]) -> Response:
        return _columns_page(request, db, batch, errors)

    return await form_post(
        request,
        db,
        MappingIn,
        act,
        done=lambda b: redirect(request, f"/imports/{b.id}/values"),
        invalid=again,
        fixed={"columns": columns, "defaults": {k: v for k, v in defaults.items() if v}},
    )


# --- values ---------------------------------------------------------------------------------


def _values_page(
    request: Request, db: Session, batch: ImportBatch, errors: dict[str, str] | None = None
) -> Response:
    kind = service.kind_of(batch)
    sheet = service.sheet_of(batch)
    chosen = batch.mapping.get("values") or {}
    groups = []
    for name, raws in distinct_values(kind, sheet, service.columns(batch, sheet)).items():
        spec = kind.field(name)
        assert spec is not None
        mine = chosen.get(name) or {}
        groups.append(
            {
                "name": name,
                "label": _(spec.label),
                "options": choices_of(kind)[name],
                "values": [
                    {"raw": raw, "code": mine.get(raw) or spec.suggest(raw) or ""} for raw in raws
                ],
            }
        )
    if not groups and not errors:
        return redirect(request, f"/imports/{batch.id}/preview")
    context = {"batch": batch, "groups": groups, "errors": errors or {}}
    return render(request, "imports/values.html", context)


@router.get("/imports/{batch_id}/values")
def values_form(request: Request, batch_id: Id, db: DbSession) -> Response:
    batch = _load(db, batch_id)
    return _draft_or_result(batch) or _values_page(request, db, batch)


@router.post("/imports/{batch_id}/values")
async def save_values(request: Request, batch_id: Id, db: DbSession) -> Response:
    batch = await off_loop(_load, db, batch_id)
    form = await request.form()
    values: dict[str, dict[str, str]] = {}
    for key, value in form.multi_items():
        field, sep, raw = key.partition(":")
        if sep and isinstance(value, str) and field.startswith("v-"):
            values.setdefault(field[2:], {})[raw] = value
    return await form_post(
        request,
        db,
        MappingIn,
        lambda data: service.update(db, batch=batch, data=data),
        done=lambda b: redirect(request, f"/imports/{b.id}/preview"),
        invalid=lambda errors, _v: _values_page(request, db, batch, errors),
        fixed={"values": values},
    )


# --- preview, decisions, commit, undo -------------------------------------------------------


def _preview_page(request: Request, db: Session, batch: ImportBatch, page: int = 1) -> Response:
    plan = service.preview(db, batch=batch)
    start = (page - 1) * PREVIEW_ROWS
    return render(
        request,
        "imports/preview.html",
        {
            "batch": batch,
            "total": len(plan.rows),
            "counts": {s: plan.count(s) for s in ("new", "duplicate", "imported", "refused")},
            "errors": plan.errors,
            "flagged": [r for r in plan.rows if r.flagged and not r.errors],
            "rows": [
                {"row": r, "summary": describe(plan.kind, r)}
                for r in plan.rows[start : start + PREVIEW_ROWS]
            ],
            "page": page,
            "pages": max(1, -(-len(plan.rows) // PREVIEW_ROWS)),
        },
    )


@router.get("/imports/{batch_id}/preview")
def preview(
    request: Request,
    batch_id: Id,
    db: DbSession,
    page: Annotated[int, Query(ge=1, le=1000)] = 1,
) -> Response:
    batch = _load(db, batch_id)
    return _draft_or_result(batch) or _preview_page(request, db, batch, page)


@router.post("/imports/{batch_id}/decisions")
async def save_decisions(request: Request, batch_id: Id, db: DbSession) -> Response:
    batch = await off_loop(_load, db, batch_id)
    form = await request.form()
    decisions = {
        key[2:]: value
        for key, value in form.multi_items()
        if key.startswith("d-") and isinstance(value, str)
    }
    commit_now = form.get("then") == "commit"

    def act(data: MappingIn) -> dict[str, int] | None:
        service.update(db, batch=batch, data=data)
        return service.commit(db, batch=batch) if commit_now else None

    def done(counts: dict[str, int] | None) -> Response:
        if counts is None:
            return redirect(request, f"/imports/{batch.id}/preview", _("Saved."))
        return redirect(request, f"/imports/{batch.id}", _committed(counts))

    return await form_post(
        request,
        db,
        MappingIn,
        act,
        done=done,
        invalid=lambda _e, _v: _preview_page(request, db, batch),
        fixed={"decisions": decisions},
    )


def _committed(counts: dict[str, int]) -> str:
    return _(
        "Imported: %(created)d created, %(skipped)d skipped, %(duplicates)d duplicates, "
        "%(refused)d refused.",
        **counts,
    )


@router.get("/imports/{batch_id}")
def batch_page(request: Request, batch_id: Id, db: DbSession) -> Response:
    batch = _load(db, batch_id)
    if batch.status == "draft":
        return RedirectResponse(f"/imports/{batch.id}/preview", status_code=303)
    context = {"batch": batch, "kinds": _kinds(), "can_undo": service.can_undo(batch)}
    return render(request, "imports/batch.html", context)


@router.post("/imports/{batch_id}/undo")
async def undo(request: Request, batch_id: Id, db: DbSession) -> Response:
    batch = await off_loop(_load, db, batch_id)

    def act() -> str | None:
        try:
            service.undo(db, batch=batch)
        except Conflict as exc:
            db.rollback()
            return str(exc)
        return None

    def done(refusal: str | None) -> Response:
        if refusal is not None:
            flash(request, refusal, "error")
            return RedirectResponse(f"/imports/{batch.id}", status_code=303)
        return redirect(request, f"/imports/{batch.id}", _("The import has been undone."))

    return await action_post(request, db, act, done=done)
