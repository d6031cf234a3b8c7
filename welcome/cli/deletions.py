"""`welcome deletions purge`: what was deleted more than 30 days ago goes for good (the
retention run calls `welcome.deletions.purge` too)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import typer

from welcome.cli.common import fail, group, session

app = group()


@app.command()
def purge(
    dry_run: bool = typer.Option(False, "--dry-run", help="Only print what would go."),
    as_of: str | None = typer.Option(
        None, "--as-of", help="Purge as on this day (YYYY-MM-DD) instead of now."
    ),
) -> None:
    """Remove deletions older than 30 days; prints the rows per table."""
    from welcome import deletions

    now = None
    if as_of is not None:
        try:
            now = datetime.combine(date.fromisoformat(as_of), time(), UTC)
        except ValueError:
            fail(f"--as-of: not a date (YYYY-MM-DD): {as_of}")
    with session() as db:
        done = deletions.purge(db, now=now, dry_run=dry_run)
    verb = "would remove" if dry_run else "removed"
    for table, count in sorted(done.items()):
        if count:
            typer.echo(f"{table}: {verb} {count}")
    typer.echo(f"{verb} {sum(done.values())} deleted rows in all")
