"""The procedure pages' words: code labels, field names (for the history), and a stored
procedure as the values of its edit form. Reading a form is `welcome.forms.form_post` with
the input models of cases/recognition/schemas.py."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from babel.numbers import format_decimal
from sqlalchemy import select
from sqlmodel import Session, col

from cases.codelists import kldb_title
from cases.counselling.models import Case
from cases.persons.codes import QualificationLevel
from cases.persons.models import Person
from cases.recognition.codes import (
    Authority,
    CompensationMeasure,
    FeePayer,
    LegalBasis,
    RecognitionDecision,
    RecognitionDocumentKind,
    RecognitionStatus,
    SuspensionReason,
)
from cases.recognition.models import RecognitionProcedure
from cases.recognition.rules import TERMINAL
from cases.recognition.service import PROCEDURE_FIELDS
from welcome.i18n import _, formats_locale


def labels() -> dict[str, dict[str, str]]:
    return {
        "authority": Authority.labels(),
        "legal_basis": LegalBasis.labels(),
        "decision": RecognitionDecision.labels(),
        "compensation_measure": CompensationMeasure.labels(),
        "status": RecognitionStatus.labels(),
        "fee_payer": FeePayer.labels(),
        "qualification_type": QualificationLevel.labels(),
        "suspension_reason": SuspensionReason.labels(),
        "document_kind": RecognitionDocumentKind.labels(),
    }


def field_labels() -> dict[str, str]:
    """Names of the fields, for the history."""
    return {
        "person_id": _("Person"),
        "case_id": _("Case"),
        "counsellor_id": _("Responsible counsellor"),
        "reference_occupation": _("Reference occupation"),
        "reference_occupation_kldb": _("KldB 2010"),
        "regulated": _("Regulated profession"),
        "legal_basis": _("Legal basis"),
        "authority": _("Competent authority"),
        "training_country": _("Country of training"),
        "qualification_title": _("Original title"),
        "qualification_type": _("Type of qualification"),
        "accelerated": _("Accelerated skilled-worker procedure (§ 81a AufenthG)"),
        "fee_cents": _("Fees"),
        "fee_payer": _("Fees paid by"),
        "applied_on": _("Application submitted"),
        "receipt_confirmed_on": _("Receipt confirmed"),
        "documents_requested_on": _("Documents requested"),
        "documents_complete_on": _("Documents complete"),
        "extended_on": _("Decision period extended on"),
        "extension_months": _("Extension in months (once, at most 3)"),
        "decided_on": _("Decision date"),
        "decision": _("Decision"),
        "compensation_measure": _("Compensation measure"),
        "compensation_started_on": _("Compensation measure started"),
        "compensation_completed_on": _("Compensation measure completed"),
        "licence_granted_on": _("Licence granted"),
        "status": _("Status"),
        "notes": _("Notes"),
        "receipt_due_on": _("Receipt to be confirmed by"),
        "decision_due_on": _("Decision due by"),
        "document": _("Documents"),
        "suspension": _("Suspensions"),
        "suspension_ends_on": _("Last day of the suspension"),
    }


def euros(cents: int | None) -> str:
    """Cents as the form shows them, by Babel in the UI language: "120,50" in German,
    "120.50" in English, no grouping (what the fee field reads back)."""
    if cents is None:
        return ""
    return format_decimal(Decimal(cents) / 100, format="0.00", locale=formats_locale())


def prefill_from_person(
    db: Session, *, person_id: int | None, case_id: int | None
) -> dict[str, str]:
    """A new procedure opened from a person's page starts with the person's occupation (title
    and KldB code) and their open case (the newest), unless the link names a case."""
    if person_id is None:
        return {}
    person = db.get(Person, person_id)
    if person is None:
        return {}
    values = {
        "reference_occupation": person.occupation_title or "",
        "reference_occupation_kldb": person.occupation_kldb or "",
    }
    if not values["reference_occupation"] and person.occupation_kldb:
        values["reference_occupation"] = kldb_title(person.occupation_kldb)
    if case_id is None:
        open_case = db.scalar(
            select(col(Case.id))
            .where(col(Case.person_id) == person_id, col(Case.status) == "open")
            .order_by(col(Case.opened_on).desc(), col(Case.id).desc())
            .limit(1)
        )
        if open_case is not None:
            values["case_id"] = str(open_case)
    return values


def form_of(procedure: RecognitionProcedure) -> dict[str, Any]:
    """The edit form's values: text as shown, the fee in euros, booleans for the boxes."""
    values: dict[str, Any] = {}
    for name in PROCEDURE_FIELDS:
        value = getattr(procedure, name)
        values[name] = value if isinstance(value, bool) else "" if value is None else str(value)
    values["fee_cents"] = euros(procedure.fee_cents)
    if procedure.extension_months == 0:
        values["extension_months"] = ""
    if procedure.status not in TERMINAL:
        values["status"] = ""  # follows the dates unless the user picks one
    return values
