"""Recognition procedures: create, update, suspensions, history, deadline lists.

Keyword-only functions; they validate everything first, raise `FieldErrors` naming every wrong
field, and only then touch the database (they flush, never commit). Due dates are computed
with `cases.recognition.deadlines` and stored, so lists are sorted by SQL.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from babel import Locale
from sqlalchemy import func, or_, select
from sqlmodel import Session, col

from cases.codes import (
    Authority,
    CompensationMeasure,
    FeePayer,
    LegalBasis,
    QualificationLevel,
    RecognitionDecision,
    RecognitionStatus,
    SuspensionReason,
)
from cases.counselling.models import Case
from cases.persons.models import Person
from cases.recognition import deadlines
from cases.recognition.models import (
    RecognitionHistory,
    RecognitionProcedure,
    RecognitionSuspension,
)
from welcome.accounts.models import Role, User
from welcome.db import actor_of, fetch
from welcome.errors import FieldErrors, NotFound
from welcome.i18n import _

DATE_FIELDS = (
    "applied_on",
    "receipt_confirmed_on",
    "documents_requested_on",
    "documents_complete_on",
    "extended_on",
    "decided_on",
    "compensation_started_on",
    "compensation_completed_on",
    "licence_granted_on",
)
EDITABLE_FIELDS = (
    "case_id",
    "counsellor_id",
    "reference_occupation",
    "reference_occupation_kldb",
    "regulated",
    "legal_basis",
    "authority",
    "training_country",
    "qualification_title",
    "qualification_type",
    "accelerated",
    "fee_cents",
    "fee_payer",
    *DATE_FIELDS,
    "extension_months",
    "decision",
    "compensation_measure",
    "status",
    "notes",
)
OPTIONAL_TEXT = (
    "reference_occupation_kldb",
    "training_country",
    "qualification_title",
    "qualification_type",
    "fee_payer",
    "decision",
    "compensation_measure",
    "notes",
)
TERMINAL = frozenset({RecognitionStatus.WITHDRAWN.value, RecognitionStatus.COMPLETED.value})
DUE_SOON_DAYS = 14
_KLDB = re.compile(r"^\d{5}$")


def _codes(enum: Iterable[Any]) -> set[str]:
    return {str(m.value) for m in enum}


def _countries() -> set[str]:
    return {
        str(code)
        for code in Locale("en").territories
        if isinstance(code, str) and len(code) == 2 and code.isalpha()
    }


# --- reading --------------------------------------------------------------------------------


def get(db: Session, *, procedure_id: int) -> RecognitionProcedure:
    """One procedure of the actor's centre (audited as a view); NotFound otherwise."""
    found = fetch(db, RecognitionProcedure, procedure_id)
    if found is None:
        raise NotFound(_("No such recognition procedure."))
    return found


def suspensions_of(db: Session, *, procedure_id: int) -> list[RecognitionSuspension]:
    return list(
        db.scalars(
            select(RecognitionSuspension)
            .where(col(RecognitionSuspension.procedure_id) == procedure_id)
            .order_by(col(RecognitionSuspension.starts_on), col(RecognitionSuspension.id))
        )
    )


def history_of(db: Session, *, procedure_id: int) -> list[RecognitionHistory]:
    """Newest first."""
    return list(
        db.scalars(
            select(RecognitionHistory)
            .where(col(RecognitionHistory.procedure_id) == procedure_id)
            .order_by(col(RecognitionHistory.id).desc())
        )
    )


def list_procedures(
    db: Session,
    *,
    status: str | None = None,
    authority: str | None = None,
    person_id: int | None = None,
    counsellor_id: int | None = None,
    due_from: date | None = None,
    due_to: date | None = None,
    open_only: bool = False,
    offset: int = 0,
    limit: int = 50,
) -> tuple[list[RecognitionProcedure], int]:
    """Procedures of the centre by the next open due date (earliest first, none last)."""
    conditions: list[Any] = []
    if status:
        conditions.append(col(RecognitionProcedure.status) == status)
    if authority:
        conditions.append(col(RecognitionProcedure.authority) == authority)
    if person_id is not None:
        conditions.append(col(RecognitionProcedure.person_id) == person_id)
    if counsellor_id is not None:
        conditions.append(col(RecognitionProcedure.counsellor_id) == counsellor_id)
    if due_from is not None:
        conditions.append(col(RecognitionProcedure.next_due_on) >= due_from)
    if due_to is not None:
        conditions.append(col(RecognitionProcedure.next_due_on) <= due_to)
    if open_only:
        conditions.append(col(RecognitionProcedure.status).not_in(TERMINAL))
    total = (
        db.scalar(select(func.count()).select_from(RecognitionProcedure).where(*conditions)) or 0
    )
    rows = db.scalars(
        select(RecognitionProcedure)
        .where(*conditions)
        .order_by(
            col(RecognitionProcedure.next_due_on).is_(None),
            col(RecognitionProcedure.next_due_on),
            col(RecognitionProcedure.id),
        )
        .offset(offset)
        .limit(limit)
    )
    return list(rows), total


