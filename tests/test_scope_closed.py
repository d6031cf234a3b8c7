"""The centre scope fails closed: no actor, no query on centre data; core writes are checked
like ORM writes; every table is classified (scoped / through a scoped parent / global)."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, delete, insert, inspect, select, text

from cases.persons.models import Person, PersonNationality
from tests.conftest import Factory
from tests.counselling.helpers import acting, person
from welcome.accounts.models import Centre, User
from welcome.db import (
    GLOBAL,
    SYSTEM,
    CentreScopeError,
    ScopedByCentre,
    ScopeMissing,
    Through,
    metadata,
    table_scopes,
    unit_of_work,
)
from welcome.models import metadata as all_models


def _two_centres(factory: Factory) -> tuple[User, User]:
    a, b = factory.centre("Centre A"), factory.centre("Centre B")
    return (
        factory.user(role="counsellor", centre=a, email="c@a.example"),
        factory.user(role="counsellor", centre=b, email="c@b.example"),
    )


def test_every_table_is_classified(sqlite_url: str) -> None:
    # every table the migrations make is a model's (welcome.models loads them all), so the
    # classification below covers the whole database
    engine = create_engine(sqlite_url)
    try:
        made = set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()
    assert made == set(all_models.tables)
    scopes = table_scopes()
    names = {t.name for t in metadata.sorted_tables}
    unclassified = sorted(n for n in names if scopes.get(n) is None)
    assert unclassified == [], "declare ScopedByCentre, __scope__ = Through(...) or GLOBAL"
    for name, scope in scopes.items():
        if isinstance(scope, Through):
            parent = scopes[scope.parent]
            assert parent is ScopedByCentre, f"{name}: the parent {scope.parent} is not scoped"
            assert scope.column in metadata.tables[name].c
    assert {n for n, s in scopes.items() if s == GLOBAL} == {
        "audit_anchors",  # the audit log's pruning anchors (cases/retention)
        "centres",
        "login_failures",
        "report_secrets",
        "retention_lock",  # which host runs retention (cases/retention)
        "retention_runs",  # the run log, all centres (cases/retention)
        # welcome/storage.py: file contents below the scope, reached only through the
        # reference on a centre's row (document, package, submission)
        "storage_removals",
        "stored_file_chunks",
        "stored_files",
    }


def test_a_scoped_query_without_an_actor_raises(factory: Factory) -> None:
    counsellor, _other = _two_centres(factory)
    with acting(factory, counsellor) as db:
        person(db)
    with unit_of_work(factory.sessions) as db:  # nobody acts
        with pytest.raises(ScopeMissing):
            db.scalars(select(Person)).all()
        with pytest.raises(ScopeMissing):  # a link table is centre data too
            db.execute(select(PersonNationality.country)).all()
        with pytest.raises(ScopeMissing):
            db.execute(delete(PersonNationality))
        assert db.scalars(select(Centre)).all()  # global tables need no actor
    with unit_of_work(factory.sessions, actor=SYSTEM) as db:  # "all centres" is explicit
        assert len(db.scalars(select(Person)).all()) == 1


def test_a_core_insert_into_another_centre_is_refused(factory: Factory) -> None:
    counsellor_a, counsellor_b = _two_centres(factory)
    with acting(factory, counsellor_b) as db:
        theirs = person(db, "Bo", "Other", nationalities=["SY"])
    with acting(factory, counsellor_a) as db:
        ours = person(db, "Ann", "Own")
        with pytest.raises(CentreScopeError):  # directly scoped: the row's centre
            db.execute(
                insert(Person),
                [{"centre_id": counsellor_b.centre_id, "client_group": "returnee",
                  "first_name": "X", "last_name": "Y", "search_first": "", "search_last": ""}],
            )  # fmt: skip
        with pytest.raises(CentreScopeError):  # through the parent: the person's centre
            db.execute(insert(PersonNationality), [{"person_id": theirs.id, "country": "PL"}])
        db.execute(insert(PersonNationality), [{"person_id": ours.id, "country": "PL"}])
        # a core delete reaches only rows under the own centre's persons
        db.execute(delete(PersonNationality).where(PersonNationality.person_id == theirs.id))
    with unit_of_work(factory.sessions, actor=SYSTEM) as db:
        rows = db.execute(text("SELECT person_id, country FROM person_nationalities")).all()
        assert sorted(rows) == sorted([(ours.id, "PL"), (theirs.id, "SY")])
