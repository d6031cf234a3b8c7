"""case list indexes: centre and status with the opening date and with the last contact, so
a page of the case list comes from an index walk instead of sorting every open case of the
centre, and the cases of a status are counted from the index alone

Revision ID: 6f3320cb3a21
Revises: dfe4162a7eb2
Create Date: 2026-11-22 08:17:45.628900
"""

from collections.abc import Sequence

from alembic import op

revision: str = "6f3320cb3a21"
down_revision: str | None = "dfe4162a7eb2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index(
            "ix_cases_centre_status_last_contact_on",
            ["centre_id", "status", "last_contact_on"],
            unique=False,
        )
        batch_op.create_index(
            "ix_cases_centre_status_opened_on", ["centre_id", "status", "opened_on"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_centre_status_opened_on")
        batch_op.drop_index("ix_cases_centre_status_last_contact_on")
