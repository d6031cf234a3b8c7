"""Persons over JSON: create (with likely duplicates named), search, one, consents."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from sqlmodel import Session

from cases.persons import merge, service
from cases.persons.models import Person
from cases.persons.page import may_read_history
from cases.persons.schemas import (
    PersonCreated,
    PersonIn,
    PersonMergeIn,
    PersonOut,
    PersonPage,
    PersonPatch,
    PersonRegistrationIn,
    PersonUndoMergeIn,
)
from welcome import roles
from welcome.areas import registration_steps
from welcome.errors import Forbidden
from welcome.history import HistoryOut, history_out
from welcome.inputs import merged
from welcome.web import CaseWorkerApi, DbSession, Id, Offset, require_api_role

router = APIRouter(tags=["persons"])


def person_out(db: Session, person: Person) -> PersonOut:
    assert person.id is not None
    out = PersonOut.model_validate(person)
    out.nationalities = service.nationalities_of(db, person_id=person.id)
    return out


@router.post("/persons", status_code=201, response_model=PersonCreated)
def create_person(body: PersonRegistrationIn, user: CaseWorkerApi, db: DbSession) -> PersonCreated:
    """Register a person. Likely duplicates in the centre do not block; their ids are returned.
    With `sheet_language` (and `sheet_handed_over_on`, default today) the handover of the
    information sheet is recorded too, as on the registration form."""
    duplicates = service.find_duplicates(db, first_name=body.first_name, last_name=body.last_name)
    person = service.create(db, data=body)
    for step in registration_steps():  # e.g. the information sheet handed over
        step.record(db, person=person, data=body)
    out = PersonCreated(**person_out(db, person).model_dump())
    out.possible_duplicates = [p.id for p in duplicates if p.id is not None]
    return out


@router.get("/persons", response_model=PersonPage)
def list_persons(
    user: CaseWorkerApi,
    db: DbSession,
    q: Annotated[str, Query(max_length=200)] = "",
    offset: Offset = 0,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> PersonPage:
    """Search by name: accent-, transliteration- and typo-tolerant, names in any order."""
    persons, total = service.search(db, q=q, limit=limit, offset=offset)
    return PersonPage(
        items=[person_out(db, p) for p in persons], total=total, offset=offset, limit=limit
    )


@router.get("/persons/{person_id}", response_model=PersonOut)
def get_person(person_id: Id, user: CaseWorkerApi, db: DbSession) -> PersonOut:
    """The person; a merged-away id is 404 with `merged_into` (the survivor) in the body."""
    return person_out(db, merge.get(db, person_id=person_id))


@router.patch("/persons/{person_id}", response_model=PersonOut)
def update_person(
    person_id: Id,
    body: PersonPatch,  # type: ignore[valid-type]
    user: CaseWorkerApi,
    db: DbSession,
) -> PersonOut:
    """Change some fields; the same rules as on creation apply to the result."""
    person = merge.get(db, person_id=person_id)
    data = merged(PersonIn, service.values_of(db, person=person), body)
    return person_out(db, service.update(db, person=person, data=data))


@router.get("/persons/{person_id}/history", response_model=HistoryOut)
def person_history(person_id: Id, user: CaseWorkerApi, db: DbSession) -> HistoryOut:
    """Who changed what and when (the audit log; leads, admins and the counsellor of one of
    the person's cases)."""
    person = merge.get(db, person_id=person_id)
    assert person.id is not None
    if not may_read_history(db, person.id, user):
        raise Forbidden()
    return history_out(db, entity="persons", entity_id=person.id)


@router.post("/persons/{person_id}/merge", response_model=PersonOut)
def merge_person(
    person_id: Id, body: PersonMergeIn, user: CaseWorkerApi, db: DbSession
) -> PersonOut:
    """Merge `duplicate_id` into this person (one transaction): its cases, consents,
    procedures, packages, placements and event participations move here; per field this
    person's value stays unless `keep` says "duplicate"; nationalities are united. Afterwards
    `GET /persons/{duplicate_id}` is 404 with `merged_into`."""
    person = merge.get(db, person_id=person_id)
    return person_out(db, merge.merge(db, person=person, data=body))


@router.post(
    "/persons/{person_id}/merge/undo",
    response_model=PersonOut,
    dependencies=[Depends(require_api_role(roles.MANAGERS))],
)
def undo_person_merge(person_id: Id, body: PersonUndoMergeIn, db: DbSession) -> PersonOut:
    """Undo the merge of `duplicate_id` into this person (leads, within 30 days): the moved
    rows go back and both persons get their values of before the merge."""
    person = merge.get(db, person_id=person_id)
    return person_out(db, merge.undo(db, person=person, data=body))
