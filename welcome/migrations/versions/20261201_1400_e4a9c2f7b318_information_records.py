"""information sheet (Art. 13 GDPR): its handover recorded per person (language, version),
and the centre's public task for the sheet's legal basis (issue 14).

Revision ID: e4a9c2f7b318
Revises: d5f8a2c7e1b3
Create Date: 2026-12-01 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "e4a9c2f7b318"
down_revision: str | None = "d5f8a2c7e1b3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # plain ALTER, no batch copy: on SQLite a copy of `centres` would drop the table every
    # other table points at (FOREIGN KEY constraint failed with data)
    op.add_column(
        "centres",
        sa.Column("public_task", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    )
    op.create_table(
        "information_records",
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("centre_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("handed_over_on", sa.Date(), nullable=False),
        sa.Column("sheet_language", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("sheet_version", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("handed_over_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["centre_id"], ["centres.id"], name=op.f("fk_information_records_centre_id_centres")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["persons.id"],
            name=op.f("fk_information_records_person_id_persons"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["handed_over_by_id"],
            ["users.id"],
            name=op.f("fk_information_records_handed_over_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_information_records")),
    )
    with op.batch_alter_table("information_records", schema=None) as batch_op:
        for column in ("centre_id", "person_id"):
            batch_op.create_index(
                batch_op.f(f"ix_information_records_{column}"), [column], unique=False
            )


def downgrade() -> None:
    with op.batch_alter_table("information_records", schema=None) as batch_op:
        for column in ("person_id", "centre_id"):
            batch_op.drop_index(batch_op.f(f"ix_information_records_{column}"))
    op.drop_table("information_records")
    op.drop_column("centres", "public_task")
