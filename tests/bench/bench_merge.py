"""Merging two persons with 20 contacts each: SQLite and PostgreSQL.

Data: a centre of `BENCH_MERGE_PERSONS` demo persons (`welcome demo`'s generator), so the
indexes and the scope work at size; per run two new persons, each with a case of 20 contacts
and a consent, written through the services as a counsellor. Measured: the whole merge as a
request does it — one unit of work as the counsellor (the service's reads, the moved rows, the
pointer, the audit entries, the commit) — median of RUNS runs. Baseline in the same run and
the same way: one ordinary edit of a person (`persons.service.update`, one field, committed).
Target: merge under 200 ms on both backends. Not part of `make test`.
"""

from __future__ import annotations

import os
import statistics
import time
from datetime import timedelta

from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from cases.counselling import service as counselling
from cases.counselling.schemas import CaseIn, ContactIn
from cases.persons import merge
from cases.persons import service as persons
from cases.persons.schemas import PersonIn, PersonMergeIn
from tests.bench import seed
from welcome import clock
from welcome.db import SYSTEM, Actor, make_engine, session_factory, unit_of_work
from welcome.inputs import validate

PERSONS = int(os.environ.get("BENCH_MERGE_PERSONS", "5000"))
CONTACTS = 20
RUNS = 9
TARGET_SECONDS = 0.200


def _seed(url: str) -> Actor:
    engine = make_engine(url)
    with unit_of_work(session_factory(engine), actor=SYSTEM) as db:
        centre_id, _ids = seed.centre(db, persons=PERSONS, seed=5)
        actor = seed.user(
            db, centre_id, email="c@bench.example", password="bench-password", role="counsellor"
        )
    seed.analyze(engine)
    engine.dispose()
    return actor


def _person_with_contacts(db: Session, n: int) -> int:
    data = validate(
        PersonIn,
        {"first_name": "Łukasz", "last_name": f"Bench{n}", "client_group": "eu_immigrant",
         "nationalities": ["PL"]},
    )  # fmt: skip
    found = persons.create(db, data=data)
    assert found.id is not None
    today = clock.today()
    case = counselling.create(
        db, data=validate(CaseIn, {"person_id": found.id, "opened_on": today - timedelta(60)})
    )
    for i in range(CONTACTS):
        contact = {"date": today - timedelta(days=i), "duration_minutes": 30,
                   "channel": "phone", "topics": ["job_search"]}  # fmt: skip
        counselling.create_contact(db, case=case, data=validate(ContactIn, contact))
    return found.id


def _measure(label: str, url: str) -> None:
    actor = _seed(url)
    engine = make_engine(url)
    sessions: sessionmaker[Session] = session_factory(engine)
    merges, edits = [], []
    for run in range(RUNS + 1):  # the first round warms caches and is not counted
        with unit_of_work(sessions, actor=actor) as db:
            keep, dup = _person_with_contacts(db, 2 * run), _person_with_contacts(db, 2 * run + 1)
        started = time.perf_counter()
        with unit_of_work(sessions, actor=actor) as db:
            survivor = merge.get(db, person_id=keep)
            merge.merge(db, person=survivor, data=validate(PersonMergeIn, {"duplicate_id": dup}))
        merged = time.perf_counter() - started
        started = time.perf_counter()
        with unit_of_work(sessions, actor=actor) as db:
            found = persons.get(db, person_id=keep)
            values = {**persons.values_of(db, person=found), "municipality": f"Aue {run}"}
            persons.update(db, person=found, data=validate(PersonIn, values))
        edited = time.perf_counter() - started
        if run:
            merges.append(merged)
            edits.append(edited)
    engine.dispose()
    merge_s, edit_s = statistics.median(merges), statistics.median(edits)
    verdict = "ok" if merge_s < TARGET_SECONDS else "OVER TARGET"
    print(f"merge two persons ({label}): {CONTACTS} contacts each, centre of {PERSONS:,} persons")
    print(f"  merge: {merge_s * 1000:.1f} ms median of {RUNS}, slowest {max(merges) * 1000:.1f} ms "
          f"(target < {TARGET_SECONDS * 1000:.0f} ms: {verdict})")  # fmt: skip
    print(f"  baseline, one person edit: {edit_s * 1000:.1f} ms median")
    print(f"  ratio merge/edit: {merge_s / edit_s:.1f}×", flush=True)


def main() -> None:
    seed.on_both_backends("merge two persons", "bench_merge", _measure)


if __name__ == "__main__":
    main()
