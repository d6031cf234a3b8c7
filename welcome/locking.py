"""Database work under mixed load: short transactions, SQLite locks waited for, never on the
event loop.

SQLite (WAL) lets many read but one write at a time. A transaction that reads first and
writes later (every request here: the login's read, then an audit entry at commit) cannot
wait for the write lock: when another writer committed since its first read, SQLite refuses
at once with "database is locked" (SQLITE_BUSY_SNAPSHOT) and no busy timeout helps. So every
transaction of the app's engine begins with `BEGIN IMMEDIATE`: it takes the write lock first,
waiting up to `BUSY_TIMEOUT_MS` for it, and after that nothing in it can meet a lock. A
transaction that did not get the lock in time is answered 503 with Retry-After
(welcome/problems.py), never half-done. Transactions are kept short instead: nothing waits
on the network while one is open (the body is read before the route runs, welcome/limits.py)
and a PDF render ends the transaction before it starts (`end_transaction`).

PostgreSQL locks rows, not the database: its transactions begin as they are.

`guard_loop` makes a statement on the event loop's thread an error (the test suite) or a
logged warning: such a statement stops every other request while it waits for the database.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any, TypeVar

import structlog
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

log = structlog.get_logger()
ResultT = TypeVar("ResultT")

# how long a transaction waits for SQLite's write lock before the request is answered 503
BUSY_TIMEOUT_MS = 20_000
LOCKED = "database is locked"


class DatabaseOnEventLoop(RuntimeError):
    """A statement ran on the event loop's thread (a bug: it blocks every request)."""


class FifoLock:
    """A lock taken in the order asked for (threads waiting on SQLite's busy handler are
    woken by polling, and under steady load one of them could wait past any timeout)."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._queue: deque[object] = deque()
        self._held = False

    def acquire(self, timeout: float) -> bool:
        me = object()
        deadline = time.monotonic() + timeout
        with self._changed:
            self._queue.append(me)
            while self._held or self._queue[0] is not me:
                left = deadline - time.monotonic()
                if left <= 0:
                    self._queue.remove(me)
                    self._changed.notify_all()
                    return False
                self._changed.wait(left)
            self._queue.popleft()
            self._held = True
            return True

    def release(self) -> None:
        with self._changed:
            self._held = False
            self._changed.notify_all()


def install(engine: Engine, *, guard_loop: bool | str = False) -> Engine:
    """Set up an engine the app (or a command) writes through. `guard_loop`: True raises,
    "log" logs a statement run on the event loop."""
    if engine.dialect.name == "sqlite":
        _one_writer_at_a_time(engine)
    if guard_loop:
        event.listen(engine, "before_cursor_execute", _on_loop_check(raise_=guard_loop is True))
    return engine


def _driver_without_transactions(dbapi_connection: Any, _record: Any) -> None:
    # the sqlite3 module would begin its own deferred transactions before a write; SQLAlchemy
    # begins them instead (`_begin_immediate`), and commit/rollback end them as before
    dbapi_connection.isolation_level = None
    dbapi_connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


def _one_writer_at_a_time(engine: Engine) -> None:
    """Within this process the transactions of the engine take turns in the order they
    began (`FifoLock`), each then `BEGIN IMMEDIATE` (other processes: SQLite's busy wait);
    the turn ends when the transaction commits or rolls back, or its connection is gone."""
    turn = FifoLock()
    holders: set[int] = set()
    guard = threading.Lock()

    def end_turn(connection: Any) -> None:
        # the dialect is given the pool's proxy, the pool events the driver's connection
        raw = getattr(connection, "dbapi_connection", connection)
        with guard:
            if id(raw) not in holders:
                return
            holders.discard(id(raw))
        turn.release()

    def begin(connection: Connection) -> None:
        if not turn.acquire(BUSY_TIMEOUT_MS / 1000):
            raise OperationalError("BEGIN IMMEDIATE", None, sqlite3.OperationalError(LOCKED))
        dbapi_connection = connection.connection.dbapi_connection
        with guard:
            holders.add(id(dbapi_connection))
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            end_turn(dbapi_connection)
            raise

    dialect: Any = engine.dialect
    commit, rollback = dialect.do_commit, dialect.do_rollback

    def do_commit(dbapi_connection: Any) -> None:
        try:
            commit(dbapi_connection)
        finally:
            end_turn(dbapi_connection)

    def do_rollback(dbapi_connection: Any) -> None:
        try:
            rollback(dbapi_connection)
        finally:
            end_turn(dbapi_connection)

    dialect.do_commit, dialect.do_rollback = do_commit, do_rollback
    event.listen(engine, "connect", _driver_without_transactions)
    event.listen(engine, "begin", begin)
    for gone in ("close", "invalidate", "soft_invalidate", "detach"):
        event.listen(engine, gone, lambda dbapi_connection, *_rest: end_turn(dbapi_connection))


def _on_loop_check(*, raise_: bool) -> Any:
    def check(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return  # a worker thread or a command: where database work belongs
        if raise_:
            raise DatabaseOnEventLoop(f"database work on the event loop: {statement[:120]}")
        log.warning("database_on_event_loop", statement=statement[:120])

    return check


def end_transaction(db: Session) -> None:
    """Commit the unit of work so far (its reads' audit entries) before a long wait, e.g. a
    PDF render, so that no lock is held meanwhile; the session goes on in a new transaction.
    Called by endpoints only (services flush, never commit)."""
    db.commit()


def is_lock_timeout(exc: BaseException) -> bool:
    """SQLite's write lock was not free within the busy timeout (or PostgreSQL's lock wait
    was cancelled): the request may be tried again."""
    text = str(getattr(exc, "orig", exc)).lower()
    return "database is locked" in text or "lock timeout" in text or "deadlock" in text


def released(db: Session, function: Callable[..., ResultT]) -> Callable[..., ResultT]:
    """`function` (a PDF render a service is given) called only after the transaction so far
    is committed (`end_transaction`): the service goes on in a new one when it returns."""

    def call(*args: Any, **kwargs: Any) -> ResultT:
        end_transaction(db)
        return function(*args, **kwargs)

    return call
