"""How long each class of a person's data is kept, as the information sheet and the export
print it: ONE function, `periods`.

The coordinator rewires `periods` to r3-retention's `effective_rules(db, centre_id=…)`
(cases/retention/) when the branches are merged: until then it returns the defaults of the
deletion concept (shared DATA-PROTECTION.md), which are what that helper's rules start from.
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
    """The periods in force at the centre for a person's data.

    TODO(coordinator): return the person-data classes of r3-retention's
    `effective_rules(db, centre_id=centre_id)` (the centre's changed periods) here instead of
    the defaults; the sheet, the export and the package's GDPR section then follow.
    """
    del db, centre_id
    return DEFAULTS