def person_names(db: Session, ids: Iterable[int]) -> dict[int, str]:
    wanted = set(ids)
    if not wanted:
        return {}
    rows = db.execute(
        select(col(Person.id), col(Person.first_name), col(Person.last_name)).where(
            col(Person.id).in_(wanted)
        )
    )
    return {pid: f"{first} {last}" for pid, first, last in rows}


# --- rules ----------------------------------------------------------------------------------


def natural_status(values: Mapping[str, Any], *, open_suspension: bool) -> str:
    """The status the dates describe (what the procedure is waiting for)."""
    if values.get("applied_on") is None:
        return RecognitionStatus.PREPARING.value
    if values.get("decided_on") is not None:
        if values.get("licence_granted_on") or values.get("compensation_completed_on"):
            return RecognitionStatus.COMPLETED.value
        if values.get("compensation_started_on"):
            return RecognitionStatus.COMPENSATION.value
        return RecognitionStatus.DECIDED.value
    if open_suspension:
        return RecognitionStatus.SUSPENDED.value
    if values.get("documents_complete_on") is not None:
        return RecognitionStatus.IN_REVIEW.value
    if values.get("documents_requested_on") is not None:
        return RecognitionStatus.WAITING_ON_PERSON.value
    return RecognitionStatus.APPLIED.value


def _status_error(status: str, values: Mapping[str, Any], natural: str) -> str | None:
    """Why `status` does not fit the dates, or None if it does."""
    if status in (natural, RecognitionStatus.WITHDRAWN.value):
        return None
    if status == RecognitionStatus.COMPLETED.value and values.get("decided_on") is not None:
        return None
    if status == RecognitionStatus.PREPARING.value:
        return _("A procedure with an application date is no longer in preparation.")
    if values.get("applied_on") is None:
        return _("This status needs the application date.")
    if status in (
        RecognitionStatus.DECIDED.value,
        RecognitionStatus.COMPENSATION.value,
        RecognitionStatus.COMPLETED.value,
    ):
        if values.get("decided_on") is None:
            return _("This status needs the decision date and the decision.")
        if status == RecognitionStatus.COMPENSATION.value:
            return _("This status needs the start of the compensation measure.")
        return _("The dates already show the status “%(status)s”.", status=natural)
    if values.get("decided_on") is not None:
        return _("The procedure is decided already.")
    if status == RecognitionStatus.SUSPENDED.value:
        return _("This status needs an open suspension.")
    if status == RecognitionStatus.IN_REVIEW.value:
        return _("This status needs the date the documents were complete.")
    if status == RecognitionStatus.WAITING_ON_PERSON.value:
        if values.get("documents_complete_on") is not None:
            return _("The documents are complete already.")
        return _("This status needs the date the documents were requested.")
    return _("The dates already show the status “%(status)s”.", status=natural)


