"""One host at a time: a retention run holds a database lock, so several app hosts (or a
command started beside `welcome serve`) never run it twice.

PostgreSQL: a session-level advisory lock (`pg_try_advisory_lock`) on a connection kept open
for the run; it is released when the run ends or its connection dies. SQLite (one file, one
host): the lease in the `retention_lock` row, taken with one conditional UPDATE; a lease
whose holder died expires after `LEASE`.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import or_, text, update
from sqlalchemy.engine import Engine
from sqlmodel import col

from cases.retention.models import RetentionLock
from welcome.db import utcnow

PG_KEY = 0x72657465  # "rete": the run's advisory lock key, the same in every process
LEASE = timedelta(hours=6)


def holder_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


@contextmanager
def held(engine: Engine, *, holder: str | None = None) -> Iterator[bool]:
    """True inside while this process holds the run's lock; False when another one does."""
    me = holder or holder_name()
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            got = bool(
                connection.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": PG_KEY}).scalar()
            )
            connection.commit()
            try:
                yield got
            finally:
                if got:
                    connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": PG_KEY})
                    connection.commit()
        return
    now = utcnow()
    take = (
        update(RetentionLock)
        .where(col(RetentionLock.id) == 1)
        .where(or_(col(RetentionLock.holder).is_(None), col(RetentionLock.until) < now))
        .values(holder=me, until=now + LEASE)
    )
    with engine.begin() as connection:
        got = connection.execute(take).rowcount == 1
    try:
        yield got
    finally:
        if got:
            free = (
                update(RetentionLock)
                .where(col(RetentionLock.id) == 1, col(RetentionLock.holder) == me)
                .values(holder=None, until=None)
            )
            with engine.begin() as connection:
                connection.execute(free)
