"""The rules of a recognition procedure: the order of its steps, which status the dates
describe, and the due dates they give (computed with `cases.recognition.deadlines`).

Pure functions of the values (the input model's validators call `order_errors`), apart from
`check`, the rules that need the database: the person, case and counsellor a procedure refers
to (within the centre's scope), an open suspension, the status the dates allow.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from cases.counselling.models import Case
from cases.persons.models import Person
from cases.recognition import deadlines
from cases.recognition.codes import LegalBasis, RecognitionDecision, RecognitionStatus
from welcome import roles
from welcome.accounts.models import User
from welcome.db import valid_id
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
TERMINAL = frozenset({RecognitionStatus.WITHDRAWN.value, RecognitionStatus.COMPLETED.value})


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


def status_error(status: str, values: Mapping[str, Any], natural: str) -> str | None:
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


def order_errors(values: Mapping[str, Any]) -> dict[str, str]:
    """The steps in a sensible order, each with what it needs (no database: a validator of
    the input model). One message per field, the first rule that fails."""
    errors: dict[str, str] = {}
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
    months = values.get("extension_months") or 0
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
    return errors


def check(
    db: Session, values: Mapping[str, Any], *, open_suspension: bool, creating: bool
) -> dict[str, str]:
    """The rules that need the database: the person, case and counsellor a procedure refers
    to (within the centre's scope), no decision while suspended, the status the dates allow.
    `values` passed the input model's rules already."""
    errors: dict[str, str] = {}
    if values.get("decided_on") is not None and open_suspension:
        errors["decided_on"] = _("Please end the open suspension first.")
    status = values.get("status")
    if status is not None and not errors:
        problem = status_error(
            status, values, natural_status(values, open_suspension=open_suspension)
        )
        if problem:
            errors["status"] = problem

    # references within the centre (the scope hides other centres' rows)
    person_id = values.get("person_id")
    if creating and (
        not valid_id(person_id)
        or db.scalar(select(col(Person.id)).where(col(Person.id) == person_id)) is None
    ):
        errors["person_id"] = _("Unknown person.")
    case_id = values.get("case_id")
    if case_id is not None:
        case_person = (
            db.scalar(select(col(Case.person_id)).where(col(Case.id) == case_id))
            if valid_id(case_id)
            else None
        )
        if case_person is None:
            errors["case_id"] = _("Unknown case.")
        elif case_person != person_id:
            errors["case_id"] = _("This case belongs to another person.")
    counsellor_id = values.get("counsellor_id")
    if counsellor_id is not None and (
        not valid_id(counsellor_id)
        or db.scalar(
            select(col(User.id)).where(
                col(User.id) == counsellor_id,
                col(User.role).in_(roles.names(roles.CENTRE_STAFF)),
                col(User.active).is_(True),
            )
        )
        is None
    ):
        errors["counsellor_id"] = _("Unknown counsellor.")
    return errors


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
