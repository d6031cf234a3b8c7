"""SQLite transactions of one process take turns in order, a turn always ends (commit,
rollback, an error, a connection gone), and a turn not had in time is a lock timeout."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from welcome import locking
from welcome.db import make_engine
from welcome.failures import classify


def test_a_turn_ends_whatever_happens(tmp_path: Path) -> None:
    engine = locking.install(make_engine(f"sqlite:///{tmp_path / 'x.db'}"))
    try:
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE t (n INTEGER)"))
        with pytest.raises(OperationalError), engine.begin() as conn:
            conn.execute(text("SELECT * FROM no_such_table"))
        with engine.connect() as conn:  # rolled back when returned to the pool
            conn.execute(text("INSERT INTO t VALUES (1)"))
        started = time.monotonic()
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO t VALUES (2)"))
        assert time.monotonic() - started < 1  # nobody held the turn
        with engine.connect() as conn:
            assert conn.execute(text("SELECT n FROM t")).scalars().all() == [2]
    finally:
        engine.dispose()


def test_turns_are_taken_in_order() -> None:
    lock = locking.FifoLock()
    assert lock.acquire(1)
    order: list[int] = []

    def wait(n: int) -> None:
        assert lock.acquire(5)
        order.append(n)
        lock.release()

    threads = []
    for n in range(5):
        threads.append(threading.Thread(target=wait, args=(n,)))
        threads[-1].start()
        time.sleep(0.05)  # each one asks after the one before
    lock.release()
    for thread in threads:
        thread.join()
    assert order == [0, 1, 2, 3, 4]


def test_a_turn_not_had_in_time_is_a_503(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(locking, "BUSY_TIMEOUT_MS", 200)
    engine = locking.install(make_engine(f"sqlite:///{tmp_path / 'x.db'}"))
    try:
        holder = engine.connect()
        holder.begin()
        holder.execute(text("SELECT 1"))
        try:
            failed: list[BaseException] = []

            def other() -> None:
                try:
                    with engine.begin() as conn:
                        conn.execute(text("SELECT 1"))
                except OperationalError as exc:
                    failed.append(exc)

            thread = threading.Thread(target=other)
            thread.start()
            thread.join()
            assert failed and locking.is_lock_timeout(failed[0])
            found = classify(failed[0])
            assert found is not None and found.status == 503
        finally:
            holder.close()
    finally:
        engine.dispose()
