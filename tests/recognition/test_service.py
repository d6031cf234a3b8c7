"""Recognition service on SQLite and PostgreSQL: status rules, due dates, history, lists."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select
from sqlmodel import col

from cases.recognition import due_lists, service
from cases.recognition.models import RecognitionProcedure
from tests.conftest import Factory
from tests.recognition.conftest import acting, create, make_person, resume, suspend, update
from welcome.audit import AuditEntry
from welcome.errors import FieldErrors, NotFound


def d(iso: str) -> date:
    return date.fromisoformat(iso)


@pytest.fixture
def world(factory: Factory) -> dict[str, object]:
    centre = factory.centre("Erzgebirge")
    other = factory.centre("Dresden")
    return {
        "centre": centre,
        "other": other,
        "counsellor": factory.user(role="counsellor", centre=centre),
        "lead": factory.user(role="lead", centre=centre),
        "stranger": factory.user(role="counsellor", centre=other),
        "person": make_person(factory, centre),
        "foreign_person": make_person(factory, other, "Jan", "Novak"),
    }


def _count(db: object) -> int:
    return db.scalar(select(func.count()).select_from(RecognitionProcedure)) or 0  # type: ignore[attr-defined]


def test_create_computes_receipt_due_and_records_history(
    factory: Factory, world: dict[str, object]
) -> None:
    with acting(factory, world["counsellor"]) as db:  # type: ignore[arg-type]
        proc = create(
            db,
            person_id=world["person"],
            reference_occupation="Pflegefachfrau",
            authority="ksv_sachsen",
            regulated=True,
            applied_on=d("2025-01-31"),
        )
        pid = proc.id
    with acting(factory, world["counsellor"]) as db:  # type: ignore[arg-type]
        proc = service.get(db, procedure_id=pid)
        assert proc.receipt_due_on == d("2025-02-28")  # month end, a Friday
        assert proc.decision_due_on is None  # documents not complete yet
        assert proc.next_due_on == d("2025-02-28")
        assert proc.status == "applied"
        assert proc.counsellor_id == world["counsellor"].id  # type: ignore[attr-defined]
        history = service.history_of(db, procedure_id=pid)
        assert [h.action for h in history] == ["created"]
        assert history[0].user_id == world["counsellor"].id  # type: ignore[attr-defined]
        assert history[0].changes["applied_on"] == [None, "2025-01-31"]


@pytest.mark.parametrize(
    ("accelerated", "legal_basis", "receipt", "decision"),
    [
        # 31 Jul + 3 months = 31 Oct 2025: Reformation Day in Saxony -> Monday 3 Nov
        (False, "federal", "2025-08-14", "2025-11-03"),
        # § 81a: receipt in 2 weeks; federal law: decision in 2 months (30 Sep, a Tuesday)
        (True, "federal", "2025-07-28", "2025-09-30"),
        # § 81a under Saxon law: the shorter decision period does not apply
        (True, "state", "2025-07-28", "2025-11-03"),
    ],
)
def test_due_dates(
    factory: Factory,
    world: dict[str, object],
    accelerated: bool,
    legal_basis: str,
    receipt: str,
    decision: str,
) -> None:
    with acting(factory, world["counsellor"]) as db:  # type: ignore[arg-type]
        proc = create(
            db,
            person_id=world["person"],
            reference_occupation="Elektroniker",
            authority="hwk_chemnitz",
            accelerated=accelerated,
            legal_basis=legal_basis,
            applied_on=d("2025-07-14"),
            documents_requested_on=d("2025-07-20"),
            documents_complete_on=d("2025-07-31"),
        )
        assert proc.receipt_due_on == d(receipt)
        assert proc.decision_due_on == d(decision)
        assert proc.status == "in_review"


def test_patch_recomputes_due_dates_and_extension(
    factory: Factory, world: dict[str, object]
) -> None:
    with acting(factory, world["counsellor"]) as db:  # type: ignore[arg-type]
        proc = create(
            db,
            person_id=world["person"],
            reference_occupation="Ärztin",
            authority="ld_sachsen_licences",
            applied_on=d("2024-10-01"),
        )
        update(db, proc, documents_complete_on=d("2024-11-30"))
        assert proc.decision_due_on == d("2025-02-28")
        # one extension of one month is computed from the unshifted end (§ 190 BGB)
        update(db, proc, extended_on=d("2025-02-20"), extension_months=1)
        assert proc.decision_due_on == d("2025-03-28")
        update(db, proc, receipt_confirmed_on=d("2024-10-10"))
        assert proc.next_due_on == d("2025-03-28")
        actions = [h.action for h in service.history_of(db, procedure_id=proc.id)]
        assert actions == ["updated", "updated", "updated", "created"]
        latest = service.history_of(db, procedure_id=proc.id)[1]
        assert latest.changes["decision_due_on"] == ["2025-02-28", "2025-03-28"]


def test_rules_name_every_wrong_field_and_write_nothing(
    factory: Factory, world: dict[str, object]
) -> None:
    """Each layer names all its wrong fields at once: the fields, then the order of the
    steps (once every field is readable), then the service's rules that need the database."""
    with pytest.raises(FieldErrors) as caught, acting(factory, world["counsellor"]) as db:  # type: ignore[arg-type]
        create(
            db,
            person_id=world["person"],
            reference_occupation=" ",
            authority="hwk_berlin",
            applied_on="9999-01-01",
        )
    errors = caught.value.errors
    assert set(errors) == {"reference_occupation", "authority", "applied_on"}
    assert "hwk_berlin" in errors["authority"]
    with pytest.raises(FieldErrors) as caught, acting(factory, world["counsellor"]) as db:  # type: ignore[arg-type]
        create(
            db,
            person_id=world["person"],
            reference_occupation="Koch",
            authority="ihk_fosa",
            documents_complete_on=d("2025-01-10"),
            decided_on=d("2025-02-01"),
        )
    assert set(caught.value.errors) == {"documents_complete_on", "decided_on", "decision"}
    with pytest.raises(FieldErrors) as caught, acting(factory, world["counsellor"]) as db:  # type: ignore[arg-type]
        create(
            db,
            person_id=world["foreign_person"],
            case_id=123456,
            counsellor_id=world["stranger"].id,  # type: ignore[attr-defined]
            reference_occupation="Koch",
            authority="ihk_fosa",
            status="decided",
        )
    assert set(caught.value.errors) == {"person_id", "case_id", "counsellor_id", "status"}
    with acting(factory, world["counsellor"]) as db:  # type: ignore[arg-type]
        assert _count(db) == 0
        logged = select(func.count()).where(col(AuditEntry.entity) == "recognition_procedures")
        assert db.scalar(logged) == 0


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"documents_complete_on": d("2025-02-28")}, "documents_complete_on"),  # before applied
        ({"decided_on": d("2025-04-01")}, "decision"),  # a decision date needs a decision
        ({"decision": "full"}, "decided_on"),  # a decision needs its date
        ({"status": "in_review"}, "status"),  # documents not complete
        ({"status": "decided"}, "status"),
        ({"status": "preparing"}, "status"),
        ({"extension_months": 1, "extended_on": d("2025-04-01")}, "extended_on"),
        ({"compensation_started_on": d("2025-04-01")}, "compensation_started_on"),
        ({"licence_granted_on": d("2025-04-01")}, "licence_granted_on"),
        ({"extension_months": 4}, "extension_months"),
        ({"training_country": "XX"}, "training_country"),
        ({"reference_occupation_kldb": "12"}, "reference_occupation_kldb"),
        ({"legal_basis": None}, "legal_basis"),  # a form sent without one
    ],
)
def test_steps_in_order(
    factory: Factory, world: dict[str, object], changes: dict[str, object], field: str
) -> None:
    with acting(factory, world["counsellor"]) as db:  # type: ignore[arg-type]
        proc = create(
            db,
            person_id=world["person"],
            reference_occupation="Lehrerin",
            authority="lasub",
            legal_basis="state",
            applied_on=d("2025-03-03"),
        )
        before = proc.status
        with pytest.raises(FieldErrors) as caught:
            update(db, proc, **changes)
        assert field in caught.value.errors
        assert proc.status == before


