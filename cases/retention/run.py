"""The retention run: applies the deletion concept to every centre as of a day.

Per centre (each with its own periods, `effective_rules`), in this order: contact notes,
recognition documents, package PDFs, due persons (anonymised), employer contact persons; then
for the deployment: login records, soft-deleted rows past their undo time
(`welcome.deletions.purge`), merges' undo values (`welcome.merging.purge_expired`), and the
audit log (`audit_prune`). Legal holds are skipped.

Persons are anonymised in batches, one transaction each; a batch that fails is rolled back
and its persons tried one by one (one transaction per person), so after any failure each
person is either fully anonymised or untouched, and the next run picks up who is left. Every
run that changes something is logged (`RetentionRun`); a dry run changes nothing at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import structlog
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session, col

from cases.counselling.models import Contact, Referral
from cases.employers.models import EmployerContact
from cases.packages.models import IssuedPackage
from cases.recognition.models import RecognitionDocument
from cases.retention import anonymise as anon
from cases.retention import audit_prune, due, holds
from cases.retention.files import remove_file
from cases.retention.models import RetentionRun
from cases.retention.rules import BY_CLASS, cutoff, effective_rules, moment
from welcome import clock, deletions, merging
from welcome.accounts.models import Centre, LoginFailure, LoginSession
from welcome.audit import AuditAction, AuditEntry, _entry
from welcome.db import SYSTEM, unit_of_work, utcnow

log = structlog.get_logger()
BATCH = 1000  # persons per transaction (fewer, larger statements: PostgreSQL round trips)
# the lines of a run's report, in order: data class -> what is done to it
CLASSES = (
    "case_file",
    "contact_notes",
    "recognition_documents",
    "package_pdfs",
    "consent_records",
    "employer_contacts",
    "login_records",
    "audit_log",
    "deleted_rows",
    "merge_undo_data",
)


@dataclass
class Result:
    as_of: date
    dry_run: bool
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CLASSES, 0))
    centres: dict[str, dict[str, int]] = field(default_factory=dict)
    held: int = 0
    failures: int = 0
    run_id: int | None = None

    def add(self, centre_id: int | None, name: str, n: int) -> None:
        self.counts[name] = self.counts.get(name, 0) + n
        if centre_id is not None and n:
            per = self.centres.setdefault(str(centre_id), {})
            per[name] = per.get(name, 0) + n


def _audit(db: Session, entity: str, centre_id: int | None, changes: dict[str, Any]) -> None:
    row = _entry(db, AuditAction.PURGE, entity, None, centre_id=centre_id, changes=changes)
    db.execute(insert(AuditEntry), [row])


def _centre(
    sessions: sessionmaker[Session],
    result: Result,
    centre_id: int,
    on_person_failure: Callable[[int, BaseException], None],
) -> None:
    as_of, dry = result.as_of, result.dry_run
    with unit_of_work(sessions, actor=SYSTEM) as db:
        rules = {r.data_class: r for r in effective_rules(db, centre_id=centre_id)}
        held = holds.held_person_ids(db, as_of=as_of, centre_id=centre_id)
        result.held += len(held)
        notes = due.notes(
            db, centre_id=centre_id, rule=rules["contact_notes"], as_of=as_of, held=held
        )
        docs = due.documents(
            db, centre_id=centre_id, rule=rules["recognition_documents"], as_of=as_of, held=held
        )
        pdfs = due.pdfs(db, centre_id=centre_id, rule=rules["package_pdfs"], as_of=as_of, held=held)
        result.add(centre_id, "contact_notes", sum(len(v) for v in notes.values()))
        result.add(centre_id, "recognition_documents", len(docs))
        result.add(centre_id, "package_pdfs", len(pdfs))
        if not dry:
            for name, model in (("contacts", Contact), ("referrals", Referral)):
                ids = notes[name]
                for start in range(0, len(ids), 500):
                    db.execute(
                        update(model)
                        .where(col(model.id).in_(ids[start : start + 500]))
                        .values(notes=None)
                        .execution_options(synchronize_session=False)
                    )
                if ids:
                    _audit(db, name, centre_id, {"notes": "changed", "count": [None, len(ids)]})
            for ident, key in docs:
                remove_file(db, ref=key)
                db.execute(delete(RecognitionDocument).where(col(RecognitionDocument.id) == ident))
                row = _entry(
                    db, AuditAction.PURGE, "recognition_documents", ident, centre_id=centre_id
                )
                db.execute(insert(AuditEntry), [row])
            for start in range(0, len(pdfs), 500):
                chunk = pdfs[start : start + 500]
                for _ident, path in chunk:
                    remove_file(db, ref=path)
                db.execute(
                    update(IssuedPackage)
                    .where(col(IssuedPackage.id).in_([i for i, _p in chunk]))
                    .values(pdf_path="")
                    .execution_options(synchronize_session=False)
                )
            if pdfs:
                _audit(
                    db,
                    "welcome_packages",
                    centre_id,
                    {"pdf_path": "changed", "count": [None, len(pdfs)]},
                )
        due_persons = due.persons(
            db, centre_id=centre_id, rule=rules["case_file"], as_of=as_of, held=held
        )
        contacts = due.employer_contacts(
            db, centre_id=centre_id, rule=rules["employer_contacts"], as_of=as_of
        )
        if dry:
            consents = _consents(db, due_persons)
        result.add(centre_id, "employer_contacts", len(contacts))
        if not dry and contacts:
            for start in range(0, len(contacts), 500):
                people = contacts[start : start + 500]
                db.execute(delete(EmployerContact).where(col(EmployerContact.id).in_(people)))
                rows = [
                    _entry(db, AuditAction.PURGE, "employer_contacts", i, centre_id=centre_id)
                    for i in people
                ]
                db.execute(insert(AuditEntry), rows)
    if dry:
        result.add(centre_id, "case_file", len(due_persons))
        result.add(centre_id, "consent_records", consents)
        return
    for start in range(0, len(due_persons), BATCH):
        _anonymise(
            sessions,
            result,
            centre_id,
            due_persons[start : start + BATCH],
            on_person_failure,
        )


def _consents(db: Session, person_ids: list[int]) -> int:
    from cases.counselling.models import Consent

    total = 0
    for start in range(0, len(person_ids), 500):
        query = (
            select(func.count())
            .select_from(Consent)
            .where(col(Consent.person_id).in_(person_ids[start : start + 500]))
        )
        total += int(db.scalar(anon.every(query)) or 0)
    return total


def _anonymise(
    sessions: sessionmaker[Session],
    result: Result,
    centre_id: int,
    ids: list[int],
    on_person_failure: Callable[[int, BaseException], None],
) -> None:
    """One batch in one transaction; if it fails, each person in a transaction of their own."""
    try:
        with unit_of_work(sessions, actor=SYSTEM) as db:
            done = anon.anonymise(db, person_ids=ids)
    except Exception:
        log.warning("retention_batch_failed", centre=centre_id, persons=len(ids))
        for ident in ids:
            try:
                with unit_of_work(sessions, actor=SYSTEM) as db:
                    one = anon.anonymise(db, person_ids=[ident])
            except Exception as exc:  # left untouched: the next run tries again
                result.failures += 1
                on_person_failure(ident, exc)
                continue
            result.add(centre_id, "case_file", one["persons"])
            result.add(centre_id, "consent_records", one["consents"])
        return
    result.add(centre_id, "case_file", done["persons"])
    result.add(centre_id, "consent_records", done["consents"])


def _deployment(sessions: sessionmaker[Session], result: Result) -> None:
    """Login records, soft deletions, merges' undo values, the audit log (all centres)."""
    as_of, dry = result.as_of, result.dry_run
    now = moment(as_of)
    with unit_of_work(sessions, actor=SYSTEM) as db:
        login = BY_CLASS["login_records"]
        before = moment(cutoff(login, as_of))
        ended = func.coalesce(col(LoginSession.revoked_at), col(LoginSession.expires_at))
        sessions_due = select(func.count()).select_from(LoginSession).where(ended < before)
        failures_due = (
            select(func.count()).select_from(LoginFailure).where(col(LoginFailure.at) < before)
        )
        result.add(None, "login_records", int(db.scalar(sessions_due) or 0))
        result.add(None, "login_records", int(db.scalar(failures_due) or 0))
        purged = deletions.purge(db, now=now, dry_run=dry)
        result.add(None, "deleted_rows", sum(purged.values()))
        if dry:
            from welcome.merging import RecordMerge

            expired = (
                select(func.count())
                .select_from(RecordMerge)
                .where(col(RecordMerge.restore).is_not(None), col(RecordMerge.undo_until) <= now)
            )
            result.add(None, "merge_undo_data", int(db.scalar(expired) or 0))
        else:
            db.execute(delete(LoginSession).where(ended < before))
            db.execute(delete(LoginFailure).where(col(LoginFailure.at) < before))
            result.add(None, "merge_undo_data", merging.purge_expired(db, now=now))
    with unit_of_work(sessions, actor=SYSTEM) as db:
        audit_cut = moment(cutoff(BY_CLASS["audit_log"], as_of))
        result.add(None, "audit_log", audit_prune.prune(db, cutoff=audit_cut, dry_run=dry))


