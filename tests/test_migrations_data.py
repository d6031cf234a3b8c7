"""This round's migrations on a database with data, both directions, on both backends:
`audit changes` (a column of the append-only log) and `recognition history in audit log`
(the old history rows move into the log, the table goes)."""

from __future__ import annotations

from sqlalchemy import create_engine, inspect, text

from tests.conftest import Factory
from tests.counselling.helpers import acting, person
from tests.recognition.conftest import create
from welcome import migrate

BEFORE = "6f3320cb3a21"  # the revision before this round's migrations


def test_migrations_keep_existing_data_both_ways(db_url: str, factory: Factory) -> None:
    counsellor = factory.user(centre=factory.centre())
    with acting(factory, counsellor) as db:
        pid = person(db, "Olena", "Koval").id
        procedure = create(db, person_id=pid, reference_occupation="Koch", authority="ihk_fosa")
    factory.engine.dispose()
    engine = create_engine(db_url)
    with engine.connect() as conn:
        entries_before = conn.execute(text("SELECT count(*) FROM audit_log")).scalar()
    engine.dispose()

    migrate.downgrade(db_url, BEFORE)  # the log keeps its rows, loses only `changes`
    engine = create_engine(db_url)
    assert "changes" not in {c["name"] for c in inspect(engine).get_columns("audit_log")}
    with engine.begin() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit_log")).scalar() == entries_before
        conn.execute(
            text(
                "INSERT INTO recognition_history (centre_id, procedure_id, at, user_id, action,"
                " changes) VALUES (:c, :p, CURRENT_TIMESTAMP, :u, 'suspension_added',"
                ' \'{"suspension": [null, "2026-01-05"]}\')'
            ),
            {"c": counsellor.centre_id, "p": procedure.id, "u": counsellor.id},
        )
    engine.dispose()

    migrate.upgrade(db_url)  # the old history entry is now the log's
    engine = create_engine(db_url)
    assert "recognition_history" not in inspect(engine).get_table_names()
    with engine.connect() as conn:
        moved = conn.execute(
            text(
                "SELECT action, user_id, centre_id, changes FROM audit_log"
                " WHERE entity = 'recognition_procedures' AND entity_id = :p"
                " AND changes IS NOT NULL ORDER BY id DESC"
            ),
            {"p": procedure.id},
        ).first()
        assert conn.execute(text("SELECT count(*) FROM audit_log")).scalar() == entries_before + 1
        assert conn.execute(text("SELECT count(*) FROM persons")).scalar() == 1
    engine.dispose()
    assert moved is not None
    assert moved[:3] == ("update", counsellor.id, counsellor.centre_id)
    assert "2026-01-05" in str(moved[3])

    migrate.downgrade(db_url, BEFORE)  # and back once more, with the moved entry in the log
    migrate.upgrade(db_url)
    engine = create_engine(db_url)
    assert not migrate.pending(engine)
    engine.dispose()
