"""audit_log: the record index holds the action too (entity, entity_id, action), so a record's
history (creates, updates, deletes …) is read without walking its view entries, which grow with
every time the record is opened; it replaces the index on (entity, entity_id) (its prefix)

Revision ID: c3d9e1f5a7b2
Revises: b7c4e2a9f0d6
Create Date: 2026-12-01 21:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "c3d9e1f5a7b2"
down_revision: str | None = "b7c4e2a9f0d6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_audit_log_entity_entity_id_action", "audit_log", ["entity", "entity_id", "action"]
    )
    op.drop_index("ix_audit_log_entity_entity_id", table_name="audit_log")


def downgrade() -> None:
    op.create_index("ix_audit_log_entity_entity_id", "audit_log", ["entity", "entity_id"])
    op.drop_index("ix_audit_log_entity_entity_id_action", table_name="audit_log")
