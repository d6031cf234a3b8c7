"""The append-only audit log, written by one mechanism.

Creates, updates and deletes of models that set `__audited__ = True` are recorded by a flush
hook; views by `welcome.db.fetch`; logins, logouts and exports by `record`. The database
refuses UPDATE and DELETE on the table (triggers made by the migration).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import event, insert
from sqlalchemy.orm import object_mapper
from sqlmodel import Field, Session, SQLModel, col

from welcome.db import ScopedByCentre, UTCDateTime, actor_of, utcnow


class AuditAction(StrEnum):
    VIEW = "view"
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    EXPORT = "export"
    LOGIN = "login"
    LOGOUT = "logout"
    LOGIN_FAILED = "login_failed"


class AuditEntry(SQLModel, ScopedByCentre, table=True):
    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    user_id: int | None = Field(default=None, foreign_key="users.id", index=True)
    # NULL for actions outside any centre (admins); scoped readers never see those
    centre_id: int | None = Field(default=None, foreign_key="centres.id", index=True)
    action: str = Field(max_length=20)
    entity: str = Field(max_length=60)
    entity_id: int | None = None
    address: str | None = Field(default=None, max_length=64)


def record(
    session: Session,
    *,
    action: AuditAction | str,
    entity: str,
    entity_id: int | None = None,
    user_id: int | None = None,
    centre_id: int | None = None,
) -> None:
    """Append one entry in the session's transaction (as the session's actor by default)."""
    actor = actor_of(session)
    session.execute(
        insert(AuditEntry),
        [
            {
                "at": utcnow(),
                "user_id": user_id if user_id is not None else (actor and actor.user_id),
                "centre_id": centre_id
                if centre_id is not None
                else (actor.centre_id if actor else None),
                "action": str(action),
                "entity": entity,
                "entity_id": entity_id,
                "address": actor.address if actor else None,
            }
        ],
    )


def _row(session: Session, action: AuditAction, obj: Any) -> dict[str, Any]:
    actor = actor_of(session)
    centre_id = getattr(obj, "centre_id", None)
    if centre_id is None and actor is not None:
        centre_id = actor.centre_id
    return {
        "at": utcnow(),
        "user_id": actor.user_id if actor else None,
        "centre_id": centre_id,
        "action": str(action),
        "entity": type(obj).__tablename__,
        "entity_id": object_mapper(obj).primary_key_from_instance(obj)[0],
        "address": actor.address if actor else None,
    }


@event.listens_for(Session, "after_flush")
def _write_changes(session: Session, _ctx: Any) -> None:
    # after_flush still sees the flushed objects in new/dirty/deleted, with their ids
    rows = [
        _row(session, action, obj)
        for action, objects in (
            (AuditAction.CREATE, session.new),
            (AuditAction.UPDATE, session.dirty),
            (AuditAction.DELETE, session.deleted),
        )
        for obj in objects
        if getattr(type(obj), "__audited__", False)
        and (action is not AuditAction.UPDATE or session.is_modified(obj))
    ]
    if rows:
        session.connection().execute(insert(AuditEntry), rows)


def list_entries(
    session: Session, *, action: str | None = None, offset: int = 0, limit: int = 50
) -> tuple[list[AuditEntry], int]:
    """Newest first; the centre scope applies (a lead sees the own centre only)."""
    from sqlalchemy import func, select

    conditions = [col(AuditEntry.action) == action] if action else []
    total = session.scalar(select(func.count(AuditEntry.id)).where(*conditions)) or 0  # type: ignore[arg-type]
    rows = session.scalars(
        select(AuditEntry)
        .where(*conditions)
        .order_by(AuditEntry.id.desc())  # type: ignore[union-attr]
        .offset(offset)
        .limit(limit)
    )
    return list(rows), total
