"""audit changes: each entry records the changed fields with old and new values

Revision ID: 3c1d7e5a9b20
Revises: 6f3320cb3a21
Create Date: 2026-12-01 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "3c1d7e5a9b20"
down_revision: str | None = "6f3320cb3a21"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # plain ALTER (no batch copy on SQLite): the append-only triggers stay in place
    op.add_column("audit_log", sa.Column("changes", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column("audit_log", "changes")
