"""Test setup: databases built by the migrations (SQLite and a real PostgreSQL), one fresh
database per test, the app, and small factories."""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Connection, create_engine, text

from tests import engines, pg
from tests.client import Client
from tests.shared import once, shared_dir
from welcome import db as welcome_db
from welcome import migrate
from welcome.accounts import service as accounts
from welcome.accounts.models import Centre, User
from welcome.app import create_app, open_database
from welcome.config import Settings
from welcome.db import SYSTEM, make_engine, session_factory, unit_of_work
from welcome.logs import configure_logging

# The test environment: among other things argon2 at its lowest cost (welcome/security.py),
# set before anything hashes a password; subprocesses of the tests inherit it.
os.environ["WELCOME_ENV"] = "test"
# the app's day for the whole run, also in its subprocesses and the other workers (which
# inherit it): a run across midnight would otherwise see two days (welcome/clock.py)
os.environ.setdefault("WELCOME_TEST_TODAY", date.today().isoformat())

# the engines of one backend share their dialect and compiled statements, as one app's
# requests do (tests/engines.py)
welcome_db.create_engine = engines.share  # type: ignore[assignment]

IN_CI = os.environ.get("CI", "").lower() == "true"
PASSWORD = "correct horse battery"
BACKENDS = ["sqlite", "postgresql"]


def loud_skip(reason: str) -> None:
    """Skip a leg that needs something missing, loudly; under CI=true this is a failure."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: this leg must run)", pytrace=False)
    banner = f"\n{'!' * 78}\n!! SKIPPED: {reason}\n{'!' * 78}\n"
    sys.stderr.write(banner)
    pytest.skip(reason)


# --- order: the long tests first, one share per worker ---------------------------------------

# The known long tests (seconds per item on the quiet 2-core machine, from `--durations`; by
# node id without the parameters). They start the run, spread over the workers so that each
# begins with about the same share; the rest keeps its order. pytest-xdist's worksteal hands
# each worker an equal contiguous slice of the list at the start and lets an idle worker take
# the tail of another's queue: a long test left at the end of a slice ran alone at the end of
# the run while the other worker idled. Only the order changes; every test still runs.
LONG: dict[str, float] = {
    "tests/test_load.py::test_mixed_load_without_errors": 42,
    "tests/browser/test_interface.py::test_every_page_passes_axe_and_fits_390_px": 38,
    "tests/test_storage.py::test_two_hosts_serve_each_others_files": 22,
    "tests/test_forms_robustness.py::test_odd_form_values_never_answer_500": 18,
    "tests/retention/test_golden.py::test_every_past_report_is_identical_and_nobody_is_left": 18,
    "tests/test_api_robustness.py::test_malformed_input_never_answers_500": 10,
    "tests/reports/test_attack.py::test_no_count_of_one_or_two_can_be_computed": 10,
    "tests/browser/test_interface.py::test_every_page_is_some_roles": 8,
    # the rest of that module with them (a whole module by its path): its server and seeded
    # site are per module and worker
    "tests/browser/test_interface.py": 3,
}


def _estimate(item: pytest.Item) -> float | None:
    name = item.nodeid.split("[")[0]
    return LONG.get(name, LONG.get(name.split("::")[0]))


def _spread(items: list[pytest.Item], workers: int) -> list[pytest.Item]:
    """The long items split over `workers` shares (longest first into the share with the
    least so far), each share at the start of the slice its worker gets."""
    if workers < 1:
        return items
    index = {id(item): n for n, item in enumerate(items)}
    long = [item for item in items if _estimate(item) is not None]
    rest = [item for item in items if _estimate(item) is None]
    shares: list[list[pytest.Item]] = [[] for _ in range(workers)]
    totals = [0.0] * workers
    for item in sorted(long, key=lambda i: -(_estimate(i) or 0)):
        least = totals.index(min(totals))
        shares[least].append(item)
        totals[least] += _estimate(item) or 0
    ordered: list[pytest.Item] = []
    start = 0
    for n, share in enumerate(shares):
        share.sort(key=lambda i: index[id(i)])  # a module's tests together (its fixtures)
        # the slice worksteal sends worker n: (remaining) // (workers - n) items
        size = (len(items) - len(ordered)) // (workers - n)
        take = max(0, size - len(share)) if n < workers - 1 else len(rest) - start
        ordered += share + rest[start : start + take]
        start += take
    return ordered


@pytest.hookimpl(trylast=True)  # after `-k`/`-m` have deselected
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # the same order on every worker (xdist checks that the collections agree)
    workerinput = getattr(config, "workerinput", None)
    workers = int(workerinput["workercount"]) if workerinput else 1
    items[:] = _spread(items, workers)


@pytest.fixture(scope="session", autouse=True)
def _render_workers_end_with_the_session() -> Iterator[None]:
    """In the test environment the render workers outlive each app (welcome/app.py): they
    start with a worker's first PDF and end here (or with the process)."""
    yield
    if (pdf := sys.modules.get("cases.packages.pdf")) is not None:
        pdf.shutdown_pool()