def _validate(
    db: Session, values: dict[str, Any], *, open_suspension: bool, creating: bool
) -> dict[str, str]:
    errors: dict[str, str] = {}

    def code(name: str, allowed: set[str]) -> None:
        value = values.get(name)
        if value is not None and value not in allowed:
            errors[name] = _("Unknown code %(code)s.", code=value)

    occupation = (values.get("reference_occupation") or "").strip()
    if not occupation:
        errors["reference_occupation"] = _("Please enter the reference occupation.")
    elif len(occupation) > 200:
        errors["reference_occupation"] = _("At most %(n)d characters.", n=200)
    kldb = values.get("reference_occupation_kldb")
    if kldb is not None and not _KLDB.match(kldb):
        errors["reference_occupation_kldb"] = _("A KldB 2010 code has five digits.")
    if values.get("authority") is None:
        errors["authority"] = _("Please choose the competent authority.")
    code("authority", _codes(Authority))
    code("legal_basis", _codes(LegalBasis))
    code("qualification_type", _codes(QualificationLevel))
    code("fee_payer", _codes(FeePayer))
    code("decision", _codes(RecognitionDecision))
    code("compensation_measure", _codes(CompensationMeasure))
    code("status", _codes(RecognitionStatus))
    country = values.get("training_country")
    if country is not None and country not in _countries():
        errors["training_country"] = _("Unknown country code %(code)s.", code=country)
    title = values.get("qualification_title")
    if title is not None and len(title) > 300:
        errors["qualification_title"] = _("At most %(n)d characters.", n=300)
    notes = values.get("notes")
    if notes is not None and len(notes) > 2000:
        errors["notes"] = _("At most %(n)d characters.", n=2000)
    fee = values.get("fee_cents")
    if fee is not None and not 0 <= fee <= 100_000_000:
        errors["fee_cents"] = _("Please enter an amount of zero or more.")
    months = values.get("extension_months", 0)
    if not 0 <= months <= deadlines.MAX_EXTENSION_MONTHS:
        errors["extension_months"] = _(
            "The one extension may last 1 to %(n)d months.", n=deadlines.MAX_EXTENSION_MONTHS
        )

    # steps in a sensible order
    applied = values.get("applied_on")

    def after(name: str, earlier: str, message: str) -> None:
        value, before = values.get(name), values.get(earlier)
        if value is not None and before is not None and value < before and name not in errors:
            errors[name] = message

    for name in (
        "receipt_confirmed_on",
        "documents_requested_on",
        "documents_complete_on",
        "decided_on",
    ):
        if values.get(name) is not None and applied is None:
            errors[name] = _("This date needs the application date first.")
        after(name, "applied_on", _("This date cannot be before the application."))
    after(
        "documents_complete_on",
        "documents_requested_on",
        _("The documents cannot be complete before they were requested."),
    )
    if values.get("extended_on") is not None or months:
        if values.get("documents_complete_on") is None:
            errors.setdefault(
                "extended_on", _("The decision period can only be extended once it runs.")
            )
        elif values.get("extended_on") is None:
            errors["extended_on"] = _("Please enter the date of the extension.")
        elif not months:
            errors["extension_months"] = _("Please enter the length of the extension.")
        after(
            "extended_on",
            "documents_complete_on",
            _("The extension cannot be before the documents were complete."),
        )
    decided, decision = values.get("decided_on"), values.get("decision")
    if decided is not None and decision in (None, RecognitionDecision.PENDING.value):
        errors.setdefault("decision", _("A decision date needs a decision."))
    if decision not in (None, RecognitionDecision.PENDING.value) and decided is None:
        errors.setdefault("decided_on", _("Please enter the date of the decision."))
    if decided is not None and open_suspension:
        errors.setdefault("decided_on", _("Please end the open suspension first."))
    measure = values.get("compensation_measure")
    if values.get("compensation_started_on") is not None:
        if decided is None:
            errors["compensation_started_on"] = _("A compensation measure follows a decision.")
        elif measure is None:
            errors["compensation_measure"] = _("Please choose the compensation measure.")
        after(
            "compensation_started_on",
            "decided_on",
            _("The compensation measure cannot start before the decision."),
        )
    if values.get("compensation_completed_on") is not None:
        if values.get("compensation_started_on") is None:
            errors["compensation_completed_on"] = _("Please enter the start of the measure first.")
        after(
            "compensation_completed_on",
            "compensation_started_on",
            _("The measure cannot end before it started."),
        )
    if values.get("licence_granted_on") is not None:
        if decided is None:
            errors["licence_granted_on"] = _("A licence follows a decision.")
        elif decision in (
            RecognitionDecision.NEGATIVE.value,
            RecognitionDecision.ENDED_WITHOUT_DECISION.value,
        ):
            errors["licence_granted_on"] = _("No licence after this decision.")
        after("licence_granted_on", "decided_on", _("The licence cannot precede the decision."))

    status = values.get("status")
    if status is not None and "status" not in errors and not (set(errors) & set(DATE_FIELDS)):
        problem = _status_error(
            status, values, natural_status(values, open_suspension=open_suspension)
        )
        if problem:
            errors["status"] = problem

    # references within the centre (the scope hides other centres' rows)
    if creating:
        person_id = values.get("person_id")
        if (
            person_id is None
            or db.scalar(select(col(Person.id)).where(col(Person.id) == person_id)) is None
        ):
            errors["person_id"] = _("Unknown person.")
    case_id = values.get("case_id")
    if case_id is not None:
        case_person = db.scalar(select(col(Case.person_id)).where(col(Case.id) == case_id))
        if case_person is None:
            errors["case_id"] = _("Unknown case.")
        elif case_person != values.get("person_id"):
            errors["case_id"] = _("This case belongs to another person.")
    counsellor_id = values.get("counsellor_id")
    if counsellor_id is not None and (
        db.scalar(
            select(col(User.id)).where(
                col(User.id) == counsellor_id,
                col(User.role).in_([Role.COUNSELLOR.value, Role.LEAD.value]),
                col(User.active).is_(True),
            )
        )
        is None
    ):
        errors["counsellor_id"] = _("Unknown counsellor.")
    return errors


