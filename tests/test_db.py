"""The embedded SQLite database is configured for a web app; one unit of work commits once."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, text

from tests.conftest import Factory
from welcome.accounts.models import Centre
from welcome.db import make_engine, session_factory, unit_of_work


def test_sqlite_pragmas(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 5000
    engine.dispose()


def test_sqlite_data_directory_is_created(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'new' / 'dir' / 'x.db'}")
    with engine.connect():
        pass
    engine.dispose()
    assert (tmp_path / "new" / "dir" / "x.db").exists()


def test_unit_of_work_rolls_back_everything_on_error(factory: Factory) -> None:
    sessions = session_factory(factory.engine)
    with pytest.raises(RuntimeError), unit_of_work(sessions) as db:
        db.add(Centre(name="Half-written"))
        db.flush()
        raise RuntimeError("later step failed")
    with unit_of_work(sessions) as db:
        assert db.scalars(select(Centre).where(Centre.name == "Half-written")).first() is None


def test_foreign_keys_are_enforced(factory: Factory) -> None:
    from sqlalchemy.exc import IntegrityError

    from welcome.accounts.models import User

    with pytest.raises(IntegrityError), factory.session() as db:
        db.add(User(email="x@y.example", password_hash="x", role="lead", centre_id=999999))
        db.flush()
