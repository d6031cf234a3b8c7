"""record merges: persons.merged_into_id and employers.merged_into_id (a merged-away record
stays as a pointer), and record_merges (what an undo within 30 days restores).

Revision ID: 5b7e2c9d4a18
Revises: b7d2e4f1a905
Create Date: 2026-12-01 11:14:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "5b7e2c9d4a18"
down_revision: str | None = "b7d2e4f1a905"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _foreign_keys(on: bool) -> None:
    """SQLite rebuilds `persons` and `employers` to add or drop a column with a foreign key;
    dropping the old table with rows pointing to it fails while foreign keys are enforced, and
    the pragma only changes outside a transaction."""
    if op.get_bind().dialect.name != "sqlite":
        return
    with op.get_context().autocommit_block():
        op.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


def upgrade() -> None:
    op.create_table(
        "record_merges",
        sa.Column("centre_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("survivor_id", sa.Integer(), nullable=False),
        sa.Column("duplicate_id", sa.Integer(), nullable=False),
        sa.Column("merged_by_id", sa.Integer(), nullable=True),
        sa.Column("undo_until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("undone_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("undone_by_id", sa.Integer(), nullable=True),
        sa.Column("restore", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["centre_id"], ["centres.id"], name=op.f("fk_record_merges_centre_id_centres")
        ),
        sa.ForeignKeyConstraint(
            ["merged_by_id"], ["users.id"], name=op.f("fk_record_merges_merged_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["undone_by_id"], ["users.id"], name=op.f("fk_record_merges_undone_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_record_merges")),
    )
    with op.batch_alter_table("record_merges", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_record_merges_centre_id"), ["centre_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_record_merges_duplicate_id"), ["duplicate_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_record_merges_entity"), ["entity"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_record_merges_survivor_id"), ["survivor_id"], unique=False
        )

    _foreign_keys(False)
    with op.batch_alter_table("employers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("merged_into_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_employers_merged_into_id"), ["merged_into_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_employers_merged_into_id_employers"),
            "employers",
            ["merged_into_id"],
            ["id"],
        )

    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.add_column(sa.Column("merged_into_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_persons_merged_into_id"), ["merged_into_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_persons_merged_into_id_persons"), "persons", ["merged_into_id"], ["id"]
        )
    _foreign_keys(True)


def downgrade() -> None:
    _foreign_keys(False)
    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_persons_merged_into_id_persons"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_persons_merged_into_id"))
        batch_op.drop_column("merged_into_id")

    with op.batch_alter_table("employers", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_employers_merged_into_id_employers"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_employers_merged_into_id"))
        batch_op.drop_column("merged_into_id")
    _foreign_keys(True)

    with op.batch_alter_table("record_merges", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_record_merges_survivor_id"))
        batch_op.drop_index(batch_op.f("ix_record_merges_entity"))
        batch_op.drop_index(batch_op.f("ix_record_merges_duplicate_id"))
        batch_op.drop_index(batch_op.f("ix_record_merges_centre_id"))

    op.drop_table("record_merges")
