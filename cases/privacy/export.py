"""Everything the centre holds about one person (Art. 15 GDPR), as plain JSON (Art. 20).

Each record is exported whole: every column of its row but the bookkeeping in `HIDDEN`
(`row`), so a column added later is exported without a change here. The shape:

    {"format": "welcome-person-export", "schema_version": 1, "generated_at", "language",
     "centre": {name, address, email, phone, controller, data_protection_officer},
     "person": {…columns, "nationalities": [alpha-2…]},
     "source": {"registered_at", "imports": [...], "merges": [...]},
     "cases": [{…, "events": [...], "contacts": [{…, "topics": [...]}],
                "referrals": [{…, "partner_name"}], "outcomes": [...]}],
     "consents": [{…, "purpose_name"}], "information_records": [...],
     "recognitions": [{…, "documents": [...], "suspensions": [...]}],
     "welcome_packages": [...], "placements": [{…, "employer": {"id", "name"}}],
     "events": [{"id", "type", "title", "held_on"}],
     "retention": [{"data_class", "months", "trigger"}]}

Soft-deleted rows (welcome/deletions.py) that are still in their 30-day undo window are
held by the centre, so they are exported too, each with its `deleted_at` and the day it is
removed for good (`purged_after`). Rows purged already are gone and not exported. The search
keys (`person_search_keys`) are not exported: they are the names, folded for the search.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import inspect, or_
from sqlmodel import Session, col, select

from cases.counselling.codes import ConsentPurpose, ReferralPartner
from cases.counselling.models import (
    Case,
    CaseEvent,
    Consent,
    Contact,
    ContactTopicRow,
    Outcome,
    Referral,
)
from cases.employers.models import Employer, EventPerson, OutreachEvent, Placement
from cases.imports.models import ImportBatch, ImportRow
from cases.packages.models import IssuedPackage
from cases.persons.models import Person, PersonNationality
from cases.privacy.models import InformationRecord
from cases.privacy.retention_text import periods
from cases.recognition.models import (
    RecognitionDocument,
    RecognitionProcedure,
    RecognitionSuspension,
)
from welcome.accounts.models import Centre
from welcome.db import utcnow
from welcome.deletions import KEEP_DAYS
from welcome.i18n import force_locale
from welcome.merging import RecordMerge

FORMAT = "welcome-person-export"
SCHEMA_VERSION = 1
# bookkeeping, not data about the person: the scope, the search index, the optimistic
# lock, who deleted and the batch; storage paths (the files are named by name and hash)
HIDDEN = frozenset(
    {
        "centre_id", "search_first", "search_last", "version", "deleted_by_id",
        "deleted_batch", "storage_key", "pdf_path", "restore",
    }
)  # fmt: skip


def plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return None
    return value


def row(obj: Any) -> dict[str, Any]:
    """Every column of the row but HIDDEN, as JSON values; a deleted row says until when it
    can still be restored (then it is removed for good)."""
    found = {
        c.key: plain(getattr(obj, c.key))
        for c in inspect(type(obj)).column_attrs
        if c.key not in HIDDEN
    }
    deleted = getattr(obj, "deleted_at", None)
    if deleted is not None:
        found["purged_after"] = (deleted + timedelta(days=KEEP_DAYS)).date().isoformat()
    return found


def _all(db: Session, statement: Any) -> list[Any]:
    """With the deleted rows still in their undo window (they are held)."""
    return list(db.scalars(statement.execution_options(include_deleted=True)))


def _by(rows: Iterable[Any], key: str) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = {}
    for item in rows:
        grouped.setdefault(getattr(item, key), []).append(item)
    return grouped


def _german(labels: dict[str, str], code: str | None) -> str | None:
    return labels.get(code, code) if code else None


def _cases(db: Session, person_id: int) -> list[dict[str, Any]]:
    cases = _all(db, select(Case).where(col(Case.person_id) == person_id).order_by(col(Case.id)))
    ids = [c.id for c in cases]
    if not ids:
        return []
    events = _by(_all(db, select(CaseEvent).where(col(CaseEvent.case_id).in_(ids))), "case_id")
    contacts = _all(
        db, select(Contact).where(col(Contact.case_id).in_(ids)).order_by(col(Contact.date))
    )
    topics: dict[int, list[str]] = {}
    contact_ids = [c.id for c in contacts]
    for t in db.scalars(
        select(ContactTopicRow).where(col(ContactTopicRow.contact_id).in_(contact_ids))
    ):
        topics.setdefault(t.contact_id, []).append(t.topic)
    referrals = _by(_all(db, select(Referral).where(col(Referral.case_id).in_(ids))), "case_id")
    outcomes = _by(_all(db, select(Outcome).where(col(Outcome.case_id).in_(ids))), "case_id")
    by_case = _by(contacts, "case_id")
    with force_locale("de"):
        partners = ReferralPartner.labels()
    return [
        {
            **row(case),
            "events": [row(e) for e in events.get(case.id, [])],
            "contacts": [
                {**row(c), "topics": sorted(topics.get(c.id or 0, []))}
                for c in by_case.get(case.id, [])
            ],
            "referrals": [
                {**row(r), "partner_name": _german(partners, r.partner)}
                for r in referrals.get(case.id, [])
            ],
            "outcomes": [row(o) for o in outcomes.get(case.id, [])],
        }
        for case in cases
    ]


def _recognitions(db: Session, person_id: int) -> list[dict[str, Any]]:
    procedures = _all(
        db,
        select(RecognitionProcedure)
        .where(col(RecognitionProcedure.person_id) == person_id)
        .order_by(col(RecognitionProcedure.id)),
    )
    ids = [p.id for p in procedures]
    documents = _by(
        _all(db, select(RecognitionDocument).where(col(RecognitionDocument.procedure_id).in_(ids))),
        "procedure_id",
    )
    pauses = _by(
        _all(
            db,
            select(RecognitionSuspension).where(col(RecognitionSuspension.procedure_id).in_(ids)),
        ),
        "procedure_id",
    )
    return [
        {
            **row(p),
            "documents": [row(d) for d in documents.get(p.id, [])],
            "suspensions": [row(s) for s in pauses.get(p.id, [])],
        }
        for p in procedures
    ]


def _placements(db: Session, person_id: int) -> list[dict[str, Any]]:
    found = _all(db, select(Placement).where(col(Placement.person_id) == person_id))
    employers = {
        e.id: e.name
        for e in _all(
            db, select(Employer).where(col(Employer.id).in_([p.employer_id for p in found]))
        )
    }
    return [
        {**row(p), "employer": {"id": p.employer_id, "name": employers.get(p.employer_id)}}
        for p in found
    ]


def _events(db: Session, person_id: int) -> list[dict[str, Any]]:
    ids = list(
        db.scalars(select(col(EventPerson.event_id)).where(col(EventPerson.person_id) == person_id))
    )
    events = _all(db, select(OutreachEvent).where(col(OutreachEvent.id).in_(ids)))
    return [
        {"id": e.id, "type": e.type, "title": e.title, "held_on": plain(e.held_on)} for e in events
    ]


def _source(db: Session, person: Person, cases: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Where the data came from: registered (when), imported (which sheet, which row), merged
    (which record went into this one)."""
    case_ids = [c["id"] for c in cases]
    contact_ids = [x["id"] for c in cases for x in c["contacts"]]
    conditions = [col(ImportRow.person_id) == person.id]
    if case_ids:
        conditions.append(col(ImportRow.case_id).in_(case_ids))
    if contact_ids:
        conditions.append(col(ImportRow.contact_id).in_(contact_ids))
    imported = list(db.scalars(select(ImportRow).where(or_(*conditions))))
    batches = {
        b.id: b
        for b in db.scalars(
            select(ImportBatch).where(col(ImportBatch.id).in_({r.batch_id for r in imported}))
        )
    }
    merges = db.scalars(
        select(RecordMerge).where(
            col(RecordMerge.entity) == "persons",
            (col(RecordMerge.survivor_id) == person.id)
            | (col(RecordMerge.duplicate_id) == person.id),
        )
    )
    return {
        "registered_at": plain(person.created_at),
        "imports": [
            {
                **row(r),
                "batch": {
                    "kind": batches[r.batch_id].kind,
                    "filename": batches[r.batch_id].filename,
                    "committed_at": plain(batches[r.batch_id].committed_at),
                }
                if r.batch_id in batches
                else None,
            }
            for r in imported
        ],
        "merges": [row(m) for m in merges],
    }


