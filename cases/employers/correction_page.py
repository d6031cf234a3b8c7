"""What the employer page and the event page show for corrections: which entries the user may
correct, the entry being edited or deleted in place (`?edit=kind:id`, `?delete=kind:id`), the
history (leads and the counsellors who consulted the company; on an event: the lead and who
recorded it) and, for a lead, what was deleted and can still be undone."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from cases.counselling.codes import Channel
from cases.employers import corrections, pickers, service
from cases.employers.codes import (
    Chamber,
    EmployerTopic,
    EventFormat,
    EventType,
    PlacementType,
    RecruitingRoute,
    SizeBand,
)
from cases.employers.models import EmployerConsultation, EmployerContact, OutreachEvent
from welcome import roles
from welcome.accounts.models import User
from welcome.audit import AuditAction, AuditEntry
from welcome.db import actor_of
from welcome.history import HistoryRow, Related, rows_for
from welcome.i18n import _, format_date

# the timeline's kinds (service.TimelineEntry.kind) -> the paths' words
TIMELINE_KINDS = {
    "consultation": "consultations",
    "hiring_need": "hiring-needs",
    "placement": "placements",
}


def employer_labels() -> dict[str, str]:
    return {
        "name": _("Name"),
        "sector_code": _("Sector"),
        "size_band": _("Size"),
        "chamber": _("Chamber"),
        "municipality": _("Municipality"),
        "address": _("Address"),
        "notes": _("Notes"),
    }


def contact_labels() -> dict[str, str]:
    return {
        "name": _("Name"),
        "role": _("Role in the company"),
        "phone": _("Phone"),
        "email": _("E-mail"),
        "consent_to_contact": _("Consents to be contacted by the centre"),
        "consent_on": _("Consent given on"),
    }


def need_labels() -> dict[str, str]:
    return {
        "occupation": _("Occupation"),
        "occupation_kldb": _("KldB 2010 code (optional)"),
        "positions": _("Number of positions"),
        "desired_start": _("Desired start"),
        "recruiting_route": _("Recruiting route"),
        "recorded_on": _("Date"),
        "notes": _("Notes"),
    }


def placement_labels() -> dict[str, str]:
    return {
        "person_id": _("Counselled person"),
        "type": _("Starts"),
        "starts_on": _("Start date"),
        "occupation": _("Occupation"),
        "occupation_kldb": _("KldB 2010 code (optional)"),
    }


def consultation_labels() -> dict[str, str]:
    return {
        "held_on": _("Date"),
        "duration_minutes": _("Duration in minutes"),
        "channel": _("Channel"),
        "counsellor_id": _("Responsible counsellor"),
        "topics": _("Topics"),
        "notes": _("Notes (never reported)"),
        "follow_up_on": _("Follow-up on"),
    }


def event_labels() -> dict[str, str]:
    return {
        "type": _("Type"),
        "title": _("Title"),
        "held_on": _("Date"),
        "format": _("Format"),
        "partners": _("Partners"),
        "employers": _("Named companies reached"),
        "anonymous_companies": _("Companies reached"),
        "persons_reached": _("Persons reached"),
        "persons": _("Linked persons"),
        "notes": _("Notes"),
    }


def _codes(**fields: Callable[[Any], str]) -> dict[str, Callable[[Any], str]]:
    return dict(fields)


def _day(value: Any) -> str:
    """A stored ISO day as the reader's language writes it."""
    try:
        return format_date(date.fromisoformat(str(value)))
    except ValueError:
        return str(value)


def _days(*names: str) -> dict[str, Callable[[Any], str]]:
    return dict.fromkeys(names, _day)


def history_rows(db: Session, *, employer_id: int) -> list[HistoryRow]:
    """The employer's history with its entries' (deletions and undos included)."""
    ids = corrections.entry_ids(db, employer_id=employer_id)
    names = service.counsellor_names(db, db.scalars(select(col(User.id))))

    def counsellor(value: Any) -> str:
        return names.get(value, str(value)) if isinstance(value, int) else str(value)

    related = [
        Related("employer_contacts", ids["employer_contacts"], lambda: _("Contact person"),
                contact_labels(), _days("consent_on")),
        Related("employer_hiring_needs", ids["employer_hiring_needs"], lambda: _("Hiring need"),
                need_labels(), _codes(recruiting_route=RecruitingRoute.label_of,
                                      **_days("recorded_on", "desired_start"))),
        Related("placements", ids["placements"], lambda: _("Placement"), placement_labels(),
                _codes(type=PlacementType.label_of, **_days("starts_on"))),
        Related("employer_consultations", ids["employer_consultations"],
                lambda: _("Consultation"), consultation_labels(),
                _codes(channel=Channel.label_of, topics=EmployerTopic.label_of,
                       counsellor_id=counsellor, **_days("held_on", "follow_up_on"))),
    ]  # fmt: skip
    shows = _codes(size_band=SizeBand.label_of, chamber=Chamber.label_of)
    return rows_for(
        db, entity="employers", entity_id=employer_id, labels=employer_labels(), shows=shows,
        related=related,
    )  # fmt: skip


def event_history_rows(db: Session, *, event_id: int) -> list[HistoryRow]:
    shows = _codes(type=EventType.label_of, format=EventFormat.label_of, **_days("held_on"))
    return rows_for(
        db, entity="outreach_events", entity_id=event_id, labels=event_labels(), shows=shows
    )


