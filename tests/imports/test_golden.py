"""The golden import: a deliberately messy sheet, exact counts, undo, re-import (both backends)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select
from sqlmodel import Session, SQLModel

from cases.counselling.models import Case, Contact
from cases.imports import service
from cases.imports.models import ImportRow
from cases.imports.schemas import MappingIn, UploadIn
from cases.persons import service as persons
from cases.persons.models import Person, PersonNationality
from cases.persons.schemas import PersonIn
from tests.conftest import Factory
from tests.imports.helpers import MESSY_ROWS, acting, contents, xlsx
from welcome.accounts.models import User
from welcome.errors import Conflict
from welcome.i18n import force_locale
from welcome.merging import RecordMerge

COUNTED = ("persons", "person_nationalities", "person_search_keys", "cases", "contacts",
           "contact_topics")  # fmt: skip


def counts(db: Session) -> dict[str, int]:
    tables = SQLModel.metadata.tables
    return {
        name: db.scalar(select(func.count()).select_from(tables[name])) or 0 for name in COUNTED
    }


@pytest.fixture
def lead(factory: Factory) -> User:
    centre = factory.centre("Welcome Center Erzgebirge")
    lead = factory.user(role="lead", centre=centre)
    with acting(factory, lead) as db:
        persons.create(
            db,
            data=PersonIn(first_name="Olena", last_name="Koval", client_group="returnee"),
        )
    return lead


def upload(factory: Factory, user: User, content: bytes, name: str = "liste.xlsx") -> int:
    with acting(factory, user) as db:
        batch = service.create(db, data=UploadIn(kind="persons"), filename=name, content=content)
        assert batch.id is not None
        return batch.id


def test_messy_sheet_preview_commit_undo_reimport(factory: Factory, lead: User) -> None:
    content = xlsx(MESSY_ROWS)
    batch_id = upload(factory, lead, content)
    with acting(factory, lead) as db, force_locale("de"):
        batch = service.get(db, batch_id=batch_id)
        plan = service.preview(db, batch=batch)
        assert plan.headers[1] == "Nachname"  # the title and group headings were skipped
        by_row = {r.number: r for r in plan.rows}
        assert sorted(by_row) == [4, 6, 7, 8, 9, 10]  # the empty row 5 is no row
        assert [r.status for r in plan.rows] == [
            "new", "new", "duplicate", "duplicate", "refused", "refused",
        ]  # fmt: skip
        person = by_row[6].models["person"]
        assert person.nationalities == ["SY"] and person.previous_residence_country == "SY"
        assert by_row[6].models["case"].opened_on.isoformat() == "2025-02-12"  # serial 45700
        assert by_row[4].models["person"].nationalities == ["DE"]  # "deutsch"
        assert by_row[4].models["person"].client_group == "returnee"
        assert by_row[4].models["contact"].channel == "phone"
        assert by_row[8].models["contact"].duration_minutes == 20  # "20,0"
        assert [t.value for t in by_row[6].models["contact"].topics] == [
            "job_search", "recognition",
        ]  # fmt: skip
        assert [c.name for c in by_row[7].duplicates] == ["Koval, Olena"]
        assert by_row[8].same_as_row == 6
        errors = {(e.row, e.column): e.message for e in plan.errors}
        assert set(errors) == {(9, "I (Datum Erstberatung)"), (10, "H (Zielgruppe)")}
        assert "Zukunft" in errors[(9, "I (Datum Erstberatung)")]
        assert "Tourist" in errors[(10, "H (Zielgruppe)")]
        before = counts(db)
        table_contents = contents(db)
        assert plan.tally() == {"created": 2, "skipped": 2, "duplicates": 2, "refused": 2}
    with acting(factory, lead) as db:
        result = service.commit(db, batch=service.get(db, batch_id=batch_id))
    assert result == {"created": 2, "skipped": 2, "duplicates": 2, "refused": 2}
    with acting(factory, lead) as db:
        after = counts(db)
        assert after["persons"] == before["persons"] + 2
        assert after["cases"] == before["cases"] + 2
        assert after["contacts"] == before["contacts"] + 2
        names = set(db.scalars(select(Person.last_name)))
        assert {"Müller", "Haddad", "Koval"} <= names and "Schmidt" not in names

    # the same file again creates nothing new
    again = upload(factory, lead, content)
    with acting(factory, lead) as db:
        plan = service.preview(db, batch=service.get(db, batch_id=again))
        assert [r.status for r in plan.rows][:2] == ["imported", "imported"]
        second = service.commit(db, batch=service.get(db, batch_id=again))
    assert second["created"] == 0 and second["refused"] == 2
    with acting(factory, lead) as db:
        assert counts(db) == after
        after_contents = contents(db)
        assert after_contents != table_contents
    again_later = upload(factory, lead, content)  # and a third time, committed straight away
    with acting(factory, lead) as db:
        third = service.commit(db, batch=service.get(db, batch_id=again_later))
    assert third == {"created": 0, "skipped": 4, "duplicates": 2, "refused": 2}
    with acting(factory, lead) as db:
        assert contents(db) == after_contents  # every table's rows, not only their number

    # undo leaves the database as before: every table's rows as they were
    with acting(factory, lead) as db:
        service.undo(db, batch=service.get(db, batch_id=batch_id))
    with acting(factory, lead) as db:
        assert counts(db) == before
        assert contents(db) == table_contents
        with pytest.raises(Conflict):
            service.undo(db, batch=service.get(db, batch_id=batch_id))


def test_decisions_create_anyway_and_link(factory: Factory, lead: User) -> None:
    batch_id = upload(factory, lead, xlsx(MESSY_ROWS))
    with acting(factory, lead) as db:
        batch = service.get(db, batch_id=batch_id)
        # previewed before the decisions: the commit reuses the rows read, with the decisions
        assert service.preview(db, batch=batch).tally()["skipped"] == 2
        service.update(db, batch=batch, data=MappingIn(decisions={"7": "link", "8": "create"}))
        result = service.commit(db, batch=batch)
    assert result == {"created": 4, "skipped": 0, "duplicates": 2, "refused": 2}
    with acting(factory, lead) as db:
        kovals = list(db.scalars(select(Person).where(Person.last_name == "Koval")))
        assert len(kovals) == 1  # linked: the existing person got the case and the contact
        cases = list(db.scalars(select(Case).where(Case.person_id == kovals[0].id)))
        assert len(cases) == 1
        contacts = db.scalar(select(func.count()).select_from(Contact))
        assert contacts == 4
        assert len(list(db.scalars(select(Person).where(Person.last_name == "Haddad")))) == 2


def test_value_mapping_fixes_an_unknown_code(factory: Factory, lead: User) -> None:
    batch_id = upload(factory, lead, xlsx(MESSY_ROWS))
    with acting(factory, lead) as db:
        batch = service.get(db, batch_id=batch_id)
        service.update(
            db, batch=batch, data=MappingIn(values={"client_group": {"Tourist": "eu_immigrant"}})
        )
        plan = service.preview(db, batch=batch)
        assert [r.status for r in plan.rows][-1] == "new"
        assert plan.rows[-1].models["person"].client_group == "eu_immigrant"


def test_undo_refused_when_records_were_added(factory: Factory, lead: User) -> None:
    from cases.counselling import service as counselling
    from cases.counselling.schemas import ContactIn

    batch_id = upload(factory, lead, xlsx(MESSY_ROWS[:1]))
    with acting(factory, lead) as db:
        service.commit(db, batch=service.get(db, batch_id=batch_id))
    with acting(factory, lead) as db:
        case = db.scalars(select(Case)).one()
        data: dict[str, Any] = {"date": "2025-03-20", "duration_minutes": 30,
                                "channel": "phone", "topics": ["housing"]}  # fmt: skip
        counselling.create_contact(db, case=case, data=ContactIn.model_validate(data))
    with acting(factory, lead) as db, pytest.raises(Conflict):
        service.undo(db, batch=service.get(db, batch_id=batch_id))
    with acting(factory, lead) as db:
        assert db.scalar(select(func.count()).select_from(PersonNationality)) == 1


def test_a_row_linked_to_an_earlier_row_of_the_file(factory: Factory, lead: User) -> None:
    batch_id = upload(factory, lead, xlsx(MESSY_ROWS))
    with acting(factory, lead) as db:
        batch = service.get(db, batch_id=batch_id)
        service.update(db, batch=batch, data=MappingIn(decisions={"8": "link"}))
        assert service.commit(db, batch=batch)["created"] == 3  # rows 4, 6 and 8 (linked)
    with acting(factory, lead) as db:
        haddad = db.scalars(select(Person).where(Person.last_name == "Haddad")).one()
        case = db.scalars(select(Case).where(Case.person_id == haddad.id)).one()
        dates = sorted(
            c.date.isoformat() for c in db.scalars(select(Contact)) if c.case_id == case.id
        )
        assert dates == ["2025-02-12", "2025-05-06"]
        assert case.last_contact_on is not None and case.last_contact_on.isoformat() == "2025-05-06"


def test_merge_into_the_existing_person_and_undo(factory: Factory, lead: User) -> None:
    """ "merge": the row is merged into the person it is like by the persons' merge (the
    existing Koval keeps her client group, takes the sheet's birth year and nationality and
    the row's case); the in-file repeat of Amal Haddad goes into row 6's new person. Undo
    undoes the merges: every table as before (but the version and updated_at stamps of the
    existing person, which the merge and its undo each advance)."""
    with acting(factory, lead) as db:
        before = contents(db, ignore=("version", "updated_at"))
    batch_id = upload(factory, lead, xlsx(MESSY_ROWS))
    with acting(factory, lead) as db:
        batch = service.get(db, batch_id=batch_id)
        service.update(db, batch=batch, data=MappingIn(decisions={"7": "merge", "8": "merge"}))
        assert service.preview(db, batch=batch).tally() == {
            "created": 4, "skipped": 0, "duplicates": 2, "refused": 2,
        }  # fmt: skip
        result = service.commit(db, batch=batch)
    assert result == {"created": 4, "skipped": 0, "duplicates": 2, "refused": 2}
    with acting(factory, lead) as db:
        koval = db.scalars(select(Person).where(Person.last_name == "Koval")).one()
        assert koval.client_group == "returnee" and koval.birth_year == 1990
        countries = db.scalars(
            select(PersonNationality.country).where(PersonNationality.person_id == koval.id)
        )
        assert list(countries) == ["UA"]
        assert len(list(db.scalars(select(Case).where(Case.person_id == koval.id)))) == 1
        haddad = db.scalars(select(Person).where(Person.last_name == "Haddad")).one()
        haddad_cases = list(db.scalars(select(Case).where(Case.person_id == haddad.id)))
        assert len(haddad_cases) == 2  # row 6's case and row 8's, moved by the merge
        outcomes = sorted(r.outcome for r in db.scalars(select(ImportRow)))
        assert outcomes == ["created", "created", "merged", "merged"]
        assert db.scalar(select(func.count()).select_from(RecordMerge)) == 2
    with acting(factory, lead) as db:
        service.undo(db, batch=service.get(db, batch_id=batch_id))
    with acting(factory, lead) as db:
        assert contents(db, ignore=("version", "updated_at")) == before


def test_merge_into_the_chosen_one_of_several(factory: Factory, lead: User) -> None:
    """With two likely persons, "merge:ID" says which one the row goes into."""
    with acting(factory, lead) as db:
        other = persons.create(
            db,
            data=PersonIn(
                first_name="Olena", last_name="Kovall", client_group="returnee", birth_year=1970
            ),
        )
    batch_id = upload(factory, lead, xlsx(MESSY_ROWS))
    with acting(factory, lead) as db:
        batch = service.get(db, batch_id=batch_id)
        row = {r.number: r for r in service.preview(db, batch=batch).rows}[7]
        assert sorted(c.id for c in row.duplicates)[-1] == other.id and len(row.duplicates) == 2
        service.update(db, batch=batch, data=MappingIn(decisions={"7": f"merge:{other.id}"}))
        service.commit(db, batch=batch)
    with acting(factory, lead) as db:
        chosen = db.scalars(select(Person).where(Person.id == other.id)).one()
        assert chosen.gender == "female" and chosen.birth_year == 1970  # kept its own year
        assert len(list(db.scalars(select(Case).where(Case.person_id == other.id)))) == 1
        first = db.scalars(select(Person).where(Person.last_name == "Koval")).one()
        assert first.birth_year is None  # the other one was left alone
