"""A retention run over 50,000 persons of which 20,000 are due: SQLite and PostgreSQL.

Data: `BENCH_RETENTION_PERSONS` demo persons (`welcome demo`'s generator: cases, contacts,
referrals, outcomes, procedures, packages…); then the first `BENCH_RETENTION_DUE` of them are
moved back to 2020 (every date of theirs, their cases closed), so they are due today.
Measured: the whole run as `welcome retention run` does it (every class, every centre, one
transaction per batch of persons, the audit entries, the commit). Baseline in the same run:
the dry run over the same data (the plan: the same queries, nothing written). Target: < 60 s
on both backends. Not part of `make test`.
"""

from __future__ import annotations

import os
import time

from sqlalchemy import text

from cases.retention.run import run
from tests.bench import seed
from welcome.db import SYSTEM, make_engine, session_factory, unit_of_work
from welcome.locking import install

PERSONS = int(os.environ.get("BENCH_RETENTION_PERSONS", "50000"))
DUE = int(os.environ.get("BENCH_RETENTION_DUE", "20000"))
TARGET_SECONDS = 60.0
OLD = "2020-03-01"

# every date of a due person's records, moved back to 2020
BACKDATE = (
    "UPDATE persons SET created_at = '2020-01-01' WHERE id <= :n",
    "UPDATE cases SET status = 'closed', opened_on = '2020-01-01', closed_on = '2020-06-30', "
    "closure_reason = COALESCE(closure_reason, 'goal_reached'), last_contact_on = :old "
    "WHERE person_id <= :n",
    *(
        f"UPDATE {table} SET date = :old "
        "WHERE case_id IN (SELECT id FROM cases WHERE person_id <= :n)"
        for table in ("contacts", "referrals", "outcomes")
    ),
    "UPDATE recognition_procedures SET applied_on = :old, decided_on = NULL, "
    "documents_complete_on = NULL, created_at = '2020-01-01' WHERE person_id <= :n",
    "UPDATE welcome_packages SET issued_at = '2020-03-01' WHERE person_id <= :n",
    "UPDATE placements SET starts_on = :old WHERE person_id <= :n",
)


def _seed(url: str) -> None:
    engine = make_engine(url)
    with unit_of_work(session_factory(engine), actor=SYSTEM) as db:
        seed.centre(db, persons=PERSONS, seed=14)
    with engine.begin() as conn:
        for statement in BACKDATE:
            conn.execute(text(statement), {"n": DUE, "old": OLD})
    seed.analyze(engine)
    engine.dispose()


def _measure(label: str, url: str) -> None:
    started = time.perf_counter()
    _seed(url)
    seeded = time.perf_counter() - started
    engine = install(make_engine(url))
    sessions = session_factory(engine)
    started = time.perf_counter()
    plan = run(sessions, dry_run=True)
    planned = time.perf_counter() - started
    started = time.perf_counter()
    done = run(sessions)
    took = time.perf_counter() - started
    engine.dispose()
    verdict = "ok" if took < TARGET_SECONDS else "OVER TARGET"
    print(f"retention run ({label}): {PERSONS:,} persons, {plan.counts['case_file']:,} due "
          f"(seeded in {seeded:.0f} s)")  # fmt: skip
    print(f"  run: {took:.1f} s, {done.counts['case_file']:,} anonymised, "
          f"{done.counts['contact_notes']:,} notes, {done.failures} failures "
          f"(target < {TARGET_SECONDS:.0f} s: {verdict})")  # fmt: skip
    print(f"  baseline, the dry run (the plan only): {planned:.1f} s")
    print(f"  ratio run/plan: {took / planned:.1f}×", flush=True)
    assert done.counts["case_file"] == plan.counts["case_file"] == DUE, (plan.counts, done.counts)


def main() -> None:
    seed.on_both_backends("retention run", "bench_retention", _measure)


if __name__ == "__main__":
    main()