def test_status_follows_the_dates_and_withdrawn_sticks(
    factory: Factory, world: dict[str, object]
) -> None:
    with acting(factory, world["counsellor"]) as db:  # type: ignore[arg-type]
        proc = create(
            db, person_id=world["person"], reference_occupation="Koch", authority="ihk_fosa"
        )
        assert proc.status == "preparing" and proc.next_due_on is None
        update(db, proc, applied_on=d("2025-05-05"))
        assert proc.status == "applied"
        update(db, proc, documents_requested_on=d("2025-05-20"))
        assert proc.status == "waiting_on_person"
        update(db, proc, status="withdrawn")
        assert proc.status == "withdrawn" and proc.next_due_on is None
        update(db, proc, notes="moved away")
        assert proc.status == "withdrawn"
        update(db, proc, status="waiting_on_person")
        update(
            db,
            proc,
            documents_complete_on=d("2025-06-02"),
            decided_on=d("2025-07-01"),
            decision="compensation_required",
        )
        assert proc.status == "decided"
        update(
            db,
            proc,
            compensation_measure="adaptation_course",
            compensation_started_on=d("2025-08-01"),
        )
        assert proc.status == "compensation"
        update(db, proc, compensation_completed_on=d("2025-12-01"))
        assert proc.status == "completed"