def _clean(values: Mapping[str, Any]) -> dict[str, Any]:
    cleaned = dict(values)
    for name in OPTIONAL_TEXT:
        if name in cleaned and isinstance(cleaned[name], str):
            cleaned[name] = cleaned[name].strip() or None
    if isinstance(cleaned.get("reference_occupation"), str):
        cleaned["reference_occupation"] = cleaned["reference_occupation"].strip()
    if isinstance(cleaned.get("training_country"), str):
        cleaned["training_country"] = cleaned["training_country"].upper()
    if cleaned.get("extension_months") is None and "extension_months" in cleaned:
        cleaned["extension_months"] = 0
    return cleaned


def compute_due_dates(
    values: Mapping[str, Any], suspensions: Iterable[deadlines.Suspension]
) -> tuple[date | None, date | None, date | None]:
    """(receipt due, decision due, earliest open due date) for the values of a procedure.

    The shorter decision period of § 81a AufenthG (§ 14a BQFG) applies to procedures under
    federal law; Saxon law keeps three months.
    """
    applied = values.get("applied_on")
    receipt = (
        deadlines.receipt_due_on(applied_on=applied, accelerated=bool(values.get("accelerated")))
        if applied is not None
        else None
    )
    decision = deadlines.decision_due_on(
        documents_complete_on=values.get("documents_complete_on"),
        accelerated=bool(values.get("accelerated"))
        and values.get("legal_basis") == LegalBasis.FEDERAL.value,
        extension_months=values.get("extension_months") or 0,
        suspensions=list(suspensions),
    )
    open_dates: list[date] = []
    if (
        values.get("status") != RecognitionStatus.WITHDRAWN.value
        and values.get("decided_on") is None
    ):
        if receipt is not None and values.get("receipt_confirmed_on") is None:
            open_dates.append(receipt)
        if decision is not None:
            open_dates.append(decision)
    return receipt, decision, min(open_dates) if open_dates else None


def _as_json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _history(
    db: Session, *, procedure: RecognitionProcedure, action: str, changes: dict[str, Any]
) -> None:
    assert procedure.id is not None
    actor = actor_of(db)
    db.add(
        RecognitionHistory(
            procedure_id=procedure.id,
            centre_id=procedure.centre_id,
            user_id=actor.user_id if actor else None,
            action=action,
            changes=changes,
        )
    )


def _snapshot(procedure: RecognitionProcedure) -> dict[str, Any]:
    return {name: getattr(procedure, name) for name in ("person_id", *EDITABLE_FIELDS)}


def _apply(
    db: Session,
    procedure: RecognitionProcedure,
    values: Mapping[str, Any],
    suspensions: list[RecognitionSuspension],
) -> dict[str, Any]:
    """Write `values` and the computed fields; return the diff {field: [old, new]}."""
    before = {**_snapshot(procedure), **_computed(procedure)}
    for name in EDITABLE_FIELDS:
        if name in values:
            setattr(procedure, name, values[name])
    recompute(procedure, suspensions)
    after = {**_snapshot(procedure), **_computed(procedure)}
    return {
        name: [_as_json(before[name]), _as_json(after[name])]
        for name in after
        if before[name] != after[name]
    }


