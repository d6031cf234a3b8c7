"""Anonymising a person, and deleting one entirely: what DATA-PROTECTION.md says stays and
goes, written for a batch of persons with one statement per table (the run does hundreds at
a time; an erasure one).

Kept: centre, client group, gender, birth year, nationalities, previous residence, residence
status, qualification and German level, the occupation's KldB area (first digit, what the
report counts), every case's dates, source and closure reason, every contact's date,
duration, channel, language and topics, referrals' date and partner, outcomes, recognition
procedures' dates, authority, flags, status and decision, package issues' date and language,
placements' date and employer, consents as their purpose, dates and sheet version.
Removed: names and their search keys, municipality, arrival date, languages of the person,
family situation, occupation title, every note, typed titles of procedures and placements,
uploaded documents (file and row), issued PDFs (the file; the issue row stays), an
appointment's time, a merge's undo values. Merged-away records pointing to the person are
anonymised with it.

The writes are core statements as the system (the actor's permission is checked before);
each person gets one audit entry (the fields that were removed, no values).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, or_, select, update
from sqlmodel import Session, col

from cases.counselling.models import (
    Case,
    CaseEvent,
    Consent,
    Contact,
    ContactTopicRow,
    Outcome,
    Referral,
)
from cases.employers.models import EventPerson, Placement
from cases.packages.models import IssuedPackage
from cases.persons.models import Person, PersonNationality, PersonSearchKey
from cases.privacy.models import InformationRecord
from cases.recognition.models import (
    RecognitionDocument,
    RecognitionProcedure,
    RecognitionSuspension,
)
from cases.retention.files import remove_file
from cases.retention.models import Erasure, LegalHold
from welcome.audit import AuditAction, AuditEntry, _entry
from welcome.db import SYSTEM, acting, metadata, utcnow
from welcome.merging import RecordMerge

ANONYMISE = str(AuditAction.ANONYMISE)
# the person's fields an anonymisation empties (told by name in its audit entry)
CLEARED = (
    "first_name",
    "last_name",
    "municipality",
    "arrived_on",
    "preferred_language",
    "counselling_language",
    "occupation_title",
    "family_situation",
    "children_count",
)
# what deleting a person entirely removes, by the foreign key that names the person or case:
# a new table pointing at persons or cases must be added here (`unhandled()` is tested)
HANDLED = {
    ("cases", "person_id"),
    ("consents", "person_id"),
    ("information_records", "person_id"),
    ("recognition_procedures", "person_id"),
    ("welcome_packages", "person_id"),
    ("placements", "person_id"),
    ("outreach_event_persons", "person_id"),
    ("person_nationalities", "person_id"),
    ("person_search_keys", "person_id"),
    ("persons", "merged_into_id"),
    ("legal_holds", "person_id"),
    ("legal_holds", "case_id"),
    ("contacts", "case_id"),
    ("referrals", "case_id"),
    ("outcomes", "case_id"),
    ("case_events", "case_id"),
    ("recognition_procedures", "case_id"),
}


def unhandled() -> set[tuple[str, str]]:
    """Foreign keys to persons or cases that deleting a person would not handle."""
    found = set()
    for table in metadata.tables.values():
        for fk in table.foreign_keys:
            if fk.column.table.name in ("persons", "cases"):
                found.add((table.name, fk.parent.name))
    return found - HANDLED


def every(statement: Any) -> Any:
    """A select over every row: soft-deleted and merged-away ones too (they hold the
    person's data as well)."""
    return statement.execution_options(include_deleted=True, include_merged=True)


def _chunks(ids: Sequence[int], size: int = 1000) -> list[list[int]]:
    return [list(ids[i : i + size]) for i in range(0, len(ids), size)]


def _with_stubs(db: Session, ids: list[int]) -> list[int]:
    """The persons and the merged-away records that point to them."""
    stubs = db.scalars(every(select(col(Person.id)).where(col(Person.merged_into_id).in_(ids))))
    return sorted({*ids, *stubs})


def _remove_files(db: Session, person_ids: list[int]) -> tuple[int, int]:
    """Uploaded documents (files and rows) and issued PDFs (files) of the persons."""
    procedures = select(col(RecognitionProcedure.id)).where(
        col(RecognitionProcedure.person_id).in_(person_ids)
    )
    documents = list(
        db.execute(
            every(
                select(col(RecognitionDocument.id), col(RecognitionDocument.storage_key)).where(
                    col(RecognitionDocument.procedure_id).in_(procedures)
                )
            )
        )
    )
    for _id, key in documents:
        remove_file(db, ref=key)
    if documents:
        db.execute(
            delete(RecognitionDocument).where(
                col(RecognitionDocument.id).in_([i for i, _key in documents])
            )
        )
    pdfs = list(
        db.execute(
            every(
                select(col(IssuedPackage.id), col(IssuedPackage.pdf_path)).where(
                    col(IssuedPackage.person_id).in_(person_ids), col(IssuedPackage.pdf_path) != ""
                )
            )
        )
    )
    for _id, path in pdfs:
        remove_file(db, ref=path)
    return len(documents), len(pdfs)


def _audit(db: Session, rows: list[tuple[str, int, int, dict[str, Any]]]) -> None:
    """One entry per person: (action, person id, centre id, changes)."""
    if rows:
        entries = [
            _entry(db, action, "persons", ident, centre_id=centre, changes=changes)
            for action, ident, centre, changes in rows
        ]
        db.execute(insert(AuditEntry), entries)


def _centres(db: Session, ids: list[int]) -> dict[int, int]:
    query = select(col(Person.id), col(Person.centre_id)).where(col(Person.id).in_(ids))
    return dict(db.execute(every(query)).tuples().all())


def anonymise(
    db: Session, *, person_ids: Sequence[int], now: datetime | None = None
) -> dict[str, int]:
    """Anonymise these persons (in the session's transaction; the caller commits once for
    all of them, so each is either fully anonymised or untouched). Returns what was done."""
    moment = now or utcnow()
    done = {"persons": 0, "consents": 0, "documents": 0, "pdfs": 0}
    with acting(db, _system_as(db)):
        for chunk in _chunks(list(person_ids)):
            centres = _centres(db, chunk)
            everyone = _with_stubs(db, chunk)
            cases = select(col(Case.id)).where(col(Case.person_id).in_(everyone))
            documents, pdfs = _remove_files(db, everyone)
            db.execute(
                update(Person)
                .where(col(Person.id).in_(everyone))
                .values(
                    first_name="",
                    last_name="",
                    search_first="",
                    search_last="",
                    municipality=None,
                    arrived_on=None,
                    preferred_language=None,
                    counselling_language=None,
                    occupation_title=None,
                    family_situation=None,
                    children_count=None,
                    anonymised_at=moment,
                    occupation_kldb=func.substr(col(Person.occupation_kldb), 1, 1),
                )
                .execution_options(synchronize_session=False)
            )
            db.execute(delete(PersonSearchKey).where(col(PersonSearchKey.person_id).in_(everyone)))
            for model in (Contact, Referral):
                db.execute(
                    update(model)
                    .where(col(model.case_id).in_(cases), col(model.notes).is_not(None))
                    .values(notes=None)
                    .execution_options(synchronize_session=False)
                )
            db.execute(
                update(RecognitionProcedure)
                .where(col(RecognitionProcedure.person_id).in_(everyone))
                .values(
                    reference_occupation="",
                    reference_occupation_kldb=None,
                    qualification_title=None,
                    notes=None,
                )
                .execution_options(synchronize_session=False)
            )
            db.execute(
                update(IssuedPackage)
                .where(col(IssuedPackage.person_id).in_(everyone))
                .values(pdf_path="", appointment_at=None)
                .execution_options(synchronize_session=False)
            )
            db.execute(
                update(Placement)
                .where(col(Placement.person_id).in_(everyone))
                .values(occupation="", occupation_kldb=None)
                .execution_options(synchronize_session=False)
            )
            # the information-sheet handover stays as proof (date and sheet version, like a
            # consent); the sheet's language would tell the person's language
            db.execute(
                update(InformationRecord)
                .where(col(InformationRecord.person_id).in_(everyone))
                .values(sheet_language="")
                .execution_options(synchronize_session=False)
            )
            _forget_merges(db, everyone)
            consents = db.scalar(
                every(
                    select(func.count())
                    .select_from(Consent)
                    .where(col(Consent.person_id).in_(chunk))
                )
            )
            changes: dict[str, Any] = {name: "changed" for name in CLEARED}
            changes["documents"], changes["pdfs"] = "changed", "changed"
            _audit(db, [(ANONYMISE, i, centres[i], changes) for i in chunk if i in centres])
            done["persons"] += len(chunk)
            done["consents"] += int(consents or 0)
            done["documents"] += documents
            done["pdfs"] += pdfs
    return done


def _forget_merges(db: Session, ids: list[int]) -> None:
    """Merges' undo values that name these persons go (few merges hold any: looked up first)."""
    pending = select(
        col(RecordMerge.id), col(RecordMerge.survivor_id), col(RecordMerge.duplicate_id)
    ).where(col(RecordMerge.entity) == "persons", col(RecordMerge.restore).is_not(None))
    wanted = set(ids)
    found = [i for i, a, b in db.execute(pending) if a in wanted or b in wanted]
    if found:
        db.execute(
            update(RecordMerge)
            .where(col(RecordMerge.id).in_(found))
            .values(restore=None)
            .execution_options(synchronize_session=False)
        )


def delete_entirely(db: Session, *, person_id: int) -> None:
    """Remove the person with every row about them (the statistical record too: live
    figures change; submitted reports are frozen aggregates and stay)."""
    with acting(db, _system_as(db)):
        centre = _centres(db, [person_id]).get(person_id)
        everyone = _with_stubs(db, [person_id])
        _remove_files(db, everyone)
        case_ids = list(
            db.scalars(every(select(col(Case.id)).where(col(Case.person_id).in_(everyone))))
        )
        procedures = list(
            db.scalars(
                every(
                    select(col(RecognitionProcedure.id)).where(
                        or_(
                            col(RecognitionProcedure.person_id).in_(everyone),
                            col(RecognitionProcedure.case_id).in_(case_ids),
                        )
                    )
                )
            )
        )
        contacts = select(col(Contact.id)).where(col(Contact.case_id).in_(case_ids))
        db.execute(delete(ContactTopicRow).where(col(ContactTopicRow.contact_id).in_(contacts)))
        for model in (Contact, Referral, Outcome, CaseEvent):
            db.execute(delete(model).where(col(model.case_id).in_(case_ids)))
        db.execute(
            delete(RecognitionSuspension).where(
                col(RecognitionSuspension.procedure_id).in_(procedures)
            )
        )
        db.execute(delete(RecognitionProcedure).where(col(RecognitionProcedure.id).in_(procedures)))
        db.execute(
            delete(LegalHold).where(
                or_(col(LegalHold.person_id).in_(everyone), col(LegalHold.case_id).in_(case_ids))
            )
        )
        db.execute(delete(Case).where(col(Case.id).in_(case_ids)))
        for child in (
            Consent,
            InformationRecord,
            IssuedPackage,
            Placement,
            EventPerson,
            PersonNationality,
            PersonSearchKey,
        ):
            db.execute(delete(child).where(col(child.person_id).in_(everyone)))
        _forget_merges(db, everyone)
        stubs = [i for i in everyone if i != person_id]
        if stubs:
            db.execute(delete(Person).where(col(Person.id).in_(stubs)))
        db.execute(delete(Person).where(col(Person.id) == person_id))
        if centre is not None:
            _audit(db, [(str(AuditAction.DELETE), person_id, centre, {"erasure": "changed"})])


def _system_as(db: Session) -> Any:
    """The system, in the name of whoever acts (an erasure is the lead's; its audit entries
    name them): core writes of audited tables are the system's alone (welcome/audit.py)."""
    from dataclasses import replace

    from welcome.db import actor_of

    actor = actor_of(db)
    if actor is None:
        return SYSTEM
    return replace(SYSTEM, user_id=actor.user_id, address=actor.address)


def record_erasure(
    db: Session, *, person_id: int, centre_id: int, mode: str, reason: str, user_id: int | None
) -> Erasure:
    erasure = Erasure(
        centre_id=centre_id, person_id=person_id, mode=mode, reason=reason, erased_by_id=user_id
    )
    db.add(erasure)
    db.flush()
    return erasure
