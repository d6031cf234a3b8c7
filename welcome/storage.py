"""File contents every app host can read: in the database (default) or an S3 object store.

Uploaded documents, issued welcome-package PDFs and submitted report PDFs are kept here; the
row that owns a file keeps only the reference `put` returns, and that reference is all that is
needed to read or remove it again (`open`, `read`, `remove`), whatever is configured now:

- `db:<key>` — in the database: `stored_files` (one row per file) and `stored_file_chunks`
  (the bytes in pieces of CHUNK, BLOB on SQLite, bytea on PostgreSQL). Writing and reading go
  piece by piece, so memory stays bounded by CHUNK whatever the file size; a download reads
  each piece in a short transaction of its own, never holding one open while the client
  receives. Removed in the caller's transaction: the file goes exactly when its row goes.
- `s3://<bucket>/<key>` — in an S3-compatible object store (WELCOME_STORAGE_URL, boto3).
  An object cannot take part in the database transaction: `remove` queues the reference in
  `storage_removals` (in the caller's transaction) and the object is deleted right after the
  commit; what fails then is retried with a growing pause by `drain` (after every commit that
  queued something, when the app starts and every minute while it runs). An object written by
  `put` whose transaction rolls back is deleted at once (best effort; logged if that fails).
- `missing:<old path>` — a file the migration from WELCOME_DATA_DIR did not find on disk:
  reading it answers NotFound (as a missing file did before), removing it does nothing. The
  empty reference (a file removed on purpose, e.g. by retention) is treated the same way.
"""

from __future__ import annotations

import threading
import uuid
import weakref
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timedelta
from typing import Any, BinaryIO, cast

import structlog
from sqlalchemy import (
    BigInteger,
    Connection,
    Engine,
    LargeBinary,
    delete,
    event,
    insert,
    select,
    update,
)
from sqlalchemy.engine import CursorResult
from sqlmodel import Field, Session, SQLModel

from welcome import objectstore
from welcome.config import Settings, get_settings
from welcome.db import GLOBAL, UTCDateTime, utcnow
from welcome.errors import NotFound
from welcome.i18n import _
from welcome.objectstore import Config, Readable
from welcome.objectstore import Opened as Opened  # what `open` answers

log = structlog.get_logger()

CHUNK = 512 * 1024  # bytes per stored piece and per read of a download
RETRY_EVERY = 60.0  # seconds between the app's passes over the removal queue
MAX_PAUSE = timedelta(hours=1)


class StoredFile(SQLModel, table=True):
    """One file kept in the database; its bytes are in `stored_file_chunks`."""

    __tablename__ = "stored_files"
    __scope__ = GLOBAL  # reached only by the reference on a scoped row (document, package…)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=64, unique=True)
    size: int = Field(default=0, sa_type=BigInteger)
    chunks: int = 0
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class StoredChunk(SQLModel, table=True):
    """Piece `seq` (from 0) of a stored file, at most CHUNK bytes."""

    __tablename__ = "stored_file_chunks"
    __scope__ = GLOBAL

    file_id: int = Field(foreign_key="stored_files.id", primary_key=True, ondelete="CASCADE")
    seq: int = Field(primary_key=True)
    data: bytes = Field(sa_type=LargeBinary)


class StorageRemoval(SQLModel, table=True):
    """An object-store file whose row is gone: deleted after the commit, retried until done."""

    __tablename__ = "storage_removals"
    __scope__ = GLOBAL

    id: int | None = Field(default=None, primary_key=True)
    ref: str = Field(max_length=600)
    attempts: int = 0
    next_try_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    last_error: str = Field(default="", max_length=500)


_configs: weakref.WeakKeyDictionary[Engine, Config] = weakref.WeakKeyDictionary()


def install(engine: Engine, settings: Settings) -> Engine:
    """Use `settings`' storage for sessions on `engine` (the app does; otherwise the
    WELCOME_* environment counts, as for the command line and the migrations)."""
    _configs[engine] = Config.of(settings)
    return engine


def _engine(db: Session | Connection | Engine) -> Engine:
    bind: Any = db.get_bind() if isinstance(db, Session) else db
    return bind.engine if isinstance(bind, Connection) else bind


def _config(db: Session | Connection | Engine) -> Config:
    found = _configs.get(_engine(db))
    return found if found is not None else Config.of(get_settings())


# --- the database ---------------------------------------------------------------------------

