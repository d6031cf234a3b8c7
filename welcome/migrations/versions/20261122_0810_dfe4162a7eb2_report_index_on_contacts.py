"""report index on contacts: centre, date, case, channel and language of every contact, so
the alliance report counts contacts from the index alone

Revision ID: dfe4162a7eb2
Revises: a9d78680aa8b
Create Date: 2026-11-22 08:10:07.272327
"""

from collections.abc import Sequence

from alembic import op

revision: str = "dfe4162a7eb2"
down_revision: str | None = "a9d78680aa8b"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_contacts_report",
            ["centre_id", "date", "case_id", "channel", "language"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_index("ix_contacts_report")
