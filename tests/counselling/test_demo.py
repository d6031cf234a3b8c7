"""The scale-data generator: ids returned, rows consistent, normal writes still work after."""

from __future__ import annotations

from sqlalchemy import func, select

from cases.counselling import demo
from cases.counselling.models import Case, Contact
from cases.persons import service as persons
from cases.persons.models import Person
from tests.conftest import Factory
from tests.counselling.helpers import acting, create_case, create_contact, person
from welcome import clock


def test_generate(factory: Factory) -> None:
    centre = factory.centre()
    user = factory.user(role="counsellor", centre=centre, locale="en")
    with factory.session() as db:
        ids = demo.generate(db, centre_id=centre.id, persons=200, seed=3)
    assert len(ids) == len(set(ids)) == 200
    with acting(factory, user) as db:
        assert db.scalar(select(func.count()).select_from(Person)) == 200
        groups = set(db.scalars(select(Person.client_group)))
        assert {"returnee", "third_country_immigrant", "eu_immigrant"} <= groups
        contacts = db.scalar(select(func.count()).select_from(Contact)) or 0
        assert contacts >= 400
        for case in db.scalars(select(Case)):
            assert case.opened_on <= (case.last_contact_on or case.opened_on) <= clock.today()
            assert (case.status == "closed") == (case.closure_reason is not None)
        movers = db.scalars(select(Person).where(Person.client_group == "domestic_mover"))
        assert all(p.previous_residence_country == "DE" for p in movers)
        # the generated persons are found by the search, and new rows get fresh ids
        first = db.get(Person, ids[0])
        assert first is not None
        found, _total = persons.search(db, q=f"{first.first_name} {first.last_name}")
        assert first.id in [p.id for p in found]
        added = person(db, "Neu", "Person")
        assert added.id not in ids
        case = create_case(db, person_id=added.id, opened_on=clock.today())
        create_contact(
            db,
            case=case,
            date=clock.today(),
            duration_minutes=10,
            channel="phone",
            topics=["other"],
        )