def _computed(procedure: RecognitionProcedure) -> dict[str, Any]:
    return {
        "receipt_due_on": procedure.receipt_due_on,
        "decision_due_on": procedure.decision_due_on,
    }


def recompute(procedure: RecognitionProcedure, suspensions: list[RecognitionSuspension]) -> None:
    """Status (unless set explicitly and still valid) and the stored due dates."""
    intervals = [(s.starts_on, s.ends_on) for s in suspensions]
    receipt, decision, next_due = compute_due_dates(_snapshot(procedure), intervals)
    procedure.receipt_due_on = receipt
    procedure.decision_due_on = decision
    procedure.next_due_on = next_due


# --- writing --------------------------------------------------------------------------------


def _create_values(
    db: Session,
    *,
    person_id: int | None,
    reference_occupation: str | None,
    authority: str | None,
    fields: Mapping[str, Any],
) -> tuple[dict[str, str], dict[str, Any]]:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        return {name: _("Unknown field.") for name in sorted(unknown)}, {}
    values: dict[str, Any] = {
        "regulated": False,
        "legal_basis": LegalBasis.FEDERAL.value,
        "accelerated": False,
        "extension_months": 0,
        **_clean(fields),
        "person_id": person_id,
        "reference_occupation": (reference_occupation or "").strip(),
        "authority": authority,
    }
    return _validate(db, values, open_suspension=False, creating=True), values


def check_create(
    db: Session,
    *,
    person_id: int | None,
    reference_occupation: str | None,
    authority: str | None,
    **fields: Any,
) -> dict[str, str]:
    """The errors `create` would raise, without writing anything (for forms)."""
    return _create_values(
        db,
        person_id=person_id,
        reference_occupation=reference_occupation,
        authority=authority,
        fields=fields,
    )[0]


def check_update(db: Session, *, procedure: RecognitionProcedure, **changes: Any) -> dict[str, str]:
    """The errors `update` would raise, without writing anything (for forms)."""
    return _update_values(db, procedure, changes)[0]


def create(
    db: Session,
    *,
    person_id: int,
    reference_occupation: str,
    authority: str | None,
    **fields: Any,
) -> RecognitionProcedure:
    errors, values = _create_values(
        db,
        person_id=person_id,
        reference_occupation=reference_occupation,
        authority=authority,
        fields=fields,
    )
    if errors:
        raise FieldErrors(errors)
    if values.get("counsellor_id") is None:
        values["counsellor_id"] = _default_counsellor(db, values.get("case_id"))
    explicit = values.get("status")
    values["status"] = explicit or natural_status(values, open_suspension=False)
    centre_id = db.scalar(select(col(Person.centre_id)).where(col(Person.id) == person_id))
    assert centre_id is not None  # checked by _validate
    procedure = RecognitionProcedure(
        centre_id=centre_id,
        person_id=person_id,
        reference_occupation=values["reference_occupation"],
        authority=values["authority"],
    )
    _apply(db, procedure, values, [])
    db.add(procedure)
    db.flush()
    _history(
        db,
        procedure=procedure,
        action="created",
        changes={
            name: [None, _as_json(value)]
            for name, value in {**_snapshot(procedure), **_computed(procedure)}.items()
            if value not in (None, False, 0, "")
        },
    )
    db.flush()
    return procedure


def _default_counsellor(db: Session, case_id: int | None) -> int | None:
    if case_id is not None:
        owner = db.scalar(select(col(Case.counsellor_id)).where(col(Case.id) == case_id))
        if owner is not None:
            return owner
    actor = actor_of(db)
    if actor and actor.role in (Role.COUNSELLOR.value, Role.LEAD.value):
        return actor.user_id
    return None


def _update_values(
    db: Session, procedure: RecognitionProcedure, changes: Mapping[str, Any]
) -> tuple[dict[str, str], dict[str, Any], list[RecognitionSuspension]]:
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        return {name: _("This field cannot be changed.") for name in sorted(unknown)}, {}, []
    assert procedure.id is not None
    suspensions = suspensions_of(db, procedure_id=procedure.id)
    open_suspension = any(s.ends_on is None for s in suspensions)
    cleaned = _clean(changes)
    values = {**_snapshot(procedure), **cleaned}
    # without an explicit status, it follows the dates (a terminal one stays while it fits)
    values["status"] = cleaned.get("status")
    errors = _validate(db, values, open_suspension=open_suspension, creating=False)
    return errors, values, suspensions


