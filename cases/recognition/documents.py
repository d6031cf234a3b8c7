"""Documents of a procedure: checked by content, stored in welcome.storage (the database
or the object store, readable from every app host), never in the web root.

The table keeps the original (cleaned) name, the type found in the content, the size, the
SHA-256 and the storage reference (`storage_key`). The upload is checked while it is read
(the size limit) and stored piece by piece; if anything fails (the limit, the row, the flush,
the commit) the transaction's rollback removes the stored file again, so a rejected upload
leaves nothing.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from email.utils import formatdate
from typing import BinaryIO
from urllib.parse import quote

from fastapi.responses import StreamingResponse
from sqlalchemy import select
from sqlmodel import Session, col

from cases.recognition.models import RecognitionDocument, RecognitionProcedure
from cases.recognition.schemas import DocumentIn
from cases.recognition.service import note_document
from welcome import storage
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


class _Checked:
    """The upload read through: size within the limit, SHA-256, the first bytes for `sniff`."""

    def __init__(self, stream: BinaryIO, *, limit_mb: int) -> None:
        self._stream, self._limit_mb = stream, limit_mb
        self.size, self.digest = 0, hashlib.sha256()
        self.head = self._take(CHUNK)
        self._pending = self.head

    def _take(self, size: int) -> bytes:
        chunk = self._stream.read(size)
        self.size += len(chunk)
        if self.size > self._limit_mb * 1024 * 1024:
            raise UploadRejected(
                _("The file is larger than %(n)d MB.", n=self._limit_mb), http_status=413
            )
        self.digest.update(chunk)
        return chunk

    def read(self, size: int = -1, /) -> bytes:
        """Like a file: `size` bytes, fewer only at the end (all that is left for -1)."""
        parts, have = [], 0
        while size < 0 or have < size:
            if self._pending:
                want = len(self._pending) if size < 0 else size - have
                part, self._pending = self._pending[:want], self._pending[want:]
            else:
                part = self._take(CHUNK if size < 0 else min(size - have, CHUNK))
            if not part:
                break
            parts.append(part)
            have += len(part)
        return b"".join(parts)


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
    upload = _Checked(stream, limit_mb=settings.upload_max_mb)
    if not upload.head:
        raise UploadRejected(_("The file is empty."))
    content_type = sniff(upload.head[:16])
    if content_type is None:
        raise UploadRejected(_("Only PDF, JPEG and PNG files can be uploaded."))
    ref = storage.put(db, data=upload)  # a rollback later removes it again
    document = RecognitionDocument(
        procedure_id=procedure.id,
        centre_id=procedure.centre_id,
        kind=data.kind.value,
        filename=clean_filename(filename, content_type),
        content_type=content_type,
        size=upload.size,
        sha256=upload.digest.hexdigest(),
        storage_key=ref,
        uploaded_by=(actor.user_id if (actor := actor_of(db)) else None),
    )
    db.add(document)
    db.flush()
    note_document(db, procedure=procedure, filename=document.filename)
    db.flush()
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
    db: Session, *, procedure_id: int, document_id: int
) -> tuple[RecognitionDocument, storage.Opened]:
    """The document and its file for a download, through the centre scope; audited."""
    document = db.scalar(
        select(RecognitionDocument).where(
            col(RecognitionDocument.id) == document_id,
            col(RecognitionDocument.procedure_id) == procedure_id,
        )
    )
    if document is None:
        raise NotFound(_("No such document."))
    try:
        opened = storage.open(db, ref=document.storage_key)
    except NotFound:
        raise NotFound(_("No such document.")) from None
    record(db, action=AuditAction.VIEW, entity="recognition_documents", entity_id=document.id)
    return document, opened


def content_disposition(filename: str) -> str:
    """As Starlette's FileResponse writes it (attachment; RFC 5987 for other characters)."""
    quoted = quote(filename)
    if quoted != filename:
        return f"attachment; filename*=utf-8''{quoted}"
    return f'attachment; filename="{filename}"'


def file_response(document: RecognitionDocument, opened: storage.Opened) -> StreamingResponse:
    """The file as an attachment, never rendered inline by the browser; streamed piece by
    piece from the storage (the same headers on every host: the ETag is the SHA-256)."""
    return StreamingResponse(
        opened.chunks,
        media_type=document.content_type,
        headers={
            "Content-Disposition": content_disposition(document.filename),
            "Content-Length": str(opened.size),
            "Last-Modified": formatdate(document.created_at.timestamp(), usegmt=True),
            "ETag": f'"{document.sha256}"',
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
        },
    )
