"""hardening: the audit log as a hash chain (chain_hash), append-only also against TRUNCATE
(PostgreSQL) and INSERT OR REPLACE over an existing entry (SQLite); API tokens expire
(api_tokens.expires_at).

Revision ID: b7e2c4d19a58
Revises: 9591d999958d
Create Date: 2026-12-01 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b7e2c4d19a58"
down_revision: str | None = "9591d999958d"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # plain ALTER (no batch copy on SQLite): the append-only triggers stay in place
    op.add_column("audit_log", sa.Column("chain_hash", sa.String(length=64), nullable=True))
    # API tokens expire; NULL (the tokens made before): TOKEN_DAYS after their creation
    op.add_column("api_tokens", sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))
    if op.get_context().dialect.name == "sqlite":
        # REPLACE deletes the old row without firing DELETE triggers: refuse the insert itself
        op.execute(
            "CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log "
            "WHEN EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id) "
            "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
        )
    else:
        op.execute(
            "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()"
        )


def downgrade() -> None:
    if op.get_context().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_replace")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log")
    with op.batch_alter_table("api_tokens") as batch_op:
        batch_op.drop_column("expires_at")
    op.drop_column("audit_log", "chain_hash")
