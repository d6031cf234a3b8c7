from __future__ import annotations

import typer

from welcome.cli.common import group, settings

app = group()


@app.command()
def upgrade(revision: str = typer.Argument("heads")) -> None:
    """Apply migrations to WELCOME_DATABASE_URL."""
    from welcome import migrate

    url = settings().effective_database_url
    migrate.upgrade(url, revision)
    typer.echo("database is up to date")


@app.command()
def downgrade(
    revision: str = typer.Argument(..., help="Target revision, e.g. -1 or base."),
) -> None:
    """Revert migrations (for development)."""
    from welcome import migrate

    migrate.downgrade(settings().effective_database_url, revision)


@app.command()
def current() -> None:
    """Show the applied and the newest revision."""
    from welcome import migrate
    from welcome.db import make_engine

    url = settings().effective_database_url
    engine = make_engine(url)
    try:
        applied = migrate.current_revisions(engine)
    finally:
        engine.dispose()
    typer.echo(f"applied: {', '.join(sorted(applied)) or '-'}")
    typer.echo(f"newest:  {', '.join(sorted(migrate.head_revisions(url)))}")


@app.command()
def grant(role: str = typer.Argument(..., help="The role the app connects as.")) -> None:
    """PostgreSQL, run as the tables' owner: let ROLE use the tables but never change or
    remove audit entries (welcome/pgroles.py)."""
    from sqlalchemy import text

    from welcome.cli.common import fail
    from welcome.db import make_engine
    from welcome.pgroles import grant_statements

    url = settings().effective_database_url
    if not url.startswith("postgresql"):
        fail("grant is for PostgreSQL (SQLite has no roles)")
    try:
        statements = grant_statements(role)
    except ValueError as exc:
        fail(str(exc))
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            for statement in statements:
                connection.execute(text(statement))
    finally:
        engine.dispose()
    typer.echo(f"{role} may use the tables; the audit log stays append-only for it")