def _recorders(db: Session, rows: Iterable[Any]) -> dict[tuple[str, int], int | None]:
    """(table, id) -> who recorded it, for many rows with one query per table."""
    by_table: dict[str, list[int]] = {}
    for row in rows:
        by_table.setdefault(type(row).__tablename__, []).append(row.id)
    found: dict[tuple[str, int], int | None] = {}
    for table, ids in by_table.items():
        query = (
            select(col(AuditEntry.entity_id), col(AuditEntry.user_id))
            .where(
                col(AuditEntry.entity) == table,
                col(AuditEntry.entity_id).in_(ids),
                col(AuditEntry.action) == AuditAction.CREATE,
            )
            .order_by(col(AuditEntry.id).desc())
        )
        for ident, user_id in db.execute(query):
            found[(table, ident)] = user_id
    return found


def correctable(db: Session, rows: Iterable[tuple[str, Any]]) -> set[str]:
    """The "kind:id" keys of the rows the acting user may correct."""
    actor = actor_of(db)
    if actor is None:
        return set()
    pairs = list(rows)
    recorders = _recorders(db, [r for _k, r in pairs if not isinstance(r, EmployerConsultation)])
    allowed = set()
    for kind, row in pairs:
        if isinstance(row, EmployerConsultation):
            owner = row.counsellor_id
        else:
            owner = recorders.get((type(row).__tablename__, row.id))
        if roles.may_correct(actor.role, actor.user_id, owner):
            allowed.add(f"{kind}:{row.id}")
    return allowed


def _key(raw: str | None, kinds: Iterable[str]) -> tuple[str, int] | None:
    if not raw or ":" not in raw:
        return None
    kind, _sep, ident = raw.partition(":")
    if kind not in kinds or not ident.isdigit() or len(ident) > 12:
        return None
    return kind, int(ident)


def employer_context(
    db: Session,
    *,
    employer_id: int,
    entries: list[Any],
    contacts: list[EmployerContact],
    query: Mapping[str, str],
    typed: Mapping[str, Any] | None = None,
    errors: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The correction part of the employer page. `query`: edit/delete "kind:id"; `typed`,
    `errors`: what the in-place form sent and what was wrong with it."""
    actor = actor_of(db)
    rows: list[tuple[str, Any]] = [("contacts", c) for c in contacts]
    rows += [(TIMELINE_KINDS[e.kind], e.item) for e in entries if e.kind in TIMELINE_KINDS]
    allowed = correctable(db, rows)
    found = {f"{k}:{r.id}": r for k, r in rows}
    editing = _key(query.get("edit"), corrections.ENTRY_KINDS)
    deleting = _key(query.get("delete"), corrections.ENTRY_KINDS)
    edit_values: dict[str, Any] = {}
    if editing is not None and f"{editing[0]}:{editing[1]}" in found:
        row = found[f"{editing[0]}:{editing[1]}"]
        stored = corrections.entry_values(db, row)
        edit_values = {k: "" if v is None else v for k, v in stored.items()}
        edit_values["version"] = row.version
    else:
        editing = None
    if deleting is not None and f"{deleting[0]}:{deleting[1]}" not in found:
        deleting = None
    is_lead = actor is not None and actor.role in roles.UNDOERS
    consulted = {r.counsellor_id for _k, r in rows if isinstance(r, EmployerConsultation)}
    sees_history = is_lead or (actor is not None and actor.user_id in consulted)
    shown = {**edit_values, **(typed or {})}
    return {
        "may_correct": allowed,
        "edit_key": f"{editing[0]}:{editing[1]}" if editing else "",
        "delete_key": f"{deleting[0]}:{deleting[1]}" if deleting else "",
        "edit_values": shown,
        "edit_errors": dict(errors or {}),
        "history": history_rows(db, employer_id=employer_id) if sees_history else None,
        "deleted": corrections.deleted_entries(db, employer_id=employer_id) if is_lead else [],
        "can_undo": is_lead,
        # the placement's person as the persons picker's chosen one (the search is the server's)
        "placement_person": pickers.person_chips(db, shown.get("person_id"))
        if editing and editing[0] == "placements"
        else [],
    }


def event_context(
    db: Session,
    *,
    event: OutreachEvent,
    query: Mapping[str, str],
    typed: Mapping[str, Any] | None = None,
    errors: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The correction part of the event page (`?edit=1`, `?delete=1`)."""
    assert event.id is not None
    actor = actor_of(db)
    owner = corrections.recorded_by(db, event)
    may = actor is not None and roles.may_correct(actor.role, actor.user_id, owner)
    values: dict[str, Any] = {}
    if query.get("edit") and may:
        stored = corrections.event_values(db, event)
        values = {k: "" if v is None else v for k, v in stored.items()}
        values["employer_ids"] = [str(i) for i in stored["employer_ids"]]
        values["person_ids"] = [str(i) for i in stored["person_ids"]]
        values["version"] = event.version
    is_lead = actor is not None and actor.role in roles.UNDOERS
    sees_history = is_lead or (actor is not None and actor.user_id == owner)
    return {
        "may_correct": may,
        "editing": bool(query.get("edit")) and may,
        "deleting": bool(query.get("delete")) and may,
        "edit_values": {**values, **(typed or {})},
        "edit_errors": dict(errors or {}),
        "history": event_history_rows(db, event_id=event.id) if sees_history else None,
    }