@pytest.fixture(scope="session")
def pdf_tools() -> None:
    """poppler-utils, to read PDFs back: a loud skip without them, a failure under CI=true."""
    if shutil.which("pdftotext") is None:
        loud_skip("poppler-utils missing (apt-get install poppler-utils)")


# --- SQLite ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The migrated SQLite file every SQLite test copies: migrated once per run, by the first
    worker that needs it (2–3 s of CPU each time); the tests only ever copy it."""

    def migrated() -> bytes:
        path = tmp_path_factory.mktemp("sqlite") / "template.db"
        migrate.upgrade(f"sqlite:///{path}")
        return path.read_bytes()

    return once(shared_dir(tmp_path_factory), "sqlite-template.db", migrated)


# --- PostgreSQL -----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def pg_server() -> Iterator[pg.PgServer]:
    bindir = pg.find_bindir()
    if bindir is None:
        loud_skip("PostgreSQL server binaries not found (apt-get install postgresql-15)")
    assert bindir is not None
    with pg.running_server(bindir) as server:
        yield server


@pytest.fixture(scope="session")
def pg_admin(pg_server: pg.PgServer) -> Iterator[Connection]:
    """One connection for the whole run that creates and drops the per-test databases
    (an engine and a connection per test cost another 10–20 ms each time)."""
    engine = create_engine(pg_server.url("postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        yield conn
    engine.dispose()


PG_TEMPLATE = "welcome_template"


@pytest.fixture(scope="session")
def pg_template(pg_server: pg.PgServer, pg_admin: Connection) -> str:
    pg_admin.execute(text(f"CREATE DATABASE {PG_TEMPLATE}"))
    migrate.upgrade(pg_server.url(PG_TEMPLATE))
    return PG_TEMPLATE


_counter = itertools.count()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A freshly migrated database of each backend, only for this test.

    SQLite: a copy of the migrated template file (0.4 ms). PostgreSQL: CREATE DATABASE from
    the migrated template (10–15 ms with the server's data in memory, see tests/pg.py), dropped
    afterwards; a fresh database keeps every test isolated whatever it commits, and cost
    little more than resetting a reused one by TRUNCATE of every table (~20 ms) would.
    """
    if request.param == "sqlite":
        path = tmp_path / "welcome.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    server: pg.PgServer = request.getfixturevalue("pg_server")
    admin: Connection = request.getfixturevalue("pg_admin")
    template = request.getfixturevalue("pg_template")
    name = f"test_{os.getpid()}_{next(_counter)}"
    admin.execute(text(f'CREATE DATABASE "{name}" TEMPLATE {template}'))
    try:
        yield server.url(name)
    finally:
        admin.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
def sqlite_url(tmp_path: Path, sqlite_template: Path) -> str:
    """SQLite only, for tests of the web shell that do not depend on the backend."""
    path = tmp_path / "welcome.db"
    shutil.copyfile(sqlite_template, path)
    return f"sqlite:///{path}"


# --- app and factories ----------------------------------------------------------------------


def make_settings(url: str, data_dir: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "env": "test",
        "database_url": url,
        "data_dir": data_dir,
        "secret_key": "test-secret-key-that-is-long-enough-0123456789",
    }
    values.update(overrides)
    return Settings(**values)


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    return make_settings(db_url, tmp_path)


