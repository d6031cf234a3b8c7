"""Mixed load on a real server (loopback, bounded): 20 writers and 4 package issuers for
LOAD_SECONDS on each backend, no error at all, and every confirmed write stored.

Before this round SQLite answered 500 "database is locked" to writes that met the render's
open transaction; `make bench` runs the same for 60 s with percentiles (tests/bench).
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import create_engine, func, select, text

from tests import load

LOAD_SECONDS = float(os.environ.get("WELCOME_LOAD_SECONDS", "30"))  # issue 19: 30 s


def test_mixed_load_without_errors(db_url: str, tmp_path: Path) -> None:
    tokens = load.seed(db_url)
    with load.served(db_url, tmp_path, WELCOME_ENV="test") as base:
        seeded = load.persons(base, tokens[0])
        result = load.run(base, tokens=tokens, package_person_ids=seeded, seconds=LOAD_SECONDS)
    print(load.summary(result))

    assert not result.errors, "\n".join(result.errors[:20])
    assert len(result.person_ids) >= 20 * 2, load.summary(result)  # every writer got through
    assert len(result.package_ids) >= 4, load.summary(result)  # every issuer got through
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            persons = set(conn.execute(text("SELECT id FROM persons")).scalars())
            packages = set(conn.execute(text("SELECT id FROM welcome_packages")).scalars())
            entries = conn.execute(
                select(func.count())
                .select_from(text("audit_log"))
                .where(text("action = 'create' AND entity = 'persons'"))
            ).scalar()
    finally:
        engine.dispose()
    assert set(result.person_ids) <= persons  # every confirmed write is stored
    assert set(result.package_ids) <= packages
    assert entries == len(persons)  # and audited, once each
    log = (tmp_path / "serve.log").read_text()
    assert "database_on_event_loop" not in log and "Traceback" not in log, log[-3000:]
