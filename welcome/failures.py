"""Failures of the machine rather than of the request: the database out of reach or busy
beyond the lock wait (503, try again), the disk full or read-only (507, nothing saved).

Both error handlers (welcome/problems.py) ask `classify` before they answer a generic 500,
so a person sees what happened and what to do, in her language.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass

from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from welcome.i18n import _
from welcome.locking import is_lock_timeout

RETRY_AFTER_SECONDS = 30
_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EFBIG})


@dataclass(frozen=True, slots=True)
class Failure:
    status: int
    title: str
    message: str
    retry_after: int | None = None


def _text(exc: BaseException) -> str:
    return str(getattr(exc, "orig", None) or exc).lower()


def _storage_full(exc: BaseException) -> bool:
    if isinstance(exc, OSError) and exc.errno in _FULL_ERRNOS:
        return True
    text = _text(exc)
    return any(
        words in text
        for words in (
            "database or disk is full",  # SQLite: SQLITE_FULL
            "attempt to write a readonly database",  # SQLite: SQLITE_READONLY
            "no space left on device",  # PostgreSQL: could not extend file
            "disk full",
            "read-only file system",
        )
    )


def _unreachable(exc: BaseException) -> bool:
    if isinstance(exc, DisconnectionError | PoolTimeout):
        return True
    if isinstance(exc, DBAPIError):
        if exc.connection_invalidated or is_lock_timeout(exc):
            return True
        name = type(exc.orig).__name__ if exc.orig is not None else ""
        # psycopg: OperationalError (refused, terminated); sqlite3: unable to open the file
        text = _text(exc)
        return name in ("OperationalError", "InterfaceError") and (
            "connect" in text
            or "unable to open database" in text
            or "terminat" in text
            or "server closed" in text
            or "the database system is" in text  # starting up, shutting down, in recovery
        )
    return False


def classify(exc: BaseException) -> Failure | None:
    """What to tell about `exc` if it is a failure of the machine; None for a bug (a 500)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:  # also when wrapped
        seen.add(id(current))
        if _storage_full(current):
            return Failure(
                507,
                _("Storage full"),
                _(
                    "The server's storage is full or cannot be written to, so nothing was "
                    "saved. Please tell your administrator."
                ),
            )
        if _unreachable(current):
            return Failure(
                503,
                _("Service unavailable"),
                _(
                    "The database cannot be reached at the moment, so nothing was saved. "
                    "Please try again in a minute."
                ),
                retry_after=RETRY_AFTER_SECONDS,
            )
        current = current.__cause__ or current.__context__
    return None
