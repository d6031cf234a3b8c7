"""The audit log's hash chain: `welcome audit verify` finds a changed, removed or inserted
entry on both backends; the log refuses TRUNCATE (PostgreSQL) and INSERT OR REPLACE
(SQLite) as it refuses UPDATE and DELETE."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.exc import DBAPIError

from tests import pg
from tests.conftest import Factory, make_settings
from welcome.audit_chain import link, verify

ROOT = Path(__file__).resolve().parent.parent
_numbers = itertools.count()


def _entries(factory: Factory, n: int = 6) -> None:
    centre = factory.centre()
    for _ in range(n - 1):
        factory.user(centre=centre)


@pytest.fixture
def raw(db_url: str) -> Iterator[Connection]:
    """A connection that may do what the app never does: drop the guards."""
    engine = create_engine(db_url)
    with engine.connect() as conn:
        yield conn
    engine.dispose()


def _without_guards(conn: Connection, statement: str, **params: object) -> None:
    """Tamper as someone with the owner's rights would: the append-only triggers off."""
    if conn.dialect.name == "sqlite":
        names = conn.execute(
            text(
                "SELECT name, sql FROM sqlite_master WHERE type='trigger' AND tbl_name='audit_log'"
            )
        ).all()
        for name, _sql in names:
            conn.execute(text(f'DROP TRIGGER "{name}"'))
        conn.execute(text(statement), params)
        for _name, sql in names:
            conn.execute(text(sql))
    else:
        conn.execute(text("ALTER TABLE audit_log DISABLE TRIGGER USER"))
        conn.execute(text(statement), params)
        conn.execute(text("ALTER TABLE audit_log ENABLE TRIGGER USER"))
    conn.commit()


def test_every_entry_is_chained_and_verifies(factory: Factory, raw: Connection) -> None:
    _entries(factory)
    verdict = verify(raw)
    assert verdict.ok, verdict.problems
    assert verdict.checked >= 6 and verdict.before_chain == 0
    hashes = raw.execute(text("SELECT chain_hash FROM audit_log ORDER BY id")).scalars().all()
    assert all(h and len(h) == 64 for h in hashes) and len(set(hashes)) == len(hashes)


def test_a_changed_entry_is_found(factory: Factory, raw: Connection) -> None:
    _entries(factory)
    _without_guards(raw, "UPDATE audit_log SET action = 'view' WHERE id = 3")
    verdict = verify(raw)
    assert not verdict.ok
    assert verdict.problems[0].startswith("entry 3:")


def test_a_removed_entry_is_found(factory: Factory, raw: Connection) -> None:
    _entries(factory)
    _without_guards(raw, "DELETE FROM audit_log WHERE id = 2")
    verdict = verify(raw)
    assert [p.split(":")[0] for p in verdict.problems] == ["entry 3"]


def test_an_inserted_entry_is_found_even_with_a_valid_looking_hash(
    factory: Factory, raw: Connection
) -> None:
    _entries(factory)
    first = raw.execute(text("SELECT * FROM audit_log WHERE id = 1")).mappings().one()
    forged = {
        "at": "2026-12-01 08:00:00.000000", "user_id": None, "centre_id": first["centre_id"],
        "action": "login", "entity": "users", "entity_id": 1, "address": "1.2.3.4",
        "changes": None,
    }  # fmt: skip
    # chained correctly onto entry 1: the forger knows the algorithm
    forged["chain_hash"] = link(first["chain_hash"], forged)
    _without_guards(
        raw,
        "INSERT INTO audit_log (id, at, user_id, centre_id, action, entity, entity_id, address, "
        "changes, chain_hash) VALUES (0, :at, :user_id, :centre_id, :action, :entity, "
        ":entity_id, :address, NULL, :chain_hash)",
        **forged,
    )
    verdict = verify(raw)
    assert not verdict.ok  # entry 0 comes first now: its link to the genesis is wrong


def test_the_log_refuses_truncate_and_insert_or_replace(factory: Factory, raw: Connection) -> None:
    _entries(factory, 2)
    if raw.dialect.name == "sqlite":
        statement = (
            "INSERT OR REPLACE INTO audit_log (id, at, action, entity) "
            "VALUES (1, '2026-01-01 00:00:00', 'view', 'x')"
        )
    else:
        statement = "TRUNCATE audit_log"
    with pytest.raises(DBAPIError, match="append-only"):
        raw.execute(text(statement))
    raw.rollback()
    assert raw.execute(text("SELECT count(*) FROM audit_log")).scalar() == 2


def test_cli_verify_reports_and_fails_on_tampering(
    factory: Factory, raw: Connection, db_url: str, tmp_path: Path
) -> None:
    _entries(factory)
    env = {**os.environ, "WELCOME_DATABASE_URL": db_url, "WELCOME_DATA_DIR": str(tmp_path)}

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "welcome.cli", "audit", "verify"],
            env=env, cwd=ROOT, capture_output=True, text=True, timeout=120,
        )  # fmt: skip

    intact = run()
    assert intact.returncode == 0, intact.stderr
    assert "intact" in intact.stdout and "head: entry" in intact.stdout
    _without_guards(raw, "UPDATE audit_log SET address = '6.6.6.6' WHERE id = 2")
    broken = run()
    assert broken.returncode == 1
    assert "entry 2:" in broken.stderr and "tampered" in broken.stdout


@pytest.fixture
def pg_url(pg_server: pg.PgServer, pg_admin: Connection, pg_template: str) -> Iterator[str]:
    """PostgreSQL only (roles are PostgreSQL's): a fresh database from the template."""
    name = f"roles_{os.getpid()}_{next(_numbers)}"
    pg_admin.execute(text(f'CREATE DATABASE "{name}" TEMPLATE {pg_template}'))
    try:
        yield pg_server.url(name)
    finally:
        pg_admin.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def test_postgresql_app_role_cannot_truncate_or_disable_the_guards(
    pg_url: str, tmp_path: Path
) -> None:
    db_url = pg_url
    factory = Factory(make_settings(db_url, tmp_path))
    _entries(factory, 2)
    factory.engine.dispose()
    role = f"welcome_app_{os.getpid()}_{next(_numbers)}"
    owner = create_engine(db_url, isolation_level="AUTOCOMMIT")
    with owner.connect() as conn:
        conn.execute(text(f"CREATE ROLE {role} LOGIN"))
    owner.dispose()
    env = {**os.environ, "WELCOME_DATABASE_URL": db_url, "WELCOME_DATA_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "welcome.cli", "db", "grant", role],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    app_url = db_url.replace("postgres@", f"{role}@", 1)
    engine = create_engine(app_url)
    try:
        with engine.connect() as conn:
            conn.execute(
                text("INSERT INTO audit_log (at, action, entity) VALUES (now(), 'view', 'x')")
            )
            conn.commit()
            for attack in (
                "TRUNCATE audit_log",
                "ALTER TABLE audit_log DISABLE TRIGGER ALL",
                "DROP TRIGGER audit_log_append_only ON audit_log",
                "UPDATE audit_log SET action = 'x'",
                "DELETE FROM audit_log",
            ):
                with pytest.raises(DBAPIError, match=r"permission denied|must be owner"):
                    conn.execute(text(attack))
                conn.rollback()
            assert conn.execute(text("SELECT count(*) FROM audit_log")).scalar() == 3
    finally:
        engine.dispose()
