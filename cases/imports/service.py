"""Imports: upload a sheet as a draft batch, map it, preview it, commit it, undo it.

Keyword-only functions; they flush, never commit. An admin imports into a centre as a member
of it for the duration of the call (`in_centre`), so the scope, the stamping of new rows and
the duplicate search are the centre's.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from cases.imports import commit as writing
from cases.imports.fields import KEY, KINDS, Kind
from cases.imports.models import ImportBatch, ImportMapping
from cases.imports.plan import (
    DECISIONS,
    Plan,
    columns_of,
    decide,
    fresh,
    is_decision,
    judge,
    read_rows,
)
from cases.imports.reading import Sheet, SheetError, read
from cases.imports.schemas import MappingIn, UploadIn
from welcome import clock
from welcome.accounts.models import Centre
from welcome.db import Actor, acting, actor_of, fetch, utcnow
from welcome.errors import Conflict, FieldErrors, NotFound
from welcome.i18n import _, get_locale

UNDO_DAYS = 30


@contextmanager
def in_centre(db: Session, centre_id: int) -> Iterator[None]:
    """Act as a member of the batch's centre (an admin has none of their own)."""
    actor = actor_of(db)
    if actor is not None and actor.centre_id == centre_id:
        yield
        return
    user_id = actor.user_id if actor else None
    role = actor.role if actor else "system"
    address = actor.address if actor else None
    with acting(db, Actor(user_id=user_id, centre_id=centre_id, role=role, address=address)):
        yield


def kind_of(batch: ImportBatch) -> Kind:
    return KINDS[batch.kind]


def sheet_of(batch: ImportBatch) -> Sheet:
    if batch.content is None:
        raise Conflict(_("The file of this import is no longer kept (it was committed)."))
    return read(batch.content, batch.filename, header_hint=kind_of(batch).header_names())


def columns(batch: ImportBatch, sheet: Sheet) -> dict[int, str]:
    """Column index -> field: the confirmed mapping, else the suggestions."""
    return columns_of(kind_of(batch), sheet.headers, batch.mapping)


def create(db: Session, *, data: UploadIn, filename: str, content: bytes) -> ImportBatch:
    """A draft batch for an uploaded sheet (read once here: a file that cannot be imported
    is refused with one message, and nothing is written)."""
    kind = KINDS.get(data.kind)
    if kind is None:
        raise FieldErrors({"kind": _("Unknown code %(code)s.", code=data.kind[:40])})
    actor = actor_of(db)
    centre_id = actor.centre_id if actor else None
    if centre_id is None:
        centre_id = data.centre_id
        if centre_id is None or db.get(Centre, centre_id) is None:
            raise FieldErrors({"centre_id": _("Please choose the centre the sheet belongs to.")})
    try:
        read(content, filename, header_hint=kind.header_names())
    except SheetError as exc:
        raise FieldErrors({"file": str(exc)}) from None
    mapping: dict[str, Any] = {}
    if data.mapping_id is not None:
        saved = fetch(db, ImportMapping, data.mapping_id)
        if saved is None or saved.kind != kind.name:
            raise FieldErrors({"mapping_id": _("There is no such mapping.")})
        mapping = dict(saved.mapping)
    batch = ImportBatch(
        centre_id=centre_id,
        kind=kind.name,
        filename=(filename or "upload")[-255:],
        file_sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        mapping=mapping,
        created_by=actor.user_id if actor else None,
    )
    db.add(batch)
    db.flush()
    return batch


def get(db: Session, *, batch_id: int) -> ImportBatch:
    batch = fetch(db, ImportBatch, batch_id)
    if batch is None:
        raise NotFound()
    return batch


def list_batches(db: Session, *, limit: int = 50) -> list[ImportBatch]:
    return list(db.scalars(select(ImportBatch).order_by(col(ImportBatch.id).desc()).limit(limit)))


def _draft(batch: ImportBatch) -> None:
    if batch.status != "draft":
        raise Conflict(_("This import has been committed already."))


def update(db: Session, *, batch: ImportBatch, data: MappingIn) -> ImportBatch:
    """Merge the lead's choices into the batch's mapping (what is not sent stays)."""
    _draft(batch)
    kind = kind_of(batch)
    names = {f.name for f in kind.fields}
    errors: dict[str, str] = {}
    mapping = dict(batch.mapping)
    if data.columns is not None:
        wrong = [v for v in data.columns.values() if v and v not in names | {KEY}]
        if wrong:
            errors["columns"] = _("Unknown field %(name)s.", name=wrong[0][:40])
        chosen = [v for v in data.columns.values() if v]
        if len(chosen) != len(set(chosen)):
            errors["columns"] = _("Each field can be chosen for one column only.")
        mapping["columns"] = {h: v for h, v in data.columns.items() if v}
    for part, given in (("values", data.values), ("defaults", data.defaults)):
        if given is None:
            continue
        wrong = [name for name in given if name not in names]
        if wrong:
            errors[part] = _("Unknown field %(name)s.", name=wrong[0][:40])
        merged = dict(mapping.get(part) or {})
        merged.update(given)
        mapping[part] = merged
    if data.decisions is not None:
        if not all(is_decision(v) for v in data.decisions.values()):
            errors["decisions"] = _("Choose skip, merge, create or link.")
        mapping["decisions"] = {**(mapping.get("decisions") or {}), **data.decisions}
    if data.duplicates is not None:
        if data.duplicates not in DECISIONS:
            errors["duplicates"] = _("Choose skip, merge, create or link.")
        mapping["duplicates"] = data.duplicates
    if errors:
        raise FieldErrors(errors)
    batch.mapping = mapping
    db.flush()
    return batch


