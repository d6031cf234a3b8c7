"""recognition history in the audit log: one history mechanism. The entries of
recognition_history move into audit_log (entity recognition_procedures) and the table goes.

Revision ID: 8e4b2f6a1c73
Revises: 3c1d7e5a9b20
Create Date: 2026-12-01 10:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "8e4b2f6a1c73"
down_revision: str | None = "3c1d7e5a9b20"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # the old actions (created, updated, suspension_*, document_added) become create/update;
    # what they named is in `changes` (suspension, suspension_ends_on, document)
    op.execute(
        "INSERT INTO audit_log (at, user_id, centre_id, action, entity, entity_id, changes) "
        "SELECT at, user_id, centre_id, "
        "CASE WHEN action = 'created' THEN 'create' ELSE 'update' END, "
        "'recognition_procedures', procedure_id, changes FROM recognition_history ORDER BY id"
    )
    with op.batch_alter_table("recognition_history", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recognition_history_procedure_id"))
        batch_op.drop_index(batch_op.f("ix_recognition_history_centre_id"))
    op.drop_table("recognition_history")


def downgrade() -> None:
    # the table comes back empty: the entries stay in the audit log, which is append-only
    op.create_table(
        "recognition_history",
        sa.Column("centre_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("procedure_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["centre_id"], ["centres.id"], name=op.f("fk_recognition_history_centre_id_centres")
        ),
        sa.ForeignKeyConstraint(
            ["procedure_id"],
            ["recognition_procedures.id"],
            name=op.f("fk_recognition_history_procedure_id_recognition_procedures"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_recognition_history_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recognition_history")),
    )
    with op.batch_alter_table("recognition_history", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_recognition_history_centre_id"), ["centre_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_recognition_history_procedure_id"), ["procedure_id"], unique=False
        )
