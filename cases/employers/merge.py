"""Merging two employers of a centre, and undoing it (welcome/merging.py is the mechanism).

The employer named in the path survives; the duplicate's contact persons, consultations,
hiring needs, placements and the events that reached it move to it (an event that reached
both counts the company once). Per field the survivor's value is kept unless `keep` says
"duplicate" (an empty survivor field takes the duplicate's); the sector code and its WZ version
are one choice. The duplicate stays as a pointer (id, centre, `merged_into_id`); its values are
kept in the merge for an undo by a lead within 30 days.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from cases.employers import service
from cases.employers.models import Employer
from cases.employers.schemas import EmployerIn, EmployerMergeIn, EmployerUndoMergeIn
from welcome import merge_pairs, merging
from welcome.i18n import _
from welcome.inputs import validate
from welcome.merging import Link, Merger, Move, RecordMerge, Treatment

ENTITY = "employers"
FIELDS = service.EMPLOYER_COLUMNS
# chosen together: a code is checked against its version
TOGETHER = {"sector_code": ("sector_code", "sector_version")}
SHOWN = tuple(name for name in FIELDS if name != "sector_version")
# what merging an employer does with each table pointing to employers
# (tests/employers/test_merge.py fails when a new one is not declared here)
TREATMENTS: dict[tuple[str, str], Treatment] = {
    ("employer_contacts", "employer_id"): Move(),
    ("employer_consultations", "employer_id"): Move(),
    ("employer_hiring_needs", "employer_id"): Move(),
    ("placements", "employer_id"): Move(),
    ("outreach_event_employers", "employer_id"): Link(),
}
_CLEARED: dict[str, Any] = {name: None for name in FIELDS} | {
    "name": "",
    "search_key": "",
    "sector_section": None,
}


def get(db: Session, *, employer_id: int) -> Employer:
    """`service.get`, but a merged-away id raises `MergedAway` naming the survivor."""
    return merge_pairs.get(
        db, Employer, employer_id, lambda: service.get(db, employer_id=employer_id)
    )


def _other(db: Session, employer: Employer, other_id: int) -> Employer:
    return merge_pairs.other_of(db, Employer, employer, other_id, _("No such employer."))


@dataclass(frozen=True, slots=True)
class Preview:
    survivor: Employer
    duplicate: Employer
    fields: list[merge_pairs.FieldChoice]
    moves: dict[str, int]


def preview(db: Session, *, employer: Employer, other_id: int) -> Preview:
    other = _other(db, employer, other_id)
    mine, theirs = service.values_of(employer), service.values_of(other)
    fields = merge_pairs.choices(SHOWN, mine, theirs)
    assert other.id is not None
    moves = merge_pairs.move_counts(db, TREATMENTS, other.id)
    return Preview(employer, other, fields, moves)


def _chosen(sides: dict[str, str], mine: dict[str, Any], theirs: dict[str, Any]) -> dict[str, Any]:
    chosen = {}
    for name in SHOWN:
        take = merge_pairs.takes_duplicate(name, sides, mine)
        for field in TOGETHER.get(name, (name,)):
            chosen[field] = theirs[field] if take else mine[field]
    return chosen


MERGER: Merger[Employer] = Merger(
    entity=ENTITY,
    model=Employer,
    treatments=TREATMENTS,
    cleared=_CLEARED,
    values=lambda db, employer: service.values_of(employer),
    check=lambda values: validate(EmployerIn, values),
    update=lambda db, employer, data: service.update(db, employer=employer, data=data),
)


def merge(db: Session, *, employer: Employer, data: EmployerMergeIn) -> Employer:
    """Merge `data.duplicate_id` into `employer` in the caller's transaction."""
    other = _other(db, employer, data.duplicate_id)
    mine, theirs = service.values_of(employer), service.values_of(other)
    chosen = _chosen(data.sides(), mine, theirs)
    return merging.merge_records(
        db, MERGER, survivor=employer, duplicate=other, mine=mine, theirs=theirs, chosen=chosen
    )


def undo(db: Session, *, employer: Employer, data: EmployerUndoMergeIn) -> Employer:
    """Undo the merge of `data.duplicate_id` into `employer` (a lead, within 30 days)."""
    return merging.undo_merge(db, MERGER, survivor=employer, duplicate_id=data.duplicate_id)


def undoable(db: Session, *, employer: Employer) -> list[RecordMerge]:
    assert employer.id is not None
    return merging.undoable(db, entity=ENTITY, survivor_id=employer.id)
