"""The contacts kind: contacts of persons already in welcome, found by client number or name."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlmodel import Session

from cases.counselling.models import Case, Contact
from cases.imports import service
from cases.imports.schemas import MappingIn, UploadIn
from cases.persons import service as persons
from cases.persons.schemas import PersonIn
from tests.conftest import Factory
from tests.imports.helpers import MESSY_ROWS, acting, contents, csv_bytes, xlsx
from welcome.accounts.models import User
from welcome.i18n import force_locale

HEADERS = ("Lfd. Nr.", "Vorname", "Nachname", "Geb.-Jahr", "Kontaktdatum", "Kontaktart",
           "Dauer", "Themen", "Bemerkungen")  # fmt: skip
ROWS = [
    (1, "", "", "", "20.03.2025", "Telefon", 30, "Wohnen", "Rückruf"),  # Müller by number
    (3, "", "", "", "02.04.2025", "tel.", 30, "Wohnen", ""),  # Koval: the same contact again
    ("", "Amal", "Haddad", "", "01.06.2025", "E-Mail", 15, "Anerkennung", ""),  # by name
    (99, "", "", "", "01.06.2025", "Telefon", 15, "Wohnen", ""),  # no such client number
    ("", "Anna", "Becker", 1970, "03.06.2025", "Telefon", 15, "Wohnen", ""),  # 2 Beckers
    ("", "Lena", "Vogel", "", "01.01.2024", "Telefon", 15, "Wohnen", ""),  # before her case
    ("", "Lena", "Vogel", "", "05.06.2025", "Video", 20, "Wohnen", ""),  # her open case
    ("", "Kim", "Lee", "", "07.06.2025", "Telefon", 20, "Wohnen", ""),  # no case: a new one
    ("", "Kim", "Lee", "", "07.06.2025", "Telefon", 25, "Arbeitssuche", ""),  # same day again
]  # fmt: skip


def _person(db: Session, first: str, last: str, year: int | None = None) -> int:
    data = PersonIn(first_name=first, last_name=last, client_group="returnee", birth_year=year)
    person = persons.create(db, data=data)
    assert person.id is not None
    return person.id


@pytest.fixture
def lead(factory: Factory) -> User:
    from cases.counselling import service as counselling
    from cases.counselling.schemas import CaseIn

    centre = factory.centre("Welcome Center Erzgebirge")
    lead = factory.user(role="lead", centre=centre)
    with acting(factory, lead) as db:
        _person(db, "Olena", "Koval")
        _person(db, "Anna", "Becker", 1970)
        _person(db, "Anna", "Becker", 1970)
        vogel = _person(db, "Lena", "Vogel")
        counselling.create(db, data=CaseIn(person_id=vogel, opened_on="2025-01-10"))
        _person(db, "Kim", "Lee")
    # the persons sheet, imported with its client numbers (Lfd. Nr.)
    with acting(factory, lead) as db:
        batch = service.create(
            db, data=UploadIn(kind="persons"), filename="p.xlsx", content=xlsx(MESSY_ROWS)
        )
        service.update(db, batch=batch, data=MappingIn(decisions={"7": "merge"}))
        service.commit(db, batch=batch)
    return lead


def _upload(factory: Factory, lead: User) -> int:
    with acting(factory, lead) as db:
        content = csv_bytes(ROWS, HEADERS)
        batch = service.create(
            db, data=UploadIn(kind="contacts"), filename="k.csv", content=content
        )
        assert batch.id is not None
        return batch.id


def test_contacts_of_existing_persons(factory: Factory, lead: User) -> None:
    # the existing cases' last contact date changes and goes back: their version and
    # updated_at stamps advance, which the comparison leaves out
    stamps = ("version", "updated_at")
    with acting(factory, lead) as db:
        before = contents(db, ignore=stamps)
    batch_id = _upload(factory, lead)
    with acting(factory, lead) as db, force_locale("de"):
        plan = service.preview(db, batch=service.get(db, batch_id=batch_id))
        by_row = {r.number: r for r in plan.rows}
        assert [r.status for r in plan.rows] == [
            "new", "duplicate", "new", "refused", "refused", "refused", "new", "new", "duplicate",
        ]  # fmt: skip
        errors = {(e.row, e.column): e.message for e in plan.errors}
        assert set(errors) == {(5, "A (Lfd. Nr.)"), (6, "C (Nachname)"), (7, "E (Kontaktdatum)")}
        assert "99" in errors[(5, "A (Lfd. Nr.)")]
        assert "2 " in errors[(6, "C (Nachname)")]
        koval = db.scalars(select(Case).where(Case.person_id == by_row[3].target)).one()
        assert [c.id for c in by_row[3].duplicates] == [koval.id]  # the sheet's own contact
        assert by_row[10].same_as_row == 9
        assert by_row[9].case_id is None and by_row[8].case_id is not None
        assert plan.tally() == {"created": 4, "skipped": 2, "duplicates": 2, "refused": 3}
    with acting(factory, lead) as db:
        batch = service.get(db, batch_id=batch_id)
        service.update(db, batch=batch, data=MappingIn(decisions={"10": "create"}))
        result = service.commit(db, batch=batch)
    assert result == {"created": 5, "skipped": 1, "duplicates": 2, "refused": 3}
    with acting(factory, lead) as db:
        lee = db.scalars(select(Case).where(Case.person_id == by_row[9].target)).one()
        assert lee.opened_on.isoformat() == "2025-06-07"
        lee_contacts = list(db.scalars(select(Contact).where(Contact.case_id == lee.id)))
        assert sorted(c.duration_minutes for c in lee_contacts) == [20, 25]
        muller = db.scalars(select(Contact).where(Contact.notes == "Rückruf")).one()
        assert muller.date.isoformat() == "2025-03-20"
        after = contents(db)
    again = _upload(factory, lead)  # the same sheet again creates nothing
    with acting(factory, lead) as db:
        second = service.commit(db, batch=service.get(db, batch_id=again))
    assert second["created"] == 0
    with acting(factory, lead) as db:
        assert contents(db) == after
        service.undo(db, batch=service.get(db, batch_id=batch_id))
    with acting(factory, lead) as db:
        assert contents(db, ignore=stamps) == before
