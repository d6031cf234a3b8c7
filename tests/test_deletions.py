"""The shared soft deletion and versions (welcome/deletions.py, welcome/versions.py), on both
backends: deleted rows leave every ORM query and the report's counts, the audit log says what
was deleted, a lead undoes a batch within 30 days, the purge removes older ones, and a stale
version is refused."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select, text, union_all, update
from sqlmodel import Session, col

from cases.counselling.models import Case, Contact, ContactTopicRow
from cases.recognition import documents
from cases.recognition import service as recognition
from cases.recognition.models import RecognitionProcedure
from cases.recognition.schemas import DocumentIn, ProcedureIn
from cases.reports import service as reports
from cases.reports.periods import parse_period
from tests.conftest import Factory
from tests.counselling.helpers import acting, create_case, create_contact, person
from welcome import deletions, storage, versions
from welcome.accounts.models import Centre, User
from welcome.audit import AuditEntry
from welcome.config import Settings
from welcome.db import SYSTEM, unit_of_work, utcnow
from welcome.errors import Conflict, FieldErrors, Forbidden, NotFound
from welcome.inputs import validate

OPENED = date(2026, 7, 1)


@pytest.fixture
def centre(factory: Factory) -> Centre:
    return factory.centre("Erzgebirge")


@pytest.fixture
def counsellor(factory: Factory, centre: Centre) -> User:
    return factory.user(role="counsellor", centre=centre, locale="en")


@pytest.fixture
def lead(factory: Factory, centre: Centre) -> User:
    return factory.user(role="lead", centre=centre, locale="en")


def _case_with_contacts(factory: Factory, counsellor: User, n: int = 2) -> tuple[int, list[int]]:
    with acting(factory, counsellor) as db:
        p = person(db)
        case = create_case(db, person_id=p.id, opened_on=OPENED)
        ids = []
        for day in range(n):
            contact = create_contact(
                db,
                case=case,
                date=OPENED + timedelta(days=day + 1),
                duration_minutes=30,
                channel="phone",
                topics=["job_search"],
                notes="private words",
            )
            ids.append(contact.id or 0)
        assert case.id is not None
        return case.id, ids


def _contact(db: Session, ident: int) -> Contact:
    found = deletions.get_deleted(db, Contact, ident) or db.get(Contact, ident)
    assert found is not None
    return found


def _report_contacts(factory: Factory, centre: Centre) -> dict[str, object]:
    with unit_of_work(factory.sessions, actor=SYSTEM) as db:
        report = reports.build_report(
            db,
            centre_ids=[centre.id or 0],
            period=parse_period("2026-Q3"),
            language="en",
            suppress=False,
        )
    values = report.indicator_values()
    return {k: values[k] for k in ("contacts", "persons_counselled", "new_cases")}


def test_a_deleted_row_leaves_every_orm_query(factory: Factory, counsellor: User) -> None:
    case_id, (first, second) = _case_with_contacts(factory, counsellor)
    with acting(factory, counsellor) as db:
        deletions.delete(db, row=_contact(db, first), reason="entered twice")
    with acting(factory, counsellor) as db:
        assert [c.id for c in db.scalars(select(Contact))] == [second]
        assert db.scalar(select(func.count()).select_from(Contact)) == 1
        assert db.scalar(select(func.count(col(Contact.id)))) == 1
        inner = select(col(Contact.id)).where(col(Contact.case_id) == case_id).subquery()
        assert db.scalar(select(func.count()).select_from(inner)) == 1
        both = union_all(select(col(Contact.id)), select(col(Contact.id))).subquery()
        assert db.scalar(select(func.count()).select_from(both)) == 2
        joined = (
            select(func.count())
            .select_from(ContactTopicRow)
            .join(Contact, col(Contact.id) == col(ContactTopicRow.contact_id))
        )
        assert db.scalar(joined) == 1
        assert db.get(Contact, first) is None
        shown = db.scalars(deletions.with_deleted(select(Contact))).all()
        assert {c.id for c in shown} == {first, second}


def test_the_report_counts_without_deleted_rows(
    factory: Factory, centre: Centre, counsellor: User
) -> None:
    """Hand count: one person, one case opened 1 Jul, contacts 2 and 3 Jul (both Q3)."""
    case_id, (first, _second) = _case_with_contacts(factory, counsellor)
    assert _report_contacts(factory, centre) == {
        "contacts": 2,
        "persons_counselled": 1,
        "new_cases": 1,
    }
    with acting(factory, counsellor) as db:
        deletions.delete(db, row=_contact(db, first), reason="entered twice")
    assert _report_contacts(factory, centre) == {
        "contacts": 1,
        "persons_counselled": 1,
        "new_cases": 1,
    }
    with acting(factory, counsellor) as db:
        case = db.get(Case, case_id)
        assert case is not None
        contacts = list(db.scalars(select(Contact).where(col(Contact.case_id) == case_id)))
        deletions.delete(db, row=case, reason="opened by mistake", also=contacts)
    assert _report_contacts(factory, centre) == {
        "contacts": 0,
        "persons_counselled": 0,
        "new_cases": 0,
    }


def test_the_deletion_is_audited_with_what_was_deleted(factory: Factory, counsellor: User) -> None:
    _case_id, (first, _second) = _case_with_contacts(factory, counsellor)
    with acting(factory, counsellor) as db:
        deletions.delete(db, row=_contact(db, first), reason="entered twice")
    with unit_of_work(factory.sessions, actor=SYSTEM) as db:
        entry = db.scalars(
            select(AuditEntry)
            .where(col(AuditEntry.entity) == "contacts", col(AuditEntry.entity_id) == first)
            .order_by(col(AuditEntry.id).desc())
        ).first()
    assert entry is not None and entry.action == "delete"
    assert entry.user_id == counsellor.id
    changes = entry.changes or {}
    assert changes["duration_minutes"] == [30, None]
    assert changes["channel"] == ["phone", None]
    assert changes["notes"] == "changed"  # free text: never its words
    assert changes["reason"] == [None, "entered twice"]
    assert "deleted_at" not in changes and "version" not in changes


def test_the_reason_is_required_and_bounded() -> None:
    with pytest.raises(FieldErrors) as blank:
        validate(deletions.DeleteIn, {"reason": "  "})
    assert "reason" in blank.value.errors
    with pytest.raises(FieldErrors):
        validate(deletions.DeleteIn, {"reason": "x" * (deletions.REASON_MAX + 1)})
    assert validate(deletions.DeleteIn, {"reason": " a  typo "}).reason == "a typo"


def test_a_lead_undoes_the_whole_batch_within_30_days(
    factory: Factory, counsellor: User, lead: User
) -> None:
    case_id, contact_ids = _case_with_contacts(factory, counsellor)
    with acting(factory, counsellor) as db:
        case = db.get(Case, case_id)
        assert case is not None
        contacts = list(db.scalars(select(Contact)))
        deletions.delete(db, row=case, reason="opened by mistake", also=contacts, action="cancel")
    with acting(factory, counsellor) as db:
        case = deletions.get_deleted(db, Case, case_id)
        assert case is not None
        with pytest.raises(Forbidden):
            deletions.undo_delete(db, row=case)
    with acting(factory, lead) as db:
        case = deletions.get_deleted(db, Case, case_id)
        assert case is not None
        assert deletions.undo_delete(db, row=case) == 3
    with acting(factory, lead) as db:
        assert db.get(Case, case_id) is not None
        assert sorted(c.id or 0 for c in db.scalars(select(Contact))) == sorted(contact_ids)
        actions = list(
            db.scalars(
                select(col(AuditEntry.action)).where(col(AuditEntry.entity_id) == case_id,
                                                     col(AuditEntry.entity) == "cases")
                .order_by(col(AuditEntry.id))  # not the index's order (entity, id, action)
            )
        )  # fmt: skip
    assert actions[-2:] == ["cancel", "restore"]


def test_no_undo_after_30_days_and_the_purge(
    factory: Factory, counsellor: User, lead: User
) -> None:
    _case_id, (old, recent) = _case_with_contacts(factory, counsellor)
    with acting(factory, counsellor) as db:
        deletions.delete(db, row=_contact(db, old), reason="wrong person")
        deletions.delete(db, row=_contact(db, recent), reason="wrong person")
    with acting(factory, lead) as db:
        row = _contact(db, old)
        assert row.deleted_at is not None
        later = row.deleted_at + timedelta(days=31)
        with pytest.raises(Conflict):
            deletions.undo_delete(db, row=row, now=later)
    with unit_of_work(factory.sessions, actor=SYSTEM) as db:  # the old one: 31 days ago
        db.execute(
            update(Contact).where(col(Contact.id) == old).values(deleted_at=later - timedelta(62))
        )
    with unit_of_work(factory.sessions, actor=SYSTEM) as db:
        assert deletions.purge(db, dry_run=True)["contacts"] == 1
    with unit_of_work(factory.sessions, actor=SYSTEM) as db:
        assert deletions.purge(db)["contacts"] == 1
    with unit_of_work(factory.sessions, actor=SYSTEM) as db:
        left = db.scalars(deletions.with_deleted(select(col(Contact.id)))).all()
        topics = db.scalars(select(col(ContactTopicRow.contact_id))).all()
        purged = db.scalars(
            select(col(AuditEntry.entity_id)).where(col(AuditEntry.action) == "purge")
        ).all()
    assert list(left) == [recent] and old not in topics and list(purged) == [old]


def test_a_cancelled_case_can_be_purged_with_its_pointers(
    factory: Factory, counsellor: User
) -> None:
    case_id, _contacts = _case_with_contacts(factory, counsellor)
    with acting(factory, counsellor) as db:
        case = db.get(Case, case_id)
        assert case is not None
        deletions.delete(db, row=case, reason="mistake", also=list(db.scalars(select(Contact))))
    with unit_of_work(factory.sessions, actor=SYSTEM) as db:
        done = deletions.purge(db, now=utcnow() + timedelta(days=31))
    assert done["cases"] == 1 and done["contacts"] == 2


def _procedure(db: Session, person_id: int | None) -> RecognitionProcedure:
    assert person_id is not None
    data = ProcedureIn(person_id=person_id, reference_occupation="Lehrerin",
                       authority="lasub", regulated=True, applied_on=OPENED)  # fmt: skip
    made = recognition.create(db, data=data)
    assert isinstance(made, RecognitionProcedure)
    return made


def _readable(factory: Factory, refs: list[str]) -> list[bool]:
    with unit_of_work(factory.sessions, actor=SYSTEM) as db:
        out = []
        for ref in refs:
            try:
                out.append(storage.read(db, ref=ref).startswith(b"%PDF"))
            except NotFound:
                out.append(False)
        return out


def test_the_purge_removes_the_stored_files_of_documents(
    factory: Factory, counsellor: User, settings: Settings
) -> None:
    """A purged document's file goes with its row, in the same transaction: a document
    deleted on its own and one whose procedure was deleted (it goes by cascade)."""
    with acting(factory, counsellor) as db:
        p = person(db)
        kept_procedure, gone_procedure = _procedure(db, p.id), _procedure(db, p.id)
        made = [
            documents.create(
                db,
                settings=settings,
                procedure=procedure,
                data=DocumentIn(),
                stream=io.BytesIO(b"%PDF-1.4\n% " + name.encode() * 2000),
                filename=f"{name}.pdf",
            )
            for procedure, name in (
                (kept_procedure, "kept"),
                (kept_procedure, "alone"),
                (gone_procedure, "along"),
            )
        ]
        refs = [d.storage_key for d in made]
        deletions.delete(db, row=made[1], reason="wrong file")
        deletions.delete(db, row=gone_procedure, reason="wrong person")
    later = utcnow() + timedelta(days=31)
    with pytest.raises(RuntimeError), unit_of_work(factory.sessions, actor=SYSTEM) as db:
        deletions.purge(db, now=later)
        raise RuntimeError("rolled back")  # the rows stay, and so do their files
    assert _readable(factory, refs) == [True, True, True]
    with unit_of_work(factory.sessions, actor=SYSTEM) as db:
        done = deletions.purge(db, now=later)
    assert done["recognition_documents"] == 1 and done["recognition_procedures"] == 1
    assert _readable(factory, refs) == [True, False, False]
    with factory.engine.connect() as c:
        keys = c.execute(text("SELECT key FROM stored_files")).scalars().all()
        pieces = c.execute(text("SELECT COUNT(*) FROM stored_file_chunks")).scalar()
        files = c.execute(text("SELECT COUNT(*) FROM stored_files")).scalar()
    assert [f"db:{k}" for k in keys] == refs[:1] and pieces == files == 1


def test_a_stale_version_is_refused(factory: Factory, counsellor: User) -> None:
    _case_id, (first, _second) = _case_with_contacts(factory, counsellor)
    with acting(factory, counsellor) as db:
        row = _contact(db, first)
        assert row.version == 1
        row.duration_minutes = 45
        versions.save(db, row)
        assert row.version == 2
    with acting(factory, counsellor) as db:
        row = _contact(db, first)
        with pytest.raises(versions.Stale) as stale:
            versions.check(row, 1, lambda: {"duration_minutes": "45"})
        assert stale.value.version == 2 and stale.value.values["version"] == "2"
        versions.check(row, 2)  # the version the editor opened: fine
        versions.check(row, None)  # the API did not say: fine


def test_a_concurrent_save_loses(factory: Factory, counsellor: User) -> None:
    """Both read version 1; the first save wins, the second matches no row: Stale."""
    _case_id, (first, _second) = _case_with_contacts(factory, counsellor)
    with acting(factory, counsellor) as one, acting(factory, counsellor) as two:
        a, b = _contact(one, first), _contact(two, first)
        a.duration_minutes = 50
        versions.save(one, a)
        one.commit()
        b.duration_minutes = 60
        with pytest.raises(versions.Stale):
            versions.save(two, b)
    with acting(factory, counsellor) as db:
        assert _contact(db, first).duration_minutes == 50


def test_every_deletable_model_has_the_columns() -> None:
    import welcome.models  # noqa: F401 - every model mapped

    names = {c.__tablename__ for c in deletions.deletable_classes()}
    expected = {"cases", "contacts", "referrals", "outcomes", "consents", "outreach_events",
                "employer_contacts", "employer_hiring_needs", "placements",
                "employer_consultations", "recognition_procedures", "local_contacts"}  # fmt: skip
    assert expected <= names
    for model in deletions.deletable_classes():
        columns = set(model.__table__.c.keys())
        assert deletions.DELETION_FIELDS | {"version"} <= columns, model
        assert model.__mapper__.version_id_col is model.__table__.c.version
