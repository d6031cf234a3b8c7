"""The procedure form: field labels, code labels, reading a submitted form, filling one in."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from cases import codes
from cases.recognition import rules
from cases.recognition.models import RecognitionProcedure
from welcome.i18n import _

TEXT_FIELDS = (
    "reference_occupation",
    "reference_occupation_kldb",
    "legal_basis",
    "authority",
    "training_country",
    "qualification_title",
    "qualification_type",
    "fee_payer",
    "decision",
    "compensation_measure",
    "status",
    "notes",
)
INT_FIELDS = ("person_id", "case_id", "counsellor_id", "extension_months")
BOOL_FIELDS = ("regulated", "accelerated")
_MONEY = re.compile(r"^\d{1,7}([.,]\d{1,2})?$")


def labels() -> dict[str, dict[str, str]]:
    return {
        "authority": codes.authority_labels(),
        "legal_basis": codes.legal_basis_labels(),
        "decision": codes.recognition_decision_labels(),
        "compensation_measure": codes.compensation_measure_labels(),
        "status": codes.recognition_status_labels(),
        "fee_payer": codes.fee_payer_labels(),
        "qualification_type": codes.qualification_level_labels(),
        "suspension_reason": codes.suspension_reason_labels(),
        "document_kind": codes.recognition_document_kind_labels(),
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


def parse_form(form: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """Typed values from a procedure form, and the errors of values that cannot be read."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name in TEXT_FIELDS:
        if name in form:
            values[name] = form[name].strip() or None
    for name in INT_FIELDS:
        raw = form.get(name, "").strip()
        if name in form:
            if not raw:
                values[name] = 0 if name == "extension_months" else None
            elif raw.isdigit() and len(raw) < 10:
                values[name] = int(raw)
            else:
                errors[name] = _("Please enter a whole number.")
    for name in BOOL_FIELDS:
        values[name] = form.get(name) in ("on", "true", "1", "yes")
    for name in rules.DATE_FIELDS:
        if name in form:
            raw = form[name].strip()
            try:
                values[name] = date.fromisoformat(raw) if raw else None
            except ValueError:
                errors[name] = _("Please enter a date as YYYY-MM-DD.")
    if "fee" in form:
        raw = form["fee"].strip().replace(" ", "")
        if not raw:
            values["fee_cents"] = None
        elif _MONEY.match(raw):
            euros, _sep, cents = raw.replace(",", ".").partition(".")
            values["fee_cents"] = int(euros) * 100 + int((cents + "00")[:2])
        else:
            errors["fee"] = _("Please enter an amount in euros, e.g. 120.50.")
    return values, errors


def form_of(procedure: RecognitionProcedure) -> dict[str, str]:
    form: dict[str, str] = {}
    for name in (*TEXT_FIELDS, *INT_FIELDS, *rules.DATE_FIELDS):
        value = getattr(procedure, name, None)
        form[name] = "" if value is None else str(value)
    for name in BOOL_FIELDS:
        form[name] = "on" if getattr(procedure, name) else ""
    if procedure.fee_cents is not None:
        form["fee"] = f"{procedure.fee_cents // 100}.{procedure.fee_cents % 100:02d}"
    if procedure.extension_months == 0:
        form["extension_months"] = ""
    if procedure.status not in rules.TERMINAL:
        form["status"] = ""  # follows the dates unless the user picks one
    return form
