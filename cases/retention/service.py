"""The retention run as the command, the scheduler and a lead start it, under the lock;
and the daily scheduler inside `welcome serve`."""

from __future__ import annotations

import threading
from datetime import date

import structlog
from sqlalchemy.engine import Engine

from cases.retention import lock
from cases.retention.run import Result, ran_today, run
from welcome import clock
from welcome.db import SYSTEM, session_factory, unit_of_work

log = structlog.get_logger()
CHECK_SECONDS = 3600.0  # the scheduler looks every hour whether today's run is done


class Busy(RuntimeError):
    """Another host runs retention now."""


def run_locked(engine: Engine, *, as_of: date | None = None, dry_run: bool = False,
               started_by: str = "cli") -> Result:  # fmt: skip
    """One run under the database lock (`Busy` when another host holds it)."""
    sessions = session_factory(engine)
    with lock.held(engine) as got:
        if not got:
            raise Busy("another host runs retention now")
        return run(sessions, as_of=as_of, dry_run=dry_run, started_by=started_by)


def run_if_due(engine: Engine, *, today: date | None = None) -> Result | None:
    """The scheduler's daily run: only if no host did today's run yet (checked under the
    lock, so two hosts starting together run it once)."""
    day = today or clock.today()
    sessions = session_factory(engine)
    with lock.held(engine) as got:
        if not got:
            return None
        with unit_of_work(sessions, actor=SYSTEM) as db:
            if ran_today(db, day=day):
                return None
        return run(sessions, as_of=day, started_by="scheduler")


class Scheduler:
    """A daemon thread of `welcome serve` that runs retention once a day."""

    def __init__(self) -> None:
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._loop, name="retention", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def _loop(self) -> None:
        from welcome.config import get_settings
        from welcome.db import make_engine
        from welcome.locking import install

        settings = get_settings()
        engine = install(make_engine(settings.effective_database_url))
        try:
            while not self._stop.is_set():
                try:
                    done = run_if_due(engine)
                    if done is not None:
                        log.info("retention_run", as_of=str(done.as_of), counts=done.counts)
                except Exception:  # never the server's end: tried again in an hour
                    log.exception("retention_run_failed")
                self._stop.wait(CHECK_SECONDS)
        finally:
            engine.dispose()


SCHEDULER = Scheduler()
