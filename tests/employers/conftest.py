"""Helpers for the employer tests: a counsellor's unit of work and persons inserted directly."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager

import pytest
from sqlmodel import Session

from cases.persons.models import Person
from tests.conftest import Factory
from welcome.accounts.models import Centre, User
from welcome.db import Actor, unit_of_work


def acting(factory: Factory, user: User) -> AbstractContextManager[Session]:
    """A unit of work as `user` (scoped to the user's centre), committed at the end."""
    assert user.id is not None
    return unit_of_work(
        factory.sessions,
        actor=Actor(user_id=user.id, centre_id=user.centre_id, role=user.role),
    )


def add_person(factory: Factory, centre: Centre, first: str = "Olena", last: str = "Koval") -> int:
    assert centre.id is not None
    with factory.session() as db:
        person = Person(
            centre_id=centre.id,
            client_group="third_country_immigrant",
            first_name=first,
            last_name=last,
        )
        db.add(person)
        db.flush()
        assert person.id is not None
        return person.id


@pytest.fixture
def as_user(factory: Factory) -> Callable[[User], AbstractContextManager[Session]]:
    def open_(user: User) -> AbstractContextManager[Session]:
        return acting(factory, user)

    return open_
