"""Merging two persons (cases/persons/merge.py): every table pointing to persons moves, the
field choice, nationalities united, the pointer, search, the audit and the undo."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlmodel import Session, col

from cases.counselling.models import Case, Consent, Contact
from cases.employers.models import EventPerson, Placement
from cases.packages.models import IssuedPackage
from cases.persons import merge, service
from cases.persons.models import Person, PersonSearchKey
from cases.persons.schemas import PersonMergeIn, PersonUndoMergeIn
from cases.recognition.models import RecognitionDocument, RecognitionProcedure
from tests.conftest import Factory
from tests.counselling.helpers import acting, create_case, create_consent, create_contact, person
from tests.employers.helpers import employer, event
from welcome import clock, deletions, merging
from welcome.audit import AuditEntry
from welcome.errors import FieldErrors, Forbidden, NotFound
from welcome.inputs import validate

TODAY = clock.today()


def _merge(db: Session, survivor: Person, duplicate_id: int, **keep: str) -> Person:
    data = validate(PersonMergeIn, {"duplicate_id": duplicate_id, "keep": keep})
    return merge.merge(db, person=survivor, data=data)


def _undo(db: Session, survivor: Person, duplicate_id: int) -> Person:
    data = validate(PersonUndoMergeIn, {"duplicate_id": duplicate_id})
    return merge.undo(db, person=survivor, data=data)


def _everything(db: Session, pid: int) -> dict[str, Any]:
    """One row in every table pointing to persons, for the person `pid`."""
    found = db.get(Person, pid)
    assert found is not None
    case = create_case(db, person_id=pid, opened_on=TODAY - timedelta(days=10))
    create_contact(
        db, case=case, date=TODAY, duration_minutes=30, channel="phone", topics=["job_search"]
    )
    consent = create_consent(
        db,
        person=found,
        purpose="case_file",
        given_on=TODAY,
        sheet_version="2025-01",
        sheet_language="de",
    )
    procedure = RecognitionProcedure(
        centre_id=found.centre_id,
        person_id=pid,
        reference_occupation="Pflegefachfrau",
        authority="ihk_fosa",
    )
    db.add(procedure)
    db.flush()
    document = RecognitionDocument(
        centre_id=found.centre_id,
        procedure_id=procedure.id,
        filename="zeugnis.pdf",
        content_type="application/pdf",
        size=1,
        sha256="0" * 64,
        storage_key=f"k{pid}",
    )
    package = IssuedPackage(
        centre_id=found.centre_id,
        person_id=pid,
        language="de",
        content_version="v",
        pdf_sha256="0" * 64,
        pdf_path=f"p{pid}.pdf",
    )
    db.add_all([document, package])
    company = employer(db, f"Firma {pid}")
    placement = Placement(
        centre_id=found.centre_id,
        employer_id=company.id,
        person_id=pid,
        type="job",
        starts_on=TODAY,
        occupation="Pflege",
    )
    db.add(placement)
    reached = event(db, title=f"Event {pid}", person_ids=[pid])
    db.flush()
    return {
        "case": case.id,
        "consent": consent.id,
        "procedure": procedure.id,
        "package": package.id,
        "placement": placement.id,
        "event": reached.id,
    }


def test_every_table_pointing_to_persons_is_declared() -> None:
    """A new table with a foreign key to persons fails here until merging says what to do
    with it (and merging itself refuses, see the next test)."""
    assert merging.references("persons") == set(merge.TREATMENTS)


def test_an_undeclared_reference_stops_the_merge() -> None:
    treatments = dict(merge.TREATMENTS)
    treatments.pop(("consents", "person_id"))
    with pytest.raises(merging.Unhandled, match=r"consents\.person_id"):
        merging.check_declared("persons", treatments)


def test_everything_moves_and_the_duplicate_is_a_pointer(factory: Factory) -> None:
    centre = factory.centre()
    user = factory.user(centre=centre)
    with acting(factory, user) as db:
        keep = person(db, "Łukasz", "Wiśniewski", birth_year=1990, nationalities=["PL"]).id
        dup = person(
            db,
            "Lukasz",
            "Wisniewski",
            birth_year=1992,
            nationalities=["DE", "PL"],
            municipality="Aue",
        ).id
        mine, theirs = _everything(db, keep), _everything(db, dup)
    with acting(factory, user) as db:
        survivor = merge.get(db, person_id=keep)
        _merge(db, survivor, dup, birth_year="duplicate")
    with acting(factory, user) as db:
        survivor = merge.get(db, person_id=keep)
        assert survivor.birth_year == 1992  # chosen
        assert survivor.first_name == "Łukasz"  # kept
        assert survivor.municipality == "Aue"  # empty here: filled from the duplicate
        assert service.nationalities_of(db, person_id=keep) == ["PL", "DE"]  # united
        for rows in (mine, theirs):
            assert db.get(Case, rows["case"]).person_id == keep  # type: ignore[union-attr]
            assert db.get(Consent, rows["consent"]).person_id == keep  # type: ignore[union-attr]
            procedure = db.get(RecognitionProcedure, rows["procedure"])
            assert procedure is not None and procedure.person_id == keep
            assert db.get(IssuedPackage, rows["package"]).person_id == keep  # type: ignore[union-attr]
            assert db.get(Placement, rows["placement"]).person_id == keep  # type: ignore[union-attr]
            linked = db.scalars(
                select(col(EventPerson.person_id)).where(col(EventPerson.event_id) == rows["event"])
            ).all()
            assert linked == [keep]
        # documents hang on the procedure: they come along
        assert db.scalar(select(func.count()).select_from(RecognitionDocument)) == 2
        contacts = db.scalar(
            select(func.count())
            .select_from(Contact)
            .join(Case, col(Case.id) == col(Contact.case_id))
            .where(col(Case.person_id) == keep)
        )
        assert contacts == 2
        # the pointer: no personal data, not found by id, search or a list
        with pytest.raises(merging.MergedAway) as gone:
            merge.get(db, person_id=dup)
        assert gone.value.merged_into == keep
        with pytest.raises(NotFound):
            service.get(db, person_id=dup)
        assert db.get(Person, dup) is None
        found, total = service.search(db, q="Wisniewski")
        assert [p.id for p in found] == [keep] and total == 1
        assert service.find_duplicates(db, first_name="Lukasz", last_name="Wisniewski") == [
            survivor
        ]
        pointer = db.scalars(
            select(Person).where(col(Person.id) == dup).execution_options(include_merged=True)
        ).one()
        assert pointer.merged_into_id == keep
        assert (pointer.first_name, pointer.last_name, pointer.birth_year) == ("", "", None)
        assert pointer.municipality is None and service.nationalities_of(db, person_id=dup) == []
        keys = db.scalars(select(PersonSearchKey).where(col(PersonSearchKey.person_id) == dup))
        assert list(keys) == []


def test_the_merge_is_audited_with_both_ids_and_in_the_history(factory: Factory) -> None:
    centre = factory.centre()
    user = factory.user(centre=centre)
    with acting(factory, user) as db:
        keep, dup = person(db, "Anna", "Nowak").id, person(db, "Ana", "Nowak").id
    with acting(factory, user) as db:
        _merge(db, merge.get(db, person_id=keep), dup)
    with acting(factory, user) as db:
        entries = db.scalars(
            select(AuditEntry).where(col(AuditEntry.action) == "merge").order_by(AuditEntry.id)
        ).all()
        assert {(e.entity_id, next(iter(e.changes or {}))) for e in entries} == {
            (keep, "merged_from"),
            (dup, "merged_into"),
        }
        assert all(e.user_id == user.id and e.entity == "persons" for e in entries)
        survivor = next(e for e in entries if e.entity_id == keep)
        assert (survivor.changes or {})["merged_from"] == [None, dup]
        from welcome.history import history

        actions = [e.action for e in history(db, entity="persons", entity_id=keep)]
        assert "merge" in actions


def test_other_centre_and_itself_are_refused(factory: Factory) -> None:
    here, there = factory.centre(), factory.centre()
    user, stranger = factory.user(centre=here), factory.user(centre=there)
    with acting(factory, user) as db:
        keep = person(db, "Anna", "Nowak").id
    with acting(factory, stranger) as db:
        foreign = person(db, "Anna", "Nowak").id
    with acting(factory, user) as db:
        survivor = merge.get(db, person_id=keep)
        with pytest.raises(NotFound):
            _merge(db, survivor, foreign)
        with pytest.raises(FieldErrors):
            _merge(db, survivor, keep)
    # an admin sees both centres, and still may not merge across them
    with factory.session() as db:  # the system actor: every centre
        survivor = merge.get(db, person_id=keep)
        with pytest.raises(NotFound):
            _merge(db, survivor, foreign)


def test_undo_by_a_lead_restores_rows_and_values(factory: Factory) -> None:
    centre = factory.centre()
    user, lead = factory.user(centre=centre), factory.user(centre=centre, role="lead")
    with acting(factory, user) as db:
        keep = person(db, "Łukasz", "Wiśniewski", birth_year=1990, nationalities=["PL"]).id
        dup = person(db, "Lukasz", "Wisniewski", birth_year=1992, nationalities=["DE"]).id
        theirs = _everything(db, dup)
        # both reached by one event: the pair exists once after the merge, twice after undo
        shared = event(db, title="Both", person_ids=[keep, dup]).id
    with acting(factory, user) as db:
        _merge(db, merge.get(db, person_id=keep), dup, birth_year="duplicate")
    with acting(factory, user) as db, pytest.raises(Forbidden):  # a counsellor may not undo
        _undo(db, merge.get(db, person_id=keep), dup)
    with acting(factory, lead) as db:
        _undo(db, merge.get(db, person_id=keep), dup)
    with acting(factory, user) as db:
        back = merge.get(db, person_id=dup)
        assert (back.first_name, back.last_name, back.birth_year) == ("Lukasz", "Wisniewski", 1992)
        assert back.merged_into_id is None
        assert service.nationalities_of(db, person_id=dup) == ["DE"]
        survivor = merge.get(db, person_id=keep)
        assert survivor.birth_year == 1990
        assert service.nationalities_of(db, person_id=keep) == ["PL"]
        assert db.get(Case, theirs["case"]).person_id == dup  # type: ignore[union-attr]
        assert db.get(Placement, theirs["placement"]).person_id == dup  # type: ignore[union-attr]
        participants = set(
            db.scalars(
                select(col(EventPerson.person_id)).where(col(EventPerson.event_id) == shared)
            )
        )
        assert participants == {keep, dup}
        found, _total = service.search(db, q="Wisniewski")
        assert {p.id for p in found} == {keep, dup}
        assert merge.undoable(db, person=survivor) == []
        actions = [e.action for e in db.scalars(select(AuditEntry).order_by(AuditEntry.id))]
        assert actions.count("unmerge") == 2
    with acting(factory, lead) as db, pytest.raises(NotFound):  # once only
        _undo(db, merge.get(db, person_id=keep), dup)


def test_undo_ends_after_30_days_and_the_kept_values_are_purged(factory: Factory) -> None:
    centre = factory.centre()
    user, lead = factory.user(centre=centre), factory.user(centre=centre, role="lead")
    with acting(factory, user) as db:
        keep, dup = person(db, "Anna", "Nowak").id, person(db, "Ana", "Nowak").id
    with acting(factory, user) as db:
        _merge(db, merge.get(db, person_id=keep), dup)
    with acting(factory, lead) as db:
        later = merging.utcnow() + timedelta(days=merging.UNDO_DAYS, seconds=1)
        assert merging.purge_expired(db, now=merging.utcnow()) == 0
        assert merging.purge_expired(db, now=later) == 1
        row = db.scalars(select(merging.RecordMerge)).one()
        assert row.restore is None  # the duplicate's old values are gone for good
        with pytest.raises(NotFound):
            _undo(db, merge.get(db, person_id=keep), dup)


def test_a_cancelled_case_moves_with_the_merge_and_back(factory: Factory) -> None:
    """A deleted row of the duplicate (a case cancelled within 30 days) moves with the others,
    so undoing its cancellation later shows it at the survivor, not at the pointer row."""
    centre = factory.centre()
    user, lead = factory.user(centre=centre), factory.user(centre=centre, role="lead")
    with acting(factory, user) as db:
        keep = person(db, "Olena", "Koval").id
        dup = person(db, "Olena", "Kowal").id
        assert keep is not None and dup is not None
        cancelled = create_case(db, person_id=dup, opened_on=TODAY - timedelta(days=3))
        case_id = cancelled.id
        deletions.delete(db, row=cancelled, reason="opened by mistake", action="cancel")
    with acting(factory, user) as db:
        _merge(db, merge.get(db, person_id=keep), dup)
    with acting(factory, user) as db:
        moved = deletions.get_deleted(db, Case, case_id)
        assert moved is not None and moved.person_id == keep
    with acting(factory, lead) as db:
        _undo(db, merge.get(db, person_id=keep), dup)
    with acting(factory, user) as db:
        back = deletions.get_deleted(db, Case, case_id)
        assert back is not None and back.person_id == dup