# One app per worker and configuration, its database swapped per test. A new app cost
# 0.3–0.8 s of CPU on its first API request (FastAPI builds the routes of an included router
# for each app anew: dependants, pydantic adapters for ~110 operations), for every test that
# used the API; create_app itself is 4 ms. Keyed by every setting but the database and the
# data directory (the middleware keep the settings they were built with; the rest of the app
# reads request.app.state.settings); an app a test changed (a route added, an override) is
# not reused.
_apps: dict[str, FastAPI] = {}


def _api_of(application: FastAPI) -> FastAPI:
    api: FastAPI = next(
        route.app  # type: ignore[attr-defined]
        for route in application.routes
        if getattr(route, "path", "") == "/api/v1"
    )
    return api


def _shape(application: FastAPI) -> tuple[Any, ...]:
    """What a test could change on the app that would reach the next test."""
    api = _api_of(application)
    return tuple(
        (
            tuple(map(id, target.router.routes)),
            len(target.user_middleware),
            dict(target.dependency_overrides),
        )
        for target in (application, api)
    )


def bind(application: FastAPI, settings: Settings) -> None:
    """Point a built app at the database and data directory of `settings`: what create_app
    sets up per database (logging too, so that a test's captured output gets the logs)."""
    configure_logging(settings)
    engine, sessions = open_database(settings)
    for target in (application, _api_of(application)):
        target.state.settings = settings
        target.state.engine = engine
        target.state.sessions = sessions


@contextlib.contextmanager
def reused_app(cache: dict[str, FastAPI], settings: Settings) -> Iterator[FastAPI]:
    """An app for `settings`: one of `cache` built for the same settings but the database,
    pointed at this one (a new app pays FastAPI's route build again on its first API
    request), else a new one; given back to `cache` unless the test changed it."""
    key = settings.model_dump_json(exclude={"database_url", "data_dir"})
    application = cache.pop(key, None)
    if application is None:
        application = create_app(settings)
    else:
        bind(application, settings)
    engine = application.state.engine
    before = _shape(application)
    yield application
    engine.dispose()
    if _shape(application) == before and application.state.engine is engine:
        cache[key] = application


@pytest.fixture
def app(settings: Settings) -> Iterator[FastAPI]:
    with reused_app(_apps, settings) as application:
        yield application


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with Client(app, raise_server_exceptions=False) as test_client:
        yield test_client


class Factory:
    """Short helpers that write through the services, committed like a request would."""

    def __init__(self, settings: Settings) -> None:
        self.engine = make_engine(settings.effective_database_url)
        self.sessions = session_factory(self.engine)
        self._n = itertools.count(1)

    def session(self) -> Any:
        return unit_of_work(self.sessions, actor=SYSTEM)

    def centre(self, name: str | None = None) -> Centre:
        with self.session() as db:
            return accounts.create_centre(db, name=name or f"Centre {next(self._n)}")

    def user(
        self,
        *,
        role: str = "counsellor",
        centre: Centre | None = None,
        email: str | None = None,
        password: str = PASSWORD,
        locale: str | None = "de",
    ) -> User:
        with self.session() as db:
            return accounts.create_user(
                db,
                email=email or f"user{next(self._n)}@test.example",
                password=password,
                role=role,
                centre_id=centre.id if centre else None,
                locale=locale,
            )

    def token(self, user: User) -> str:
        with self.session() as db:
            found = db.get(User, user.id)
            assert found is not None
            return accounts.create_token(db, user=found)


@pytest.fixture
def factory(settings: Settings) -> Iterator[Factory]:
    made = Factory(settings)
    yield made
    made.engine.dispose()


def csrf_from(html: str) -> str:
    marker = 'name="csrf_token" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


def login(client: TestClient, email: str, password: str = PASSWORD) -> Any:
    page = client.get("/login")
    return client.post(
        "/login",
        data={
            "email": email,
            "password": password,
            "csrf_token": csrf_from(page.text),
            "next": "/",
        },
        follow_redirects=False,
    )
