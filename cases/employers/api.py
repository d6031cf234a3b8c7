"""The JSON API of employers and outreach events (see ../shared/API.md); scoped and audited.

Each body is the area's input model (schemas.py), the same one the forms are read into."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from sqlmodel import Session

from cases.employers import (
    consultations,
    contacts,
    events,
    hiring_needs,
    merge,
    placements,
    service,
)
from cases.employers.models import Employer, EmployerConsultation, OutreachEvent
from cases.employers.schemas import (
    ConsultationIn,
    ConsultationOut,
    ContactOut,
    ContactPersonIn,
    EmployerCreated,
    EmployerDetail,
    EmployerIn,
    EmployerListItem,
    EmployerMergeIn,
    EmployerOut,
    EmployerPage,
    EmployerPatch,
    EmployerRef,
    EmployerUndoMergeIn,
    EventIn,
    EventOut,
    EventPage,
    HiringNeedIn,
    HiringNeedOut,
    PlacementIn,
    PlacementOut,
)
from welcome import roles
from welcome.inputs import Day, merged
from welcome.web import DbSession, Id, Offset, require_api_role

router = APIRouter(tags=["employers"], dependencies=[Depends(require_api_role(roles.CASE_WORKERS))])
LastContact = Annotated[str | None, Query(pattern="^(3m|12m|older|never)$")]


def _consultation_out(db: Session, c: EmployerConsultation) -> ConsultationOut:
    assert c.id is not None
    return ConsultationOut(
        id=c.id,
        employer_id=c.employer_id,
        date=c.held_on,
        duration_minutes=c.duration_minutes,
        channel=c.channel,
        topics=consultations.topics_of(db, [c.id])[c.id],
        counsellor_id=c.counsellor_id,
        notes=c.notes,
        follow_up_on=c.follow_up_on,
    )


def _event_out(event: OutreachEvent, employer_ids: list[int]) -> EventOut:
    assert event.id is not None
    return EventOut(
        id=event.id,
        date=event.held_on,
        type=event.type,
        title=event.title,
        format=event.format,
        partners=event.partners,
        employer_ids=employer_ids,
        anonymous_companies=event.anonymous_companies,
        persons_reached=event.persons_reached,
        notes=event.notes,
    )


@router.post("/employers", status_code=201, response_model=EmployerCreated)
def create_employer(body: EmployerIn, db: DbSession) -> EmployerCreated:
    """A new employer; similar names of the centre come back as `possible_duplicates`."""
    duplicates = service.find_duplicates(db, name=body.name)
    employer = service.create(db, data=body)
    return EmployerCreated(
        **EmployerOut.model_validate(employer).model_dump(),
        possible_duplicates=[EmployerRef.model_validate(d) for d in duplicates],
    )


@router.get("/employers", response_model=EmployerPage)
def list_employers(
    db: DbSession,
    q: Annotated[str | None, Query(max_length=200)] = None,
    sector: Annotated[str | None, Query(max_length=10)] = None,
    size_band: Annotated[str | None, Query(max_length=10)] = None,
    municipality: Annotated[str | None, Query(max_length=120)] = None,
    last_contact: LastContact = None,
    offset: Offset = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> EmployerPage:
    """Search (legal-form, accent and spelling tolerant) and filters."""
    rows, total = service.list_employers(
        db,
        q=q,
        sector=sector,
        size_band=size_band,
        municipality=municipality,
        last_contact=last_contact,
        offset=offset,
        limit=limit,
    )
    items = [
        EmployerListItem(
            **EmployerOut.model_validate(r.employer).model_dump(), last_contact=r.last_contact
        )
        for r in rows
    ]
    return EmployerPage(items=items, total=total, offset=offset, limit=limit)


@router.get("/employers/{employer_id}", response_model=EmployerDetail)
def get_employer(employer_id: Id, db: DbSession) -> EmployerDetail:
    """The employer; a merged-away id is 404 with `merged_into` (the survivor) in the body."""
    employer = merge.get(db, employer_id=employer_id)
    people = contacts.list_contacts(db, employer_id=employer_id)
    entries = service.timeline(db, employer_id=employer_id)
    last = max((e.on for e in entries if e.kind in ("consultation", "event")), default=None)
    return EmployerDetail(
        **EmployerOut.model_validate(employer).model_dump(),
        contacts=[ContactOut.model_validate(c) for c in people],
        last_contact=last,
    )


@router.patch("/employers/{employer_id}", response_model=EmployerOut)
def update_employer(
    employer_id: Id,
    body: EmployerPatch,  # type: ignore[valid-type]
    db: DbSession,
) -> EmployerOut:
    """Change some fields (null clears an optional one); the rules of creation apply."""
    employer = service.get(db, employer_id=employer_id)
    data = merged(EmployerIn, service.values_of(employer), body)
    return EmployerOut.model_validate(service.update(db, employer=employer, data=data))


def _employer(db: Session, employer_id: Id) -> Employer:
    return service.get(db, employer_id=employer_id)


@router.post("/employers/{employer_id}/contacts", status_code=201, response_model=ContactOut)
def add_contact(employer_id: Id, body: ContactPersonIn, db: DbSession) -> ContactOut:
    contact = contacts.create(db, employer=_employer(db, employer_id), data=body)
    return ContactOut.model_validate(contact)


@router.post(
    "/employers/{employer_id}/consultations", status_code=201, response_model=ConsultationOut
)
def create_consultation(employer_id: Id, body: ConsultationIn, db: DbSession) -> ConsultationOut:
    consultation = consultations.create(db, employer=_employer(db, employer_id), data=body)
    return _consultation_out(db, consultation)


@router.get("/employers/{employer_id}/consultations", response_model=list[ConsultationOut])
def list_consultations(employer_id: Id, db: DbSession) -> list[ConsultationOut]:
    _employer(db, employer_id)
    return [
        _consultation_out(db, c)
        for c in consultations.list_consultations(db, employer_id=employer_id)
    ]


@router.post("/employers/{employer_id}/hiring-needs", status_code=201, response_model=HiringNeedOut)
def create_hiring_need(employer_id: Id, body: HiringNeedIn, db: DbSession) -> HiringNeedOut:
    need = hiring_needs.create(db, employer=_employer(db, employer_id), data=body)
    return HiringNeedOut.model_validate(need)


@router.get("/employers/{employer_id}/hiring-needs", response_model=list[HiringNeedOut])
def list_hiring_needs(employer_id: Id, db: DbSession) -> list[HiringNeedOut]:
    _employer(db, employer_id)
    return [
        HiringNeedOut.model_validate(n)
        for n in hiring_needs.list_hiring_needs(db, employer_id=employer_id)
    ]


@router.post("/employers/{employer_id}/placements", status_code=201, response_model=PlacementOut)
def create_placement(employer_id: Id, body: PlacementIn, db: DbSession) -> PlacementOut:
    placement = placements.create(db, employer=_employer(db, employer_id), data=body)
    return PlacementOut.model_validate(placement)


@router.get("/placements", response_model=list[PlacementOut])
def list_placements(
    db: DbSession,
    employer_id: Id | None = None,
    person_id: Id | None = None,
) -> list[PlacementOut]:
    """Placements of the centre, of one employer or of one person."""
    return [
        PlacementOut.model_validate(p)
        for p, _person, _e in placements.list_placements(
            db, employer_id=employer_id, person_id=person_id
        )
    ]


@router.post("/events", status_code=201, response_model=EventOut)
def create_event(body: EventIn, db: DbSession) -> EventOut:
    """An outreach event: named companies (`employer_ids`, counted once each) and counts."""
    event = events.create(db, data=body)
    assert event.id is not None
    return _event_out(event, events.employer_ids_reached(db, [event.id])[event.id])


@router.get("/events", response_model=EventPage)
def list_events(
    db: DbSession,
    type: Annotated[str | None, Query(max_length=30)] = None,
    date_from: Day | None = None,
    date_to: Day | None = None,
    employer_id: Id | None = None,
    offset: Offset = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> EventPage:
    rows, total = events.list_events(
        db,
        type=type,
        date_from=date_from,
        date_to=date_to,
        employer_id=employer_id,
        offset=offset,
        limit=limit,
    )
    reached = events.employer_ids_reached(db, (e.id for e, _n in rows if e.id is not None))
    items = [_event_out(e, reached[e.id]) for e, _n in rows if e.id is not None]
    return EventPage(items=items, total=total, offset=offset, limit=limit)


@router.get("/events/{event_id}", response_model=EventOut)
def get_event(event_id: Id, db: DbSession) -> EventOut:
    event = events.get(db, event_id=event_id)
    return _event_out(event, events.employer_ids_reached(db, [event_id])[event_id])


@router.post("/employers/{employer_id}/merge", response_model=EmployerOut)
def merge_employer(employer_id: Id, body: EmployerMergeIn, db: DbSession) -> EmployerOut:
    """Merge `duplicate_id` into this employer (one transaction): its contact persons,
    consultations, hiring needs, placements and event reach move here; per field this
    employer's value stays unless `keep` says "duplicate". Afterwards `GET
    /employers/{duplicate_id}` is 404 with `merged_into`."""
    employer = merge.get(db, employer_id=employer_id)
    return EmployerOut.model_validate(merge.merge(db, employer=employer, data=body))


@router.post(
    "/employers/{employer_id}/merge/undo",
    response_model=EmployerOut,
    dependencies=[Depends(require_api_role(roles.MANAGERS))],
)
def undo_employer_merge(employer_id: Id, body: EmployerUndoMergeIn, db: DbSession) -> EmployerOut:
    """Undo the merge of `duplicate_id` into this employer (leads, within 30 days)."""
    employer = merge.get(db, employer_id=employer_id)
    return EmployerOut.model_validate(merge.undo(db, employer=employer, data=body))
