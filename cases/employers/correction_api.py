"""Corrections over JSON (API.md "Corrections, merges, history"): PATCH and DELETE of outreach
events, contact persons, hiring needs, placements and consultations, a lead's restore, and the
history of an employer and of an event.

A PATCH body is the create's input model with every field optional and an optional `version`
(409 with the stored `version` when stale); the merged values are validated as a whole, so the
create's rules hold. A DELETE needs `?reason=` (422 at `reason` otherwise) and answers 204."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response
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
from welcome.deletions import REASON_MAX, DeleteIn
from welcome.history import HistoryOut, history_out
from welcome.inputs import Output, merged, validate
from welcome.versions import edit_model
from welcome.web import DbSession, Id, require_api_role

router = APIRouter(tags=["employers"], dependencies=[Depends(require_api_role(roles.CASE_WORKERS))])

EventPatch = edit_model(EventIn, "EventPatch")
ContactPersonPatch = edit_model(ContactPersonIn, "ContactPersonPatch")
HiringNeedPatch = edit_model(HiringNeedIn, "HiringNeedPatch")
PlacementPatch = edit_model(PlacementIn, "PlacementPatch")
ConsultationPatch = edit_model(ConsultationIn, "ConsultationPatch")
Reason = Annotated[str | None, Query(max_length=REASON_MAX * 2, description="why (required)")]

# the API's word for each kind of entry -> the service's
API_KINDS = {
    "employer-contacts": "contacts",
    "hiring-needs": "hiring-needs",
    "placements": "placements",
    "employer-consultations": "consultations",
}


class Restored(Output):
    kind: str
    id: int


def _version(body: BaseModel) -> int | None:
    version: int | None = getattr(body, "version", None)
    return version


def _patch(db: Session, kind: str, ident: int, body: BaseModel) -> Any:
    entry = corrections.get_entry(db, kind, ident)
    data = merged(corrections.ENTRY_INPUTS[kind], corrections.entry_values(db, entry), body)
    return corrections.update_entry(db, entry=entry, data=data, version=_version(body))


def _delete(db: Session, kind: str, ident: int, reason: str | None) -> Response:
    data = validate(DeleteIn, {"reason": reason})
    entry = (
        corrections.get_event(db, ident)
        if kind == "events"
        else corrections.get_entry(db, kind, ident)
    )
    corrections.delete_entry(db, entry=entry, data=data)
    return Response(status_code=204)


# --- outreach events ------------------------------------------------------------------------


def _event_out(db: Session, event_id: int) -> EventOut:
    event = events.get(db, event_id=event_id)
    return api._event_out(event, events.employer_ids_reached(db, [event_id])[event_id])


@router.patch("/events/{event_id}", response_model=EventOut)
def patch_event(
    event_id: Id,
    body: EventPatch,  # type: ignore[valid-type]
    db: DbSession,
) -> EventOut:
    """Correct an event (title, date, type, companies and persons reached…)."""
    event = corrections.get_event(db, event_id)
    data = merged(EventIn, corrections.event_values(db, event), body)
    corrections.update_event(db, event=event, data=data, version=_version(body))
    return _event_out(db, event_id)


@router.delete("/events/{event_id}", status_code=204)
def delete_event(event_id: Id, db: DbSession, reason: Reason = None) -> Response:
    """It leaves the lists and the report's figures; a lead can restore it for 30 days."""
    return _delete(db, "events", event_id, reason)


@router.get("/events/{event_id}/history", response_model=HistoryOut)
def event_history(event_id: Id, db: DbSession) -> HistoryOut:
    corrections.get_event(db, event_id)
    return history_out(db, entity="outreach_events", entity_id=event_id)


# --- an employer's entries ------------------------------------------------------------------


@router.patch("/employer-contacts/{contact_id}", response_model=ContactOut)
def patch_contact(
    contact_id: Id,
    body: ContactPersonPatch,  # type: ignore[valid-type]
    db: DbSession,
) -> ContactOut:
    return ContactOut.model_validate(_patch(db, "contacts", contact_id, body))


@router.delete("/employer-contacts/{contact_id}", status_code=204)
def delete_contact(contact_id: Id, db: DbSession, reason: Reason = None) -> Response:
    return _delete(db, "contacts", contact_id, reason)


@router.patch("/hiring-needs/{need_id}", response_model=HiringNeedOut)
def patch_hiring_need(
    need_id: Id,
    body: HiringNeedPatch,  # type: ignore[valid-type]
    db: DbSession,
) -> HiringNeedOut:
    return HiringNeedOut.model_validate(_patch(db, "hiring-needs", need_id, body))


@router.delete("/hiring-needs/{need_id}", status_code=204)
def delete_hiring_need(need_id: Id, db: DbSession, reason: Reason = None) -> Response:
    return _delete(db, "hiring-needs", need_id, reason)


@router.patch("/placements/{placement_id}", response_model=PlacementOut)
def patch_placement(
    placement_id: Id,
    body: PlacementPatch,  # type: ignore[valid-type]
    db: DbSession,
) -> PlacementOut:
    return PlacementOut.model_validate(_patch(db, "placements", placement_id, body))


@router.delete("/placements/{placement_id}", status_code=204)
def delete_placement(placement_id: Id, db: DbSession, reason: Reason = None) -> Response:
    return _delete(db, "placements", placement_id, reason)


@router.patch("/employer-consultations/{consultation_id}", response_model=ConsultationOut)
def patch_consultation(
    consultation_id: Id,
    body: ConsultationPatch,  # type: ignore[valid-type]
    db: DbSession,
) -> ConsultationOut:
    consultation = _patch(db, "consultations", consultation_id, body)
    return api._consultation_out(db, consultation)


@router.delete("/employer-consultations/{consultation_id}", status_code=204)
def delete_consultation(consultation_id: Id, db: DbSession, reason: Reason = None) -> Response:
    return _delete(db, "consultations", consultation_id, reason)


# --- undo and history -----------------------------------------------------------------------


def _restore_route(api_kind: str, kind: str) -> None:
    def restore(ident: Id, db: DbSession) -> Restored:
        corrections.restore(db, kind=kind, ident=ident)
        return Restored(kind=api_kind, id=ident)

    restore.__doc__ = "A lead's undo of a deletion, within 30 days."
    router.add_api_route(
        f"/deleted/{api_kind}/{{ident}}/restore",
        restore,
        methods=["POST"],
        response_model=Restored,
        name=f"restore_{api_kind}",
    )


for _api_kind, _kind in {**API_KINDS, "events": "events"}.items():
    _restore_route(_api_kind, _kind)


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
