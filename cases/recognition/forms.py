"""The procedure pages' words: code labels, field names (for the history), and a stored
procedure as the values of its edit form. Reading a form is `welcome.forms.form_post` with
the input models of cases/recognition/schemas.py."""

from __future__ import annotations

from typing import Any

from cases.persons.codes import QualificationLevel
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
from welcome.i18n import _


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
        "fee_cents": _("Fees (cents)"),
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
    """Cents as the form shows them: "120.50" (what the fee field reads back)."""
    return "" if cents is None else f"{cents // 100}.{cents % 100:02d}"


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
