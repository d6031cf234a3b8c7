"""users.date_style (British or US dates for the English interface), contacts by counsellor

Revision ID: d8f2a6c1e3b7
Revises: e3a9c5d71b28
Create Date: 2026-12-01 14:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "d8f2a6c1e3b7"
down_revision: str | None = "e3a9c5d71b28"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # plain ALTER, no batch copy: on SQLite a copy of `users` would drop the table every other
    # table points at (FOREIGN KEY constraint failed with data)
    op.add_column("users", sa.Column("date_style", sa.String(length=5), nullable=True))
    # the contact form's prefill reads the counsellor's last contact (cases/counselling/prefills.py)
    op.create_index(op.f("ix_contacts_counsellor_id"), "contacts", ["counsellor_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_contacts_counsellor_id"), table_name="contacts")
    op.drop_column("users", "date_style")
