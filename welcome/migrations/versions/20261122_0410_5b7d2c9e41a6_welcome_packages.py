"""welcome packages: issued packages and local contacts

Revision ID: 5b7d2c9e41a6
Revises: 00a65d6435cf
Create Date: 2026-11-22 04:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "5b7d2c9e41a6"
down_revision: str | None = "00a65d6435cf"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "local_contacts",
        sa.Column("centre_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("address", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("opening_hours", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("phone", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("notes", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["centre_id"], ["centres.id"], name=op.f("fk_local_contacts_centre_id_centres")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_local_contacts")),
    )
    with op.batch_alter_table("local_contacts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_local_contacts_centre_id"), ["centre_id"], unique=False
        )

    op.create_table(
        "welcome_packages",
        sa.Column("centre_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("language", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("content_version", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("issued_by_id", sa.Integer(), nullable=True),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("appointment_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("pdf_sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("pdf_path", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("pdf_size", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["centre_id"], ["centres.id"], name=op.f("fk_welcome_packages_centre_id_centres")
        ),
        sa.ForeignKeyConstraint(
            ["issued_by_id"], ["users.id"], name=op.f("fk_welcome_packages_issued_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_welcome_packages_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_welcome_packages")),
    )
    with op.batch_alter_table("welcome_packages", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_welcome_packages_centre_id"), ["centre_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_welcome_packages_issued_at"), ["issued_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_welcome_packages_issued_by_id"), ["issued_by_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_welcome_packages_language"), ["language"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_welcome_packages_person_id"), ["person_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("welcome_packages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_welcome_packages_person_id"))
        batch_op.drop_index(batch_op.f("ix_welcome_packages_language"))
        batch_op.drop_index(batch_op.f("ix_welcome_packages_issued_by_id"))
        batch_op.drop_index(batch_op.f("ix_welcome_packages_issued_at"))
        batch_op.drop_index(batch_op.f("ix_welcome_packages_centre_id"))

    op.drop_table("welcome_packages")
    with op.batch_alter_table("local_contacts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_local_contacts_centre_id"))

    op.drop_table("local_contacts")
