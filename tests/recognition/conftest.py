"""Helpers for recognition tests: persons inserted directly, sessions acting as a user."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from cases.persons.models import Person
from tests.conftest import Factory
from welcome.accounts.models import Centre, User
from welcome.db import Actor, unit_of_work


def make_person(factory: Factory, centre: Centre, first: str = "Olena", last: str = "Koval") -> int:
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


@contextmanager
def acting(factory: Factory, user: User) -> Iterator[Any]:
    """A unit of work as `user` (the centre scope applies)."""
    assert user.id is not None
    actor = Actor(user_id=user.id, centre_id=user.centre_id, role=user.role)
    with unit_of_work(factory.sessions, actor=actor) as db:
        yield db
