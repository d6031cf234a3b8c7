"""The audit log says what changed: fields with old and new values, child rows as updates of
their parent, free text only as "changed", and every load of a person as one view."""

from __future__ import annotations

from sqlalchemy import select

from cases.persons import service
from cases.persons.schemas import PersonIn
from tests.conftest import Factory
from tests.counselling.helpers import acting, person
from welcome.audit import REDACTED, AuditEntry
from welcome.db import SYSTEM, unit_of_work
from welcome.history import history
from welcome.inputs import validate


def _entries(factory: Factory, **where: object) -> list[AuditEntry]:
    with unit_of_work(factory.sessions, actor=SYSTEM) as db:
        query = select(AuditEntry).order_by(AuditEntry.id)  # type: ignore[arg-type]
        for name, value in where.items():
            query = query.where(getattr(AuditEntry, name) == value)
        return list(db.scalars(query))


def test_a_nationality_change_is_an_update_of_the_person(factory: Factory) -> None:
    centre = factory.centre()
    counsellor = factory.user(centre=centre)
    with acting(factory, counsellor) as db:
        pid = person(db, nationalities=["UA"]).id
    with acting(factory, counsellor) as db:
        found = service.get(db, person_id=pid)
        values = {**service.values_of(db, person=found), "nationalities": ["UA", "PL"]}
        service.update(db, person=found, data=validate(PersonIn, values))
    updates = _entries(factory, action="update", entity="persons", entity_id=pid)
    assert [u.changes for u in updates] == [{"nationalities": [["UA"], ["UA", "PL"]]}]
    assert updates[0].user_id == counsellor.id
    assert updates[0].centre_id == centre.id


def test_an_update_names_old_and_new_values_and_hides_free_text(factory: Factory) -> None:
    counsellor = factory.user(centre=factory.centre())
    with acting(factory, counsellor) as db:
        pid = person(db, "Olena", "Ivanova", birth_year=1990).id
    with acting(factory, counsellor) as db:
        found = service.get(db, person_id=pid)
        values = {**service.values_of(db, person=found), "birth_year": 1991, "last_name": "Iva"}
        service.update(db, person=found, data=validate(PersonIn, values))
    with unit_of_work(factory.sessions, actor=SYSTEM) as db:
        entries = history(db, entity="persons", entity_id=pid)
    assert [e.action for e in entries] == ["create", "update"]
    assert entries[0].changes is not None and entries[0].changes["first_name"] == "changed"
    # names are personal text: recorded as changed, never the words (issue 14)
    assert entries[1].changes == {"birth_year": [1990, 1991], "last_name": "changed"}


def test_free_text_is_recorded_as_changed_never_its_words(factory: Factory) -> None:
    from cases.employers import consultations
    from cases.employers.schemas import ConsultationIn
    from tests.employers.helpers import consultation, employer

    counsellor = factory.user(centre=factory.centre())
    with acting(factory, counsellor) as db:
        made = consultation(db, employer(db), notes="first secret words")
        cid, eid = made.id, made.employer_id
    with acting(factory, counsellor) as db:
        found = consultations.get(db, employer_id=eid, consultation_id=cid or 0)
        values = {**consultations.values_of(db, consultation=found), "notes": "second secret"}
        consultations.update(db, consultation=found, data=validate(ConsultationIn, values))
    with unit_of_work(factory.sessions, actor=SYSTEM) as db:
        entries = history(db, entity="employer_consultations", entity_id=cid or 0)
    assert [e.action for e in entries] == ["create", "update"]
    assert [e.changes["notes"] for e in entries if e.changes] == [REDACTED, REDACTED]
    assert "secret" not in str([e.changes for e in entries])


def test_every_load_of_a_person_is_one_view(factory: Factory) -> None:
    from cases.persons.models import Person

    counsellor = factory.user(centre=factory.centre())
    with acting(factory, counsellor) as db:
        pid = person(db).id
    before = len(_entries(factory, action="view", entity="persons"))
    with acting(factory, counsellor) as db:
        db.get(Person, pid)  # as the case page loaded it: not through fetch
        db.scalars(select(Person)).all()  # and again in a list: still one view
    views = _entries(factory, action="view", entity="persons")
    assert len(views) == before + 1
    assert (views[-1].entity_id, views[-1].user_id) == (pid, counsellor.id)
