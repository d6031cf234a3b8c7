"""Holds, erasure (both modes, 404s, a held person refused, another centre), a dry run that
changes nothing, a rerun after a failure half-way, the scheduler's lock, audit pruning with
`welcome audit verify` passing after it; on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import os
import threading
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text
from sqlmodel import col

from cases.counselling.models import Contact
from cases.persons.models import Person
from cases.retention import anonymise, lock, service
from cases.retention.models import RetentionRun
from tests import s3
from tests.conftest import Factory, make_settings
from tests.counselling.helpers import acting, close_case, create_case, create_contact
from tests.retention import helpers
from tests.test_storage import s3_server as s3_server  # the moto server fixture
from welcome import clock, storage
from welcome.audit import AuditEntry
from welcome.audit_chain import verify
from welcome.db import SYSTEM, unit_of_work

LATER = date(2030, 1, 2)


def _api(client: TestClient, factory: Factory, user: Any) -> dict[str, str]:
    return {"Authorization": f"Bearer {factory.token(user)}"}


def _one_person(factory: Factory, user: Any, name: str = "Yelizaveta") -> tuple[int, int]:
    from cases.persons import service as persons
    from cases.persons.schemas import PersonIn
    from welcome.inputs import validate

    with acting(factory, user) as db:
        person = persons.create(
            db,
            data=validate(
                PersonIn,
                {"first_name": name, "last_name": "Quennell", "client_group": "eu_immigrant"},
            ),
        )
        assert person.id is not None
        case = create_case(db, person_id=person.id, opened_on=date(2025, 3, 1))
        create_contact(
            db,
            case=case,
            date=date(2025, 3, 1),
            duration_minutes=30,
            channel="phone",
            topics=["housing"],
            notes="Notiz-Quennell",
        )
        close_case(db, case=case, closed_on=date(2025, 3, 2), reason="goal_reached")
        assert case.id is not None
        return person.id, case.id


def _names(factory: Factory) -> dict[int, str]:
    with unit_of_work(factory.sessions, actor=SYSTEM) as db:
        query = select(col(Person.id), col(Person.last_name)).execution_options(include_merged=True)
        return {i: n for i, n in db.execute(query)}


@pytest.fixture
def centre(factory: Factory) -> dict[str, Any]:
    a, b = factory.centre("Erzgebirge"), factory.centre("Chemnitz")
    return {
        "a": a,
        "b": b,
        "lead": factory.user(role="lead", centre=a),
        "counsellor": factory.user(role="counsellor", centre=a),
        "lead_b": factory.user(role="lead", centre=b),
    }


def test_a_dry_run_changes_nothing_and_a_run_anonymises(
    factory: Factory, centre: dict[str, Any]
) -> None:
    pid, _case = _one_person(factory, centre["counsellor"])
    with factory.engine.connect() as c:
        before = {
            t: c.execute(text(f'SELECT COUNT(*) FROM "{t}"')).scalar()
            for t in ("audit_log", "persons", "contacts")
        }
    plan = helpers.retention(factory, LATER, dry_run=True)
    assert plan.counts["case_file"] == 1 and plan.counts["contact_notes"] == 1
    assert _names(factory)[pid] == "Quennell"
    with factory.engine.connect() as c:
        after = {t: c.execute(text(f'SELECT COUNT(*) FROM "{t}"')).scalar() for t in before}
        assert c.execute(text("SELECT COUNT(*) FROM retention_runs")).scalar() == 0
    assert after == before
    # not yet due the day before the period ends (end of 2025 + 3 years)
    assert helpers.retention(factory, date(2028, 12, 31), dry_run=True).counts["case_file"] == 0
    done = helpers.retention(factory, LATER)
    assert done.counts["case_file"] == 1 and done.counts["contact_notes"] == 1
    assert _names(factory)[pid] == ""
    assert helpers.leaks(factory, ("Quennell", "Yelizaveta")) == []
    with unit_of_work(factory.sessions, actor=SYSTEM) as db:
        logged = db.scalars(select(RetentionRun)).one()
        assert logged.started_by == "cli" and logged.as_of == LATER and logged.finished_at
        assert logged.counts["case_file"] == 1
    again = helpers.retention(factory, LATER)  # nothing left to do
    assert again.counts["case_file"] == 0


def test_a_hold_is_skipped_by_the_run_and_refuses_erasure(
    factory: Factory, centre: dict[str, Any], client: TestClient
) -> None:
    pid, case_id = _one_person(factory, centre["counsellor"])
    other, _c = _one_person(factory, centre["counsellor"], "Bartholomew")
    lead = _api(client, factory, centre["lead"])
    until = (clock.today() + timedelta(days=4000)).isoformat()
    made = client.post(
        "/api/v1/retention/holds",
        headers=lead,
        json={"case_id": case_id, "until": until, "reason": "Prüfung ESF 2031"},
    )
    assert made.status_code == 201, made.text
    assert (
        client.post(
            "/api/v1/retention/holds",
            headers=_api(client, factory, centre["counsellor"]),
            json={"person_id": pid, "until": until, "reason": "x"},
        ).status_code
        == 403
    )
    done = helpers.retention(factory, LATER)
    assert done.counts["case_file"] == 1  # the other one
    names = _names(factory)
    assert names[pid] == "Quennell" and names[other] == ""
    refused = client.post(f"/api/v1/persons/{pid}/erase", headers=lead, json={"reason": "Art. 17"})
    assert refused.status_code == 409
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert "Prüfung ESF 2031" in refused.json()["detail"]
    assert refused.json()["hold"]["reason"] == "Prüfung ESF 2031"
    hold_id = made.json()["id"]
    assert (
        client.post(f"/api/v1/retention/holds/{hold_id}/release", headers=lead).status_code == 200
    )
    assert (
        client.post(
            f"/api/v1/persons/{pid}/erase", headers=lead, json={"reason": "Art. 17"}
        ).status_code
        == 200
    )


def test_erasure_anonymises_at_once_or_deletes_entirely(
    factory: Factory, centre: dict[str, Any], client: TestClient
) -> None:
    kept, _c1 = _one_person(factory, centre["counsellor"], "Kept")
    gone, _c2 = _one_person(factory, centre["counsellor"], "Gone")
    lead = _api(client, factory, centre["lead"])
    counsellor = _api(client, factory, centre["counsellor"])
    assert (
        client.post(
            f"/api/v1/persons/{kept}/erase", headers=counsellor, json={"reason": "Art. 17"}
        ).status_code
        == 403
    )
    assert (
        client.post(
            f"/api/v1/persons/{kept}/erase",
            headers=_api(client, factory, centre["lead_b"]),
            json={"reason": "Art. 17"},
        ).status_code
        == 404
    )
    assert client.post(f"/api/v1/persons/{kept}/erase", headers=lead, json={}).status_code == 422
    answer = client.post(
        f"/api/v1/persons/{kept}/erase", headers=lead, json={"reason": "Art. 17 vom 1.12."}
    )
    assert answer.status_code == 200 and answer.json()["mode"] == "anonymise"
    assert client.get(f"/api/v1/persons/{kept}", headers=lead).status_code == 404
    assert client.get("/api/v1/persons?q=Kept", headers=lead).json()["items"] == []
    assert client.get("/api/v1/persons?q=Quennell", headers=lead).json()["items"][0]["id"] == gone
    with unit_of_work(factory.sessions, actor=SYSTEM) as db:
        contacts = db.scalar(select(func.count()).select_from(Contact))
    assert contacts == 2  # the anonymised person's contact still counts
    deleted = client.post(
        f"/api/v1/persons/{gone}/erase", headers=lead, json={"reason": "Art. 17", "mode": "delete"}
    )
    assert deleted.status_code == 200
    assert client.get(f"/api/v1/persons/{gone}", headers=lead).status_code == 404
    assert gone not in _names(factory)
    with unit_of_work(factory.sessions, actor=SYSTEM) as db:
        assert db.scalar(select(func.count()).select_from(Contact)) == 1  # its contact went too
    assert helpers.leaks(factory, ("Quennell", "Notiz-Quennell")) == []
    assert (
        client.post(
            f"/api/v1/persons/{kept}/erase", headers=lead, json={"reason": "again"}
        ).status_code
        == 404
    )
    assert anonymise.unhandled() == set()  # every table pointing to persons or cases is handled


def test_erasure_of_a_merged_away_id_names_the_survivor(
    factory: Factory, centre: dict[str, Any], client: TestClient
) -> None:
    survivor, _c1 = _one_person(factory, centre["counsellor"], "Survivor")
    duplicate, _c2 = _one_person(factory, centre["counsellor"], "Survivar")
    lead = _api(client, factory, centre["lead"])
    merged = client.post(
        f"/api/v1/persons/{survivor}/merge", headers=lead, json={"duplicate_id": duplicate}
    )
    assert merged.status_code == 200, merged.text
    answer = client.post(
        f"/api/v1/persons/{duplicate}/erase", headers=lead, json={"reason": "Art. 17"}
    )
    assert answer.status_code == 404 and answer.json()["merged_into"] == survivor


def test_a_failure_half_way_leaves_each_person_whole_and_a_rerun_finishes(
    factory: Factory, centre: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = [_one_person(factory, centre["counsellor"], f"Person{i}")[0] for i in range(4)]
    real = anonymise.anonymise
    broken = ids[2]

    def failing(db: Any, *, person_ids: Any, **kw: Any) -> Any:
        done = real(db, person_ids=person_ids, **kw)  # written, then the failure: rolled back
        if broken in person_ids:
            raise RuntimeError("disk full")
        return done

    monkeypatch.setattr(anonymise, "anonymise", failing)
    failed: list[int] = []
    first = helpers.retention(factory, LATER, on_person_failure=lambda i, _e: failed.append(i))
    assert first.failures == 1 and failed == [broken] and first.counts["case_file"] == 3
    names = _names(factory)
    assert [names[i] for i in ids] == ["", "", "Quennell", ""]
    with factory.engine.connect() as c:  # the failed one is untouched: its search keys stay
        keys = "SELECT person_id, COUNT(*) FROM person_search_keys GROUP BY person_id"
        assert {i for i, n in c.execute(text(keys)) if n} == {broken}
    monkeypatch.setattr(anonymise, "anonymise", real)
    second = helpers.retention(factory, LATER)
    assert second.counts["case_file"] == 1 and second.failures == 0
    assert helpers.leaks(factory, ("Quennell", "Notiz-Quennell")) == []


def test_two_concurrent_runs_one_does_the_work(factory: Factory, centre: dict[str, Any]) -> None:
    _one_person(factory, centre["counsellor"])
    results: list[Any] = []
    inside = threading.Event()
    release = threading.Event()

    def slow_holder() -> None:
        with lock.held(factory.engine, holder="host-a") as got:
            results.append(("a", got))
            inside.set()
            release.wait(10)

    holder = threading.Thread(target=slow_holder)
    holder.start()
    assert inside.wait(10)
    assert service.run_if_due(factory.engine, today=LATER) is None
    with pytest.raises(service.Busy):
        service.run_locked(factory.engine, as_of=LATER)
    release.set()
    holder.join()
    done = service.run_if_due(factory.engine, today=LATER)
    assert done is not None and done.counts["case_file"] == 1
    # the day's run is done: another host starting later does nothing
    assert service.run_if_due(factory.engine, today=LATER) is None
    with unit_of_work(factory.sessions, actor=SYSTEM) as db:
        runs = list(db.scalars(select(RetentionRun)))
    assert [r.started_by for r in runs] == ["scheduler"]


def test_audit_pruning_keeps_the_chain_verifiable_and_nothing_else_may_delete(
    factory: Factory, centre: dict[str, Any]
) -> None:
    _one_person(factory, centre["counsellor"])
    with factory.engine.connect() as c:
        total = c.execute(text("SELECT COUNT(*) FROM audit_log")).scalar()
        assert total is not None and verify(c).ok
        first = c.execute(text("SELECT MIN(id) FROM audit_log")).scalar()
    with pytest.raises(Exception, match="append-only"), factory.engine.begin() as c:
        c.execute(text("DELETE FROM audit_log WHERE id = :i"), {"i": first})
    done = helpers.retention(factory, LATER)
    assert done.counts["audit_log"] >= total  # and the run's own entries before the prune
    with factory.engine.connect() as c:
        verdict = verify(c)
        assert verdict.ok, verdict.problems
        left = c.execute(text("SELECT COUNT(*) FROM audit_log")).scalar()
        assert left is not None and 0 < left < total + 20
    # new entries chain on, and verify still passes
    _one_person(factory, centre["counsellor"], "Later")
    with factory.engine.connect() as c:
        assert verify(c).ok
    # what is not pruned stays append-only, and anchors cannot be changed
    with pytest.raises(Exception, match="append-only"), factory.engine.begin() as c:
        c.execute(text("DELETE FROM audit_log"))
    with pytest.raises(Exception, match="append-only"), factory.engine.begin() as c:
        c.execute(text("UPDATE audit_anchors SET chain_hash = 'x'"))
    # removing entries behind a forged anchor is found: no chained entry confirms it
    with factory.engine.begin() as c:
        last = c.execute(text("SELECT MIN(id) FROM audit_log")).scalar()
        c.execute(
            text(
                "INSERT INTO audit_anchors (upto_id, chain_hash, pruned, at) "
                "VALUES (:i, 'forged', 1, CURRENT_TIMESTAMP)"
            ),
            {"i": last},
        )
        c.execute(text("DELETE FROM audit_log WHERE id = :i"), {"i": last})
    with factory.engine.connect() as c:
        assert not verify(c).ok
    with unit_of_work(factory.sessions, actor=SYSTEM) as db:
        assert db.scalar(select(func.count()).select_from(AuditEntry)) is not None


def test_the_run_removes_object_store_files_after_its_commit(
    factory: Factory, centre: dict[str, Any], db_url: str, tmp_path: Path, s3_server: s3.S3Server
) -> None:
    """With the files in an S3 store: a due person's document and package PDF are queued in
    the run's transaction and deleted from the store after its commit."""
    from cases.packages.models import IssuedPackage
    from cases.recognition import documents
    from cases.recognition import service as recognition
    from cases.recognition.schemas import DocumentIn, ProcedureIn

    prefix = f"retention{os.getpid()}-{time.monotonic_ns()}"
    configured = make_settings(db_url, tmp_path, **s3_server.settings(prefix))
    storage.install(factory.engine, configured)
    pid, _case = _one_person(factory, centre["counsellor"])
    with acting(factory, centre["counsellor"]) as db:
        procedure = recognition.create(
            db,
            data=ProcedureIn(person_id=pid, reference_occupation="Lehrerin", authority="lasub",
                             regulated=True, applied_on=date(2025, 3, 1)),
        )  # fmt: skip
        documents.create(db, settings=configured, procedure=procedure, data=DocumentIn(),
                         stream=io.BytesIO(b"%PDF-1.4\n% Zeugnis-Quennell\n%%EOF\n"),
                         filename="Zeugnis.pdf")  # fmt: skip
        db.add(IssuedPackage(centre_id=centre["a"].id, person_id=pid, language="de",
                             content_version="t", pdf_sha256="0" * 64,
                             pdf_path=storage.put(db, data=b"%PDF-1.7 Quennell")))  # fmt: skip
    assert len(s3_server.keys(prefix)) == 2
    done = helpers.retention(factory, LATER)
    assert done.counts["case_file"] == 1 and done.failures == 0

    def queued() -> int:
        with factory.engine.connect() as c:
            return int(c.execute(text("SELECT COUNT(*) FROM storage_removals")).scalar() or 0)

    deadline = time.monotonic() + 15
    while (s3_server.keys(prefix) or queued()) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert s3_server.keys(prefix) == [] and queued() == 0
    assert helpers.leaks(factory, ("Quennell", "Notiz-Quennell")) == []
