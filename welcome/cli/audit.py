"""`welcome audit verify`: walk the audit log's hash chain (welcome/audit_chain.py)."""

from __future__ import annotations

import typer

from welcome.cli.common import group, settings

app = group()


@app.command()
def verify() -> None:
    """Check every entry's hash against the one before; exit 1 on a changed, removed or
    inserted entry. Prints the head (last id and hash) to keep for a later comparison."""
    from welcome.audit_chain import verify as walk
    from welcome.db import make_engine

    engine = make_engine(settings().effective_database_url)
    try:
        with engine.connect() as connection:
            verdict = walk(connection)
    finally:
        engine.dispose()
    for reseal in verdict.reseals:
        typer.echo(reseal)
    for problem in verdict.problems[:50]:
        typer.echo(problem, err=True)
    older = f", {verdict.before_chain} older entries without a hash" if verdict.before_chain else ""
    typer.echo(f"{verdict.checked} entries checked{older}")
    if verdict.head_id is not None:
        typer.echo(f"head: entry {verdict.head_id} {verdict.head_hash}")
    if not verdict.ok:
        typer.echo(f"the audit log has been tampered with: {len(verdict.problems)} problem(s)")
        raise typer.Exit(code=1)
    typer.echo("the audit log is intact")
