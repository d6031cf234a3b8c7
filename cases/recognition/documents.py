"""Documents of a procedure: checked by content, stored atomically outside the web root.

Files live in `settings.data_dir / "uploads" / <centre id> / <random name>`; the table keeps
the original (cleaned) name, the type found in the content, the size and the SHA-256. A file
is written to a temporary name and renamed when complete; if anything fails afterwards (the
row, the flush, the commit) the file is removed again, so a rejected upload leaves nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import unicodedata
import uuid
from pathlib import Path
from typing import Any, BinaryIO

from fastapi.responses import FileResponse
from sqlalchemy import event, select
from sqlmodel import Session, col

from cases.recognition.models import RecognitionDocument, RecognitionProcedure
from cases.recognition.schemas import DocumentIn
from cases.recognition.service import note_document
from welcome.audit import AuditAction, record
from welcome.config import Settings
from welcome.db import actor_of
from welcome.errors import FieldErrors, NotFound
from welcome.i18n import _

CHUNK = 64 * 1024
SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
)
EXTENSIONS = {content_type: ext for _sig, content_type, ext in SIGNATURES}


class UploadRejected(FieldErrors):
    """A file that is not accepted; `http_status` is 413 for too large, else 422."""

    def __init__(self, message: str, *, http_status: int = 422) -> None:
        super().__init__({"file": message})
        self.http_status = http_status


def uploads_root(settings: Settings) -> Path:
    return (settings.data_dir / "uploads").resolve()


def sniff(head: bytes) -> str | None:
    """The content type by the first bytes (PDF, JPEG, PNG), or None."""
    for signature, content_type, _ext in SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


# the extensions a name may end in for each type found by `sniff`
MATCHING = {
    "application/pdf": (".pdf",),
    "image/jpeg": (".jpg", ".jpeg", ".jpe"),
    "image/png": (".png",),
}


def clean_filename(name: str | None, content_type: str | None = None) -> str:
    """A display name: no directories, no control or format characters (bidi overrides
    among them), at most 200 characters; and when the type is known, ending in an extension
    of that type ("x.html" holding a PDF is shown as "x.html.pdf"), kept when shortened."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = unicodedata.normalize("NFC", base)
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip(" .")
    base = re.sub(r"\s+", " ", base) or "document"
    if content_type is None:
        return base[:200]
    allowed = MATCHING.get(content_type, (EXTENSIONS.get(content_type, ""),))
    stem, dot, ext = base.rpartition(".")
    if dot and f".{ext.lower()}" in allowed:
        stem, suffix = stem, f".{ext}"
    else:
        stem, suffix = base, allowed[0]
    return stem[: 200 - len(suffix)].rstrip(" .") + suffix


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


def create(
    db: Session,
    *,
    settings: Settings,
    procedure: RecognitionProcedure,
    stream: BinaryIO,
    filename: str | None,
    data: DocumentIn,
) -> RecognitionDocument:
    """Store one uploaded file for `procedure` (which the caller fetched through the scope)."""
    assert procedure.id is not None
    limit = settings.upload_max_mb * 1024 * 1024
    directory = uploads_root(settings) / str(procedure.centre_id)
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    name = uuid.uuid4().hex
    temporary = directory / f".{name}.part"
    digest = hashlib.sha256()
    size = 0
    head = b""
    try:
        with temporary.open("xb") as out:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise UploadRejected(
                        _("The file is larger than %(n)d MB.", n=settings.upload_max_mb),
                        http_status=413,
                    )
                if len(head) < 16:
                    head += chunk[: 16 - len(head)]
                digest.update(chunk)
                out.write(chunk)
            if size == 0:
                raise UploadRejected(_("The file is empty."))
            content_type = sniff(head)
            if content_type is None:
                raise UploadRejected(_("Only PDF, JPEG and PNG files can be uploaded."))
            out.flush()
            os.fsync(out.fileno())
        final = directory / f"{name}{EXTENSIONS[content_type]}"
        os.replace(temporary, final)
    except BaseException:
        _remove(temporary)
        raise

    committed: list[bool] = []

    def forget(_session: Any) -> None:
        if not committed:
            _remove(final)

    def keep(_session: Any) -> None:
        committed.append(True)

    try:
        document = RecognitionDocument(
            procedure_id=procedure.id,
            centre_id=procedure.centre_id,
            kind=data.kind.value,
            filename=clean_filename(filename, content_type),
            content_type=content_type,
            size=size,
            sha256=digest.hexdigest(),
            storage_key=f"{procedure.centre_id}/{final.name}",
            uploaded_by=(actor.user_id if (actor := actor_of(db)) else None),
        )
        db.add(document)
        db.flush()
        note_document(db, procedure=procedure, filename=document.filename)
        db.flush()
    except BaseException:
        _remove(final)
        raise
    # the commit comes later (end of the request): remove the file if it is rolled back
    event.listen(db, "after_rollback", forget, once=True)
    event.listen(db, "after_commit", keep, once=True)
    return document


def list_for(db: Session, *, procedure_id: int) -> list[RecognitionDocument]:
    return list(
        db.scalars(
            select(RecognitionDocument)
            .where(col(RecognitionDocument.procedure_id) == procedure_id)
            .order_by(col(RecognitionDocument.id))
        )
    )


def get(
    db: Session, *, settings: Settings, procedure_id: int, document_id: int
) -> tuple[RecognitionDocument, Path]:
    """The document and its file for a download, through the centre scope; audited."""
    document = db.scalar(
        select(RecognitionDocument).where(
            col(RecognitionDocument.id) == document_id,
            col(RecognitionDocument.procedure_id) == procedure_id,
        )
    )
    if document is None:
        raise NotFound(_("No such document."))
    root = uploads_root(settings)
    path = (root / document.storage_key).resolve()
    if root not in path.parents or not path.is_file():
        raise NotFound(_("No such document."))
    record(db, action=AuditAction.VIEW, entity="recognition_documents", entity_id=document.id)
    return document, path


def file_response(document: RecognitionDocument, path: Path) -> FileResponse:
    """The file as an attachment, never rendered inline by the browser."""
    return FileResponse(
        path,
        media_type=document.content_type,
        filename=document.filename,
        content_disposition_type="attachment",
        headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "private, no-store"},
    )
