"""The alliance report on 50,000 persons (about 300,000 contacts): SQLite and PostgreSQL.

Data: `welcome demo`'s generators (persons, cases, contacts over two years, referrals,
outcomes; employers, consultations, events) in one centre. Measured: the whole quarter report
(`service.build_report`, period and year-to-date indicators plus every table), exact and
protected (the cell key method: record keys summed with every count, then perturbed), median
of RUNS runs, for the last complete quarter; baseline in the same run: one hand-written
`SELECT channel, COUNT(*) FROM contacts GROUP BY channel` over all contacts.
Targets: exact under 1 s, protected under 1.5 s. Not part of `make test`.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta

from sqlalchemy import func, select, text
from sqlmodel import col

from cases.counselling.models import Contact
from cases.employers import demo as employer_demo
from cases.reports import service
from cases.reports.periods import Period, parse_period
from tests.bench import seed
from welcome import clock
from welcome.db import SYSTEM, make_engine, session_factory, unit_of_work

PERSONS = int(os.environ.get("BENCH_REPORT_PERSONS", "50000"))
RUNS = 5
TARGET_SECONDS = 1.0
PROTECTED_TARGET_SECONDS = 1.5


def last_quarter(today: date) -> Period:
    first_of_quarter = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    end = first_of_quarter - timedelta(days=1)
    return parse_period(f"{end.year}-Q{(end.month - 1) // 3 + 1}")


def _times(fn: Callable[[], object]) -> list[float]:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return times


def _seed(url: str) -> tuple[int, float, int]:
    engine = make_engine(url)
    sessions = session_factory(engine)
    started = time.perf_counter()
    with unit_of_work(sessions, actor=SYSTEM) as db:
        centre_id, ids = seed.centre(db, persons=PERSONS, seed=11)
        employer_demo.generate(db, centre_id=centre_id, person_ids=ids, seed=11)
    seeded = time.perf_counter() - started
    with engine.connect() as conn:
        conn.execute(text("ANALYZE"))  # fresh statistics, as autovacuum would give
        contacts = conn.scalar(select(func.count()).select_from(Contact)) or 0
        conn.commit()
    engine.dispose()
    return centre_id, seeded, contacts


def _measure(label: str, url: str) -> None:
    centre_id, seeded, contacts = _seed(url)
    engine = make_engine(url)
    sessions = session_factory(engine)
    period = last_quarter(clock.today())

    def whole_report() -> object:
        with unit_of_work(sessions, actor=SYSTEM) as db:
            return service.build_report(
                db, centre_ids=[centre_id], period=period, language="de", suppress=False
            )

    def protected_report() -> object:
        with unit_of_work(sessions, actor=SYSTEM) as db:
            return service.build_report(
                db, centre_ids=[centre_id], period=period, language="de", suppress=True
            )

    def baseline() -> object:
        with unit_of_work(sessions, actor=SYSTEM) as db:
            return db.execute(
                select(col(Contact.channel), func.count()).group_by(col(Contact.channel))
            ).all()

    whole_report()  # warm caches (catalogs, CLDR names, the database's pages)
    protected_report()
    baseline()
    reports, bases = _times(whole_report), _times(baseline)
    protected = _times(protected_report)
    report_s, base_s = statistics.median(reports), statistics.median(bases)
    protected_s = statistics.median(protected)
    engine.dispose()
    verdict = "ok" if report_s < TARGET_SECONDS else "OVER TARGET"
    print(f"alliance report ({label}): {PERSONS:,} persons, {contacts:,} contacts, "
          f"period {period.label}; seeded in {seeded:.0f} s")  # fmt: skip
    print(f"  whole report: {report_s:.3f} s median of {RUNS}, fastest {min(reports):.3f} s "
          f"(target < {TARGET_SECONDS} s: {verdict})")  # fmt: skip
    verdict = "ok" if protected_s < PROTECTED_TARGET_SECONDS else "OVER TARGET"
    print(f"  protected report: {protected_s:.3f} s median of {RUNS}, fastest "
          f"{min(protected):.3f} s (target < {PROTECTED_TARGET_SECONDS} s: {verdict})")  # fmt: skip
    print(f"  baseline GROUP BY over all contacts: {base_s:.3f} s")
    print(f"  ratio report/baseline: {report_s / base_s:.1f}×", flush=True)


def main() -> None:
    seed.on_both_backends("alliance report", "bench_report", _measure)


if __name__ == "__main__":
    main()
