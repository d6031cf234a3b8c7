"""person_search_keys: the key index holds the person id too (key, person_id), so the
duplicate check and the name search read the matching persons from the index alone; it
replaces the index on the key only (its prefix)

Revision ID: b7c4e2a9f0d6
Revises: f1c7a3e9b5d2
Create Date: 2026-12-01 17:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "b7c4e2a9f0d6"
down_revision: str | None = "f1c7a3e9b5d2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_person_search_keys_key_person", "person_search_keys", ["key", "person_id"])
    op.drop_index("ix_person_search_keys_key", table_name="person_search_keys")


def downgrade() -> None:
    op.create_index("ix_person_search_keys_key", "person_search_keys", ["key"])
    op.drop_index("ix_person_search_keys_key_person", table_name="person_search_keys")
