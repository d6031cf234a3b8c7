"""`welcome demo --scale N`: persons per second of the generator, and the time for 50,000.

Each run uses a fresh migrated SQLite database. The baseline, measured in the same run, is a
plain executemany of the same number of bare person rows (no cases, contacts, keys), so the
ratio says what the whole realistic data set costs over the cheapest possible insert.
Medians of a few runs (these machines are noisy). Not part of `make test`.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert

from cases.counselling import demo
from cases.persons.models import Person
from welcome import migrate
from welcome.accounts import service as accounts
from welcome.db import SYSTEM, make_engine, session_factory, unit_of_work

PERSONS = 10_000
RUNS = 3
TARGET = 50_000


def _fresh(template: Path, workdir: Path, n: int) -> str:
    path = workdir / f"run{n}.db"
    shutil.copyfile(template, path)
    return f"sqlite:///{path}"


def _generator(url: str) -> float:
    engine = make_engine(url)
    sessions = session_factory(engine)
    with unit_of_work(sessions, actor=SYSTEM) as db:
        centre = accounts.create_centre(db, name="Bench")
        assert centre.id is not None
        started = time.perf_counter()
        demo.generate(db, centre_id=centre.id, persons=PERSONS, seed=7)
    elapsed = time.perf_counter() - started  # includes the commit
    engine.dispose()
    return elapsed


def _baseline(url: str) -> float:
    engine = make_engine(url)
    sessions = session_factory(engine)
    now = datetime.now(UTC)
    with unit_of_work(sessions, actor=SYSTEM) as db:
        centre = accounts.create_centre(db, name="Baseline")
        rows = [
            {
                "centre_id": centre.id,
                "created_at": now,
                "client_group": "returnee",
                "first_name": f"First{i}",
                "last_name": f"Last{i}",
                "search_first": f"first{i}",
                "search_last": f"last{i}",
            }
            for i in range(PERSONS)
        ]
        started = time.perf_counter()
        db.execute(insert(Person), rows)
    elapsed = time.perf_counter() - started
    engine.dispose()
    return elapsed


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        template = workdir / "template.db"
        migrate.upgrade(f"sqlite:///{template}")
        generated, baseline = [], []
        for n in range(RUNS):
            generated.append(_generator(_fresh(template, workdir, 2 * n)))
            baseline.append(_baseline(_fresh(template, workdir, 2 * n + 1)))
    gen, base = statistics.median(generated), statistics.median(baseline)
    rate = PERSONS / gen
    print(f"demo generator (SQLite): {PERSONS} persons per run, median of {RUNS} runs")
    print(f"  generator:  {gen:.2f} s  = {rate:,.0f} persons/s (with cases, contacts, keys…)")
    print(f"  baseline:   {base:.3f} s  (executemany of {PERSONS} bare person rows)")
    print(f"  ratio generator/baseline: {gen / base:.1f}×")
    print(f"  projected time for {TARGET:,} persons: {TARGET / rate:.1f} s (target < 120 s)")


if __name__ == "__main__":
    main()
