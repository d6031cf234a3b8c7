"""welcome.memo: a read answered once per state of the session, never across one of its writes;
and the person page asking for the consents and the person's cases once."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import event, select, update
from sqlmodel import col

from tests.conftest import Factory, login
from tests.counselling.helpers import acting, create_case, create_consent, person
from welcome.accounts.models import Centre
from welcome.db import SYSTEM, Actor, session_factory, unit_of_work
from welcome.memo import remember


def test_a_read_is_remembered_until_the_session_writes(factory: Factory) -> None:
    sessions = session_factory(factory.engine)
    asked: list[int] = []

    def names(db: Any) -> list[str]:
        def read() -> list[str]:
            asked.append(1)
            return sorted(c.name for c in db.scalars(select(Centre)))

        return remember(db, ("centres",), read)

    with unit_of_work(sessions, actor=SYSTEM) as db:
        assert names(db) == names(db) == []
        assert len(asked) == 1
        db.add(Centre(name="Zwickau"))
        assert names(db) == ["Zwickau"]  # unflushed: not from the memo (the read autoflushes)
        assert len(asked) == 2
        assert names(db) == ["Zwickau"] and len(asked) == 3  # flushed by that read
        assert names(db) == ["Zwickau"] and len(asked) == 3
        db.add(Centre(name="Annaberg"))
        db.flush()  # a flush forgets
        assert names(db) == ["Annaberg", "Zwickau"] and len(asked) == 4
        # another actor is another key (scope and roles follow the actor)
        db.info["actor"] = Actor(user_id=None, centre_id=None, role="admin")
        assert names(db) == ["Annaberg", "Zwickau"] and len(asked) == 5
        db.info["actor"] = SYSTEM
        assert names(db) == ["Annaberg", "Zwickau"] and len(asked) == 5  # remembered
        db.execute(update(Centre).where(col(Centre.name) == "Zwickau").values(name="Aue"))
        assert names(db) == ["Annaberg", "Aue"] and len(asked) == 6  # a direct UPDATE forgets
        db.rollback()  # a rollback forgets
        assert names(db) == [] and len(asked) == 7
    with unit_of_work(sessions, actor=SYSTEM) as db:
        db.add(Centre(name="Plauen"))
    with unit_of_work(sessions, actor=SYSTEM) as db:
        assert names(db) == ["Plauen"] and len(asked) == 8  # a new session, a new memo
        db.commit()  # so does a commit
        assert names(db) == ["Plauen"] and len(asked) == 9


def test_the_person_page_reads_consents_and_cases_once(
    client: TestClient, factory: Factory
) -> None:
    centre = factory.centre()
    user = factory.user(centre=centre, locale="en")
    with acting(factory, user) as db:
        found = person(db, "Olena", "Koval", client_group="third_country_immigrant")
        assert found.id is not None
        create_case(db, person_id=found.id, opened_on=date(2026, 10, 1))
        create_consent(
            db, person=found, purpose="case_file", given_on=date(2026, 10, 1),
            sheet_version="2025-01", sheet_language="uk",
        )  # fmt: skip
        person_id = found.id
    assert login(client, user.email).status_code == 303
    statements: list[str] = []

    def seen(_c: Any, _cur: Any, statement: str, *_rest: Any) -> None:
        statements.append(" ".join(statement.split()))

    engine = client.app.state.engine  # type: ignore[attr-defined]
    event.listen(engine, "before_cursor_execute", seen)
    try:
        page = client.get(f"/persons/{person_id}")
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert page.status_code == 200
    assert "Olena" in page.text and "2025-01" in page.text  # the consent is on the card
    consents = [s for s in statements if " FROM consents" in s]
    # one for the timeline, the consents card, its history (the counsellor's) and the privacy card
    assert len(consents) == 1, consents
    # the person's cases once: the timeline, the case card (with the cancelled), who counsels
    cases = [s for s in statements if s.startswith("SELECT cases.centre_id")]
    assert len(cases) == 1, cases
    assert not [s for s in statements if s.startswith("SELECT cases.counsellor_id")]
