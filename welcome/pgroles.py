"""PostgreSQL: the app connects as a role that does not own the tables.

The owner (the role `welcome db upgrade` runs as) may ALTER, DISABLE TRIGGER and TRUNCATE
whatever it owns; no trigger stops it. So the app runs as another role, which may read and
write the tables but never change or remove an audit entry: UPDATE, DELETE and TRUNCATE of
audit_log are not granted (the triggers refuse them besides), nor changes of alembic_version.
`welcome db grant <role>`, run as the owner after each upgrade, grants exactly that.
"""

from __future__ import annotations

import re

ROLE = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def grant_statements(role: str) -> list[str]:
    if not ROLE.fullmatch(role):
        raise ValueError("a role name of lower-case letters, digits and _")
    return [
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
        f"REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM {role}",
        f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON alembic_version FROM {role}",
    ]
