"""The chunked writer makes the records the services make, audited like them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from cases.counselling import service as counselling
from cases.counselling.models import Case, Contact
from cases.counselling.schemas import CaseIn, ContactIn
from cases.imports import service
from cases.imports.schemas import UploadIn
from cases.persons import service as persons
from cases.persons.models import Person
from cases.persons.schemas import PersonIn
from tests.conftest import Factory
from tests.imports.helpers import acting, xlsx
from welcome.audit import AuditEntry

ROW = (1, "Müller-Lüdenscheidt", "Anna Lena", 1985, "w", "Syrien, Türkei", "Österreich",
       "Rückkehrer", "15.03.2025", "Telefon", 45, "Arbeitssuche, Wohnen")  # fmt: skip
SKIPPED = {"id", "created_at", "person_id", "case_id", "centre_id"}


def _values(record: Any) -> dict[str, Any]:
    return {k: v for k, v in record.model_dump().items() if k not in SKIPPED}


def _made(db: Session, last_name: str) -> tuple[Person, Case, Contact, dict[str, Any]]:
    person = db.scalars(select(Person).where(Person.last_name == last_name)).one()
    case = db.scalars(select(Case).where(Case.person_id == person.id)).one()
    contact = db.scalars(select(Contact).where(Contact.case_id == case.id)).one()
    extra = {
        "nationalities": persons.nationalities_of(db, person_id=person.id or 0),
        "keys": sorted(persons.matching.keys_for(person.first_name, person.last_name)),
        "topics": counselling.topics_of(db, contact_ids=[contact.id or 0])[contact.id or 0],
        # the fields each record's entries name (its create, and the services' update of the
        # case's last contact date, which the import writes with the create)
        "audit": {
            entity: sorted(
                {
                    field
                    for e in db.scalars(
                        select(AuditEntry).where(
                            AuditEntry.entity == entity,
                            AuditEntry.entity_id == ident,
                            AuditEntry.action.in_(("create", "update")),  # type: ignore[attr-defined]
                        )
                    )
                    for field in (e.changes or {})
                }
            )
            for entity, ident in (
                ("persons", person.id),
                ("cases", case.id),
                ("contacts", contact.id),
            )
        },
    }
    return person, case, contact, extra


def test_import_writes_what_the_services_write(factory: Factory) -> None:
    lead = factory.user(role="lead", centre=factory.centre())
    with acting(factory, lead) as db:
        batch = service.create(db, data=UploadIn(kind="persons"), filename="a.xlsx",
                               content=xlsx([ROW]))  # fmt: skip
        plan = service.preview(db, batch=batch)
        models = plan.rows[0].models
        service.commit(db, batch=batch)
    with acting(factory, lead) as db:
        imported = _made(db, "Müller-Lüdenscheidt")
        # the same row through the services, as the forms would write it
        data = models["person"].model_copy(update={"last_name": "Second"})
        person = persons.create(db, data=PersonIn.model_validate(data.model_dump()))
        case_data = models["case"].model_dump() | {"person_id": person.id}
        case = counselling.create(db, data=CaseIn.model_validate(case_data))
        counselling.create_contact(
            db, case=case, data=ContactIn.model_validate(models["contact"].model_dump())
        )
    with acting(factory, lead) as db:
        by_service = _made(db, "Second")
    for a, b in zip(imported[:3], by_service[:3], strict=True):
        expected = _values(b)
        # `version` counts writes, not content: the import sets a case's first contact date
        # at once, the services in a second update
        for name in ("last_name", "search_last", "version"):
            expected.pop(name, None)
        got = {k: v for k, v in _values(a).items() if k in expected}
        assert got == expected
    assert imported[3]["nationalities"] == by_service[3]["nationalities"] == ["SY", "TR"]
    assert imported[3]["topics"] == by_service[3]["topics"] == ["job_search", "housing"]
    assert imported[3]["audit"] == by_service[3]["audit"]
    assert len(imported[3]["keys"]) > 5
