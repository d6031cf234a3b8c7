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
