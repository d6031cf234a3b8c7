"""Migrations make the schema: the models and the migrated database agree; both directions."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from welcome import migrate
from welcome.models import metadata


def test_models_match_the_migrations(db_url: str) -> None:
    engine = create_engine(db_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    engine.dispose()
    assert diff == [], diff


def test_downgrade_to_base_and_up_again(db_url: str) -> None:
    migrate.downgrade(db_url, "base")
    engine = create_engine(db_url)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(db_url)
    assert {"users", "centres", "audit_log"} <= set(inspect(engine).get_table_names())
    assert not migrate.pending(engine)
    engine.dispose()


def test_migration_files_have_dated_names() -> None:
    import re

    versions = list((migrate.ROOT / "welcome" / "migrations" / "versions").glob("*.py"))
    assert versions
    for path in versions:
        assert re.match(r"^\d{8}_\d{4}_[0-9a-f]+_[a-z0-9_]+\.py$", path.name), path.name


def test_new_migrations_write_timestamps_as_the_database_type() -> None:
    from alembic.autogenerate import render_python_code
    from alembic.operations import ops
    from sqlalchemy import Column, Integer, MetaData, Table

    from welcome.db import UTCDateTime

    table = Table(
        "t", MetaData(), Column("id", Integer, primary_key=True), Column("at", UTCDateTime)
    )
    upgrade = ops.UpgradeOps(ops=[ops.CreateTableOp.from_table(table)])
    code = render_python_code(upgrade, render_item=migrate.render_item)
    assert "sa.DateTime(timezone=True)" in code and "UTCDateTime" not in code
