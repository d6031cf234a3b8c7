"""Counselling pages at scale: the case list, the name search and the person page.

50,000 persons (about 300,000 contacts) from `cases.counselling.demo.generate`, generated once
per backend, then measured in-process on SQLite and on a throw-away PostgreSQL (tests/pg.py),
logged in as a counsellor. Server time is taken by an ASGI wrapper around the whole app (from
the request entering the app until its last body byte), so the test client is not counted.
Prints median and p95 per page kind and the ratio to `/healthz` measured in the same run.
Target: median < 50 ms, p95 < 150 ms on both backends. Not part of `make test`.
`BENCH_PERSONS=2000` gives a quick trial run.
"""

from __future__ import annotations

import logging
import os
import statistics
import tempfile
import time
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import structlog
from fastapi.testclient import TestClient
from sqlalchemy import bindparam, text
from starlette.types import ASGIApp, Receive, Scope, Send

from cases.counselling import demo
from tests.bench import seed
from tests.conftest import PASSWORD, login, make_settings
from welcome import migrate
from welcome.accounts import service as accounts
from welcome.app import create_app
from welcome.db import SYSTEM, make_engine, session_factory, unit_of_work

PERSONS = int(os.environ.get("BENCH_PERSONS", "50000"))
SEED = 11
WARMUP = 2  # rounds over every URL of a kind before measuring
REQUESTS = 60  # measured requests per page kind
TARGET_MEDIAN, TARGET_P95 = 0.050, 0.150
EMAIL = "bench@centre.example"

# filters a counsellor uses: status and client group, every sort order, first pages and some
# further back (page 20 of a filtered list is 500 cases in)
CASE_LISTS = (
    "/cases?status=open&client_group=third_country_immigrant&sort=last_contact&order=desc",
    "/cases?status=open&client_group=eu_immigrant&sort=name&order=asc&page=4",
    "/cases?status=closed&client_group=returnee&sort=opened&order=desc&page=2",
    "/cases?status=open&client_group=domestic_mover&sort=opened&order=asc&page=10",
    "/cases?status=open&client_group=family_member&sort=status&order=desc",
    "/cases?status=open&sort=last_contact&order=asc&page=20",
)
# prefix, full names in either order, umlaut and its transliteration, typos, no diacritics
SEARCHES = (
    "Müller",
    "Mueller",
    "Schm",
    "Olena Ivanova",
    "Ivanova Olena",
    "Shevchnko",
    "Kowalsky",
    "Wisniewski",
    "Yilmaz",
    "nguy",
    "Jörg Böhm",
    "Dvorak Petr",
)


# the pages and picker answers of issue 18 (r3-pickers): forms with pickers, the case page
# with its prefilled contact form, the server-side searches the pickers ask
PICKER_SEARCHES = ("Müller", "Schm", "Kowalsky", "Olena Ivanova", "nguy", "Yilmaz")
PICKER_KINDS = ("person form", "case page", "picker: persons", "picker: occupations")


def picker_pages(busy: list[int], cases: list[int]) -> dict[str, list[str]]:
    return {
        "person form (new, edit)": ["/persons/new"] + [f"/persons/{p}/edit" for p in busy[:5]],
        "case page (contact form prefilled)": [f"/cases/{c}" for c in cases],
        "picker: persons (/pickers/persons?q=)": [
            f"/pickers/persons?q={q}" for q in PICKER_SEARCHES
        ],
        "picker: occupations (KldB titles)": [
            f"/pickers/occupations?q={q}"
            for q in ("pfle", "koch", "erzieherin", "831", "ingenieur")
        ],
        "picker lists (countries, languages)": ["/pickers/countries", "/pickers/languages"],
        "event form, procedure form": ["/events/new"]
        + [f"/recognitions/new?person_id={p}" for p in busy[:3]],
    }