def preview(db: Session, *, batch: ImportBatch) -> Plan:
    """Every row as the commit would write it (nothing is written).

    The rows as read (mapping and input models) are kept for the batch's next call in this
    process (its commit right after the preview): the same file, mapping, language and day
    give the same rows. What depends on the database (imported before, duplicates) is always
    judged again."""
    mapping = _with_policy(batch.mapping)
    reading = {k: v for k, v in mapping.items() if k not in _DECIDING}  # what the rows depend on
    key = (
        batch.id,
        batch.file_sha256,
        json.dumps(reading, sort_keys=True, default=str),
        get_locale(),
        clock.today().isoformat(),
    )
    with _READ_LOCK:
        read_before = _READ.get(key)
    if read_before is None:
        read_before = read_rows(kind=kind_of(batch), sheet=sheet_of(batch), mapping=mapping)
        with _READ_LOCK:
            _READ[key] = read_before
            while len(_READ) > _READ_KEPT:
                _READ.popitem(last=False)
    plan = fresh(read_before)
    decide(plan, mapping)  # the decisions may have changed since the rows were read
    with in_centre(db, batch.centre_id):
        judge(db, plan, centre_id=batch.centre_id)
    return plan


def _forget(batch: ImportBatch) -> None:
    with _READ_LOCK:
        for key in [k for k in _READ if k[0] == batch.id]:
            del _READ[key]


_READ: OrderedDict[tuple[Any, ...], Plan] = OrderedDict()  # the sheets read last, newest last
_READ_KEPT = 3
_DECIDING = ("decisions", "duplicates", "default_decision")
_READ_LOCK = threading.Lock()


def _with_policy(mapping: dict[str, Any]) -> dict[str, Any]:
    """Flagged rows without a decision of their own get the batch's default one."""
    policy = mapping.get("duplicates")
    if policy not in DECISIONS:
        return mapping
    return {**mapping, "default_decision": policy}


def commit(db: Session, *, batch: ImportBatch) -> dict[str, int]:
    """Write the valid rows as one batch, in this unit of work; the file is dropped."""
    _draft(batch)
    with in_centre(db, batch.centre_id):
        plan = preview(db, batch=batch)
        batch.status = "committed"
        db.flush()  # written first: on SQLite the transaction now holds the write lock
        counts = writing.write(db, batch=batch, plan=plan)
        actor = actor_of(db)
        batch.counts = counts
        batch.committed_at = utcnow()
        batch.committed_by = actor.user_id if actor else None
        batch.content = None
        db.flush()
    _forget(batch)
    return counts


def undo(db: Session, *, batch: ImportBatch) -> dict[str, int]:
    """Delete everything the batch created (within UNDO_DAYS of its commit)."""
    if batch.status != "committed" or batch.committed_at is None:
        raise Conflict(_("Only a committed import can be undone."))
    if utcnow() - batch.committed_at > timedelta(days=UNDO_DAYS):
        raise Conflict(_("An import can be undone within %(n)d days only.", n=UNDO_DAYS))
    with in_centre(db, batch.centre_id):
        deleted = writing.undo(db, batch=batch)
        actor = actor_of(db)
        batch.status = "undone"
        batch.undone_at = utcnow()
        batch.undone_by = actor.user_id if actor else None
        db.flush()
    return deleted


def can_undo(batch: ImportBatch) -> bool:
    return (
        batch.status == "committed"
        and batch.committed_at is not None
        and utcnow() - batch.committed_at <= timedelta(days=UNDO_DAYS)
    )


# --- saved mappings -------------------------------------------------------------------------


def save_mapping(db: Session, *, batch: ImportBatch, name: str) -> ImportMapping:
    """The batch's column and value mapping under a name, for the next sheet of its kind."""
    keep = {k: v for k, v in batch.mapping.items() if k in ("columns", "values", "defaults")}
    with in_centre(db, batch.centre_id):
        saved = ImportMapping(centre_id=batch.centre_id, name=name, kind=batch.kind, mapping=keep)
        db.add(saved)
        db.flush()
    return saved


def list_mappings(db: Session, *, kind: str | None = None) -> list[ImportMapping]:
    query = select(ImportMapping).order_by(col(ImportMapping.name))
    if kind is not None:
        query = query.where(col(ImportMapping.kind) == kind)
    return list(db.scalars(query))
