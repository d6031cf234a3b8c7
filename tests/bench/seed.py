"""What the benches do alike: a database on each backend (SQLite in a temporary folder, a
throw-away PostgreSQL server when its binaries are found), migrated; a bench centre with demo
persons seeded by the demo generator; fresh planner statistics; the machine's load before and
after. Each bench keeps its own data, measurements and printed figures."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, text
from sqlmodel import Session

from cases.counselling import demo
from tests import pg
from welcome import migrate
from welcome.accounts import service as accounts
from welcome.db import Actor


def load() -> str:
    """The machine's load average (1/5/15 min), as the benches print it."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


@contextmanager
def postgres(database: str, *, migrated: bool = True) -> Iterator[str | None]:
    """The URL of a new database on a throw-away server (migrated unless told), None when
    there are no PostgreSQL server binaries."""
    bindir = pg.find_bindir()
    if bindir is None:
        yield None
        return
    with pg.running_server(bindir) as server:
        admin = create_engine(server.url("postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f"CREATE DATABASE {database}"))
        admin.dispose()
        url = server.url(database)
        if migrated:
            migrate.upgrade(url)
        yield url


def on_both_backends(title: str, database: str, measure: Callable[[str, str], None]) -> None:
    """`measure(label, url)` on SQLite, then on PostgreSQL (`title (PostgreSQL): skipped…`
    without its binaries), between two lines of the machine's load."""
    print(f"machine load (1/5/15 min): {load()}")
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        migrate.upgrade(url)
        measure("SQLite", url)
    with postgres(database) as url_pg:
        if url_pg is None:
            print(f"{title} (PostgreSQL): skipped, no server binaries")
            return
        measure("PostgreSQL", url_pg)
    print(f"machine load after (1/5/15 min): {load()}")


def centre(db: Session, *, persons: int, seed: int, name: str = "Bench") -> tuple[int, list[int]]:
    """A centre with `persons` demo persons (cases, contacts…): its id and the persons' ids."""
    made = accounts.create_centre(db, name=name)
    assert made.id is not None
    return made.id, demo.generate(db, centre_id=made.id, persons=persons, seed=seed)


def user(db: Session, centre_id: int, *, email: str, role: str, password: str) -> Actor:
    """A user of the centre, as the actor of a unit of work."""
    made = accounts.create_user(db, email=email, password=password, role=role, centre_id=centre_id)
    return Actor(user_id=made.id, centre_id=centre_id, role=role)


def analyze(engine: Engine) -> None:
    """Fresh planner statistics, as autovacuum would give."""
    with engine.connect() as conn:
        conn.execute(text("ANALYZE"))
        conn.commit()


def vacuum(url: str, *, rounds: int = 5) -> int:
    """VACUUM ANALYZE until the visibility map covers the tables (index-only scans), as
    autovacuum leaves a live database; the rounds it took. Right after a bulk load one round
    often marks no page all-visible (measured: 0 of 3,742 pages of person_search_keys, then all
    of them in the second round), and the search-key scans then visit the heap for every row."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    covered = "SELECT COALESCE(SUM(relallvisible), 0) >= 0.95 * COALESCE(SUM(relpages), 0) "
    covered += "FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace"
    try:
        with engine.connect() as conn:
            for done in range(1, rounds + 1):
                conn.execute(text("VACUUM ANALYZE"))
                if conn.scalar(text(covered)):
                    return done
    finally:
        engine.dispose()
    return rounds
