"""The merge revision on a database with a merge in it, both directions, on both backends:
SQLite rebuilds `persons` and `employers` with rows pointing to them."""

from __future__ import annotations

from sqlalchemy import create_engine, inspect, text

from cases.persons import merge
from cases.persons.schemas import PersonMergeIn
from tests.conftest import Factory
from tests.counselling.helpers import acting, create_case, person
from tests.employers.helpers import employer
from welcome import clock, migrate
from welcome.inputs import validate

BEFORE = "8e4b2f6a1c73"  # the head this branch started from


def test_merge_revision_down_and_up_with_a_merge(db_url: str, factory: Factory) -> None:
    counsellor = factory.user(centre=factory.centre())
    with acting(factory, counsellor) as db:
        keep, dup = person(db, "Anna", "Nowak").id, person(db, "Ana", "Nowak").id
        for pid in (keep, dup):
            create_case(db, person_id=pid, opened_on=clock.today())
        employer(db, "Sonne GmbH")
    with acting(factory, counsellor) as db:
        survivor = merge.get(db, person_id=keep)
        merge.merge(db, person=survivor, data=validate(PersonMergeIn, {"duplicate_id": dup}))
    factory.engine.dispose()

    migrate.downgrade(db_url, BEFORE)
    engine = create_engine(db_url)
    assert "record_merges" not in inspect(engine).get_table_names()
    assert "merged_into_id" not in {c["name"] for c in inspect(engine).get_columns("persons")}
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM persons")).scalar() == 2
        cases = conn.execute(text("SELECT person_id FROM cases")).scalars().all()
        assert cases == [keep, keep]  # the moved case stays where the merge put it
        assert conn.execute(text("SELECT count(*) FROM employers")).scalar() == 1
    engine.dispose()

    migrate.upgrade(db_url)
    engine = create_engine(db_url)
    assert not migrate.pending(engine)
    with engine.connect() as conn:
        pointers = conn.execute(text("SELECT count(merged_into_id) FROM persons")).scalar()
        assert pointers == 0  # the pointer went with the column
    engine.dispose()
