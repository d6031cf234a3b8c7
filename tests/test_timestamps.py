"""Timestamps come back UTC-aware on both backends and keep their offset in the API's JSON."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from fastapi.testclient import TestClient
from sqlalchemy import select, text

from tests.conftest import Factory
from welcome.accounts.models import Centre, LoginFailure
from welcome.audit import AuditEntry

BERLIN = ZoneInfo("Europe/Berlin")


def test_created_at_and_at_read_back_in_utc(factory: Factory) -> None:
    before = datetime.now(UTC)
    centre = factory.centre()
    with factory.session() as db:
        found = db.get(Centre, centre.id)
        assert found is not None
        assert found.created_at.tzinfo is UTC
        assert before - timedelta(seconds=1) <= found.created_at <= datetime.now(UTC)
        entry = db.scalars(select(AuditEntry).where(AuditEntry.entity == "centres")).first()
        assert entry is not None and entry.at.tzinfo is UTC


def test_an_instant_in_another_zone_is_stored_as_utc(factory: Factory) -> None:
    summer_noon_in_berlin = datetime(2026, 7, 1, 12, 0, tzinfo=BERLIN)  # 10:00 UTC
    naive = datetime(2026, 7, 1, 9, 0)  # taken as UTC, as the code always has
    with factory.session() as db:
        db.add(LoginFailure(email="a@test.example", address="berlin", at=summer_noon_in_berlin))
        db.add(LoginFailure(email="b@test.example", address="naive", at=naive))
    with factory.session() as db:
        rows = dict(db.execute(select(LoginFailure.address, LoginFailure.at)).tuples().all())
        assert rows["berlin"] == datetime(2026, 7, 1, 10, 0, tzinfo=UTC)
        assert rows["berlin"].tzinfo is UTC
        assert rows["naive"] == datetime(2026, 7, 1, 9, 0, tzinfo=UTC)
        # what the database holds: the UTC digits (SQLite text) or the same instant (timestamptz)
        stored = db.execute(
            text("SELECT at FROM login_failures WHERE address = 'berlin'")
        ).scalar_one()
        if isinstance(stored, str):
            assert stored.startswith("2026-07-01 10:00:00")
        else:
            assert stored == datetime(2026, 7, 1, 10, 0, tzinfo=UTC)


def test_api_timestamps_carry_an_offset(client: TestClient, factory: Factory) -> None:
    lead = factory.user(role="lead", centre=factory.centre())
    answer = client.get("/api/v1/audit", headers={"Authorization": f"Bearer {factory.token(lead)}"})
    assert answer.status_code == 200
    items = answer.json()["items"]
    assert items
    for item in items:
        at = datetime.fromisoformat(item["at"])
        assert at.utcoffset() == timedelta(0), item["at"]
