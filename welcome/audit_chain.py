"""The audit log as a hash chain: each entry carries `chain_hash`, the SHA-256 of the previous
entry's hash and its own content, so `welcome audit verify` finds a changed, removed or
inserted row (the database refuses UPDATE, DELETE, TRUNCATE and INSERT OR REPLACE besides:
migration 20261201_1200_b7e2c4d19a58).

Hooked in one place: every INSERT into audit_log, however it is written (an entry of the
audit mechanism, `record`, a system job's bulk insert), is sealed here before it runs. The
entries are chained in the order they are inserted, under a lock so that two transactions
never chain onto the same entry: on SQLite the write lock every transaction takes first
(welcome/locking.py), on PostgreSQL a transaction-level advisory lock. Entries written before
the chain existed have no hash; verification counts them and starts after them.

What the chain cannot show alone: the newest entries removed together. `verify` prints the
head (last id and hash): keep it elsewhere (a ticket, a mail) to compare later.

Pruning (the retention run only, cases/retention/audit_prune.py): the oldest entries up to an
id go, after an anchor row (`audit_anchors`: that id and its entry's hash) and a chained
`purge` entry naming the same id and hash were written. `verify` starts from the newest
anchor's hash, and refuses an anchor no chained entry confirms.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Insert, event, text
from sqlalchemy.engine import Connection, Engine

TABLE = "audit_log"
GENESIS = ""
# pg_advisory_xact_lock key: "audit" as a number, the same in every process
PG_LOCK = 0x61756469
CONTENT = ("at", "user_id", "centre_id", "action", "entity", "entity_id", "address", "changes")


def _moment(value: Any) -> str:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return str(value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f"))
    return "" if value is None else str(value)


def canonical(row: dict[str, Any]) -> str:
    """An entry's content as one string, the same when written and when read back."""
    values = {name: row.get(name) for name in CONTENT}
    values["at"] = _moment(values["at"])
    return json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def link(previous: str, row: dict[str, Any]) -> str:
    return hashlib.sha256(f"{previous}\n{canonical(row)}".encode()).hexdigest()


def _head(connection: Connection) -> str:
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_LOCK})
    last = connection.execute(
        text(
            f"SELECT chain_hash FROM {TABLE} WHERE chain_hash IS NOT NULL ORDER BY id DESC LIMIT 1"
        )
    ).scalar()
    return str(last) if last else GENESIS


@event.listens_for(Engine, "before_execute", retval=True)
def _seal(
    connection: Connection, statement: Any, multiparams: Any, params: Any, _options: Any
) -> tuple[Any, Any, Any]:
    """Every INSERT into the log, whether the ORM or core sends it: hashes added to its rows."""
    if not isinstance(statement, Insert) or getattr(statement.table, "name", None) != TABLE:
        return statement, multiparams, params
    rows = [dict(r) for r in multiparams] if multiparams else [dict(params)] if params else []
    if not rows or all(r.get("chain_hash") for r in rows):
        return statement, multiparams, params
    previous = _head(connection)
    for row in rows:
        row["chain_hash"] = previous = link(previous, row)
    if multiparams:
        return statement, rows, {}
    return statement, [], rows[0]


# --- verification ---------------------------------------------------------------------------


@dataclass
class Verdict:
    checked: int = 0
    before_chain: int = 0  # entries older than the chain (no hash)
    problems: list[str] = field(default_factory=list)
    head_id: int | None = None
    head_hash: str | None = None
    # the re-seals after old entries lost their personal values (welcome/audit_redaction.py):
    # each names the first re-sealed entry and the head before it
    reseals: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _rows(connection: Connection, batch: int = 5000) -> Iterator[dict[str, Any]]:
    columns = ", ".join(("id", "chain_hash", *CONTENT))
    after = -(2**62)  # every id, also one a forger made smaller than the first
    while True:
        found = connection.execute(
            text(f"SELECT {columns} FROM {TABLE} WHERE id > :after ORDER BY id LIMIT :n"),
            {"after": after, "n": batch},
        ).mappings()
        rows = [dict(r) for r in found]
        if not rows:
            return
        for row in rows:
            if isinstance(row["changes"], str):  # SQLite gives JSON back as text here
                row["changes"] = json.loads(row["changes"])
            yield row
        after = rows[-1]["id"]


def anchor_of(connection: Connection) -> tuple[int, str] | None:
    """The newest pruning anchor (the last pruned entry's id and hash), if the log was pruned."""
    from sqlalchemy import inspect

    if not inspect(connection).has_table("audit_anchors"):
        return None
    found = connection.execute(
        text("SELECT upto_id, chain_hash FROM audit_anchors ORDER BY upto_id DESC LIMIT 1")
    ).first()
    return (int(found[0]), str(found[1] or "")) if found else None


def _confirms(row: dict[str, Any], anchor: tuple[int, str]) -> bool:
    changes = row.get("changes") or {}
    return (
        row.get("action") == "purge"
        and row.get("entity") == TABLE
        and changes.get("upto_id") == [None, anchor[0]]
        and changes.get("anchor") == [None, anchor[1]]
    )


def verify(
    connection: Connection,
    rows: Iterable[dict[str, Any]] | None = None,
    anchor: tuple[int, str] | None = None,
) -> Verdict:
    """Walk the log in id order and recompute every link (from the newest anchor's hash
    when the log was pruned: `anchor` is read from the database unless rows are given)."""
    verdict = Verdict()
    if rows is None and anchor is None:
        anchor = anchor_of(connection)
    previous = anchor[1] if anchor else GENESIS
    sealed = bool(previous)
    confirmed = anchor is None
    for row in rows if rows is not None else _rows(connection):
        if anchor is not None and row["id"] <= anchor[0]:
            verdict.problems.append(f"entry {row['id']}: inside the pruned range (inserted)")
            continue
        confirmed = confirmed or _confirms(row, anchor)  # type: ignore[arg-type]
        if row.get("action") == "redact" and row.get("entity") == TABLE:
            changes = row.get("changes") or {}
            verdict.reseals.append(
                f"entry {row['id']}: personal values removed from "
                f"{(changes.get('redacted') or [None, 0])[1]} older entries, the chain sealed "
                f"again from entry {(changes.get('resealed_from') or [None, '?'])[1]}; "
                f"the head before: {(changes.get('old_head') or [None, '?'])[1]}"
            )
        stored = row["chain_hash"]
        if not stored:
            if sealed:
                verdict.problems.append(f"entry {row['id']}: no hash inside the chain (inserted)")
            else:
                verdict.before_chain += 1
            continue
        sealed = True
        verdict.checked += 1
        expected = link(previous, row)
        if stored != expected:
            verdict.problems.append(
                f"entry {row['id']}: the hash does not follow from the entry before it "
                "(this entry was changed, or one before it was changed, removed or inserted)"
            )
        previous = stored
        verdict.head_id, verdict.head_hash = row["id"], stored
    if not confirmed:
        verdict.problems.append(
            f"the pruning anchor at entry {anchor[0]} is confirmed by no entry of the chain"  # type: ignore[index]
        )
    return verdict