class Timed:
    """ASGI wrapper: the server time of the last HTTP request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.last = 0.0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        try:
            await self.app(scope, receive, send)
        finally:
            self.last = time.perf_counter() - started


@dataclass(frozen=True)
class Figures:
    median: float
    p95: float
    n: int
    slowest: str  # the URL with the highest median, and that median
    slowest_median: float


def _p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20, method="inclusive")[-1]


def _seed(url: str) -> tuple[float, list[int]]:
    """A centre with counsellors and PERSONS demo persons; the generator's seconds and the
    persons with the most cases and contacts (for the person page)."""
    engine = make_engine(url)
    sessions = session_factory(engine)
    with unit_of_work(sessions, actor=SYSTEM) as db:
        centre = accounts.create_centre(db, name="Bench centre")
        assert centre.id is not None
        for n, email in enumerate((EMAIL, "c2@centre.example", "c3@centre.example")):
            accounts.create_user(
                db,
                email=email,
                password=PASSWORD,
                role="counsellor",
                centre_id=centre.id,
                display_name=f"Counsellor {n}",
                locale="de",
            )
        started = time.perf_counter()
        demo.generate(db, centre_id=centre.id, persons=PERSONS, seed=SEED)
    elapsed = time.perf_counter() - started  # includes the commit
    with engine.connect() as conn:
        busy = list(
            conn.scalars(
                text(
                    "SELECT c.person_id FROM cases c JOIN contacts k ON k.case_id = c.id "
                    "GROUP BY c.person_id ORDER BY COUNT(DISTINCT c.id) DESC, COUNT(*) DESC, "
                    "c.person_id LIMIT 10"
                )
            )
        )
    engine.dispose()
    return elapsed, busy


def _measure(client: TestClient, timer: Timed, urls: list[str]) -> Figures:
    for _round in range(WARMUP):
        for url in urls:
            client.get(url)
    times: list[float] = []
    per_url: dict[str, list[float]] = {url: [] for url in urls}
    for i in range(max(REQUESTS, len(urls))):
        url = urls[i % len(urls)]
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url}: {response.status_code}")
        times.append(timer.last)
        per_url[url].append(timer.last)
    slowest = max(urls, key=lambda url: statistics.median(per_url[url]))
    return Figures(
        statistics.median(times),
        _p95(times),
        len(times),
        slowest,
        statistics.median(per_url[slowest]),
    )


def _bench(backend: str, url: str, data_dir: Path) -> None:
    print(f"-- {backend}: generating {PERSONS:,} persons …", flush=True)
    generated, busy = _seed(url)
    if url.startswith("postgresql"):
        # as autovacuum leaves a live database: statistics and the visibility map (index-only
        # scans) in place, instead of measuring while its first pass over the COPY runs
        rounds = seed.vacuum(url)
        print(f"   VACUUM ANALYZE: {rounds} round(s) until the visibility map covered the tables")
    counts = {}
    engine = make_engine(url)
    with engine.connect() as conn:
        cases = list(
            conn.scalars(
                text(
                    "SELECT MIN(id) FROM cases WHERE person_id IN :ids GROUP BY person_id"
                ).bindparams(bindparam("ids", expanding=True)),
                {"ids": busy},
            )
        )
        for table in ("persons", "cases", "contacts"):
            counts[table] = conn.scalar(text(f"SELECT COUNT(*) FROM {table}"))
    engine.dispose()
    print(
        f"   generated in {generated:.1f} s: {counts['persons']:,} persons, "
        f"{counts['cases']:,} cases, {counts['contacts']:,} contacts",
        flush=True,
    )
    app = create_app(make_settings(url, data_dir))
    # the shell logs every request at INFO; printing them would swamp the figures
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    timer = Timed(app)
    try:
        with TestClient(timer) as client:
            assert login(client, EMAIL).status_code == 303, "login failed"
            kinds: dict[str, list[str]] = {
                "trivial (/healthz)": ["/healthz"],
                "small page (/enquiries/new)": ["/enquiries/new"],
                "case list (filter, sort, page)": list(CASE_LISTS),
                "name search (/persons?q=)": [f"/persons?q={q}" for q in SEARCHES],
                "person page (2 cases, ~20 contacts)": [f"/persons/{pid}" for pid in busy],
                **picker_pages(busy, cases),
            }
            results = {kind: _measure(client, timer, urls) for kind, urls in kinds.items()}
    finally:
        app.state.engine.dispose()
    base = results["trivial (/healthz)"].median
    print(f"   {'page':38} {'median ms':>9} {'p95 ms':>7} {'x trivial':>9}  target")
    for kind, fig in results.items():
        verdict = ""
        if kind.startswith(("case list", "name search", "person page", *PICKER_KINDS)):
            ok = fig.median < TARGET_MEDIAN and fig.p95 < TARGET_P95
            verdict = "ok" if ok else "MISSED"
        print(
            f"   {kind:38} {fig.median * 1000:9.1f} {fig.p95 * 1000:7.1f} "
            f"{fig.median / base:9.1f}  {verdict}",
            flush=True,
        )
    for kind, fig in results.items():
        if len(kinds[kind]) > 1:
            name = kind.split(" (")[0]
            print(f"   slowest {name}: {fig.slowest_median * 1000:.1f} ms {fig.slowest}")


def _postgres() -> AbstractContextManager[str | None]:
    return seed.postgres("bench")  # a migrated database, None without server binaries


def main() -> None:
    load: Any = os.getloadavg()
    print(f"counselling pages: {PERSONS:,} persons, {REQUESTS} requests per kind after warm-up")
    print(f"load average at start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        backends = os.environ.get("BENCH_BACKENDS", "")  # one leg only: a quicker trial run
        if backends != "postgresql":
            sqlite_url = f"sqlite:///{workdir / 'bench.db'}"
            migrate.upgrade(sqlite_url)
            _bench("SQLite", sqlite_url, workdir)
        else:
            print("!! BENCH_BACKENDS=postgresql: SQLite leg not run")
        if backends == "sqlite":
            print("!! BENCH_BACKENDS=sqlite: PostgreSQL leg not run")
            return
        with _postgres() as pg_url:
            if pg_url is None:
                print("!! PostgreSQL server binaries not found: PostgreSQL leg SKIPPED")
            else:
                _bench("PostgreSQL", pg_url, workdir)
    load = os.getloadavg()
    print(f"load average at end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
