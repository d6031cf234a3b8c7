"""The audit log is written by the shared mechanism and cannot be changed afterwards."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DatabaseError

from tests.conftest import Factory
from welcome.accounts.models import User
from welcome.audit import AuditEntry, record
from welcome.db import Actor, fetch, unit_of_work


def test_create_update_view_are_recorded(factory: Factory) -> None:
    centre = factory.centre()
    user = factory.user(role="counsellor", centre=centre)
    actor = Actor(user_id=user.id, centre_id=centre.id, role="counsellor", address="10.0.0.1")
    with unit_of_work(factory.sessions, actor=actor) as db:
        found = fetch(db, User, user.id)  # type: ignore[arg-type]
        assert found is not None
        found.display_name = "Changed"
    with factory.session() as db:
        rows = db.execute(
            select(
                AuditEntry.action,
                AuditEntry.entity,
                AuditEntry.entity_id,
                AuditEntry.user_id,
                AuditEntry.address,
            ).order_by(AuditEntry.id)
        ).all()
    assert ("create", "centres", centre.id, None, None) in rows
    assert ("create", "users", user.id, None, None) in rows
    assert ("view", "users", user.id, user.id, "10.0.0.1") in rows
    assert ("update", "users", user.id, user.id, "10.0.0.1") in rows


def test_an_unchanged_object_is_not_an_update(factory: Factory) -> None:
    user = factory.user(role="admin")
    with factory.session() as db:
        found = db.get(User, user.id)
        assert found is not None
        found.display_name = found.display_name  # no real change
    with factory.session() as db:
        assert db.scalars(select(AuditEntry).where(AuditEntry.action == "update")).first() is None


def test_rolled_back_work_leaves_no_audit_entry(factory: Factory) -> None:
    with pytest.raises(RuntimeError), factory.session() as db:
        record(db, action="export", entity="reports")
        raise RuntimeError("the export failed")
    with factory.session() as db:
        assert db.scalars(select(AuditEntry).where(AuditEntry.action == "export")).first() is None


def test_audit_log_is_append_only_in_the_database(factory: Factory) -> None:
    factory.centre()
    with pytest.raises(DatabaseError, match="append-only"), factory.session() as db:
        db.execute(update(AuditEntry).values(action="tampered"))
    with pytest.raises(DatabaseError, match="append-only"), factory.session() as db:
        db.execute(delete(AuditEntry))
    with pytest.raises(DatabaseError, match="append-only"), factory.session() as db:
        db.execute(text("DELETE FROM audit_log"))
    with factory.session() as db:
        assert db.scalars(select(AuditEntry.action)).all() == ["create"]
