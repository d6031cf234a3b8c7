"""Corrections of counselling records (cases/counselling/corrections.py) on both backends:
every edit, delete, cancel and undo, who may, the create rules, versions, the audit log."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlmodel import Session, col

from cases.counselling import corrections, queries, service
from cases.counselling.models import CaseEvent, Consent, Contact, Outcome, Referral
from cases.counselling.schemas import CaseEditIn, ConsentIn, ContactIn, OutcomeIn, ReferralIn
from cases.persons.models import Person
from tests.conftest import Factory
from tests.counselling.helpers import (
    acting,
    close_case,
    create_case,
    create_consent,
    create_contact,
    create_outcome,
    create_referral,
    person,
)
from welcome import clock, versions
from welcome.accounts.models import Centre, User
from welcome.audit import AuditEntry
from welcome.deletions import DeleteIn
from welcome.errors import FieldErrors, Forbidden, NotFound
from welcome.inputs import validate

TODAY = clock.today()
OPENED = TODAY - timedelta(days=30)
REASON = validate(DeleteIn, {"reason": "entered twice"})


@pytest.fixture
def centre(factory: Factory) -> Centre:
    return factory.centre()


@pytest.fixture
def counsellor(factory: Factory, centre: Centre) -> User:
    return factory.user(role="counsellor", centre=centre, locale="en")


@pytest.fixture
def colleague(factory: Factory, centre: Centre) -> User:
    return factory.user(role="counsellor", centre=centre, locale="en")


@pytest.fixture
def lead(factory: Factory, centre: Centre) -> User:
    return factory.user(role="lead", centre=centre, locale="en")


@pytest.fixture
def ids(factory: Factory, counsellor: User) -> dict[str, int]:
    """A case opened 30 days ago with a contact 20 days ago, a referral and an outcome."""
    with acting(factory, counsellor) as db:
        p = person(db)
        case = create_case(db, person_id=p.id, opened_on=OPENED, referral_source="self")
        contact = create_contact(db, case=case, date=OPENED + timedelta(days=10),
                                 duration_minutes=30, channel="phone",
                                 topics=["job_search"])  # fmt: skip
        referral = create_referral(db, case=case, date=OPENED + timedelta(days=10),
                                   partner="language_course_provider")  # fmt: skip
        outcome = create_outcome(db, case=case, date=OPENED + timedelta(days=12),
                                 type="job_taken_up")  # fmt: skip
        consent = create_consent(db, person=p, purpose="case_file", given_on=OPENED,
                                 sheet_version="2026-01", sheet_language="de")  # fmt: skip
        return {"person": p.id or 0, "case": case.id or 0, "contact": contact.id or 0,
                "referral": referral.id or 0, "outcome": outcome.id or 0,
                "consent": consent.id or 0}  # fmt: skip


def _contact_in(**kw: Any) -> ContactIn:
    values = {"date": OPENED + timedelta(days=10), "duration_minutes": 45, "channel": "phone",
              "topics": ["job_search"]}  # fmt: skip
    return validate(ContactIn, {**values, **kw})


def _last_entry(db: Session, entity: str, ident: int) -> AuditEntry:
    query = select(AuditEntry).where(
        col(AuditEntry.entity) == entity,
        col(AuditEntry.entity_id) == ident,
        col(AuditEntry.action) != "view",
    )
    found = db.scalars(query.order_by(col(AuditEntry.id).desc())).first()
    assert found is not None
    return found


def test_a_contact_is_corrected(factory: Factory, counsellor: User, ids: dict[str, int]) -> None:
    with acting(factory, counsellor) as db:
        contact = corrections.get_entry(db, Contact, ids["contact"])
        corrections.update_contact(db, contact=contact, data=_contact_in(), version=1)
        assert contact.duration_minutes == 45 and contact.version == 2
    with acting(factory, counsellor) as db:
        entry = _last_entry(db, "contacts", ids["contact"])
        assert entry.action == "update" and entry.changes == {"duration_minutes": [30, 45]}


def test_topics_alone_change_the_version(
    factory: Factory, counsellor: User, ids: dict[str, int]
) -> None:
    with acting(factory, counsellor) as db:
        contact = corrections.get_entry(db, Contact, ids["contact"])
        data = _contact_in(duration_minutes=30, topics=["housing"])
        corrections.update_contact(db, contact=contact, data=data, version=1)
    with acting(factory, counsellor) as db:
        contact = corrections.get_entry(db, Contact, ids["contact"])
        assert contact.version == 2
        assert service.topics_of(db, contact_ids=[ids["contact"]])[ids["contact"]] == ["housing"]
        with pytest.raises(versions.Stale) as stale:  # the editor opened version 1
            corrections.update_contact(db, contact=contact, data=_contact_in(), version=1)
        assert stale.value.values["topics"] == ["housing"] and stale.value.version == 2
        both = _contact_in(duration_minutes=40, topics=["job_search"])  # topics and a column
        corrections.update_contact(db, contact=contact, data=both, version=2)
        seen = contact.version
    with acting(factory, counsellor) as db:
        stored = corrections.get_entry(db, Contact, ids["contact"])
        assert stored.version == seen > 2 and stored.duration_minutes == 40


def test_edits_keep_the_create_rules(
    factory: Factory, counsellor: User, ids: dict[str, int]
) -> None:
    with pytest.raises(FieldErrors):  # not into the future: the input model refuses it
        _contact_in(date=TODAY + timedelta(days=1))
    with acting(factory, counsellor) as db:
        case = service.get(db, case_id=ids["case"])
        close_case(db, case=case, closed_on=OPENED + timedelta(days=15), reason="goal_reached")
    with acting(factory, counsellor) as db:  # a closed case's entries can still be corrected
        contact = corrections.get_entry(db, Contact, ids["contact"])
        with pytest.raises(FieldErrors) as late:
            corrections.update_contact(db, contact=contact, data=_contact_in(date=TODAY))
        assert "date" in late.value.errors
        corrections.update_contact(db, contact=contact, data=_contact_in())
        referral = corrections.get_entry(db, Referral, ids["referral"])
        with pytest.raises(FieldErrors):
            data = validate(ReferralIn, {"date": TODAY, "partner": "job_centre"})
            corrections.update_referral(db, referral=referral, data=data)


def test_a_contact_before_the_opening(
    factory: Factory, counsellor: User, ids: dict[str, int]
) -> None:
    early = OPENED - timedelta(days=7)
    with acting(factory, counsellor) as db:
        case = service.get(db, case_id=ids["case"])
        with pytest.raises(FieldErrors) as refused:
            create_contact(db, case=case, date=early, duration_minutes=20, channel="phone",
                           topics=["housing"])  # fmt: skip
        message = refused.value.errors["date"]
        assert early.isoformat() in message and OPENED.isoformat() in message
    with acting(factory, counsellor) as db:
        case = service.get(db, case_id=ids["case"])
        create_contact(db, case=case, date=early, duration_minutes=20, channel="phone",
                       topics=["housing"], move_opening=True)  # fmt: skip
        assert case.opened_on == early


def test_who_may_correct(
    factory: Factory, counsellor: User, colleague: User, lead: User, ids: dict[str, int]
) -> None:
    with acting(factory, colleague) as db, pytest.raises(Forbidden):
        contact = corrections.get_entry(db, Contact, ids["contact"])
        corrections.update_contact(db, contact=contact, data=_contact_in())
    with acting(factory, colleague) as db, pytest.raises(Forbidden):
        referral = corrections.get_entry(db, Referral, ids["referral"])
        corrections.delete_entry(db, entry=referral, data=REASON)
    with acting(factory, lead) as db:
        contact = corrections.get_entry(db, Contact, ids["contact"])
        corrections.update_contact(db, contact=contact, data=_contact_in())


def test_referral_outcome_delete_and_undo(
    factory: Factory, counsellor: User, lead: User, ids: dict[str, int]
) -> None:
    with acting(factory, counsellor) as db:
        referral = corrections.get_entry(db, Referral, ids["referral"])
        data = validate(ReferralIn, {"date": OPENED + timedelta(days=11), "partner": "job_centre"})
        corrections.update_referral(db, referral=referral, data=data, version=1)
        outcome = corrections.get_entry(db, Outcome, ids["outcome"])
        later = OPENED + timedelta(days=13)
        data_o = validate(OutcomeIn, {"date": later, "type": "training_started"})
        corrections.update_outcome(db, outcome=outcome, data=data_o, version=1)
    with acting(factory, counsellor) as db:
        corrections.delete_entry(db, entry=corrections.get_entry(db, Referral, ids["referral"]),
                                 data=REASON)  # fmt: skip
        corrections.delete_entry(db, entry=corrections.get_entry(db, Outcome, ids["outcome"]),
                                 data=REASON)  # fmt: skip
        contact = corrections.get_entry(db, Contact, ids["contact"])
        corrections.delete_entry(db, entry=contact, data=REASON)
    with acting(factory, counsellor) as db:
        kinds = [e.kind for e in queries.timeline(db, person_id=ids["person"])]
        assert "referral" not in kinds and "outcome" not in kinds and "contact" not in kinds
        assert service.get(db, case_id=ids["case"]).last_contact_on is None
        with pytest.raises(NotFound):
            corrections.get_entry(db, Referral, ids["referral"])
        entry = _last_entry(db, "referrals", ids["referral"])
        assert entry.action == "delete" and entry.changes is not None
        assert entry.changes["partner"] == ["job_centre", None]
        assert entry.changes["reason"] == [None, "entered twice"]
        with pytest.raises(Forbidden):
            corrections.restore(db, kind="referrals", ident=ids["referral"])
    with acting(factory, lead) as db:
        corrections.restore(db, kind="referrals", ident=ids["referral"])
        corrections.restore(db, kind="contacts", ident=ids["contact"])
        with pytest.raises(NotFound):
            corrections.restore(db, kind="referrals", ident=ids["contact"] + 999)
    with acting(factory, counsellor) as db:
        assert corrections.get_entry(db, Referral, ids["referral"]).partner == "job_centre"
        assert service.get(db, case_id=ids["case"]).last_contact_on == OPENED + timedelta(10)


def test_a_consent_is_corrected_and_deleted(
    factory: Factory, counsellor: User, colleague: User, ids: dict[str, int]
) -> None:
    values = {"purpose": "case_file", "given_on": OPENED + timedelta(days=1),
              "sheet_version": "2026-02", "sheet_language": "de"}  # fmt: skip
    with acting(factory, counsellor) as db:
        consent = corrections.get_entry(db, Consent, ids["consent"])
        corrections.update_consent(db, consent=consent, data=validate(ConsentIn, values))
        assert consent.given_on == OPENED + timedelta(days=1)
        owner = db.get(Person, ids["person"])
        assert owner is not None
        other = create_consent(db, person=owner, purpose="share_with_partners", given_on=OPENED,
                               sheet_version="1", sheet_language="de")  # fmt: skip
        with pytest.raises(FieldErrors) as twice:  # the purpose is in force already
            corrections.update_consent(db, consent=other, data=validate(ConsentIn, values))
        assert "purpose" in twice.value.errors
    with acting(factory, colleague) as db, pytest.raises(Forbidden):
        consent = corrections.get_entry(db, Consent, ids["consent"])
        corrections.delete_consent(db, consent=consent, data=REASON)
    with acting(factory, counsellor) as db:
        consent = corrections.get_entry(db, Consent, ids["consent"])
        corrections.delete_consent(db, consent=consent, data=REASON)
        assert [c.purpose for c in queries.list_consents(db, person_id=ids["person"])] == [
            "share_with_partners"
        ]


def _case_in(**kw: Any) -> CaseEditIn:
    return validate(CaseEditIn, {"opened_on": OPENED, **kw})


def test_the_case_fields_are_corrected(
    factory: Factory, counsellor: User, colleague: User, ids: dict[str, int]
) -> None:
    with acting(factory, counsellor) as db:
        case = service.get(db, case_id=ids["case"])
        with pytest.raises(FieldErrors) as late:  # after its first entry (day 10)
            corrections.update_case(db, case=case, data=_case_in(opened_on=OPENED + timedelta(11)))
        assert "opened_on" in late.value.errors
        with pytest.raises(FieldErrors) as open_case:
            data = _case_in(closed_on=TODAY, reason="goal_reached")
            corrections.update_case(db, case=case, data=data)
        assert "closed_on" in open_case.value.errors
        data = _case_in(opened_on=OPENED - timedelta(days=60), counsellor_id=colleague.id,
                        referral_source="employer")  # fmt: skip
        corrections.update_case(db, case=case, data=data, version=case.version)
    with acting(factory, colleague) as db:  # the new counsellor may correct it now
        case = service.get(db, case_id=ids["case"])
        assert case.counsellor_id == colleague.id and case.referral_source == "employer"
        close_case(db, case=case, closed_on=TODAY, reason="goal_reached")
    with acting(factory, colleague) as db:
        case = service.get(db, case_id=ids["case"])
        data = _case_in(counsellor_id=colleague.id, closed_on=TODAY - timedelta(days=1),
                        reason="moved_away")  # fmt: skip
        corrections.update_case(db, case=case, data=data)
        event = db.scalars(select(CaseEvent).where(col(CaseEvent.case_id) == case.id)).one()
        assert (event.on, event.reason) == (TODAY - timedelta(days=1), "moved_away")
        with pytest.raises(FieldErrors):  # before its last contact (day 10)
            data = _case_in(closed_on=OPENED + timedelta(days=5), reason="moved_away")
            corrections.update_case(db, case=case, data=data)


def test_a_case_is_cancelled_and_restored(
    factory: Factory, counsellor: User, lead: User, ids: dict[str, int]
) -> None:
    with acting(factory, counsellor) as db:
        corrections.cancel(db, case=service.get(db, case_id=ids["case"]), data=REASON)
    with acting(factory, counsellor) as db:
        with pytest.raises(NotFound):
            service.get(db, case_id=ids["case"])
        assert queries.list_cases(db, status=None)[1] == 0
        assert db.scalars(select(Contact)).all() == []
        kinds = {e.kind for e in queries.timeline(db, person_id=ids["person"])}
        assert kinds == {"consent"}  # the person keeps the rest
        entry = _last_entry(db, "cases", ids["case"])
        assert entry.action == "cancel" and entry.changes is not None
        assert entry.changes["reason"] == [None, "entered twice"]
        # a new case may be opened now: the cancelled one is not open
        create_case(db, person_id=ids["person"], opened_on=TODAY)
    with acting(factory, lead) as db:
        assert corrections.restore(db, kind="cases", ident=ids["case"]) is not None
    with acting(factory, counsellor) as db:
        assert service.get(db, case_id=ids["case"]).status == "open"
        assert len(db.scalars(select(Contact)).all()) == 1
        with pytest.raises(NotFound):  # done once: no deleted case of that id any more
            corrections.restore(db, kind="cases", ident=ids["case"])


def test_one_open_case_per_person(factory: Factory, counsellor: User, ids: dict[str, int]) -> None:
    with acting(factory, counsellor) as db:
        with pytest.raises(service.OpenCaseExists) as exists:
            create_case(db, person_id=ids["person"], opened_on=TODAY)
        assert exists.value.open_case_id == ids["case"]
        assert exists.value.problem_extra == {"open_case_id": ids["case"]}
    with acting(factory, counsellor) as db:
        second = create_case(db, person_id=ids["person"], opened_on=TODAY, allow_parallel=True)
        assert second.id != ids["case"]
