"""tests/seeded.py: a data set built once per worker and backend, copied into each untouched
test database; what one test changes in its copy never reaches the next copy."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from tests import seeded
from tests.conftest import BACKENDS, PG_TEMPLATE, Factory, make_settings
from tests.reports import golden
from welcome.accounts.models import Centre, User

_names = itertools.count()


@pytest.fixture(params=BACKENDS)
def fresh(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[list[Factory]]:
    """Three freshly migrated databases of one backend, a factory on each."""
    urls = []
    if request.param == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        for n in range(3):
            shutil.copyfile(template, tmp_path / f"{n}.db")
            urls.append(f"sqlite:///{tmp_path / f'{n}.db'}")
    else:
        server = request.getfixturevalue("pg_server")
        admin = request.getfixturevalue("pg_admin")
        request.getfixturevalue("pg_template")
        for n in range(3):
            name = f"fresh_{next(_names)}_{n}"
            admin.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE {PG_TEMPLATE}')
            urls.append(server.url(name))
    factories = [Factory(make_settings(url, tmp_path)) for url in urls]
    yield factories
    for factory in factories:
        factory.engine.dispose()
    if request.param != "sqlite":
        for url in urls:
            name = url.rsplit("/", 1)[-1]
            admin.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _centres(factory: Factory) -> list[str]:
    with factory.session() as db:
        return list(db.scalars(select(Centre.name).order_by(Centre.name)))


def test_built_once_copied_into_each_untouched_database(fresh: list[Factory]) -> None:
    first, second, third = fresh
    built: list[str] = []
    key = f"probe-{next(_names)}"

    def build(factory: Factory) -> int:
        built.append(key)
        centre = factory.centre("Probe")
        factory.user(centre=centre)
        assert centre.id is not None
        return centre.id

    made = seeded.copied(first, key, build)
    assert made is not None and _centres(first) == ["Probe"]
    with first.session() as db:  # this test's copy changes
        found = db.get(Centre, made)
        assert found is not None
        found.name = "Changed"
    assert seeded.copied(second, key, build) == made
    assert built == [key]  # built once, copied twice
    assert _centres(second) == ["Probe"]  # not the first test's change
    second.user(centre=None, role="statistician")  # numbered on: no e-mail taken twice
    with second.session() as db:
        assert len(set(db.scalars(select(User.email)))) == 2
    # a database someone wrote to is not overwritten: the caller builds there itself
    third.centre("Mine")
    assert seeded.copied(third, key, build) is None
    assert _centres(third) == ["Mine"]


def test_the_golden_data_set_is_the_same_copied_or_built(fresh: list[Factory]) -> None:
    copied = golden.build(fresh[0])
    built = golden._build(fresh[1])
    for factory, data in ((fresh[0], copied), (fresh[1], built)):
        assert _centres(factory) == ["Chemnitz", "Erzgebirge"]
        assert data.lead_a.role == "lead" and data.lead_a.centre_id == data.centre_a.id
    assert copied.lead_a.email == built.lead_a.email
