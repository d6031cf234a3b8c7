"""Pruning the audit log after its period, by the retention run only, so that
`welcome audit verify` still passes (welcome/audit_chain.py):

1. the newest entry older than the cutoff that has only older entries before it is found
   (the pruned part is always a prefix of the chain in id order);
2. a chained `purge` entry names that id and its hash (so the anchor is confirmed by the
   chain itself), then an `audit_anchors` row records them: the database lets a DELETE on
   the log through only for ids an anchor covers (migration d5a8e3f1c2b7), and refuses
   changes to anchors;
3. the entries up to that id are deleted. Verification continues from the anchor's hash.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, insert, select
from sqlmodel import Session, col

from cases.retention.models import AuditAnchor
from welcome.audit import AuditAction, AuditEntry, record
from welcome.audit_chain import PG_LOCK


def _upto(db: Session, cutoff: datetime) -> int | None:
    """The last id of the prefix of entries written before `cutoff`."""
    first_kept = db.scalar(select(func.min(col(AuditEntry.id))).where(col(AuditEntry.at) >= cutoff))
    query = select(func.max(col(AuditEntry.id))).where(col(AuditEntry.at) < cutoff)
    if first_kept is not None:
        query = query.where(col(AuditEntry.id) < first_kept)
    found = db.scalar(query)
    return int(found) if found is not None else None


def prune(db: Session, *, cutoff: datetime, dry_run: bool = False) -> int:
    """Remove the entries written before `cutoff` (a prefix of the log); returns how many."""
    if db.get_bind().dialect.name == "postgresql":  # no entry chained meanwhile
        db.execute(select(func.pg_advisory_xact_lock(PG_LOCK)))
    upto = _upto(db, cutoff)
    if upto is None:
        return 0
    count = int(
        db.scalar(select(func.count()).select_from(AuditEntry).where(col(AuditEntry.id) <= upto))
        or 0
    )
    if dry_run or not count:
        return count
    anchor = db.scalar(select(col(AuditEntry.chain_hash)).where(col(AuditEntry.id) == upto)) or ""
    record(
        db,
        action=AuditAction.PURGE,
        entity="audit_log",
        changes={"upto_id": [None, upto], "anchor": [None, anchor], "pruned": [None, count]},
    )
    db.execute(insert(AuditAnchor).values(upto_id=upto, chain_hash=anchor, pruned=count))
    db.execute(delete(AuditEntry).where(col(AuditEntry.id) <= upto))
    return count