def collect(db: Session, *, person: Person, language: str) -> dict[str, Any]:
    """The person's complete record (nothing written)."""
    assert person.id is not None
    centre = db.get(Centre, person.centre_id)
    nationalities = list(
        db.scalars(
            select(col(PersonNationality.country))
            .where(col(PersonNationality.person_id) == person.id)
            .order_by(col(PersonNationality.position))
        )
    )
    cases = _cases(db, person.id)
    with force_locale("de"):
        purposes = ConsentPurpose.labels()
    consents = _all(db, select(Consent).where(col(Consent.person_id) == person.id))
    records = db.scalars(
        select(InformationRecord).where(col(InformationRecord.person_id) == person.id)
    )
    packages = db.scalars(select(IssuedPackage).where(col(IssuedPackage.person_id) == person.id))
    return {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "generated_at": plain(utcnow()),
        "language": language,
        "centre": {
            "name": centre.name if centre else None,
            **{
                k: getattr(centre, k, None)
                for k in ("address", "email", "phone", "controller", "data_protection_officer")
            },
        },
        "person": {**row(person), "nationalities": nationalities},
        "source": _source(db, person, cases),
        "cases": cases,
        "consents": [{**row(c), "purpose_name": _german(purposes, c.purpose)} for c in consents],
        "information_records": [row(r) for r in records],
        "recognitions": _recognitions(db, person.id),
        "welcome_packages": [row(p) for p in packages],
        "placements": _placements(db, person.id),
        "events": _events(db, person.id),
        "retention": [
            {"data_class": p.data_class, "months": p.months, "trigger": p.trigger}
            for p in periods(db, centre_id=person.centre_id)
        ],
    }
