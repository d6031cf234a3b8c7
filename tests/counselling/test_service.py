"""Every rule of cases, contacts, referrals, outcomes, consents and enquiries (both backends)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from cases.counselling import consents, enquiries, queries, service
from cases.counselling.models import CaseEvent, Contact, ContactTopicRow
from cases.counselling.schemas import (
    CaseFilter,
    CaseIn,
    CloseIn,
    ConsentIn,
    ContactIn,
    EnquiryIn,
    OutcomeIn,
    ReferralIn,
    WithdrawIn,
)
from tests.conftest import Factory
from tests.counselling.helpers import acting, person
from welcome import clock
from welcome.audit import AuditEntry
from welcome.errors import Conflict, FieldErrors
from welcome.i18n import force_locale
from welcome.inputs import validate

TODAY = clock.today()
OPENED = TODAY - timedelta(days=30)


@pytest.fixture
def counsellor(factory: Factory):  # type: ignore[no-untyped-def]
    return factory.user(role="counsellor", centre=factory.centre(), locale="en")


@pytest.fixture
def case_id(factory: Factory, counsellor) -> int:  # type: ignore[no-untyped-def]
    with acting(factory, counsellor) as db:
        p = person(db)
        data = validate(CaseIn, {"person_id": p.id, "opened_on": OPENED, "referral_source": "self"})
        case = service.create(db, data=data)
        assert case.counsellor_id == counsellor.id and case.status == "open"
        return case.id or 0


def _contact(db, case_id: int, **kw):  # type: ignore[no-untyped-def]
    values = {
        "date": TODAY,
        "duration_minutes": 30,
        "channel": "phone",
        "topics": ["job_search", "housing"],
        "language": "uk",
    }
    values.update(kw)
    data = validate(ContactIn, values)
    return service.create_contact(db, case=service.get(db, case_id=case_id), data=data)


def _close(db, case, closed_on: date, reason: str | None):  # type: ignore[no-untyped-def]
    data = validate(CloseIn, {"closed_on": closed_on, "reason": reason})
    return service.close(db, case=case, data=data)


def _referral(db, case, on: date, partner: str):  # type: ignore[no-untyped-def]
    data = validate(ReferralIn, {"date": on, "partner": partner})
    return service.create_referral(db, case=case, data=data)


def _outcome(db, case, on: date, type: str):  # type: ignore[no-untyped-def]
    return service.create_outcome(
        db, case=case, data=validate(OutcomeIn, {"date": on, "type": type})
    )


def _open(db, person_id: int, opened_on: date, **kw):  # type: ignore[no-untyped-def]
    return service.create(
        db, data=validate(CaseIn, {"person_id": person_id, "opened_on": opened_on, **kw})
    )


def test_contact_is_logged_with_topics(factory: Factory, counsellor, case_id) -> None:  # type: ignore[no-untyped-def]
    with acting(factory, counsellor) as db:
        contact = _contact(db, case_id, notes=" first talk ")
        assert contact.notes == "first talk"
        assert service.topics_of(db, contact_ids=[contact.id])[contact.id] == [
            "job_search",
            "housing",
        ]
        assert service.get(db, case_id=case_id).last_contact_on == TODAY


@pytest.mark.parametrize(
    ("fields", "wrong"),
    [
        ({"date": TODAY + timedelta(days=1)}, "date"),
        ({"date": OPENED - timedelta(days=1)}, "date"),
        ({"date": None}, "date"),
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"duration_minutes": 601}, "duration_minutes"),
        ({"duration_minutes": None}, "duration_minutes"),
        ({"channel": "pigeon"}, "channel"),
        ({"topics": ["job_search", "astrology"]}, "topics"),
        ({"topics": []}, "topics"),
        ({"language": "xx-QQ"}, "language"),
    ],
)
def test_contact_rules(factory: Factory, counsellor, case_id, fields, wrong) -> None:  # type: ignore[no-untyped-def]
    with acting(factory, counsellor) as db:
        with pytest.raises(FieldErrors) as caught:
            _contact(db, case_id, **fields)
        assert list(caught.value.errors) == [wrong]
        assert db.scalar(select(func.count()).select_from(Contact)) == 0
        assert db.scalar(select(func.count()).select_from(ContactTopicRow)) == 0


def test_duration_bounds_are_inclusive(factory: Factory, counsellor, case_id) -> None:  # type: ignore[no-untyped-def]
    with acting(factory, counsellor) as db:
        _contact(db, case_id, duration_minutes=1, date=OPENED)
        _contact(db, case_id, duration_minutes=600)


def test_close_needs_reason_and_blocks_contacts_until_reopened(
    factory: Factory,
    counsellor,
    case_id,  # type: ignore[no-untyped-def]
) -> None:
    with acting(factory, counsellor) as db:
        _contact(db, case_id, date=TODAY - timedelta(days=3))
        case = service.get(db, case_id=case_id)
        with pytest.raises(FieldErrors) as caught:
            _close(db, case, TODAY, None)
        assert list(caught.value.errors) == ["reason"]
        with pytest.raises(FieldErrors) as caught:
            _close(db, case, TODAY, "bored")
        assert list(caught.value.errors) == ["reason"]
        with pytest.raises(FieldErrors) as caught:
            _close(db, case, TODAY - timedelta(days=5), "moved_away")
        assert list(caught.value.errors) == ["closed_on"]  # before the last contact
        with pytest.raises(FieldErrors) as caught:
            _close(db, case, OPENED - timedelta(days=1), "moved_away")
        assert list(caught.value.errors) == ["closed_on"]  # before it was opened
        with pytest.raises(FieldErrors) as caught:
            _close(db, case, TODAY + timedelta(days=1), "moved_away")
        assert list(caught.value.errors) == ["closed_on"]
        assert case.status == "open"
        _close(db, case, TODAY, "goal_reached")
    with acting(factory, counsellor) as db:
        case = service.get(db, case_id=case_id)
        assert (case.status, case.closed_on, case.closure_reason) == (
            "closed",
            TODAY,
            "goal_reached",
        )
        with pytest.raises(FieldErrors) as caught:
            _contact(db, case_id)
        assert "case" in caught.value.errors
        with pytest.raises(FieldErrors):
            _referral(db, case, TODAY, "ihk")
        with pytest.raises(Conflict):
            _close(db, case, TODAY, "goal_reached")
        _outcome(db, case, TODAY, "job_taken_up")  # results come later
        service.reopen(db, case=case)
        assert (case.status, case.closed_on, case.closure_reason) == ("open", None, None)
        _contact(db, case_id)
        with pytest.raises(Conflict):
            service.reopen(db, case=case)
    with acting(factory, counsellor) as db:
        kinds = list(db.scalars(select(CaseEvent.kind).order_by(CaseEvent.id)))
        assert kinds == ["closed", "reopened"]
        entries = db.scalars(select(AuditEntry.entity).where(AuditEntry.action == "create"))
        assert "case_events" in set(entries)


def test_case_rules(factory: Factory, counsellor) -> None:  # type: ignore[no-untyped-def]
    other = factory.user(role="counsellor", centre=factory.centre(), locale="en")
    with acting(factory, other) as db:
        foreign = person(db).id
    with pytest.raises(FieldErrors) as caught:  # the model's rules
        validate(
            CaseIn,
            {"person_id": "x", "opened_on": TODAY + timedelta(days=1), "referral_source": "aliens"},
        )
    assert set(caught.value.errors) == {"person_id", "opened_on", "referral_source"}
    with force_locale("en"), pytest.raises(FieldErrors) as caught:
        validate(CaseIn, {"person_id": "", "opened_on": ""})
    assert caught.value.errors == {
        "person_id": "Please choose a person.",
        "opened_on": "Please enter a date.",
    }
    with acting(factory, counsellor) as db:  # the centre's
        with pytest.raises(FieldErrors) as caught:
            data = validate(
                CaseIn, {"person_id": foreign, "opened_on": TODAY, "counsellor_id": other.id}
            )
            service.create(db, data=data)
        assert set(caught.value.errors) == {"person_id", "counsellor_id"}


def test_referral_and_outcome_rules(factory: Factory, counsellor, case_id) -> None:  # type: ignore[no-untyped-def]
    with acting(factory, counsellor) as db:
        case = service.get(db, case_id=case_id)
        with pytest.raises(FieldErrors) as caught:
            _referral(db, case, TODAY + timedelta(days=1), "nasa")
        assert set(caught.value.errors) == {"date", "partner"}
        with pytest.raises(FieldErrors) as caught:
            _referral(db, case, OPENED - timedelta(days=1), "ihk")
        assert set(caught.value.errors) == {"date"}  # before the case was opened
        with pytest.raises(FieldErrors) as caught:
            _outcome(db, case, TODAY + timedelta(days=1), "rich")
        assert set(caught.value.errors) == {"date", "type"}
        with pytest.raises(FieldErrors) as caught:
            _outcome(db, case, OPENED - timedelta(days=1), "job_taken_up")
        assert set(caught.value.errors) == {"date"}
        _referral(db, case, TODAY, "iq_recognition_counselling")
        _outcome(db, case, TODAY, "recognition_obtained")
        _outcome(db, case, TODAY, "job_taken_up")
        _contact(db, case_id, date=OPENED + timedelta(days=1))
        kinds = [e.kind for e in queries.timeline(db, person_id=case.person_id)]
        assert kinds == ["opened", "contact", "referral", "outcome", "outcome"]


def test_consents(factory: Factory, counsellor) -> None:  # type: ignore[no-untyped-def]
    with acting(factory, counsellor) as db:
        p = person(db)
        given = {"purpose": "case_file", "given_on": OPENED, "sheet_version": "2026-01"}
        uk = validate(ConsentIn, {**given, "sheet_language": "uk"})
        consent = consents.create(db, person=p, data=uk)
        with pytest.raises(FieldErrors) as caught:
            consents.create(db, person=p, data=uk)
        assert list(caught.value.errors) == ["purpose"]  # in force already
        with pytest.raises(FieldErrors) as caught:
            validate(
                ConsentIn,
                {
                    "purpose": "gossip",
                    "given_on": TODAY + timedelta(days=1),
                    "sheet_version": "",
                    "sheet_language": "",
                },
            )
        assert set(caught.value.errors) == {
            "purpose",
            "given_on",
            "sheet_version",
            "sheet_language",
        }

        def withdraw(on: date):  # type: ignore[no-untyped-def]
            data = validate(WithdrawIn, {"withdrawn_on": on})
            return consents.withdraw(db, consent=consent, data=data)

        with pytest.raises(FieldErrors) as caught:
            withdraw(OPENED - timedelta(days=1))
        assert list(caught.value.errors) == ["withdrawn_on"]
        withdraw(TODAY)
        with pytest.raises(Conflict):
            withdraw(TODAY)
        de = validate(ConsentIn, {**given, "sheet_language": "de"})
        consents.create(db, person=p, data=de)  # given anew
        kinds = [e.kind for e in queries.timeline(db, person_id=p.id)]
        assert kinds == ["consent", "consent", "withdrawn"]


def test_enquiries(factory: Factory, counsellor) -> None:  # type: ignore[no-untyped-def]
    with acting(factory, counsellor) as db:
        data = validate(
            EnquiryIn, {"date": TODAY, "channel": "email", "topics": ["entry_residence"]}
        )
        enquiry = enquiries.create(db, data=data)
        assert enquiry.centre_id == counsellor.centre_id
        assert enquiries.topics_of(db, enquiry_id=enquiry.id) == ["entry_residence"]
    with pytest.raises(FieldErrors) as caught:
        validate(
            EnquiryIn,
            {
                "date": TODAY + timedelta(days=1),
                "channel": "fax",
                "topics": ["x"],
                "duration_minutes": 0,
            },
        )
    assert set(caught.value.errors) == {"date", "channel", "topics", "duration_minutes"}


def test_case_list_filters(factory: Factory, counsellor) -> None:  # type: ignore[no-untyped-def]
    with acting(factory, counsellor) as db:
        a = person(db, "Anna", "Alpha", client_group="returnee")
        b = person(db, "Bert", "Beta", client_group="third_country_immigrant")
        quiet = _open(db, a.id, TODAY - timedelta(days=100))
        busy = _open(db, b.id, TODAY - timedelta(days=100))
        _contact(db, busy.id, date=TODAY - timedelta(days=2))
        done = _open(db, b.id, TODAY - timedelta(days=10), allow_parallel=True)
        _close(db, done, TODAY, "goal_reached")
    with acting(factory, counsellor) as db:
        ids = lambda **kw: [r.id for r in queries.list_cases(db, **kw)[0]]  # noqa: E731
        assert set(ids(status="open")) == {quiet.id, busy.id}
        assert ids(status="closed") == [done.id]
        assert ids(client_group="returnee") == [quiet.id]
        assert ids(idle_days=30, status="open") == [quiet.id]
        assert set(ids(counsellor_id=counsellor.id)) == {quiet.id, busy.id, done.id}
        assert ids(sort="name", descending=False)[0] == quiet.id
        rows, total = queries.list_cases(db, limit=1, offset=1)
        assert total == 3 and len(rows) == 1
    with pytest.raises(FieldErrors) as caught:  # the page's filters
        validate(
            CaseFilter,
            {"status": "maybe", "client_group": "aliens", "sort": "shoe", "idle_days": "-1"},
        )
    assert set(caught.value.errors) == {"status", "client_group", "sort", "idle_days"}
