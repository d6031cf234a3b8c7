"""A data set written through the services once per worker and backend, then copied into
each test's own database instead of being written again.

The reports' golden data set (tests/reports/golden.py) is ~200 service calls; about 110 tests
on two backends asked for it. `copied(factory, name, build)` builds it the first time into a
database of its own (a copy of the migrated template) and afterwards copies that database over
the test's: SQLite through its backup API (a proper write into the test's file, whatever
connections are open), PostgreSQL by dropping the test's database and creating it again from
the built one (CREATE DATABASE … TEMPLATE; the pools' old connections are ended and replaced
on their next checkout). Only a test database nobody has written to yet is overwritten: a
test that wrote rows before asking gets the data set built into its own database as before.
"""

from __future__ import annotations

import atexit
import itertools
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, make_url, text

from tests.conftest import PG_TEMPLATE, Factory, make_settings

T = TypeVar("T")

# (name, backend) -> where the built copy is, the factory's next number, what build returned
_built: dict[tuple[str, str], tuple[str, int, Any]] = {}
_admins: dict[str, Engine] = {}
# the built SQLite copies: removed when the worker ends (PostgreSQL's go with its server)
_dirs = Path(tempfile.mkdtemp(prefix="welcome-seeded-"))
atexit.register(shutil.rmtree, _dirs, ignore_errors=True)


def _url(factory: Factory) -> str:
    return factory.engine.url.render_as_string(hide_password=False)


def _untouched(factory: Factory) -> bool:
    with factory.engine.connect() as conn:
        return not conn.execute(
            text("SELECT (SELECT count(*) FROM centres) + (SELECT count(*) FROM users)")
        ).scalar_one()


def _backup(source: str, target: str) -> None:
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


def _admin(url: str) -> Engine:
    server = make_url(url).set(database="postgres").render_as_string(hide_password=False)
    if server not in _admins:
        _admins[server] = create_engine(server, isolation_level="AUTOCOMMIT")
    return _admins[server]


def _build_elsewhere(factory: Factory, build: Callable[[Factory], T]) -> tuple[str, int, T]:
    url = make_url(_url(factory))
    if url.get_backend_name() == "sqlite":
        assert url.database
        target = Path(tempfile.mkdtemp(dir=_dirs)) / "seeded.db"
        _backup(url.database, str(target))  # the test's database as it is: migrated, empty
        where = f"sqlite:///{target}"
    else:
        name = f"seeded_{os.getpid()}_{len(_built)}"
        with _admin(str(url)).connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE {PG_TEMPLATE}'))
        where = url.set(database=name).render_as_string(hide_password=False)
    builder = Factory(make_settings(where, Path(tempfile.mkdtemp(dir=_dirs))))
    try:
        made = build(builder)
    finally:
        builder.engine.dispose()
    return where, next(builder._n), made


def _copy_over(factory: Factory, where: str) -> None:
    url = make_url(_url(factory))
    factory.engine.dispose()
    if url.get_backend_name() == "sqlite":
        assert url.database
        source = make_url(where).database
        assert source
        _backup(source, url.database)
        return
    template = make_url(where).database
    with _admin(str(url)).connect() as conn:
        conn.execute(text(f'DROP DATABASE "{url.database}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{url.database}" TEMPLATE "{template}"'))


def copied(factory: Factory, name: str, build: Callable[[Factory], T]) -> T | None:
    """The data set `build` writes, in the factory's database: copied from the one built the
    first time. None when the database is not untouched (the caller builds it there)."""
    if not _untouched(factory):
        return None
    key = (name, factory.engine.dialect.name)
    if key not in _built:
        _built[key] = _build_elsewhere(factory, build)
    where, counter, made = _built[key]
    _copy_over(factory, where)
    # the factory numbers names and e-mail addresses: on from where the build stopped
    factory._n = itertools.count(max(counter, next(factory._n)))
    return made
