"""Demo data for recognition procedures: a realistic share of the immigrant persons have one
(a few two), in every stage from preparation to licence, with dates that make some overdue.

Due dates and status come from the same rules the service applies (`compute_due_dates`,
`natural_status`), so a demo procedure looks exactly like one typed in. Bulk inserts keep a
large demo fast; demo rows are not audited one by one. Deterministic for a given seed.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlmodel import Session, col

from cases.counselling.models import Case
from cases.persons.models import Person, PersonNationality
from cases.recognition.codes import (
    CompensationMeasure,
    FeePayer,
    RecognitionDecision,
    RecognitionStatus,
)
from cases.recognition.models import (
    RecognitionProcedure,
    RecognitionSuspension,
)
from cases.recognition.rules import compute_due_dates, natural_status
from welcome import clock
from welcome.accounts.models import User
from welcome.audit import AuditEntry
from welcome.db import utcnow

BATCH = 2_000
# share of persons with a foreign qualification who start a procedure, by client group
SHARE = {
    "third_country_immigrant": 0.35,
    "prospect_abroad": 0.30,
    "eu_immigrant": 0.15,
    "family_member": 0.10,
}
# (reference occupation, KldB 2010, regulated, legal basis, authority, weight)
OCCUPATIONS: tuple[tuple[str, str, bool, str, str, int], ...] = (
    ("Pflegefachfrau / Pflegefachmann", "81302", True, "federal", "ksv_sachsen", 18),
    ("Ärztin / Arzt", "81404", True, "federal", "ld_sachsen_licences", 6),
    ("Zahnärztin / Zahnarzt", "81424", True, "federal", "ld_sachsen_licences", 1),
    ("Physiotherapeut/in", "81712", True, "federal", "ksv_sachsen", 2),
    ("Erzieher/in", "83112", True, "state", "lasub", 5),
    ("Lehrer/in", "84114", True, "state", "lasub", 3),
    ("Sozialarbeiter/in", "83124", True, "state", "ld_sachsen_social", 2),
    ("Ingenieur/in Maschinenbau", "25104", True, "state", "ingenieurkammer", 4),
    ("Elektroniker/in", "26252", False, "federal", "hwk_chemnitz", 8),
    ("Kfz-Mechatroniker/in", "25212", False, "federal", "hwk_chemnitz", 6),
    ("Tischler/in", "22342", False, "federal", "hwk_dresden", 2),
    ("Industriemechaniker/in", "25102", False, "federal", "ihk_fosa", 8),
    ("Kaufmann / Kauffrau für Büromanagement", "71402", False, "federal", "ihk_fosa", 6),
    ("Koch / Köchin", "29302", False, "federal", "ihk_fosa", 4),
    ("Berufskraftfahrer/in", "52122", False, "federal", "ihk_fosa", 3),
    ("Informatiker/in (Hochschulabschluss)", "43104", False, "federal", "zab", 6),
    ("Betriebswirt/in (Hochschulabschluss)", "71304", False, "federal", "zab", 3),
)
# the stage a procedure has reached, with weights: a spread like a centre's real caseload
STAGES = (
    ("preparing", 18),
    ("applied", 14),
    ("waiting_on_person", 14),
    ("in_review", 18),
    ("suspended", 3),
    ("decided", 20),
    ("compensation", 5),
    ("completed", 6),
    ("withdrawn", 2),
)
_DECISIONS = (
    (RecognitionDecision.FULL.value, 55),
    (RecognitionDecision.PARTIAL.value, 20),
    (RecognitionDecision.COMPENSATION_REQUIRED.value, 15),
    (RecognitionDecision.NEGATIVE.value, 7),
    (RecognitionDecision.ENDED_WITHOUT_DECISION.value, 3),
)
_MEASURES = [m.value for m in CompensationMeasure]
_PAYERS = [p.value for p in FeePayer]
_QUALIFICATION = {"vocational", "advanced_vocational", "bachelor", "master", "doctorate"}


def _weighted(rng: random.Random, items: Sequence[tuple[Any, ...]]) -> Any:
    return rng.choices(items, weights=[i[-1] for i in items])[0]


def _days(rng: random.Random, low: int, high: int) -> timedelta:
    return timedelta(days=rng.randint(low, high))


def _dates(rng: random.Random, stage: str, today: date, regulated: bool) -> dict[str, Any]:
    """Dates in a sensible order ending at `stage`, none in the future.

    Some procedures are overdue on purpose: a receipt not confirmed a month after the
    application, a decision not taken three months after the documents were complete.
    """
    values: dict[str, Any] = {}
    if stage == "preparing":
        return values
    if stage == "withdrawn":
        values["applied_on"] = today - _days(rng, 30, 400)
        return values
    # how long ago the application went in, by how far the procedure has come
    ago = {"applied": (3, 60), "waiting_on_person": (20, 150), "in_review": (30, 200)}.get(
        stage, (60, 700)
    )
    applied = today - _days(rng, *ago)
    values["applied_on"] = applied
    confirmed = applied + _days(rng, 3, 40)
    # one in six authorities has not confirmed the receipt yet
    if confirmed <= today and rng.random() > 1 / 6:
        values["receipt_confirmed_on"] = confirmed
    if stage == "applied":
        return values
    requested = applied + _days(rng, 7, 45)
    if requested > today:
        requested = today
    values["documents_requested_on"] = requested
    if stage == "waiting_on_person":
        return values
    complete = requested + _days(rng, 5, 60)
    if stage in ("in_review", "suspended"):
        # in review for up to five months: the older ones are past the three-month deadline
        complete = today - _days(rng, 0, 150)
        values["documents_complete_on"] = max(complete, requested)
        return values
    complete = min(complete, today - timedelta(days=30))
    values["documents_complete_on"] = max(complete, requested)
    decided = min(values["documents_complete_on"] + _days(rng, 20, 100), today)
    values["decided_on"] = decided
    decision = _weighted(rng, _DECISIONS)[0]
    if stage in ("compensation", "completed") and decision not in (
        RecognitionDecision.PARTIAL.value,
        RecognitionDecision.COMPENSATION_REQUIRED.value,
        RecognitionDecision.FULL.value,
    ):
        decision = RecognitionDecision.COMPENSATION_REQUIRED.value
    values["decision"] = decision
    if stage == "compensation" or (stage == "completed" and decision != "full"):
        values["compensation_measure"] = rng.choice(_MEASURES)
        values["compensation_started_on"] = min(decided + _days(rng, 14, 120), today)
        if stage == "completed":
            values["compensation_completed_on"] = min(
                values["compensation_started_on"] + _days(rng, 30, 180), today
            )
    if stage == "completed" and regulated:
        end = values.get("compensation_completed_on") or decided
        values["licence_granted_on"] = min(end + _days(rng, 7, 60), today)
    return values


def _candidates(
    db: Session, centre_id: int, person_ids: Sequence[int]
) -> list[tuple[int, str, str | None]]:
    """(person id, client group, first nationality) of the immigrant persons with a
    qualification, among `person_ids` (read by id range: an IN list of 50,000 is too long)."""
    wanted = set(person_ids)
    if not wanted:
        return []
    low, high = min(wanted), max(wanted)
    between = (col(Person.centre_id) == centre_id, col(Person.id).between(low, high))
    countries: dict[int, str] = {}
    for pid, country in db.execute(
        select(col(PersonNationality.person_id), col(PersonNationality.country))
        .join(Person, col(Person.id) == col(PersonNationality.person_id))
        .where(*between)
        .order_by(col(PersonNationality.position).desc())
    ):
        countries[pid] = country  # the first listed nationality wins (ordered last)
    return [
        (pid, group, countries.get(pid))
        for pid, group, level in db.execute(
            select(col(Person.id), col(Person.client_group), col(Person.qualification_level))
            .where(*between, col(Person.client_group).in_(list(SHARE)))
            .order_by(col(Person.id))
        )
        if pid in wanted and level in _QUALIFICATION
    ]


def _insert_with_ids(db: Session, rows: list[dict[str, Any]]) -> list[int]:
    """Insert with explicit ids (a plain executemany; RETURNING for each row is much slower)."""
    first = int(db.scalar(select(func.coalesce(func.max(col(RecognitionProcedure.id)), 0))) or 0)
    ids = list(range(first + 1, first + 1 + len(rows)))
    for row, ident in zip(rows, ids, strict=True):
        row["id"] = ident
    for start in range(0, len(rows), BATCH):
        db.execute(insert(RecognitionProcedure), rows[start : start + BATCH])
    if db.get_bind().dialect.name == "postgresql":  # move the serial past the explicit ids
        db.execute(
            text("SELECT setval(pg_get_serial_sequence('recognition_procedures', 'id'), :last)"),
            {"last": ids[-1]},
        )
    return ids


def generate(db: Session, *, centre_id: int, person_ids: Sequence[int], seed: int) -> int:
    """Recognition procedures for some immigrant persons of `person_ids`; returns how many."""
    rng = random.Random(seed)
    today = clock.today()
    now = utcnow()
    counsellors = list(
        db.scalars(
            select(col(User.id)).where(
                col(User.centre_id) == centre_id, col(User.role).in_(("counsellor", "lead"))
            )
        )
    )
    candidates = _candidates(db, centre_id, person_ids)
    first_case: dict[int, int] = {}
    if candidates:
        low, high = candidates[0][0], candidates[-1][0]
        for case_id, pid in db.execute(
            select(col(Case.id), col(Case.person_id))
            .where(col(Case.centre_id) == centre_id, col(Case.person_id).between(low, high))
            .order_by(col(Case.id).desc())
        ):
            first_case[pid] = case_id
    rows: list[dict[str, Any]] = []
    suspended: list[bool] = []
    for pid, group, country in candidates:
        if rng.random() >= SHARE[group]:
            continue
        for _n in range(2 if rng.random() < 0.05 else 1):
            occupation, kldb, regulated, basis, authority, _w = _weighted(rng, OCCUPATIONS)
            stage = _weighted(rng, STAGES)[0]
            dates = _dates(rng, stage, today, regulated)
            is_suspended = stage == "suspended"
            status = (
                RecognitionStatus.WITHDRAWN.value
                if stage == "withdrawn"
                else natural_status(dates, open_suspension=is_suspended)
            )
            values = {
                **dates,
                "accelerated": group == "prospect_abroad" and rng.random() < 0.4,
                "legal_basis": basis,
                "status": status,
            }
            suspension: list[tuple[date, date | None]] = []
            if is_suspended:  # the clock runs from complete documents; it stops after that
                running = dates["documents_complete_on"]
                suspension = [(running + _days(rng, 0, (today - running).days), None)]
            receipt, decision, next_due = compute_due_dates(values, suspension)
            rows.append(
                {
                    **values,
                    "centre_id": centre_id,
                    "created_at": now,
                    "person_id": pid,
                    "case_id": first_case.get(pid),
                    "counsellor_id": rng.choice(counsellors) if counsellors else None,
                    "reference_occupation": occupation,
                    "reference_occupation_kldb": kldb,
                    "regulated": regulated,
                    "authority": authority,
                    "training_country": country if country and country != "DE" else None,
                    "qualification_title": None,
                    "qualification_type": "bachelor" if authority == "zab" else "vocational",
                    "fee_cents": rng.choice((10_000, 20_000, 30_000, 45_000, 60_000)),
                    "fee_payer": rng.choice(_PAYERS),
                    "extension_months": 0,
                    "receipt_due_on": receipt,
                    "decision_due_on": decision,
                    "next_due_on": next_due,
                    "suspension_starts_on": suspension[0][0] if suspension else None,
                }
            )
            suspended.append(is_suspended)
    if not rows:
        return 0
    # every row carries the same keys, as one executemany needs
    keys = {k for row in rows for k in row} - {"suspension_starts_on"}
    starts = [row.pop("suspension_starts_on") for row in rows]
    ids = _insert_with_ids(db, [{k: row.get(k) for k in sorted(keys)} for row in rows])
    suspensions = [
        {"centre_id": centre_id, "procedure_id": pid, "starts_on": on, "ends_on": None,
         "reason": "qualification_analysis"}
        for pid, on, is_open in zip(ids, starts, suspended, strict=True)
        if is_open
    ]  # fmt: skip
    if suspensions:
        db.execute(insert(RecognitionSuspension), suspensions)
    # bulk rows bypass the flush hook: their history entries are written here
    history = [
        {"centre_id": centre_id, "entity": "recognition_procedures", "entity_id": pid, "at": now,
         "user_id": None, "action": "create", "address": None,
         "changes": {"status": [None, row["status"]]}}
        for pid, row in zip(ids, rows, strict=True)
    ]  # fmt: skip
    for start in range(0, len(history), BATCH):
        db.execute(insert(AuditEntry), history[start : start + BATCH])
    db.flush()
    return len(ids)
