"""Personal values out of the audit entries written before they were redacted at source
(names in a person's create entry, typed titles, search words), the chain sealed again from
the first changed entry with a chained `redact` entry as its anchor (welcome/audit_redaction.py)

Revision ID: f1c7a3e9b5d2
Revises: d8f2a6c1e3b7
Create Date: 2026-12-01 17:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "f1c7a3e9b5d2"
down_revision: str | None = "d8f2a6c1e3b7"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# what the models redact at source today (`__audit_redact__`, welcome.audit.ALWAYS_REDACTED),
# frozen here: a model changed later does not change what this step did
FIELDS = {
    "persons": frozenset({"first_name", "last_name", "municipality", "occupation_title"}),
    "employer_contacts": frozenset({"name", "role", "phone", "email"}),
    "placements": frozenset({"occupation"}),
    "import_batches": frozenset({"content"}),
    # "document": an upload's file name in the procedure's history (before 08617f3)
    "recognition_procedures": frozenset(
        {"qualification_title", "reference_occupation", "document"}
    ),
    "recognition_documents": frozenset({"filename"}),
    "legal_holds": frozenset({"reason"}),
    "erasures": frozenset({"reason"}),
}
ALWAYS = frozenset({"notes", "password_hash", "token_hash", "csrf_token", "secret"})


def upgrade() -> None:
    from welcome import audit_redaction

    connection = op.get_bind()
    saved = audit_redaction.lift_guards(connection)
    try:
        audit_redaction.redact(connection, fields=FIELDS, always=ALWAYS)
    finally:
        audit_redaction.restore_guards(connection, saved)


def downgrade() -> None:
    # the removed values are gone for good (that is the point); the re-sealed chain and its
    # `redact` entry stay valid under the older revisions
    pass
