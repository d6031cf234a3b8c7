"""Helpers for recognition tests: persons inserted directly, sessions acting as a user, the
service called with values read through the input models."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from cases.persons.models import Person
from cases.recognition import service
from cases.recognition.models import RecognitionProcedure, RecognitionSuspension
from cases.recognition.schemas import ProcedureIn, SuspensionEndIn, SuspensionIn
from tests.conftest import Factory
from welcome.accounts.models import Centre, User
from welcome.db import Actor, unit_of_work
from welcome.inputs import validate


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


def create(db: Any, **values: Any) -> RecognitionProcedure:
    """`service.create` with the values read through the input model (as the API does)."""
    return service.create(db, data=validate(ProcedureIn, values))


def update(db: Any, procedure: RecognitionProcedure, **changes: Any) -> RecognitionProcedure:
    """`service.update` with `changes` over the stored values (as a PATCH does)."""
    data = validate(ProcedureIn, {**service.values_of(procedure), **changes})
    return service.update(db, procedure=procedure, data=data)


def suspend(db: Any, procedure: RecognitionProcedure, **values: Any) -> RecognitionSuspension:
    return service.suspend(db, procedure=procedure, data=validate(SuspensionIn, values))


def resume(
    db: Any, procedure: RecognitionProcedure, suspension_id: int, **values: Any
) -> RecognitionSuspension:
    data = validate(SuspensionEndIn, values)
    return service.resume(db, procedure=procedure, suspension_id=suspension_id, data=data)
