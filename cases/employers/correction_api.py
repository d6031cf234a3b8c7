"""Corrections over JSON (API.md "Corrections, merges, history"): PATCH and DELETE of outreach
events, contact persons, hiring needs, placements and consultations, a lead's restore, and the
history of an employer and of an event.

A PATCH body is the create's input model with every field optional and an optional `version`
(409 with the stored `version` when stale); the merged values are validated as a whole, so the
create's rules hold. A DELETE needs `?reason=` (422 at `reason` otherwise) and answers 204."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel
from sqlmodel import Session

from cases.employers import api, corrections, events, merge
from cases.employers.schemas import (
    ConsultationIn,
    ConsultationOut,
    ContactOut,
    ContactPersonIn,
    EventIn,
    EventOut,
    HiringNeedIn,
    HiringNeedOut,
    PlacementIn,
    PlacementOut,
)
from welcome import roles
from welcome.corrections import delete_route, patch_route, patched, restore_routes
from welcome.deletions import DeleteIn
from welcome.history import HistoryOut, history_out
from welcome.versions import edit_model
from welcome.web import DbSession, Id, require_api_role

router = APIRouter(tags=["employers"], dependencies=[Depends(require_api_role(roles.CASE_WORKERS))])

EventPatch = edit_model(EventIn, "EventPatch")
ContactPersonPatch = edit_model(ContactPersonIn, "ContactPersonPatch")
HiringNeedPatch = edit_model(HiringNeedIn, "HiringNeedPatch")
PlacementPatch = edit_model(PlacementIn, "PlacementPatch")
ConsultationPatch = edit_model(ConsultationIn, "ConsultationPatch")

# the API's word for each kind of entry -> the service's
API_KINDS = {
    "employer-contacts": "contacts",
    "hiring-needs": "hiring-needs",
    "placements": "placements",
    "employer-consultations": "consultations",
}


def _patch(kind: str, shown: Any) -> Any:
    def act(db: Session, ident: int, body: BaseModel) -> Any:
        entry = corrections.get_entry(db, kind, ident)
        return shown(
            db,
            patched(
                corrections.ENTRY_INPUTS[kind],
                corrections.entry_values(db, entry),
                body,
                lambda data, version: corrections.update_entry(
                    db, entry=entry, data=data, version=version
                ),
            ),
        )

    return act


def _delete(kind: str) -> Any:
    def act(db: Session, ident: int, data: DeleteIn) -> None:
        entry = (
            corrections.get_event(db, ident)
            if kind == "events"
            else corrections.get_entry(db, kind, ident)
        )
        corrections.delete_entry(db, entry=entry, data=data)

    return act


# --- outreach events ------------------------------------------------------------------------


def _event_out(db: Session, event_id: int) -> EventOut:
    event = events.get(db, event_id=event_id)
    return api._event_out(event, events.employer_ids_reached(db, [event_id])[event_id])


def _patch_event(db: Session, event_id: int, body: BaseModel) -> EventOut:
    event = corrections.get_event(db, event_id)
    patched(
        EventIn,
        corrections.event_values(db, event),
        body,
        lambda data, version: corrections.update_event(db, event=event, data=data, version=version),
    )
    return _event_out(db, event_id)


patch_route(
    router, "/events/{event_id}", name="patch_event", body=EventPatch,
    response_model=EventOut, act=_patch_event,
    doc="Correct an event (title, date, type, companies and persons reached…).",
)  # fmt: skip
delete_route(
    router, "/events/{event_id}", name="delete_event", act=_delete("events"),
    doc="It leaves the lists and the report's figures; a lead can restore it for 30 days.",
)  # fmt: skip


@router.get("/events/{event_id}/history", response_model=HistoryOut)
def event_history(event_id: Id, db: DbSession) -> HistoryOut:
    corrections.get_event(db, event_id)
    return history_out(db, entity="outreach_events", entity_id=event_id)


# --- an employer's entries: one PATCH and one DELETE per kind -------------------------------


def _validated(out: Any) -> Any:
    return lambda db, row: out.model_validate(row)


# path, name, the service's kind, PATCH body, answer, what is answered
_ENTRIES: list[tuple[str, str, str, Any, Any, Any]] = [
    ("/employer-contacts/{contact_id}", "contact", "contacts", ContactPersonPatch, ContactOut,
     _validated(ContactOut)),
    ("/hiring-needs/{need_id}", "hiring_need", "hiring-needs", HiringNeedPatch, HiringNeedOut,
     _validated(HiringNeedOut)),
    ("/placements/{placement_id}", "placement", "placements", PlacementPatch, PlacementOut,
     _validated(PlacementOut)),
    ("/employer-consultations/{consultation_id}", "consultation", "consultations",
     ConsultationPatch, ConsultationOut, api._consultation_out),
]  # fmt: skip

for _path, _name, _kind, _body, _out, _shown in _ENTRIES:
    patch_route(
        router, _path, name=f"patch_{_name}", body=_body, response_model=_out,
        act=_patch(_kind, _shown),
    )  # fmt: skip
    delete_route(router, _path, name=f"delete_{_name}", act=_delete(_kind))


# --- undo and history -----------------------------------------------------------------------

restore_routes(
    router,
    {**API_KINDS, "events": "events"},
    lambda db, kind, ident: corrections.restore(db, kind=kind, ident=ident),
)


@router.get(
    "/employers/{employer_id}/history",
    response_model=HistoryOut,
    dependencies=[Depends(require_api_role(roles.MANAGERS))],
)
def employer_history(employer_id: Id, db: DbSession) -> HistoryOut:
    """The employer's history with its entries' (contact persons, hiring needs, placements,
    consultations), deletions and merges included (leads and admins); a merged-away id is
    404 with `merged_into`."""
    merge.get(db, employer_id=employer_id)
    related = list(corrections.entry_ids(db, employer_id=employer_id).items())
    return history_out(db, entity="employers", entity_id=employer_id, related=related)