_files = StoredFile.__table__  # type: ignore[attr-defined]
_chunks = StoredChunk.__table__  # type: ignore[attr-defined]
_removals = StorageRemoval.__table__  # type: ignore[attr-defined]


def _put_rows(db: Session | Connection, reader: Readable) -> str:
    key = uuid.uuid4().hex
    made = db.execute(insert(_files).values(key=key, size=0, chunks=0, created_at=utcnow()))
    primary = cast(CursorResult[Any], made).inserted_primary_key
    assert primary is not None
    ident = primary[0]
    size = seq = 0
    try:
        while piece := _fill(reader, CHUNK):
            db.execute(insert(_chunks).values(file_id=ident, seq=seq, data=piece))
            size += len(piece)
            seq += 1
        db.execute(update(_files).where(_files.c.id == ident).values(size=size, chunks=seq))
    except BaseException:
        db.execute(delete(_chunks).where(_chunks.c.file_id == ident))
        db.execute(delete(_files).where(_files.c.id == ident))
        raise
    return f"db:{key}"


def _fill(reader: Readable, size: int) -> bytes:
    """Up to `size` bytes (fewer only at the end): a stream may answer in smaller pieces."""
    parts, have = [], 0
    while have < size and (part := reader.read(size - have)):
        parts.append(part)
        have += len(part)
    return b"".join(parts)


def _file_row(db: Session | Connection, key: str) -> Any:
    found = db.execute(select(_files).where(_files.c.key == key)).first()
    if found is None:
        raise NotFound(_("The stored file is missing."))
    return found


def _open_rows(db: Session, key: str) -> Opened:
    row = _file_row(db, key)
    engine = _engine(db)

    def chunks() -> Iterator[bytes]:
        # one short transaction per piece: no transaction stays open while the client reads
        for seq in range(row.chunks):
            with engine.connect() as conn:
                piece = conn.execute(
                    select(_chunks.c.data).where(_chunks.c.file_id == row.id, _chunks.c.seq == seq)
                ).scalar()
                conn.rollback()
            if piece is None:
                raise NotFound(_("The stored file is missing."))
            yield bytes(piece)

    return Opened(size=row.size, chunks=chunks())


# --- the interface --------------------------------------------------------------------------


def _reader(data: bytes | BinaryIO | Readable | Iterable[bytes]) -> Readable:
    if isinstance(data, bytes | bytearray | memoryview):
        import io

        return io.BytesIO(bytes(data))
    if isinstance(data, Readable):
        return data
    return _IterReader(iter(data))


class _IterReader:
    """Pieces as a file: `read(n)` gives n bytes, fewer only at the end (as boto3 expects)."""

    def __init__(self, pieces: Iterator[bytes]) -> None:
        self._pieces, self._left = pieces, b""

    def read(self, size: int = -1, /) -> bytes:
        parts, have = [], 0
        while size < 0 or have < size:
            if not self._left:
                piece = next(self._pieces, None)
                if piece is None:
                    break
                self._left = piece
            want = len(self._left) if size < 0 else size - have
            part, self._left = self._left[:want], self._left[want:]
            parts.append(part)
            have += len(part)
        return b"".join(parts)


def put(db: Session | Connection, *, data: bytes | BinaryIO | Readable | Iterable[bytes]) -> str:
    """Store `data` (bytes, a stream read piece by piece, or an iterable of pieces) where
    new files go now; the reference to keep on the row. Whatever `data.read` raises (a size
    limit) ends the write and leaves nothing behind."""
    config = _config(db)
    reader = _reader(data)
    if not config.url:
        return _put_rows(db, reader)
    ref = objectstore.put_object(config, reader)
    if isinstance(db, Session):
        _forget_on_rollback(db, config, ref)
    return ref


def open(db: Session, *, ref: str) -> Opened:
    """The file behind `ref` for a download, read piece by piece; NotFound when it is gone."""
    scheme, rest = _parse(ref)
    if scheme == "db":
        return _open_rows(db, rest)
    if scheme == "s3":
        return objectstore.open_object(_config(db), ref)
    raise NotFound(_("The stored file is missing."))


def read(db: Session | Connection, *, ref: str) -> bytes:
    """The whole file behind `ref` (small files: PDFs issued or submitted)."""
    scheme, rest = _parse(ref)
    if scheme == "db":
        row = _file_row(db, rest)
        pieces = db.execute(
            select(_chunks.c.data).where(_chunks.c.file_id == row.id).order_by(_chunks.c.seq)
        ).scalars()
        return b"".join(bytes(p) for p in pieces)
    if scheme == "s3":
        return b"".join(objectstore.open_object(_config(db), ref).chunks)
    raise NotFound(_("The stored file is missing."))


