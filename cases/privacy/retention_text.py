"""How long each class of a person's data is kept, as the information sheet and the export
print it: ONE function, `periods`, reading the centre's rules of the deletion concept
(`cases.retention.rules.effective_rules`, so a period an admin changed is what the sheet says).

`DEFAULTS` stay for what is built without a database (the welcome package's GDPR section).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session


@dataclass(frozen=True, slots=True)
class Period:
    data_class: str  # the deletion concept's class code
    months: int  # the period
    trigger: str  # the trigger's code (what starts the period)


# the deletion concept's default rules for a person's data (DATA-PROTECTION.md)
DEFAULTS: tuple[Period, ...] = (
    Period("case_file", 36, "case_file_closed"),
    Period("contact_notes", 36, "contact_year_end"),
    Period("recognition_documents", 6, "recognition_decided"),
    Period("package_pdfs", 12, "package_issued"),
    Period("consent_records", 36, "case_file_end"),
)


def periods(db: Session, *, centre_id: int) -> tuple[Period, ...]:
    """The periods in force at the centre for a person's data (the classes of `DEFAULTS`)."""
    from cases.retention.rules import effective_rules

    rules = {rule.data_class: rule for rule in effective_rules(db, centre_id=centre_id)}
    return tuple(
        Period(
            p.data_class, _months(rules[p.data_class].amount, rules[p.data_class].unit), p.trigger
        )
        if p.data_class in rules
        else p
        for p in DEFAULTS
    )


def _months(amount: int, unit: str) -> int:
    # the person-data classes are kept in years or months (cases/retention/rules.py)
    return amount * 12 if unit == "years" else amount