def test_suspension_stops_the_clock(factory: Factory, world: dict[str, object]) -> None:
    with acting(factory, world["counsellor"]) as db:  # type: ignore[arg-type]
        proc = create(
            db,
            person_id=world["person"],
            reference_occupation="Ingenieur",
            authority="ingenieurkammer",
            applied_on=d("2025-01-06"),
            documents_complete_on=d("2025-02-03"),
        )
        assert proc.decision_due_on == d("2025-05-05")  # 3 May is a Saturday
        with pytest.raises(FieldErrors) as caught:
            suspend(db, proc, starts_on=d("2025-03-10"), ends_on=d("2025-03-01"))
        assert set(caught.value.errors) == {"ends_on"}
        with pytest.raises(FieldErrors) as caught:
            suspend(db, proc, starts_on=d("2024-12-01"))
        assert set(caught.value.errors) == {"starts_on"}
        suspension = suspend(db, proc, starts_on=d("2025-03-01"), reason="authenticity_check")
        assert proc.status == "suspended"
        assert proc.decision_due_on is None  # the clock stands
        with pytest.raises(FieldErrors) as caught:
            suspend(db, proc, starts_on=d("2025-03-05"))
        assert "ends_on" in caught.value.errors  # one open suspension at a time
        with pytest.raises(FieldErrors) as caught:
            update(db, proc, decided_on=d("2025-03-20"), decision="full")
        assert "decided_on" in caught.value.errors
        assert suspension.id is not None
        resume(db, proc, suspension.id, ends_on=d("2025-03-10"))
        # 10 days suspended: 3 May + 10 days = 13 May 2025 (a Tuesday)
        assert proc.decision_due_on == d("2025-05-13")
        assert proc.status == "in_review"
        actions = [h.action for h in service.history_of(db, procedure_id=proc.id)]
        assert actions[:2] == ["suspension_ended", "suspension_added"]