def update(db: Session, *, procedure: RecognitionProcedure, **changes: Any) -> RecognitionProcedure:
    """Change any editable field (PATCH semantics: only the given ones); due dates follow."""
    errors, values, suspensions = _update_values(db, procedure, changes)
    if errors:
        raise FieldErrors(errors)
    open_suspension = any(s.ends_on is None for s in suspensions)
    explicit = values["status"]
    natural = natural_status(values, open_suspension=open_suspension)
    if explicit is None:
        kept = procedure.status
        keep = kept in TERMINAL and _status_error(kept, values, natural) is None
        values["status"] = kept if keep else natural
    diff = _apply(db, procedure, values, suspensions)
    if diff:
        _history(db, procedure=procedure, action="updated", changes=diff)
    db.flush()
    return procedure


def _refresh_after_suspension(
    db: Session, procedure: RecognitionProcedure, action: str, changes: dict[str, Any]
) -> None:
    assert procedure.id is not None
    suspensions = suspensions_of(db, procedure_id=procedure.id)
    open_suspension = any(s.ends_on is None for s in suspensions)
    values = _snapshot(procedure)
    natural = natural_status(values, open_suspension=open_suspension)
    if procedure.status not in TERMINAL:
        values["status"] = natural
    diff = _apply(db, procedure, values, suspensions)
    _history(db, procedure=procedure, action=action, changes={**changes, **diff})
    db.flush()


def add_suspension(
    db: Session,
    *,
    procedure: RecognitionProcedure,
    starts_on: date | None,
    ends_on: date | None = None,
    reason: str = SuspensionReason.OTHER.value,
) -> RecognitionSuspension:
    assert procedure.id is not None
    errors: dict[str, str] = {}
    if starts_on is None:
        errors["starts_on"] = _("Please enter the first day of the suspension.")
    elif procedure.applied_on is None:
        errors["starts_on"] = _("A procedure can only be suspended after the application.")
    elif starts_on < procedure.applied_on:
        errors["starts_on"] = _("The suspension cannot start before the application.")
    elif procedure.decided_on is not None:
        errors["starts_on"] = _("The procedure is decided already.")
    if starts_on is not None and ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = _("The suspension cannot end before it starts.")
    if reason not in _codes(SuspensionReason):
        errors["reason"] = _("Unknown code %(code)s.", code=reason)
    existing = suspensions_of(db, procedure_id=procedure.id)
    if ends_on is None and any(s.ends_on is None for s in existing):
        errors.setdefault("ends_on", _("Another suspension is still open."))
    if errors:
        raise FieldErrors(errors)
    assert starts_on is not None
    suspension = RecognitionSuspension(
        procedure_id=procedure.id,
        centre_id=procedure.centre_id,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason,
    )
    db.add(suspension)
    db.flush()
    _refresh_after_suspension(
        db,
        procedure,
        "suspension_added",
        {"suspension": [None, [starts_on.isoformat(), _as_json(ends_on), reason]]},
    )
    return suspension


def end_suspension(
    db: Session, *, procedure: RecognitionProcedure, suspension_id: int, ends_on: date | None
) -> RecognitionSuspension:
    suspension = db.scalar(
        select(RecognitionSuspension).where(
            col(RecognitionSuspension.id) == suspension_id,
            col(RecognitionSuspension.procedure_id) == procedure.id,
        )
    )
    if suspension is None:
        raise NotFound(_("No such suspension."))
    if ends_on is None:
        raise FieldErrors({"ends_on": _("Please enter the last day of the suspension.")})
    if ends_on < suspension.starts_on:
        raise FieldErrors({"ends_on": _("The suspension cannot end before it starts.")})
    old = suspension.ends_on
    suspension.ends_on = ends_on
    db.flush()
    _refresh_after_suspension(
        db,
        procedure,
        "suspension_ended",
        {"suspension_ends_on": [_as_json(old), ends_on.isoformat()]},
    )
    return suspension


def note_document(db: Session, *, procedure: RecognitionProcedure, filename: str) -> None:
    """History entry for an uploaded document."""
    _history(
        db, procedure=procedure, action="document_added", changes={"document": [None, filename]}
    )


