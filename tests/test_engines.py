"""The suite's engines (tests/engines.py): those of one backend share the dialect and the
compiled statements, and each still reads and writes its own database."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from tests import engines
from welcome.db import make_engine


def test_two_databases_share_compiled_statements_and_keep_their_rows(
    db_url: str, tmp_path: Path, sqlite_template: Path
) -> None:
    first = make_engine(db_url)
    second = make_engine(db_url)
    other = tmp_path / "other.db"
    other.write_bytes(sqlite_template.read_bytes())
    elsewhere = make_engine(f"sqlite:///{other}")
    try:
        assert engines.shares(first, second)
        # another backend (or another SQLite file's engine when this one is PostgreSQL) shares
        # only with its own kind
        assert engines.shares(first, elsewhere) == db_url.startswith("sqlite")
        create = text("CREATE TABLE engine_probe (x integer)")
        count = text("SELECT count(*) FROM engine_probe WHERE x = :x")
        with first.begin() as conn:
            conn.execute(create)
            conn.execute(text("INSERT INTO engine_probe (x) VALUES (1)"))
            assert conn.execute(count, {"x": 1}).scalar_one() == 1
        cache = second._compiled_cache
        assert cache is not None
        compiled = len(cache)
        assert compiled >= 3
        with second.connect() as conn:  # the same statement again: compiled once
            assert conn.execute(count, {"x": 1}).scalar_one() == 1
        assert len(cache) == compiled
        with elsewhere.begin() as conn:  # another database: its own rows
            conn.execute(create)
            assert conn.execute(count, {"x": 1}).scalar_one() == 0
    finally:
        for engine in (first, second, elsewhere):
            engine.dispose()


def test_an_unreachable_server_leaves_its_engine_unshared() -> None:
    engine = make_engine("postgresql+psycopg://nobody@127.0.0.1:9/nothing?connect_timeout=1")
    try:
        found = [e for e in engines._shared.values() if e[0] is engine.dialect]
        assert not found
    finally:
        engine.dispose()
