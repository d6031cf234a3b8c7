"""soft delete and versions: `version` (optimistic concurrency) and `deleted_at`,
`deleted_by_id`, `deleted_reason`, `deleted_batch` on every correctable table (the counselling
entries, employers' contact persons, hiring needs, placements, consultations, events,
recognition procedures, suspensions and documents, local contacts); the case-list and report
indexes hold deleted_at, so that counts still come from the index alone.

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


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("deleted_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("deleted_reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True)
        )
        batch_op.add_column(
            sa.Column("deleted_batch", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True)
        )
        batch_op.drop_index(batch_op.f("ix_cases_centre_status_last_contact_on"))
        batch_op.create_index(
            "ix_cases_centre_status_last_contact_on",
            ["centre_id", "status", "last_contact_on", "deleted_at"],
            unique=False,
        )
        batch_op.drop_index(batch_op.f("ix_cases_centre_status_opened_on"))
        batch_op.create_index(
            "ix_cases_centre_status_opened_on",
            ["centre_id", "status", "opened_on", "deleted_at"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_cases_deleted_at"), ["deleted_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_cases_deleted_batch"), ["deleted_batch"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_cases_deleted_by_id_users"), "users", ["deleted_by_id"], ["id"]
        )

    with op.batch_alter_table("consents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("deleted_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("deleted_reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True)
        )
        batch_op.add_column(
            sa.Column("deleted_batch", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True)
        )
        batch_op.create_index(batch_op.f("ix_consents_deleted_at"), ["deleted_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_consents_deleted_batch"), ["deleted_batch"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_consents_deleted_by_id_users"), "users", ["deleted_by_id"], ["id"]
        )

    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("deleted_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("deleted_reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True)
        )
        batch_op.add_column(
            sa.Column("deleted_batch", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True)
        )
        batch_op.drop_index(batch_op.f("ix_contacts_report"))
        batch_op.create_index(
            "ix_contacts_report",
            ["centre_id", "date", "case_id", "channel", "language", "deleted_at"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_contacts_deleted_at"), ["deleted_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_contacts_deleted_batch"), ["deleted_batch"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_contacts_deleted_by_id_users"), "users", ["deleted_by_id"], ["id"]
        )

    with op.batch_alter_table("employer_consultations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("deleted_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("deleted_reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True)
        )
        batch_op.add_column(
            sa.Column("deleted_batch", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True)
        )
        batch_op.create_index(
            batch_op.f("ix_employer_consultations_deleted_at"), ["deleted_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_employer_consultations_deleted_batch"), ["deleted_batch"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_employer_consultations_deleted_by_id_users"),
            "users",
            ["deleted_by_id"],
            ["id"],
        )

    with op.batch_alter_table("employer_contacts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("deleted_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("deleted_reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True)
        )
        batch_op.add_column(
            sa.Column("deleted_batch", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True)
        )
        batch_op.create_index(
            batch_op.f("ix_employer_contacts_deleted_at"), ["deleted_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_employer_contacts_deleted_batch"), ["deleted_batch"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_employer_contacts_deleted_by_id_users"),
            "users",
            ["deleted_by_id"],
            ["id"],
        )

    with op.batch_alter_table("employer_hiring_needs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("deleted_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("deleted_reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True)
        )
        batch_op.add_column(
            sa.Column("deleted_batch", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True)
        )
        batch_op.create_index(
            batch_op.f("ix_employer_hiring_needs_deleted_at"), ["deleted_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_employer_hiring_needs_deleted_batch"), ["deleted_batch"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_employer_hiring_needs_deleted_by_id_users"),
            "users",
            ["deleted_by_id"],
            ["id"],
        )

    with op.batch_alter_table("enquiries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("deleted_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("deleted_reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True)
        )
        batch_op.add_column(
            sa.Column("deleted_batch", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True)
        )
        batch_op.create_index(batch_op.f("ix_enquiries_deleted_at"), ["deleted_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_enquiries_deleted_batch"), ["deleted_batch"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_enquiries_deleted_by_id_users"), "users", ["deleted_by_id"], ["id"]
        )

    with op.batch_alter_table("local_contacts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("deleted_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("deleted_reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True)
        )
        batch_op.add_column(
            sa.Column("deleted_batch", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True)
        )
        batch_op.create_index(
            batch_op.f("ix_local_contacts_deleted_at"), ["deleted_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_local_contacts_deleted_batch"), ["deleted_batch"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_local_contacts_deleted_by_id_users"), "users", ["deleted_by_id"], ["id"]
        )

    with op.batch_alter_table("outcomes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("deleted_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("deleted_reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True)
        )
        batch_op.add_column(
            sa.Column("deleted_batch", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True)
        )
        batch_op.create_index(batch_op.f("ix_outcomes_deleted_at"), ["deleted_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_outcomes_deleted_batch"), ["deleted_batch"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_outcomes_deleted_by_id_users"), "users", ["deleted_by_id"], ["id"]
        )

    with op.batch_alter_table("outreach_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("deleted_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("deleted_reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True)
        )
        batch_op.add_column(
            sa.Column("deleted_batch", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True)
        )
        batch_op.create_index(
            batch_op.f("ix_outreach_events_deleted_at"), ["deleted_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_outreach_events_deleted_batch"), ["deleted_batch"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_outreach_events_deleted_by_id_users"), "users", ["deleted_by_id"], ["id"]
        )

    with op.batch_alter_table("placements", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("deleted_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("deleted_reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True)
        )
        batch_op.add_column(
            sa.Column("deleted_batch", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True)
        )
        batch_op.create_index(batch_op.f("ix_placements_deleted_at"), ["deleted_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_placements_deleted_batch"), ["deleted_batch"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_placements_deleted_by_id_users"), "users", ["deleted_by_id"], ["id"]
        )

    with op.batch_alter_table("recognition_documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("deleted_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("deleted_reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True)
        )
        batch_op.add_column(
            sa.Column("deleted_batch", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True)
        )
        batch_op.create_index(
            batch_op.f("ix_recognition_documents_deleted_at"), ["deleted_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_recognition_documents_deleted_batch"), ["deleted_batch"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_recognition_documents_deleted_by_id_users"),
            "users",
            ["deleted_by_id"],
            ["id"],
        )

    with op.batch_alter_table("recognition_procedures", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("deleted_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("deleted_reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True)
        )
        batch_op.add_column(
            sa.Column("deleted_batch", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True)
        )
        batch_op.create_index(
            batch_op.f("ix_recognition_procedures_deleted_at"), ["deleted_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_recognition_procedures_deleted_batch"), ["deleted_batch"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_recognition_procedures_deleted_by_id_users"),
            "users",
            ["deleted_by_id"],
            ["id"],
        )

    with op.batch_alter_table("recognition_suspensions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("deleted_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("deleted_reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True)
        )
        batch_op.add_column(
            sa.Column("deleted_batch", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True)
        )
        batch_op.create_index(
            batch_op.f("ix_recognition_suspensions_deleted_at"), ["deleted_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_recognition_suspensions_deleted_batch"), ["deleted_batch"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_recognition_suspensions_deleted_by_id_users"),
            "users",
            ["deleted_by_id"],
            ["id"],
        )

    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("deleted_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("deleted_reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True)
        )
        batch_op.add_column(
            sa.Column("deleted_batch", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True)
        )
        batch_op.create_index(batch_op.f("ix_referrals_deleted_at"), ["deleted_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_referrals_deleted_batch"), ["deleted_batch"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_referrals_deleted_by_id_users"), "users", ["deleted_by_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_referrals_deleted_by_id_users"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_referrals_deleted_batch"))
        batch_op.drop_index(batch_op.f("ix_referrals_deleted_at"))
        batch_op.drop_column("deleted_batch")
        batch_op.drop_column("deleted_reason")
        batch_op.drop_column("deleted_by_id")
        batch_op.drop_column("deleted_at")
        batch_op.drop_column("version")

    with op.batch_alter_table("recognition_suspensions", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_recognition_suspensions_deleted_by_id_users"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_recognition_suspensions_deleted_batch"))
        batch_op.drop_index(batch_op.f("ix_recognition_suspensions_deleted_at"))
        batch_op.drop_column("deleted_batch")
        batch_op.drop_column("deleted_reason")
        batch_op.drop_column("deleted_by_id")
        batch_op.drop_column("deleted_at")
        batch_op.drop_column("version")

    with op.batch_alter_table("recognition_procedures", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_recognition_procedures_deleted_by_id_users"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_recognition_procedures_deleted_batch"))
        batch_op.drop_index(batch_op.f("ix_recognition_procedures_deleted_at"))
        batch_op.drop_column("deleted_batch")
        batch_op.drop_column("deleted_reason")
        batch_op.drop_column("deleted_by_id")
        batch_op.drop_column("deleted_at")
        batch_op.drop_column("version")

    with op.batch_alter_table("recognition_documents", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_recognition_documents_deleted_by_id_users"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_recognition_documents_deleted_batch"))
        batch_op.drop_index(batch_op.f("ix_recognition_documents_deleted_at"))
        batch_op.drop_column("deleted_batch")
        batch_op.drop_column("deleted_reason")
        batch_op.drop_column("deleted_by_id")
        batch_op.drop_column("deleted_at")
        batch_op.drop_column("version")

    with op.batch_alter_table("placements", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_placements_deleted_by_id_users"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_placements_deleted_batch"))
        batch_op.drop_index(batch_op.f("ix_placements_deleted_at"))
        batch_op.drop_column("deleted_batch")
        batch_op.drop_column("deleted_reason")
        batch_op.drop_column("deleted_by_id")
        batch_op.drop_column("deleted_at")
        batch_op.drop_column("version")

    with op.batch_alter_table("outreach_events", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_outreach_events_deleted_by_id_users"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_outreach_events_deleted_batch"))
        batch_op.drop_index(batch_op.f("ix_outreach_events_deleted_at"))
        batch_op.drop_column("deleted_batch")
        batch_op.drop_column("deleted_reason")
        batch_op.drop_column("deleted_by_id")
        batch_op.drop_column("deleted_at")
        batch_op.drop_column("version")

    with op.batch_alter_table("outcomes", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_outcomes_deleted_by_id_users"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_outcomes_deleted_batch"))
        batch_op.drop_index(batch_op.f("ix_outcomes_deleted_at"))
        batch_op.drop_column("deleted_batch")
        batch_op.drop_column("deleted_reason")
        batch_op.drop_column("deleted_by_id")
        batch_op.drop_column("deleted_at")
        batch_op.drop_column("version")

    with op.batch_alter_table("local_contacts", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_local_contacts_deleted_by_id_users"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_local_contacts_deleted_batch"))
        batch_op.drop_index(batch_op.f("ix_local_contacts_deleted_at"))
        batch_op.drop_column("deleted_batch")
        batch_op.drop_column("deleted_reason")
        batch_op.drop_column("deleted_by_id")
        batch_op.drop_column("deleted_at")
        batch_op.drop_column("version")

    with op.batch_alter_table("enquiries", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_enquiries_deleted_by_id_users"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_enquiries_deleted_batch"))
        batch_op.drop_index(batch_op.f("ix_enquiries_deleted_at"))
        batch_op.drop_column("deleted_batch")
        batch_op.drop_column("deleted_reason")
        batch_op.drop_column("deleted_by_id")
        batch_op.drop_column("deleted_at")
        batch_op.drop_column("version")

    with op.batch_alter_table("employer_hiring_needs", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_employer_hiring_needs_deleted_by_id_users"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_employer_hiring_needs_deleted_batch"))
        batch_op.drop_index(batch_op.f("ix_employer_hiring_needs_deleted_at"))
        batch_op.drop_column("deleted_batch")
        batch_op.drop_column("deleted_reason")
        batch_op.drop_column("deleted_by_id")
        batch_op.drop_column("deleted_at")
        batch_op.drop_column("version")

    with op.batch_alter_table("employer_contacts", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_employer_contacts_deleted_by_id_users"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_employer_contacts_deleted_batch"))
        batch_op.drop_index(batch_op.f("ix_employer_contacts_deleted_at"))
        batch_op.drop_column("deleted_batch")
        batch_op.drop_column("deleted_reason")
        batch_op.drop_column("deleted_by_id")
        batch_op.drop_column("deleted_at")
        batch_op.drop_column("version")

    with op.batch_alter_table("employer_consultations", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_employer_consultations_deleted_by_id_users"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_employer_consultations_deleted_batch"))
        batch_op.drop_index(batch_op.f("ix_employer_consultations_deleted_at"))
        batch_op.drop_column("deleted_batch")
        batch_op.drop_column("deleted_reason")
        batch_op.drop_column("deleted_by_id")
        batch_op.drop_column("deleted_at")
        batch_op.drop_column("version")

    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_contacts_deleted_by_id_users"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_contacts_deleted_batch"))
        batch_op.drop_index(batch_op.f("ix_contacts_deleted_at"))
        batch_op.drop_index("ix_contacts_report")
        batch_op.create_index(
            batch_op.f("ix_contacts_report"),
            ["centre_id", "date", "case_id", "channel", "language"],
            unique=False,
        )
        batch_op.drop_column("deleted_batch")
        batch_op.drop_column("deleted_reason")
        batch_op.drop_column("deleted_by_id")
        batch_op.drop_column("deleted_at")
        batch_op.drop_column("version")

    with op.batch_alter_table("consents", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_consents_deleted_by_id_users"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_consents_deleted_batch"))
        batch_op.drop_index(batch_op.f("ix_consents_deleted_at"))
        batch_op.drop_column("deleted_batch")
        batch_op.drop_column("deleted_reason")
        batch_op.drop_column("deleted_by_id")
        batch_op.drop_column("deleted_at")
        batch_op.drop_column("version")

    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_cases_deleted_by_id_users"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_cases_deleted_batch"))
        batch_op.drop_index(batch_op.f("ix_cases_deleted_at"))
        batch_op.drop_index("ix_cases_centre_status_opened_on")
        batch_op.create_index(
            batch_op.f("ix_cases_centre_status_opened_on"),
            ["centre_id", "status", "opened_on"],
            unique=False,
        )
        batch_op.drop_index("ix_cases_centre_status_last_contact_on")
        batch_op.create_index(
            batch_op.f("ix_cases_centre_status_last_contact_on"),
            ["centre_id", "status", "last_contact_on"],
            unique=False,
        )
        batch_op.drop_column("deleted_batch")
        batch_op.drop_column("deleted_reason")
        batch_op.drop_column("deleted_by_id")
        batch_op.drop_column("deleted_at")
        batch_op.drop_column("version")
