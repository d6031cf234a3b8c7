"""Art. 17 erasure of one person, by a lead: anonymised at once as by the retention run (the
report stays identical), or with `mode="delete"` removed entirely with the statistical
record (live figures change; submitted reports are frozen). A held person is refused (409
naming the hold's reason); another centre's person is 404; a merged-away id is 404 naming
the survivor."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from cases.persons import merge as persons
from cases.persons.models import Person
from cases.retention import anonymise as anon
from cases.retention import holds
from cases.retention.models import Erasure
from cases.retention.schemas import EraseIn
from welcome import clock
from welcome.db import actor_of
from welcome.errors import Forbidden
from welcome.i18n import _

ERASERS = frozenset({"lead"})


def get(db: Session, *, person_id: int) -> Person:
    """The person an erasure is about (404 / MergedAway otherwise)."""
    return persons.get(db, person_id=person_id)


def erase(db: Session, *, person: Person, data: EraseIn, today: date | None = None) -> Erasure:
    actor = actor_of(db)
    if actor is None or actor.role not in ERASERS or actor.centre_id != person.centre_id:
        raise Forbidden(_("Only the centre's lead may erase a person."))
    assert person.id is not None
    hold = holds.hold_on_person(db, person_id=person.id, as_of=today or clock.today())
    if hold is not None:
        raise holds.Held(hold)
    erasure = anon.record_erasure(
        db,
        person_id=person.id,
        centre_id=person.centre_id,
        mode=data.mode,
        reason=data.reason,
        user_id=actor.user_id,
    )
    person_id = person.id
    db.expunge(person)  # written by core statements now: the loaded copy is stale
    if data.mode == "delete":
        anon.delete_entirely(db, person_id=person_id)
    else:
        anon.anonymise(db, person_ids=[person_id])
    return erasure
