"""Corrections of the employer work (issue 13, point 1), on SQLite and PostgreSQL: every edit
keeps the create's rules and the version, every deletion has a reason, is audited with what
was deleted, leaves the lists and can be undone by a lead; who may."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlmodel import Session, col

from cases.employers import consultations, contacts, corrections, events, hiring_needs, placements
from cases.employers.models import EmployerContact, HiringNeed, OutreachEvent, Placement
from cases.employers.schemas import (
    ConsultationIn,
    ContactPersonIn,
    EventIn,
    HiringNeedIn,
    PlacementIn,
)
from tests.conftest import Factory
from tests.employers.conftest import acting, add_person
from tests.employers.helpers import consultation, employer, event
from welcome import clock
from welcome.accounts.models import Centre, User
from welcome.audit import AuditEntry
from welcome.deletions import KEEP_DAYS, DeleteIn
from welcome.errors import Conflict, FieldErrors, Forbidden, NotFound
from welcome.history import history_out
from welcome.inputs import validate
from welcome.versions import Stale

TODAY = clock.today()
REASON = validate(DeleteIn, {"reason": "entered twice"})


class Team:
    def __init__(self, factory: Factory) -> None:
        self.centre: Centre = factory.centre()
        self.author: User = factory.user(centre=self.centre)
        self.colleague: User = factory.user(centre=self.centre)
        self.lead: User = factory.user(role="lead", centre=self.centre)


@pytest.fixture
def team(factory: Factory) -> Team:
    return Team(factory)


def _entries(factory: Factory, team: Team) -> dict[str, int]:
    """One entry of every kind, recorded by the author; returns kind -> id (and the employer)."""
    person = add_person(factory, team.centre)
    with acting(factory, team.author) as db:
        company = employer(db, "Kühn Metall GmbH")
        contact = contacts.create(
            db, employer=company, data=validate(ContactPersonIn, {"name": "Anna Roth"})
        )
        need = hiring_needs.create(
            db, employer=company, data=validate(HiringNeedIn, {"occupation": "Schweißer"})
        )
        placed = placements.create(
            db,
            employer=company,
            data=validate(PlacementIn, {"person_id": person, "type": "job",
                                        "starts_on": TODAY, "occupation": "Schweißer"}),
        )  # fmt: skip
        held = consultation(db, company, topics=["onboarding"])
        found = {"contacts": contact.id, "hiring-needs": need.id, "placements": placed.id,
                 "consultations": held.id, "employer": company.id, "person": person}  # fmt: skip
    assert all(found.values())
    return {k: v or 0 for k, v in found.items()}


CHANGES: dict[str, dict[str, Any]] = {
    "contacts": {"name": "Anna Roth-Berger", "consent_to_contact": True},
    "hiring-needs": {"occupation": "Schweißerin", "positions": 3},
    "placements": {"type": "training", "occupation": "Mechatroniker"},
    "consultations": {"duration_minutes": 75, "topics": ["onboarding", "funding"]},
}


def _edit(db: Session, kind: str, ident: int, version: int | None, **extra: Any) -> Any:
    entry = corrections.get_entry(db, kind, ident)
    values = {**corrections.entry_values(db, entry), **CHANGES[kind], **extra}
    data = validate(corrections.ENTRY_INPUTS[kind], values)
    return corrections.update_entry(db, entry=entry, data=data, version=version)


@pytest.mark.parametrize("kind", list(CHANGES))
def test_an_entry_is_corrected_with_its_version(factory: Factory, team: Team, kind: str) -> None:
    ids = _entries(factory, team)
    with acting(factory, team.author) as db:
        entry = _edit(db, kind, ids[kind], version=1)
        assert entry.version == 2
        values = corrections.entry_values(db, entry)
        for name, value in CHANGES[kind].items():
            assert values[name] == value, name
    with acting(factory, team.author) as db:  # opened at version 1: changed since
        with pytest.raises(Stale) as stale:
            _edit(db, kind, ids[kind], version=1)
        assert stale.value.version == 2 and stale.value.values["version"] == "2"
    with acting(factory, team.author) as db:
        changes = db.scalars(
            select(AuditEntry.changes).where(
                col(AuditEntry.entity) == corrections.ENTRY_KINDS[kind].__tablename__,
                col(AuditEntry.entity_id) == ids[kind],
                col(AuditEntry.action) == "update",
            )
        ).all()
        assert changes and all(c and "version" not in c for c in changes)


def test_edits_follow_the_create_rules(factory: Factory, team: Team) -> None:
    ids = _entries(factory, team)
    future = (TODAY + timedelta(days=3)).isoformat()
    with acting(factory, team.author) as db:
        with pytest.raises(FieldErrors) as wrong:
            _edit(db, "consultations", ids["consultations"], None, date=future)
        assert set(wrong.value.errors) == {"date"}
        with pytest.raises(FieldErrors) as wrong:
            _edit(db, "hiring-needs", ids["hiring-needs"], None, positions=0)
        assert set(wrong.value.errors) == {"positions"}
        with pytest.raises(FieldErrors) as wrong:
            _edit(db, "placements", ids["placements"], None, person_id=999999)
        assert set(wrong.value.errors) == {"person_id"}
    stranger_centre = factory.centre()
    foreign = add_person(factory, stranger_centre)
    with acting(factory, team.author) as db:  # a person of another centre is not found
        with pytest.raises(FieldErrors) as wrong:
            _edit(db, "placements", ids["placements"], None, person_id=foreign)
        assert set(wrong.value.errors) == {"person_id"}


@pytest.mark.parametrize("kind", list(CHANGES))
def test_who_may_correct(factory: Factory, team: Team, kind: str) -> None:
    ids = _entries(factory, team)
    with acting(factory, team.colleague) as db:
        with pytest.raises(Forbidden):
            _edit(db, kind, ids[kind], None)
        with pytest.raises(Forbidden):
            corrections.delete_entry(
                db, entry=corrections.get_entry(db, kind, ids[kind]), data=REASON
            )
    with acting(factory, team.lead) as db:
        assert _edit(db, kind, ids[kind], None).version == 2
    other = factory.user(role="lead", centre=factory.centre())
    with acting(factory, other) as db, pytest.raises(NotFound):  # another centre's lead
        corrections.get_entry(db, kind, ids[kind])


def test_a_consultation_belongs_to_its_counsellor(factory: Factory, team: Team) -> None:
    ids = _entries(factory, team)
    with acting(factory, team.author) as db:  # the author hands it to the colleague
        _edit(db, "consultations", ids["consultations"], None, counsellor_id=team.colleague.id)
    with acting(factory, team.colleague) as db:
        edited = _edit(db, "consultations", ids["consultations"], None, duration_minutes=90)
        assert edited.version == 3
    with acting(factory, team.author) as db, pytest.raises(Forbidden):
        _edit(db, "consultations", ids["consultations"], None)


@pytest.mark.parametrize("kind", list(CHANGES))
def test_delete_and_undo(factory: Factory, team: Team, kind: str) -> None:
    ids = _entries(factory, team)
    model = corrections.ENTRY_KINDS[kind]
    with acting(factory, team.author) as db:
        entry = corrections.get_entry(db, kind, ids[kind])
        corrections.delete_entry(db, entry=entry, data=REASON)
    with acting(factory, team.author) as db:
        with pytest.raises(NotFound):
            corrections.get_entry(db, kind, ids[kind])
        assert db.scalars(select(model)).all() == []  # gone from every list
        entry_log = db.scalars(
            select(AuditEntry).where(
                col(AuditEntry.entity) == model.__tablename__, col(AuditEntry.action) == "delete"
            )
        ).one()
        assert entry_log.changes and entry_log.changes["reason"] == [None, "entered twice"]
        assert len(entry_log.changes) > 1  # what was deleted: its values
        related = list(corrections.entry_ids(db, employer_id=ids["employer"]).items())
        history = history_out(db, entity="employers", entity_id=ids["employer"], related=related)
        assert "delete" in [i.action for i in history.items if i.entity == model.__tablename__]
        with pytest.raises(Forbidden):  # a counsellor cannot undo
            corrections.restore(db, kind=kind, ident=ids[kind])
    with acting(factory, team.lead) as db:
        listed = corrections.deleted_entries(db, employer_id=ids["employer"])
        assert [(k, r.id) for k, r in listed] == [(kind, ids[kind])]
        corrections.restore(db, kind=kind, ident=ids[kind])
    with acting(factory, team.author) as db:
        assert corrections.get_entry(db, kind, ids[kind]).deleted_at is None
    with acting(factory, team.lead) as db, pytest.raises(NotFound):  # not deleted (any more)
        corrections.restore(db, kind=kind, ident=ids[kind])


def test_an_undo_after_30_days_is_refused(factory: Factory, team: Team) -> None:
    ids = _entries(factory, team)
    with acting(factory, team.lead) as db:
        need = corrections.get_entry(db, "hiring-needs", ids["hiring-needs"])
        corrections.delete_entry(db, entry=need, data=REASON)
        assert need.deleted_at is not None
        need.deleted_at = need.deleted_at - timedelta(days=KEEP_DAYS + 1)
    with acting(factory, team.lead) as db, pytest.raises(Conflict):
        corrections.restore(db, kind="hiring-needs", ident=ids["hiring-needs"])


def _event(factory: Factory, team: Team) -> tuple[int, list[int], int]:
    person = add_person(factory, team.centre)
    with acting(factory, team.author) as db:
        a, b = employer(db, "A GmbH"), employer(db, "B KG")
        assert a.id and b.id
        made = event(db, employer_ids=[a.id], anonymous_companies=2, person_ids=[person])
        assert made.id
        return made.id, [a.id, b.id], person


def _event_edit(db: Session, ident: int, version: int | None, **changes: Any) -> OutreachEvent:
    found = corrections.get_event(db, ident)
    data = validate(EventIn, {**corrections.event_values(db, found), **changes})
    return corrections.update_event(db, event=found, data=data, version=version)


def test_an_event_is_corrected(factory: Factory, team: Team) -> None:
    ident, (a, b), person = _event(factory, team)
    day = TODAY - timedelta(days=10)
    with acting(factory, team.author) as db:
        changed = _event_edit(db, ident, 1, title="Jobmesse Annaberg", date=day.isoformat(),
                              type="job_fair", persons_reached=5)  # fmt: skip
        assert (changed.title, changed.held_on, changed.type, changed.version) == (
            "Jobmesse Annaberg", day, "job_fair", 2)  # fmt: skip
    with acting(factory, team.author) as db:  # the companies alone: a change too
        assert _event_edit(db, ident, 2, employer_ids=[a, b]).version == 3
        assert events.employer_ids_reached(db, [ident])[ident] == [a, b]
    with acting(factory, team.author) as db:
        with pytest.raises(Stale):
            _event_edit(db, ident, 2, title="late")
        with pytest.raises(FieldErrors) as wrong:  # fewer persons reached than linked
            _event_edit(db, ident, None, persons_reached=0)
        assert set(wrong.value.errors) == {"persons_reached"}
        with pytest.raises(FieldErrors) as wrong:
            _event_edit(db, ident, None, employer_ids=[999999])
        assert set(wrong.value.errors) == {"employer_ids"}
    with acting(factory, team.lead) as db:
        log = history_out(db, entity="outreach_events", entity_id=ident)
        changed_fields = [{c.field for c in i.changes} for i in log.items if i.action == "update"]
        assert {"title", "held_on", "type", "persons_reached"} <= changed_fields[0]
        assert "employers" in changed_fields[1]
    with acting(factory, team.colleague) as db, pytest.raises(Forbidden):
        _event_edit(db, ident, None, title="not mine")
    assert person


def test_an_event_is_deleted_and_restored(factory: Factory, team: Team) -> None:
    ident, _ids, _person = _event(factory, team)
    with acting(factory, team.author) as db:
        corrections.delete_entry(db, entry=corrections.get_event(db, ident), data=REASON)
    with acting(factory, team.author) as db:
        assert events.list_events(db)[1] == 0
        with pytest.raises(NotFound):
            events.get(db, event_id=ident)
    with acting(factory, team.lead) as db:
        assert [e.id for e in corrections.deleted_events(db)] == [ident]
        corrections.restore(db, kind="events", ident=ident)
    with acting(factory, team.author) as db:
        assert events.list_events(db)[1] == 1


def test_a_deleted_consultation_leaves_the_follow_ups(factory: Factory, team: Team) -> None:
    with acting(factory, team.author) as db:
        company = employer(db, "Folge GmbH")
        held = consultation(db, company, follow_up_on=TODAY.isoformat())
        assert [f.consultation_id for f in consultations.follow_ups_due(db)] == [held.id]
        corrections.delete_entry(db, entry=held, data=REASON)
    with acting(factory, team.author) as db:
        assert consultations.follow_ups_due(db) == []


def test_models_are_the_mechanisms(team: Team) -> None:
    """The correctable tables carry the version and the deletion columns (the migration)."""
    for model in (EmployerContact, HiringNeed, Placement, OutreachEvent):
        assert {"version", "deleted_at", "deleted_reason"} <= set(model.model_fields)
    assert ConsultationIn.model_fields["date"]
