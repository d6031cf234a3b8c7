"""Personal values out of audit entries written before they were redacted at source, and the
hash chain sealed again from the first changed entry (welcome/audit_chain.py).

Since issue 14 an entry holds ids and field names, never personal text: a model's
`__audit_redact__` fields and `ALWAYS_REDACTED` are written as "changed", a search's words as
"N words" (welcome/audit.py, welcome/reads.py). Entries written before hold names, addresses
and typed text (a person's create entry: `"first_name": [null, "Olena"]`); the anonymisation
of a person cannot reach them, and they would stay for the audit log's two years. `redact`
rewrites them the way a new entry is written — and nothing else.

Changing an entry breaks the chain from there on, so the same step seals it again: the chain
is verified first (a chain that does not verify is not sealed again: that would cover up the
change), every entry from the first redacted one gets its hash again, and a chained `redact`
entry (the anchor) names the first re-sealed id, how many entries were redacted and the
head before (id and hash), so a head kept elsewhere before the step can still be matched.
`welcome audit verify` passes afterwards and finds any later change as before. Run by the
migration (20261201_1700_f1c7a3e9b5d2), with the append-only guards lifted for its duration.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from welcome.audit_chain import GENESIS, TABLE, anchor_of, link, verify
from welcome.audit_chain import _rows as entries  # the log in id order, as verify reads it
from welcome.reads import FREE_TEXT  # the query arguments that hold typed words

REDACTED = "changed"
ACTION = "redact"


@dataclass
class Redaction:
    redacted: int = 0  # entries whose changes lost personal values
    resealed: int = 0  # entries that got their hash again
    first_id: int | None = None
    old_head: tuple[int, str] | None = None
    new_head: tuple[int, str] | None = None


def redacted_changes(
    row: Mapping[str, Any], fields: Mapping[str, frozenset[str]], always: frozenset[str]
) -> Any:
    """The entry's changes as they would be written today."""
    changes = row.get("changes")
    if not isinstance(changes, dict):
        return changes
    hidden = always | fields.get(str(row.get("entity")), frozenset())
    found: dict[str, Any] = {}
    for name, value in changes.items():
        if row.get("action") == "search" and name == "query" and isinstance(value, dict):
            found[name] = {k: _words(k, v) for k, v in value.items()}  # as reads.record_list
        elif name in hidden and value is not None and value != REDACTED:
            found[name] = REDACTED
        else:
            found[name] = value
    return found


def _words(name: str, value: Any) -> Any:
    """A search's typed words as their count (welcome.reads: the words are never kept)."""
    if name not in FREE_TEXT or not isinstance(value, str) or value.endswith(" words"):
        return value
    return f"{len(value.split())} words"


_LOG = sa.table(
    TABLE,
    sa.column("id", sa.Integer),
    sa.column("at", sa.DateTime(timezone=True)),
    sa.column("user_id", sa.Integer),
    sa.column("centre_id", sa.Integer),
    sa.column("action", sa.String),
    sa.column("entity", sa.String),
    sa.column("entity_id", sa.Integer),
    sa.column("address", sa.String),
    sa.column("changes", sa.JSON),
    sa.column("chain_hash", sa.String),
)


def redact(
    connection: Connection, *, fields: Mapping[str, frozenset[str]], always: frozenset[str]
) -> Redaction:
    """Redact the old entries and seal the chain again (the caller lifts the append-only
    guards); refuses a chain that does not verify. Writes nothing when nothing is personal."""
    verdict = verify(connection)
    if not verdict.ok:
        raise RuntimeError(
            "the audit log does not verify (welcome audit verify): not sealed again over a "
            f"changed chain; {verdict.problems[0]}"
        )
    anchor = anchor_of(connection)
    previous = anchor[1] if anchor else GENESIS
    done = Redaction()
    resealing = False
    # read everything first: the updates below must not shift the batches' window
    for row in list(entries(connection)):
        changes = redacted_changes(row, fields, always)
        changed = changes != row["changes"]
        values: dict[str, Any] = {}
        if changed:
            done.redacted += 1
            row["changes"] = values["changes"] = changes
        if row["chain_hash"]:
            done.old_head = (row["id"], row["chain_hash"])
            if changed or resealing:
                resealing = True
                done.first_id = done.first_id or row["id"]
                values["chain_hash"] = link(previous, row)
                done.resealed += 1
            previous = values.get("chain_hash", row["chain_hash"])
            done.new_head = (row["id"], previous)
        if values:
            connection.execute(sa.update(_LOG).where(_LOG.c.id == row["id"]).values(**values))
    if done.redacted:
        old = f"{done.old_head[0]} {done.old_head[1]}" if done.old_head else ""
        anchor_row = {
            "at": datetime.now(UTC),
            "user_id": None,
            "centre_id": None,
            "action": ACTION,
            "entity": TABLE,
            "entity_id": None,
            "address": None,
            "changes": {
                "redacted": [None, done.redacted],
                "resealed_from": [None, done.first_id],
                "old_head": [None, old],
            },
        }
        # rows as parameters: chained by welcome.audit_chain's hook, after the new head
        connection.execute(sa.insert(_LOG), [anchor_row])
    return done


def lift_guards(connection: Connection) -> list[str]:
    """Drop the append-only UPDATE guard for this step; returns what `restore_guards` needs."""
    if connection.dialect.name == "sqlite":
        found = connection.execute(
            sa.text(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                "AND tbl_name = :t AND name = 'audit_log_no_update'"
            ),
            {"t": TABLE},
        ).all()
        for name, _sql in found:
            connection.execute(sa.text(f'DROP TRIGGER "{name}"'))
        return [str(sql) for _name, sql in found]
    connection.execute(sa.text(f"ALTER TABLE {TABLE} DISABLE TRIGGER audit_log_append_only"))
    return []


def restore_guards(connection: Connection, saved: list[str]) -> None:
    if connection.dialect.name == "sqlite":
        for sql in saved:
            connection.execute(sa.text(sql))
        return
    connection.execute(sa.text(f"ALTER TABLE {TABLE} ENABLE TRIGGER audit_log_append_only"))
