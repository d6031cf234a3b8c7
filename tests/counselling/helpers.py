"""Sessions that act as a counsellor of a centre, and quick records for the tests: each helper
validates plain values with the area's input model and calls the service with it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlmodel import Session

from cases.counselling import consents, enquiries
from cases.counselling import service as counselling
from cases.counselling.models import Case, Consent, Contact, Enquiry, Outcome, Referral
from cases.counselling.schemas import (
    CaseIn,
    CloseIn,
    ConsentIn,
    ContactIn,
    EnquiryIn,
    OutcomeIn,
    ReferralIn,
)
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


def create_case(db: Session, **values: Any) -> Case:
    return counselling.create(db, data=validate(CaseIn, values))


def create_contact(db: Session, *, case: Case, **values: Any) -> Contact:
    return counselling.create_contact(db, case=case, data=validate(ContactIn, values))


def create_referral(db: Session, *, case: Case, **values: Any) -> Referral:
    return counselling.create_referral(db, case=case, data=validate(ReferralIn, values))


def create_outcome(db: Session, *, case: Case, **values: Any) -> Outcome:
    return counselling.create_outcome(db, case=case, data=validate(OutcomeIn, values))


def close_case(db: Session, *, case: Case, **values: Any) -> Case:
    return counselling.close(db, case=case, data=validate(CloseIn, values))


def create_consent(db: Session, *, person: Person, **values: Any) -> Consent:
    return consents.create(db, person=person, data=validate(ConsentIn, values))


def create_enquiry(db: Session, **values: Any) -> Enquiry:
    return enquiries.create(db, data=validate(EnquiryIn, values))
