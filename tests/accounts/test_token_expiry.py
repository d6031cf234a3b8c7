"""API tokens expire: after their days, or TOKEN_DAYS after creation for the older ones."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from tests.conftest import Factory
from welcome.accounts import service
from welcome.accounts.models import ApiToken, User
from welcome.db import utcnow
from welcome.errors import FieldErrors


def test_a_token_works_until_it_expires(client: TestClient, factory: Factory) -> None:
    user = factory.user(centre=factory.centre())
    token = factory.token(user)
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    with factory.session() as db:
        (found,) = db.scalars(select(ApiToken)).all()
        assert found.expires_at is not None
        assert timedelta(days=89) < found.expires_at - utcnow() <= timedelta(days=90)
        db.execute(update(ApiToken).values(expires_at=utcnow() - timedelta(seconds=1)))
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_older_tokens_expire_days_after_creation(client: TestClient, factory: Factory) -> None:
    user = factory.user(centre=factory.centre())
    token = factory.token(user)
    headers = {"Authorization": f"Bearer {token}"}
    with factory.session() as db:
        db.execute(update(ApiToken).values(expires_at=None))
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    with factory.session() as db:
        old = utcnow() - timedelta(days=service.TOKEN_DAYS + 1)
        db.execute(update(ApiToken).values(created_at=old))
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_token_days_are_bounded(factory: Factory) -> None:
    user = factory.user(centre=factory.centre())
    with factory.session() as db, pytest.raises(FieldErrors):
        found = db.get(User, user.id)
        assert found is not None
        service.create_token(db, user=found, days=400)
