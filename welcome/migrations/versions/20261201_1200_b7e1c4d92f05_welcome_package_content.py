"""welcome package content: sign-offs (a lead signs off the German content of a content
version, or records a native speaker's review of a translation), items a centre switched off,
a centre's own items (issue 16).

Revision ID: b7e1c4d92f05
Revises: b7e2c4d19a58
Create Date: 2026-12-01 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "b7e1c4d92f05"
down_revision: str | None = "b7e2c4d19a58"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "welcome_package_signoffs",
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("centre_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("language", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("content_version", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("signed_by_id", sa.Integer(), nullable=True),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reviewer", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.ForeignKeyConstraint(
            ["centre_id"],
            ["centres.id"],
            name=op.f("fk_welcome_package_signoffs_centre_id_centres"),
        ),
        sa.ForeignKeyConstraint(
            ["signed_by_id"],
            ["users.id"],
            name=op.f("fk_welcome_package_signoffs_signed_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_welcome_package_signoffs")),
    )
    with op.batch_alter_table("welcome_package_signoffs", schema=None) as batch_op:
        for column in ("centre_id", "language", "content_version", "signed_by_id"):
            batch_op.create_index(
                batch_op.f(f"ix_welcome_package_signoffs_{column}"), [column], unique=False
            )

    op.create_table(
        "welcome_package_item_settings",
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("centre_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["centre_id"],
            ["centres.id"],
            name=op.f("fk_welcome_package_item_settings_centre_id_centres"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_welcome_package_item_settings")),
    )
    with op.batch_alter_table("welcome_package_item_settings", schema=None) as batch_op:
        for column in ("centre_id", "code"):
            batch_op.create_index(
                batch_op.f(f"ix_welcome_package_item_settings_{column}"), [column], unique=False
            )
    op.create_table(
        "welcome_package_centre_items",
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("centre_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("who", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("what", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("where", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("documents", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("checked_on", sa.Date(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("translations", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["centre_id"],
            ["centres.id"],
            name=op.f("fk_welcome_package_centre_items_centre_id_centres"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_welcome_package_centre_items")),
    )
    with op.batch_alter_table("welcome_package_centre_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_welcome_package_centre_items_centre_id"), ["centre_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("welcome_package_centre_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_welcome_package_centre_items_centre_id"))
    op.drop_table("welcome_package_centre_items")
    with op.batch_alter_table("welcome_package_item_settings", schema=None) as batch_op:
        for column in ("code", "centre_id"):
            batch_op.drop_index(batch_op.f(f"ix_welcome_package_item_settings_{column}"))
    op.drop_table("welcome_package_item_settings")
    with op.batch_alter_table("welcome_package_signoffs", schema=None) as batch_op:
        for column in ("signed_by_id", "content_version", "language", "centre_id"):
            batch_op.drop_index(batch_op.f(f"ix_welcome_package_signoffs_{column}"))
    op.drop_table("welcome_package_signoffs")
