"""Corrections of the employer work: edit and delete (with a reason) contact persons, hiring
needs, placements, consultations and outreach events; a lead's undo within 30 days.

Who may (welcome.roles.may_correct, the one rule): the centre's lead, and the owner of the
entry. The owner per kind:
- a consultation: its counsellor (`counsellor_id`, the one who held it);
- a contact person, a hiring need, a placement, an outreach event: the user who recorded it
  (the audit log's `create` entry); recorded by nobody (an import, the demo): the lead only.

Every edit takes the create's input model (schemas.py), so the create rules hold, and the
version the editor opened (welcome.versions: a changed entry is Stale, 409). Deletions are soft
(welcome.deletions): the rows leave every list and count (the report's too), the audit log keeps
what was deleted and why; the employer's or the event's history shows it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import delete, insert, select
from sqlmodel import Session, col

from cases.employers import consultations, events
from cases.employers.models import (
    EmployerConsultation,
    EmployerContact,
    EventEmployer,
    EventPerson,
    HiringNeed,
    OutreachEvent,
    Placement,
)
from cases.employers.rules import columns, missing_ids
from cases.employers.schemas import (
    ConsultationIn,
    ContactPersonIn,
    EventIn,
    HiringNeedIn,
    PlacementIn,
)
from cases.persons.models import Person
from welcome import clock, deletions, versions
from welcome.audit import AuditAction, AuditEntry
from welcome.db import fetch
from welcome.deletions import DeleteIn
from welcome.errors import FieldErrors, Forbidden, NotFound
from welcome.i18n import _

# the kinds of entry of an employer, by the word their paths use
ENTRY_KINDS: dict[str, type[Any]] = {
    "contacts": EmployerContact,
    "hiring-needs": HiringNeed,
    "placements": Placement,
    "consultations": EmployerConsultation,
}
ENTRY_INPUTS: dict[str, type[Any]] = {
    "contacts": ContactPersonIn,
    "hiring-needs": HiringNeedIn,
    "placements": PlacementIn,
    "consultations": ConsultationIn,
}


# --- who may --------------------------------------------------------------------------------


def recorded_by(db: Session, row: Any) -> int | None:
    """The user who recorded `row` (its audit `create` entry), None when nobody did."""
    found = db.scalars(
        select(col(AuditEntry.user_id))
        .where(
            col(AuditEntry.entity) == type(row).__tablename__,
            col(AuditEntry.entity_id) == row.id,
            col(AuditEntry.action) == AuditAction.CREATE,
        )
        .order_by(col(AuditEntry.id))
        .limit(1)
    ).first()
    return found


def owner_of(db: Session, row: Any) -> int | None:
    """Who besides the lead may correct `row` (see the module's docstring)."""
    if isinstance(row, EmployerConsultation):
        return row.counsellor_id
    return recorded_by(db, row)


def may_correct(db: Session, row: Any) -> bool:
    return deletions.may_correct(db, owner_id=owner_of(db, row))


def _require(db: Session, row: Any) -> None:
    if not may_correct(db, row):
        raise Forbidden(
            _("Only the person who recorded the entry or the centre's lead may do this.")
        )


# --- finding --------------------------------------------------------------------------------


def get_entry(db: Session, kind: str, ident: int, *, employer_id: int | None = None) -> Any:
    """An entry of an employer of the centre (not deleted); NotFound otherwise."""
    model = ENTRY_KINDS.get(kind)
    found = fetch(db, model, ident) if model is not None else None
    if found is None or (employer_id is not None and found.employer_id != employer_id):
        raise NotFound(_("No such entry."))
    return found


def get_event(db: Session, ident: int) -> OutreachEvent:
    return events.get(db, event_id=ident)


# --- stored values in the input models' terms (the edit forms, a PATCH merged into them) ----


def entry_values(db: Session, row: Any) -> dict[str, Any]:
    if isinstance(row, EmployerConsultation):
        values = consultations.values_of(db, consultation=row)
        return {**values, "counsellor_id": row.counsellor_id}
    if isinstance(row, EmployerContact):
        names = ContactPersonIn.model_fields
    elif isinstance(row, HiringNeed):
        names = HiringNeedIn.model_fields
    else:
        names = PlacementIn.model_fields
    return {name: getattr(row, name) for name in names}


def event_values(db: Session, event: OutreachEvent) -> dict[str, Any]:
    assert event.id is not None
    persons = db.scalars(
        select(col(EventPerson.person_id))
        .where(col(EventPerson.event_id) == event.id)
        .order_by(col(EventPerson.person_id))
    )
    return {
        "date": event.held_on,
        "type": event.type,
        "title": event.title,
        "format": event.format,
        "partners": event.partners,
        "employer_ids": events.employer_ids_reached(db, [event.id])[event.id],
        "anonymous_companies": event.anonymous_companies,
        "persons_reached": event.persons_reached,
        "person_ids": list(persons),
        "notes": event.notes,
    }


# --- editing --------------------------------------------------------------------------------


def _save(db: Session, row: Any, *, opened: int, links_changed: bool) -> None:
    """Flush; a change of linked rows alone (topics, companies reached) is a change of the
    entry too: its version rises, so that a concurrent editor is told."""
    versions.save(db, row)
    if links_changed and row.version == opened:
        row.version = opened + 1
        db.add(row)
        versions.save(db, row)


def _check(
    db: Session, row: Any, version: int | None, values: Callable[[], Mapping[str, Any]]
) -> None:
    _require(db, row)
    versions.check(row, version, values)


def update_entry(db: Session, *, entry: Any, data: Any, version: int | None = None) -> Any:
    """Correct a contact person, hiring need, placement or consultation: every field as
    `data` has it (the create's input model, so the create's rules)."""
    _check(db, entry, version, lambda: entry_values(db, entry))
    opened, links_changed = entry.version, False
    if isinstance(entry, EmployerConsultation):
        assert isinstance(data, ConsultationIn) and entry.id is not None
        before = consultations.topics_of(db, [entry.id])[entry.id]
        consultations.update(db, consultation=entry, data=data)
        links_changed = sorted(before) != sorted(t.value for t in data.topics)
    elif isinstance(entry, EmployerContact):
        assert isinstance(data, ContactPersonIn)
        values = columns(data)
        if not data.consent_to_contact:
            values["consent_on"] = None
        elif data.consent_on is None:
            values["consent_on"] = entry.consent_on or clock.today()
        for name, value in values.items():
            setattr(entry, name, value)
    elif isinstance(entry, HiringNeed):
        assert isinstance(data, HiringNeedIn)
        values = {**columns(data), "recorded_on": data.recorded_on or entry.recorded_on}
        for name, value in values.items():
            setattr(entry, name, value)
    else:
        assert isinstance(data, PlacementIn)
        if missing_ids(db, Person, [data.person_id]):
            raise FieldErrors(
                {"person_id": _("No such person in your centre: %(ids)s.", ids=str(data.person_id))}
            )
        for name, value in columns(data).items():
            setattr(entry, name, value)
    db.add(entry)
    _save(db, entry, opened=opened, links_changed=links_changed)
    return entry


def update_event(
    db: Session, *, event: OutreachEvent, data: EventIn, version: int | None = None
) -> OutreachEvent:
    """Correct an event: title, date, type, companies and persons reached, the rest."""
    _check(db, event, version, lambda: event_values(db, event))
    events.check_ids(db, data)
    assert event.id is not None
    before, opened = event_values(db, event), event.version
    event.type = data.type.value
    event.title = data.title
    event.held_on = data.date
    event.format = data.format.value if data.format else None
    event.partners = data.partners
    event.anonymous_companies = data.anonymous_companies or 0
    event.persons_reached = data.persons_reached or 0
    event.notes = data.notes
    links_changed = False
    if before["employer_ids"] != sorted(data.employer_ids):
        links_changed = True
        db.execute(delete(EventEmployer).where(col(EventEmployer.event_id) == event.id))
        if data.employer_ids:
            rows = [{"event_id": event.id, "employer_id": e} for e in data.employer_ids]
            db.execute(insert(EventEmployer), rows)
    if before["person_ids"] != sorted(data.person_ids):
        links_changed = True
        db.execute(delete(EventPerson).where(col(EventPerson.event_id) == event.id))
        if data.person_ids:
            rows = [{"event_id": event.id, "person_id": p} for p in data.person_ids]
            db.execute(insert(EventPerson), rows)
    db.add(event)
    _save(db, event, opened=opened, links_changed=links_changed)
    return event


# --- deleting and undoing -------------------------------------------------------------------


def delete_entry(db: Session, *, entry: Any, data: DeleteIn) -> str:
    """Soft-delete an entry or an event with the reason (audited with what was deleted)."""
    _require(db, entry)
    return deletions.delete(db, row=entry, reason=data.reason)


RESTORABLE: dict[str, type[Any]] = {**ENTRY_KINDS, "events": OutreachEvent}


def get_deleted(db: Session, kind: str, ident: int) -> Any:
    return deletions.deleted_of_kind(
        db, RESTORABLE, kind, ident, missing=_("No such deleted entry.")
    )


def restore(db: Session, *, kind: str, ident: int) -> Any:
    """A lead's undo of a deletion within 30 days (welcome.deletions.undo_delete)."""
    row = get_deleted(db, kind, ident)
    deletions.undo_delete(db, row=row)
    return row


def deleted_entries(db: Session, *, employer_id: int) -> list[tuple[str, Any]]:
    """What was deleted of an employer's entries and can still be undone (newest first)."""
    found: list[tuple[str, Any]] = []
    for kind, model in ENTRY_KINDS.items():
        query = deletions.with_deleted(
            select(model).where(
                col(model.employer_id) == employer_id,
                col(model.deleted_at) >= deletions.undo_since(),
            )
        )
        found += [(kind, row) for row in db.scalars(query)]
    found.sort(key=lambda pair: pair[1].deleted_at, reverse=True)
    return found


def deleted_events(db: Session, *, limit: int = 50) -> list[OutreachEvent]:
    query = deletions.with_deleted(
        select(OutreachEvent)
        .where(col(OutreachEvent.deleted_at) >= deletions.undo_since())
        .order_by(col(OutreachEvent.deleted_at).desc())
        .limit(limit)
    )
    return list(db.scalars(query))


def entry_ids(db: Session, *, employer_id: int) -> dict[str, list[int]]:
    """The ids of an employer's entries, deleted ones too (its history): table -> ids."""
    found: dict[str, list[int]] = {}
    for model in ENTRY_KINDS.values():
        query = select(col(model.id)).where(col(model.employer_id) == employer_id)
        found[model.__tablename__] = list(db.scalars(deletions.with_deleted(query)))
    return found