# --- deadline lists -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DueItem:
    """One line of the deadline lists (plain values, valid after the unit of work)."""

    id: int
    person_id: int
    person_name: str
    reference_occupation: str
    authority: str
    status: str
    kind: str  # receipt, decision, documents
    due_on: date | None
    days: int | None  # days left (negative: overdue)
    since: date | None  # waiting on the person: requested on
    counsellor_id: int | None


@dataclass(frozen=True, slots=True)
class Deadlines:
    today: date
    overdue: list[DueItem]
    due_soon: list[DueItem]
    waiting: list[DueItem]

    @property
    def empty(self) -> bool:
        return not (self.overdue or self.due_soon or self.waiting)


def _item(procedure: RecognitionProcedure, name: str, today: date) -> DueItem:
    assert procedure.id is not None
    due = procedure.next_due_on
    if due is None:
        kind = "documents"
    elif (
        procedure.receipt_confirmed_on is None
        and procedure.receipt_due_on is not None
        and procedure.receipt_due_on == due
    ):
        kind = "receipt"
    else:
        kind = "decision"
    return DueItem(
        id=procedure.id,
        person_id=procedure.person_id,
        person_name=name,
        reference_occupation=procedure.reference_occupation,
        authority=procedure.authority,
        status=procedure.status,
        kind=kind,
        due_on=due,
        days=(due - today).days if due else None,
        since=procedure.documents_requested_on,
        counsellor_id=procedure.counsellor_id,
    )


def deadlines_for(
    db: Session, *, today: date, counsellor_id: int | None = None, limit: int = 200
) -> Deadlines:
    """Overdue, due within 14 days, waiting on the person; most urgent first.

    `counsellor_id` None = the whole centre (the lead's view; the scope applies anyway).
    """
    mine = (
        [col(RecognitionProcedure.counsellor_id) == counsellor_id]
        if counsellor_id is not None
        else []
    )
    base = select(RecognitionProcedure, col(Person.first_name), col(Person.last_name)).join(
        Person, col(Person.id) == col(RecognitionProcedure.person_id)
    )

    def run(query: Any) -> list[DueItem]:
        return [
            _item(proc, f"{first} {last}", today)
            for proc, first, last in db.execute(query.limit(limit))
        ]

    overdue = run(
        base.where(*mine, col(RecognitionProcedure.next_due_on) < today).order_by(
            col(RecognitionProcedure.next_due_on), col(RecognitionProcedure.id)
        )
    )
    due_soon = run(
        base.where(
            *mine,
            col(RecognitionProcedure.next_due_on) >= today,
            col(RecognitionProcedure.next_due_on) <= today + timedelta(days=DUE_SOON_DAYS),
        ).order_by(col(RecognitionProcedure.next_due_on), col(RecognitionProcedure.id))
    )
    waiting = run(
        base.where(
            *mine,
            col(RecognitionProcedure.documents_requested_on).is_not(None),
            col(RecognitionProcedure.documents_complete_on).is_(None),
            col(RecognitionProcedure.decided_on).is_(None),
            col(RecognitionProcedure.status).not_in(TERMINAL),
        ).order_by(col(RecognitionProcedure.documents_requested_on), col(RecognitionProcedure.id))
    )
    return Deadlines(today=today, overdue=overdue, due_soon=due_soon, waiting=waiting)


def open_due_dates(db: Session, *, counsellor_id: int | None) -> list[RecognitionProcedure]:
    """Procedures with an open due date (for the calendar feed)."""
    conditions: list[Any] = [
        or_(
            col(RecognitionProcedure.receipt_due_on).is_not(None),
            col(RecognitionProcedure.decision_due_on).is_not(None),
        ),
        col(RecognitionProcedure.next_due_on).is_not(None),
    ]
    if counsellor_id is not None:
        conditions.append(col(RecognitionProcedure.counsellor_id) == counsellor_id)
    return list(
        db.scalars(
            select(RecognitionProcedure)
            .where(*conditions)
            .order_by(col(RecognitionProcedure.next_due_on), col(RecognitionProcedure.id))
            .limit(1000)
        )
    )


def today() -> date:
    """The current day in Saxony (deadlines are days there, not in UTC)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo("Europe/Berlin")).date()
