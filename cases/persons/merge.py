"""Merging two persons of a centre, and undoing it (welcome/merging.py is the mechanism).

The person named in the path survives; the duplicate's cases, contacts (through the cases),
consents, recognition procedures (with their documents), welcome packages, placements and
event participations move to it. Per field the survivor's value is kept unless `keep` says
"duplicate" (an empty survivor field takes the duplicate's value); nationalities are united.
The duplicate stays as a pointer only: its id, centre, client group and `merged_into_id`; its
personal data are removed from the row and kept in the merge's `restore` for an undo by a
lead within 30 days, then removed from there too (`merging.purge_expired`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete
from sqlmodel import Session, col

from cases.persons import service
from cases.persons.models import Person, PersonNationality
from cases.persons.schemas import PersonIn, PersonMergeIn, PersonUndoMergeIn
from welcome import merge_pairs, merging
from welcome.i18n import _
from welcome.inputs import validate
from welcome.merging import Link, Merger, Move, Own, RecordMerge, Treatment

ENTITY = "persons"
FIELDS = service.PERSON_COLUMNS  # every field of the input model but nationalities
# what merging a person does with each table pointing to persons (tests/persons/test_merge.py
# fails when a new one is not declared here, and so does every merge)
TREATMENTS: dict[tuple[str, str], Treatment] = {
    ("cases", "person_id"): Move(),
    ("consents", "person_id"): Move(),
    ("information_records", "person_id"): Move(),
    ("recognition_procedures", "person_id"): Move(),
    ("welcome_packages", "person_id"): Move(),
    ("placements", "person_id"): Move(),
    ("legal_holds", "person_id"): Move(),  # a hold follows the person (cases/retention)
    ("outreach_event_persons", "person_id"): Link(),
    ("person_nationalities", "person_id"): Own(),  # united
    ("person_search_keys", "person_id"): Own(),  # the duplicate's removed
}
# a pointer keeps no personal data: what is left of the row
_CLEARED: dict[str, Any] = {name: None for name in FIELDS} | {
    "first_name": "",
    "last_name": "",
    "search_first": "",
    "search_last": "",
}
_CLEARED.pop("client_group")  # required; a code, not personal


def get(db: Session, *, person_id: int) -> Person:
    """`service.get`, but a merged-away id raises `MergedAway` naming the survivor."""
    return merge_pairs.get(db, Person, person_id, lambda: service.get(db, person_id=person_id))


def _other(db: Session, person: Person, other_id: int) -> Person:
    return merge_pairs.other_of(
        db, Person, person, other_id, _("There is no such person in your centre.")
    )


@dataclass(frozen=True, slots=True)
class Preview:
    survivor: Person
    duplicate: Person
    fields: list[merge_pairs.FieldChoice]
    nationalities: tuple[list[str], list[str], list[str]]  # survivor's, duplicate's, united
    moves: dict[str, int]  # table -> rows of the duplicate that move


def preview(db: Session, *, person: Person, other_id: int) -> Preview:
    """The two side by side, field by field, with the default choice and what would move."""
    other = _other(db, person, other_id)
    mine, theirs = service.values_of(db, person=person), service.values_of(db, person=other)
    fields = merge_pairs.choices(FIELDS, mine, theirs)
    assert other.id is not None
    moves = merge_pairs.move_counts(db, TREATMENTS, other.id)
    united = merging.unite(mine["nationalities"], theirs["nationalities"])
    return Preview(
        person, other, fields, (mine["nationalities"], theirs["nationalities"], united), moves
    )


def _pointed(db: Session, pointer: Person) -> None:
    db.execute(delete(PersonNationality).where(col(PersonNationality.person_id) == pointer.id))
    service._write_keys(db, pointer)  # no names: no keys, the search no longer finds it


MERGER: Merger[Person] = Merger(
    entity=ENTITY,
    model=Person,
    treatments=TREATMENTS,
    cleared=_CLEARED,
    values=lambda db, person: service.values_of(db, person=person),
    check=lambda values: validate(PersonIn, values),
    update=lambda db, person, data: service.update(db, person=person, data=data),
    pointed=_pointed,
)


def merge(db: Session, *, person: Person, data: PersonMergeIn) -> Person:
    """Merge `data.duplicate_id` into `person` in the caller's transaction (one unit of work)."""
    other = _other(db, person, data.duplicate_id)
    mine, theirs = service.values_of(db, person=person), service.values_of(db, person=other)
    sides = data.sides()
    chosen = {
        name: theirs[name] if merge_pairs.takes_duplicate(name, sides, mine) else mine[name]
        for name in FIELDS
    }
    chosen["nationalities"] = merging.unite(mine["nationalities"], theirs["nationalities"])
    return merging.merge_records(
        db, MERGER, survivor=person, duplicate=other, mine=mine, theirs=theirs, chosen=chosen
    )


def undo(db: Session, *, person: Person, data: PersonUndoMergeIn) -> Person:
    """Undo the merge of `data.duplicate_id` into `person` (a lead, within 30 days): the moved
    rows go back, both records get their values of before the merge."""
    return merging.undo_merge(db, MERGER, survivor=person, duplicate_id=data.duplicate_id)


def undoable(db: Session, *, person: Person) -> list[RecordMerge]:
    assert person.id is not None
    return merging.undoable(db, entity=ENTITY, survivor_id=person.id)