def run(
    sessions: sessionmaker[Session],
    *,
    as_of: date | None = None,
    dry_run: bool = False,
    started_by: str = "cli",
    on_person_failure: Callable[[int, BaseException], None] | None = None,
) -> Result:
    """Apply the deletion concept as of `as_of` (today) to every centre; log the run."""
    result = Result(as_of=as_of or clock.today(), dry_run=dry_run)
    if not dry_run:
        with unit_of_work(sessions, actor=SYSTEM) as db:
            row = RetentionRun(as_of=result.as_of, started_by=started_by)
            db.add(row)
            db.flush()
            result.run_id = row.id
    failed = on_person_failure or (
        lambda ident, exc: log.error("retention_person_failed", person=ident, error=str(exc))
    )
    with unit_of_work(sessions, actor=SYSTEM) as db:
        centre_ids = list(db.scalars(select(col(Centre.id)).order_by(col(Centre.id))))
    for centre_id in centre_ids:
        assert centre_id is not None
        _centre(sessions, result, centre_id, failed)
    _deployment(sessions, result)
    if result.run_id is not None:
        with unit_of_work(sessions, actor=SYSTEM) as db:
            done = db.get(RetentionRun, result.run_id)
            assert done is not None
            done.counts, done.centres = dict(result.counts), dict(result.centres)
            done.failures, done.finished_at = result.failures, utcnow()
    return result


def recent_runs(db: Session, *, limit: int = 20) -> list[RetentionRun]:
    query = select(RetentionRun).order_by(col(RetentionRun.started_at).desc()).limit(limit)
    return list(db.scalars(query))


def ran_today(db: Session, *, day: date, started_by: str = "scheduler") -> bool:
    query = (
        select(func.count())
        .select_from(RetentionRun)
        .where(
            col(RetentionRun.as_of) == day,
            col(RetentionRun.started_by) == started_by,
            col(RetentionRun.finished_at).is_not(None),
        )
    )
    return bool(db.scalar(query))
