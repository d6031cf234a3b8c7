"""report record-key secret (cell key method)

Revision ID: c4e7a1d2b9f5
Revises: b7e1c4d92f05
Create Date: 2026-12-01 11:30:00
"""

import secrets
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "c4e7a1d2b9f5"
down_revision: str | None = "b7e1c4d92f05"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    table = op.create_table(
        "report_secrets",
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("secret", sa.String(length=128), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_secrets")),
    )
    # one secret per deployment, made here once (never changed afterwards)
    op.bulk_insert(
        table,
        [{"id": 1, "secret": secrets.token_hex(32), "created_at": datetime.now(UTC)}],
    )


def downgrade() -> None:
    op.drop_table("report_secrets")
