"""Audit entries written before redaction at source lose their personal values (migration
f1c7a3e9b5d2, welcome/audit_redaction.py) the way a new entry is written; the hash chain is
sealed again from the first changed entry with a chained `redact` entry naming the old head;
`welcome audit verify` passes and still finds a later change; on both backends."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from tests.test_audit_chain import _without_guards
from welcome import audit_redaction, migrate
from welcome.audit_chain import verify

OLD: list[tuple[str, str, int | None, dict[str, Any]]] = [
    ("create", "cases", 7, {"status": [None, "open"]}),  # nothing personal: stays as it was
    ("create", "persons", 1, {"first_name": [None, "Olena"], "last_name": [None, "Kovalenko"],
                              "client_group": [None, "returnee"]}),
    ("update", "persons", 1, {"municipality": ["Annaberg-Buchholz", "Chemnitz"]}),
    # a search as welcome.reads wrote it before round 3: the typed words kept
    ("search", "persons", None, {"query": {"q": "Olena Kovalenko", "limit": 20}, "ids": [1],
                                 "count": 1}),
    ("create", "contacts", 3, {"notes": [None, "Sucht Arbeit als Pflegerin"],
                               "channel": [None, "phone"]}),
    ("create", "recognition_documents", 2, {"filename": [None, "Kovalenko_Diplom.pdf"]}),
    ("update", "recognition_procedures", 4, {"document": [None, "Zeugnis_Kovalenko.pdf"]}),
    ("update", "persons", 1, {"first_name": "changed"}),  # written after round 3 already
]  # fmt: skip
SECRETS = ("Olena", "Kovalenko", "Annaberg", "Chemnitz", "Pflegerin")


def _write(conn: sa.Connection, at: datetime, action: str, entity: str, entity_id: int | None,
           changes: dict[str, Any]) -> None:  # fmt: skip
    """An entry as the app wrote it before round 3 (rows as parameters: the chain seals it)."""
    row = {"at": at, "user_id": None, "centre_id": None, "action": action, "entity": entity,
           "entity_id": entity_id, "address": None, "changes": changes}  # fmt: skip
    conn.execute(sa.insert(audit_redaction._LOG), [row])


def _entries(conn: sa.Connection) -> list[dict[str, Any]]:
    rows = conn.execute(sa.text("SELECT * FROM audit_log ORDER BY id")).mappings().all()
    found = []
    for row in rows:
        entry = dict(row)
        if isinstance(entry["changes"], str):
            entry["changes"] = json.loads(entry["changes"])
        found.append(entry)
    return found


def test_old_entries_are_redacted_and_the_chain_sealed_again(db_url: str) -> None:
    migrate.downgrade(db_url, "d8f2a6c1e3b7")
    engine = sa.create_engine(db_url)
    start = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
    with engine.begin() as conn:  # the old entries, sealed as they were written
        for n, (action, entity, entity_id, changes) in enumerate(OLD):
            _write(conn, start + timedelta(minutes=n), action, entity, entity_id, changes)
    with engine.connect() as conn:
        before = _entries(conn)
        old_head = verify(conn)
    assert old_head.ok and all(e["chain_hash"] for e in before)
    assert any("Kovalenko" in json.dumps(e["changes"]) for e in before)

    migrate.upgrade(db_url)
    with engine.connect() as conn:
        after = _entries(conn)
        verdict = verify(conn)
    assert verdict.ok, verdict.problems
    text = json.dumps([e["changes"] for e in after], ensure_ascii=False)
    assert not [s for s in SECRETS if s in text], text
    by_id = {e["id"]: e for e in after}
    first, person = before[0], before[1]
    assert by_id[first["id"]] == first  # untouched before the first redacted entry
    assert by_id[person["id"]]["changes"] == {
        "first_name": "changed", "last_name": "changed", "client_group": [None, "returnee"],
    }  # fmt: skip
    assert by_id[before[3]["id"]]["changes"] == {
        "query": {"q": "2 words", "limit": 20}, "ids": [1], "count": 1,
    }  # fmt: skip
    assert by_id[before[6]["id"]]["changes"] == {"document": "changed"}
    assert by_id[before[4]["id"]]["changes"]["channel"] == [None, "phone"]
    assert by_id[person["id"]]["chain_hash"] != person["chain_hash"]  # sealed again
    anchor = after[-1]
    assert anchor["action"] == "redact" and anchor["entity"] == "audit_log"
    assert anchor["changes"] == {
        "redacted": [None, 6],
        "resealed_from": [None, person["id"]],
        "old_head": [None, f"{old_head.head_id} {old_head.head_hash}"],
    }
    assert len(verdict.reseals) == 1 and str(old_head.head_hash) in verdict.reseals[0]

    # a second run has nothing to redact and writes nothing
    migrate.downgrade(db_url, "d8f2a6c1e3b7")
    migrate.upgrade(db_url)
    with engine.connect() as conn:
        assert _entries(conn) == after
        # a later change is still found
        _without_guards(
            conn, "UPDATE audit_log SET entity_id = 8 WHERE id = :id", id=before[0]["id"]
        )
        found = verify(conn)
    engine.dispose()
    assert not found.ok and found.problems[0].startswith(f"entry {before[0]['id']}:")


def test_a_chain_that_does_not_verify_is_not_sealed_again(db_url: str) -> None:
    migrate.downgrade(db_url, "d8f2a6c1e3b7")
    engine = sa.create_engine(db_url)
    with engine.begin() as conn:
        for action, entity, entity_id, changes in OLD[:3]:
            _write(conn, datetime.now(UTC), action, entity, entity_id, changes)
    with engine.connect() as conn:
        _without_guards(conn, "UPDATE audit_log SET action = 'view' WHERE id = 1")
    with pytest.raises(RuntimeError, match="does not verify"):
        migrate.upgrade(db_url)
    with engine.connect() as conn:
        assert "Kovalenko" in json.dumps([e["changes"] for e in _entries(conn)])
    engine.dispose()
