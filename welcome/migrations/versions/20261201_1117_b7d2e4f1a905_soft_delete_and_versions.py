"""soft delete and versions: `version` (optimistic concurrency) and `deleted_at`,
`deleted_by_id`, `deleted_reason`, `deleted_batch` on every correctable table (the counselling
entries, employers' contact persons, hiring needs, placements, consultations, events,
recognition procedures, suspensions and documents, local contacts); the case-list and report
indexes hold deleted_at, so that counts still come from the index alone; the audit log gets an
index on (entity, entity_id) for the records' histories.

Only ALTER TABLE ADD/DROP COLUMN and CREATE/DROP INDEX, never a batch rebuild: on SQLite a
rebuild drops the old table, and with foreign keys on (welcome.db's pragma) that deletes the
child rows ON DELETE CASCADE (contact topics…) or fails on the parents (cases). So
`deleted_by_id` has no foreign key (users are deactivated, never deleted).

Revision ID: b7d2e4f1a905
Revises: 8e4b2f6a1c73
Create Date: 2026-12-01 11:17:20.352165
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "b7d2e4f1a905"
down_revision: str | None = "8e4b2f6a1c73"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


TABLES = (
    "cases",
    "consents",
    "contacts",
    "employer_consultations",
    "employer_contacts",
    "employer_hiring_needs",
    "enquiries",
    "local_contacts",
    "outcomes",
    "outreach_events",
    "placements",
    "recognition_documents",
    "recognition_procedures",
    "recognition_suspensions",
    "referrals",
)
# index -> (table, columns before, columns after)
WIDENED = {
    "ix_cases_centre_status_opened_on": (
        "cases",
        ["centre_id", "status", "opened_on"],
        ["centre_id", "status", "opened_on", "deleted_at"],
    ),
    "ix_cases_centre_status_last_contact_on": (
        "cases",
        ["centre_id", "status", "last_contact_on"],
        ["centre_id", "status", "last_contact_on", "deleted_at"],
    ),
    "ix_contacts_report": (
        "contacts",
        ["centre_id", "date", "case_id", "channel", "language"],
        ["centre_id", "date", "case_id", "channel", "language", "deleted_at"],
    ),
}


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        op.add_column(table, sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
        op.add_column(table, sa.Column("deleted_by_id", sa.Integer(), nullable=True))
        op.add_column(
            table,
            sa.Column(
                "deleted_reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True
            ),
        )
        op.add_column(
            table,
            sa.Column("deleted_batch", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        )
        op.create_index(f"ix_{table}_deleted_at", table, ["deleted_at"], unique=False)
        op.create_index(f"ix_{table}_deleted_batch", table, ["deleted_batch"], unique=False)
    for name, (table, _before, after) in WIDENED.items():
        op.drop_index(name, table_name=table)
        op.create_index(name, table, after, unique=False)
    op.create_index(
        "ix_audit_log_entity_entity_id", "audit_log", ["entity", "entity_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_audit_log_entity_entity_id", table_name="audit_log")
    for name, (table, before, _after) in WIDENED.items():
        op.drop_index(name, table_name=table)
        op.create_index(name, table, before, unique=False)
    for table in TABLES:
        op.drop_index(f"ix_{table}_deleted_batch", table_name=table)
        op.drop_index(f"ix_{table}_deleted_at", table_name=table)
        for column in ("deleted_batch", "deleted_reason", "deleted_by_id", "deleted_at", "version"):
            op.drop_column(table, column)
