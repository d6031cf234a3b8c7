"""import rows: the outreach event an events sheet's row made

Revision ID: e3a9c5d71b28
Revises: e4a9c2f7b318
Create Date: 2026-12-01 14:15:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "e3a9c5d71b28"
down_revision: str | None = "e4a9c2f7b318"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("import_rows") as batch:
        batch.add_column(sa.Column("event_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("import_rows") as batch:
        batch.drop_column("event_id")