def remove(db: Session | Connection, *, ref: str) -> None:
    """Remove the file behind `ref`: at once in this transaction (database), or queued in
    it and deleted right after the commit, retried until it is (object store)."""
    scheme, rest = _parse(ref)
    if scheme == "db":
        found = db.execute(select(_files.c.id).where(_files.c.key == rest)).scalar()
        if found is not None:
            db.execute(delete(_chunks).where(_chunks.c.file_id == found))
            db.execute(delete(_files).where(_files.c.id == found))
    elif scheme == "s3":
        db.execute(insert(_removals).values(ref=ref, attempts=0, next_try_at=utcnow()))
        if isinstance(db, Session) and not db.info.get("storage_drain"):
            db.info["storage_drain"] = True
            engine = _engine(db)
            event.listen(db, "after_commit", lambda _s: drain_soon(engine), once=True)


def _parse(ref: str) -> tuple[str, str]:
    if not ref:  # a row whose file was removed on purpose (retention blanks the reference)
        return "missing", ""
    scheme, sep, rest = ref.partition(":")
    if not sep or scheme not in {"db", "s3", "missing"} or not rest:
        raise ValueError(f"not a storage reference: {ref!r}")
    return scheme, rest


def _forget_on_rollback(db: Session, config: Config, ref: str) -> None:
    """Delete the object again if the session's transaction does not commit (a "soft"
    rollback too: the session may have done no database work yet)."""
    written: list[tuple[Config, str]] | None = db.info.get("storage_written")
    if written is None:
        written = db.info["storage_written"] = []

        def forget(_session: Any, previous: Any) -> None:
            if previous.nested:
                return
            for config, ref in written:
                try:
                    objectstore.delete_object(config, ref)
                except Exception:  # the transaction is gone; the object stays unreferenced
                    log.exception("storage_orphan", ref=ref)
            written.clear()

        event.listen(db, "after_soft_rollback", forget)
        event.listen(db, "after_commit", lambda _s: written.clear())
    if not db.in_transaction():
        db.begin()  # no connection yet: only so that a rollback is one the events see
    written.append((config, ref))


# --- the removal queue ----------------------------------------------------------------------


def drain(engine: Engine, *, now: datetime | None = None) -> int:
    """Delete the queued objects that are due; the number deleted. A failure is tried again
    later (after 2, 4, 8 … seconds, at most an hour). No transaction stays open meanwhile."""
    now = now or utcnow()
    with engine.connect() as conn:
        due = conn.execute(
            select(_removals.c.id, _removals.c.ref, _removals.c.attempts)
            .where(_removals.c.next_try_at <= now)
            .order_by(_removals.c.id)
            .limit(200)
        ).all()
        conn.rollback()
    config = _configs.get(engine) or Config.of(get_settings())
    done = 0
    for ident, ref, attempts in due:
        try:
            objectstore.delete_object(config, ref)
        except Exception as exc:
            pause = min(timedelta(seconds=2 ** min(attempts + 1, 12)), MAX_PAUSE)
            log.warning("storage_removal_failed", ref=ref, attempts=attempts + 1, error=str(exc))
            with engine.begin() as conn:
                conn.execute(
                    update(_removals)
                    .where(_removals.c.id == ident)
                    .values(
                        attempts=attempts + 1,
                        next_try_at=utcnow() + pause,
                        last_error=str(exc)[:500],
                    )
                )
            continue
        with engine.begin() as conn:
            conn.execute(delete(_removals).where(_removals.c.id == ident))
        done += 1
    return done


def drain_soon(engine: Engine) -> None:
    """`drain` in a thread of its own (after a commit: the request does not wait for it)."""
    threading.Thread(target=_drain_quietly, args=(engine,), daemon=True).start()


def _drain_quietly(engine: Engine) -> None:
    try:
        drain(engine)
    except Exception:
        log.exception("storage_drain_failed")


def keep_draining(engine: Engine, *, every: float = RETRY_EVERY) -> Callable[[], None]:
    """Drain now and every `every` seconds in a thread until the returned stop is called."""
    stop = threading.Event()

    def loop() -> None:
        while True:
            _drain_quietly(engine)
            if stop.wait(every):
                return

    threading.Thread(target=loop, name="storage-removals", daemon=True).start()
    return stop.set
