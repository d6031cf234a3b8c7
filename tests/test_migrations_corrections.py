"""The soft-delete and versions migration on a database with data, both ways, both backends:
the columns are added and dropped in place, so no child row is lost (a SQLite table rebuild
would drop `cases` and `contacts` and, with foreign keys on, delete their topics or fail)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import create_engine, inspect, text

from tests.conftest import Factory
from tests.counselling.helpers import acting, create_case, create_contact, create_referral, person
from welcome import migrate

BEFORE = "8e4b2f6a1c73"  # the revision before the soft deletion
COUNTED = ("cases", "contacts", "contact_topics", "referrals", "persons")


def _counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    with engine.connect() as conn:
        found = {t: int(conn.execute(text(f"SELECT count(*) FROM {t}")).scalar() or 0)
                 for t in COUNTED}  # fmt: skip
    engine.dispose()
    return found


def test_soft_delete_columns_come_and_go_keeping_the_rows(db_url: str, factory: Factory) -> None:
    counsellor = factory.user(centre=factory.centre())
    with acting(factory, counsellor) as db:
        case = create_case(db, person_id=person(db).id, opened_on=date(2026, 7, 1))
        for day in (2, 3):
            create_contact(db, case=case, date=date(2026, 7, day), duration_minutes=30,
                           channel="phone", topics=["job_search", "housing"])  # fmt: skip
        create_referral(db, case=case, date=date(2026, 7, 3), partner="job_centre")
    factory.engine.dispose()
    before = _counts(db_url)
    assert before == {"cases": 1, "contacts": 2, "contact_topics": 4, "referrals": 1,
                      "persons": 1}  # fmt: skip

    migrate.downgrade(db_url, BEFORE)
    engine = create_engine(db_url)
    assert "deleted_at" not in {c["name"] for c in inspect(engine).get_columns("contacts")}
    engine.dispose()
    assert _counts(db_url) == before

    migrate.upgrade(db_url)
    engine = create_engine(db_url)
    columns = {c["name"] for c in inspect(engine).get_columns("cases")}
    with engine.connect() as conn:
        versions = set(conn.execute(text("SELECT version FROM contacts")).scalars())
    assert not migrate.pending(engine)
    engine.dispose()
    assert {"version", "deleted_at", "deleted_by_id", "deleted_reason", "deleted_batch"} <= columns
    assert versions == {1}  # existing rows start at version 1
    assert _counts(db_url) == before
