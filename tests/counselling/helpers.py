"""Sessions that act as a counsellor of a centre, and quick records for the tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlmodel import Session

from cases.persons import service as persons
from cases.persons.models import Person
from cases.persons.schemas import PersonIn
from tests.conftest import Factory
from welcome.accounts.models import User
from welcome.db import Actor, unit_of_work
from welcome.inputs import validate


@contextmanager
def acting(factory: Factory, user: User) -> Iterator[Session]:
    actor = Actor(user_id=user.id, centre_id=user.centre_id, role=user.role)
    with unit_of_work(factory.sessions, actor=actor) as db:
        yield db


def person(db: Session, first: str = "Olena", last: str = "Ivanova", **kw: Any) -> Person:
    data = validate(
        PersonIn,
        {
            "first_name": first,
            "last_name": last,
            "client_group": kw.pop("client_group", "eu_immigrant"),
            **kw,
        },
    )
    return persons.create(db, data=data)
