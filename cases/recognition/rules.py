"""The rules of a recognition procedure: which values are valid, which status the dates
describe, and the due dates they give (computed with `cases.recognition.deadlines`).

Pure functions of the values, apart from `validate`, which looks up the person, case and
counsellor a procedure refers to (within the centre's scope).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from babel import Locale
from sqlalchemy import select
from sqlmodel import Session, col

from cases.codes import (
    Authority,
    CompensationMeasure,
    FeePayer,
    LegalBasis,
    QualificationLevel,
    RecognitionDecision,
    RecognitionStatus,
)
from cases.counselling.models import Case
from cases.persons.models import Person
from cases.recognition import deadlines
from welcome.accounts.models import Role, User
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
_KLDB = re.compile(r"^\d{5}$")


def codes_of(enum: Iterable[Any]) -> set[str]:
    return {str(m.value) for m in enum}


def _countries() -> set[str]:
    return {
        str(code)
        for code in Locale("en").territories
        if isinstance(code, str) and len(code) == 2 and code.isalpha()
    }


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


def validate(
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
    code("authority", codes_of(Authority))
    if values.get("legal_basis") is None:
        errors["legal_basis"] = _("Please choose the legal basis.")
    code("legal_basis", codes_of(LegalBasis))
    code("qualification_type", codes_of(QualificationLevel))
    code("fee_payer", codes_of(FeePayer))
    code("decision", codes_of(RecognitionDecision))
    code("compensation_measure", codes_of(CompensationMeasure))
    code("status", codes_of(RecognitionStatus))
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
        problem = status_error(
            status, values, natural_status(values, open_suspension=open_suspension)
        )
        if problem:
            errors["status"] = problem

    # references within the centre (the scope hides other centres' rows)
    if creating:
        person_id = values.get("person_id")
        if (
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
        elif case_person != values.get("person_id"):
            errors["case_id"] = _("This case belongs to another person.")
    counsellor_id = values.get("counsellor_id")
    if counsellor_id is not None and (
        not valid_id(counsellor_id)
        or db.scalar(
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


def clean(values: Mapping[str, Any]) -> dict[str, Any]:
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
