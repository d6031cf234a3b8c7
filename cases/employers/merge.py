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

from sqlalchemy import select
from sqlmodel import Session, col

from cases.employers import service
from cases.employers.models import Employer
from cases.employers.schemas import EmployerIn, EmployerMergeIn, EmployerUndoMergeIn
from welcome import merge_pairs, merging
from welcome.db import actor_of, utcnow
from welcome.errors import NotFound
from welcome.i18n import _
from welcome.inputs import validate
from welcome.merging import Link, Move, RecordMerge, Treatment

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


def merge(db: Session, *, employer: Employer, data: EmployerMergeIn) -> Employer:
    """Merge `data.duplicate_id` into `employer` in the caller's transaction."""
    other = _other(db, employer, data.duplicate_id)
    assert employer.id is not None and other.id is not None
    mine, theirs = service.values_of(employer), service.values_of(other)
    united = validate(EmployerIn, _chosen(data.sides(), mine, theirs))
    moved = merging.move_rows(
        db, table=ENTITY, old_id=other.id, new_id=employer.id, treatments=TREATMENTS
    )
    for name, value in _CLEARED.items():
        setattr(other, name, value)
    other.merged_into_id = employer.id
    db.flush()
    service.update(db, employer=employer, data=united)
    actor = actor_of(db)
    row = merging.remember(
        db,
        entity=ENTITY,
        centre_id=employer.centre_id,
        survivor_id=employer.id,
        duplicate_id=other.id,
        user_id=actor.user_id if actor else None,
        restore={
            "survivor": mine,
            "duplicate": theirs,
            "result": service.values_of(employer),
            "moved": moved,
        },
    )
    merging.purge_expired(db)  # the values kept for older merges whose 30 days are over
    merging.audit_pair(
        db,
        entity=ENTITY,
        centre_id=employer.centre_id,
        survivor_id=employer.id,
        duplicate_id=other.id,
        merge=row,
    )
    return employer


def undo(db: Session, *, employer: Employer, data: EmployerUndoMergeIn) -> Employer:
    """Undo the merge of `data.duplicate_id` into `employer` (a lead, within 30 days)."""
    undoer = merge_pairs.require_undoer(db)
    assert employer.id is not None
    row = merging.latest(db, entity=ENTITY, survivor_id=employer.id, duplicate_id=data.duplicate_id)
    if row is None or row.restore is None:
        raise NotFound(_("There is no merge to undo (or its 30 days are over)."))
    duplicate = db.scalars(
        select(Employer)
        .where(col(Employer.id) == data.duplicate_id)
        .execution_options(include_merged=True)
    ).one()
    restore = row.restore
    merging.restore_rows(db, moved=restore["moved"], old_id=data.duplicate_id, new_id=employer.id)
    duplicate.merged_into_id = None
    service.update(db, employer=duplicate, data=validate(EmployerIn, restore["duplicate"]))
    now = service.values_of(employer)
    back = {
        name: restore["survivor"][name] if value == restore["result"].get(name) else value
        for name, value in now.items()
    }
    service.update(db, employer=employer, data=validate(EmployerIn, back))
    row.undone_at = utcnow()
    row.undone_by_id = undoer
    row.restore = None
    db.flush()
    merging.audit_pair(
        db,
        entity=ENTITY,
        centre_id=employer.centre_id,
        survivor_id=employer.id,
        duplicate_id=data.duplicate_id,
        merge=row,
        undone=True,
    )
    return employer


def undoable(db: Session, *, employer: Employer) -> list[RecordMerge]:
    assert employer.id is not None
    return merging.undoable(db, entity=ENTITY, survivor_id=employer.id)