def test_other_centre_is_invisible(factory: Factory, world: dict[str, object]) -> None:
    with pytest.raises(FieldErrors) as caught, acting(factory, world["counsellor"]) as db:  # type: ignore[arg-type]
        create(
            db,
            person_id=world["foreign_person"],
            reference_occupation="Koch",
            authority="ihk_fosa",
        )
    assert set(caught.value.errors) == {"person_id"}
    with acting(factory, world["counsellor"]) as db:  # type: ignore[arg-type]
        pid = create(
            db, person_id=world["person"], reference_occupation="Koch", authority="ihk_fosa"
        ).id
    with pytest.raises(NotFound), acting(factory, world["stranger"]) as db:  # type: ignore[arg-type]
        service.get(db, procedure_id=pid)


def test_deadline_lists_sorted_by_urgency(factory: Factory, world: dict[str, object]) -> None:
    today = d("2025-06-16")  # a Monday
    with acting(factory, world["lead"]) as db:  # type: ignore[arg-type]
        lead_own = create(
            db,
            person_id=world["person"],
            reference_occupation="Lead's",
            authority="zab",
            applied_on=d("2025-06-02"),  # receipt due 2 Jul: not within 14 days
            accelerated=True,  # -> 16 Jun (today): due soon
        )
    with acting(factory, world["counsellor"]) as db:  # type: ignore[arg-type]
        older = create(
            db,
            person_id=world["person"],
            reference_occupation="Older",
            authority="zab",
            applied_on=d("2025-04-01"),  # receipt due 2 May: overdue
        )
        newer = create(
            db,
            person_id=world["person"],
            reference_occupation="Newer",
            authority="zab",
            applied_on=d("2025-05-05"),  # receipt due 5 Jun: overdue
            documents_requested_on=d("2025-05-10"),
        )
        soon = create(
            db,
            person_id=world["person"],
            reference_occupation="Soon",
            authority="zab",
            applied_on=d("2025-05-20"),  # receipt due 20 Jun
            receipt_confirmed_on=d("2025-05-22"),
            documents_requested_on=d("2025-05-22"),
        )
        create(
            db,
            person_id=world["person"],
            reference_occupation="Later",
            authority="zab",
            applied_on=d("2025-06-10"),  # receipt due 10 Jul: not listed
        )
        decided = create(
            db,
            person_id=world["person"],
            reference_occupation="Done",
            authority="zab",
            applied_on=d("2025-01-02"),
            decided_on=d("2025-03-01"),
            decision="negative",
        )
        assert decided.next_due_on is None
        mine = due_lists.list_deadlines(db, today=today, counsellor_id=world["counsellor"].id)  # type: ignore[attr-defined]
        assert [i.id for i in mine.overdue] == [older.id, newer.id]
        assert mine.overdue[0].kind == "receipt" and mine.overdue[0].days == -45
        assert mine.overdue[0].person_name == "Olena Koval"
        assert [i.id for i in mine.due_soon] == []
        assert [i.id for i in mine.waiting] == [newer.id, soon.id]  # longest waiting first
        # "soon" is due 20 Jun only if the receipt was not confirmed: it was, so no deadline
        assert soon.next_due_on is None
    with acting(factory, world["lead"]) as db:  # type: ignore[arg-type]
        centre = due_lists.list_deadlines(db, today=today)
        assert [i.id for i in centre.overdue] == [older.id, newer.id]
        assert [i.id for i in centre.due_soon] == [lead_own.id]
        assert [i.id for i in centre.waiting] == [newer.id, soon.id]
    with acting(factory, world["stranger"]) as db:  # type: ignore[arg-type]
        assert due_lists.list_deadlines(db, today=today).empty


def test_history_rows_cannot_be_changed(factory: Factory, world: dict[str, object]) -> None:
    from sqlalchemy import update
    from sqlalchemy.exc import DBAPIError

    with acting(factory, world["counsellor"]) as db:  # type: ignore[arg-type]
        create(db, person_id=world["person"], reference_occupation="Koch", authority="ihk_fosa")
    with pytest.raises(DBAPIError), factory.session() as db:
        db.execute(update(AuditEntry).values(action="tampered"))
