"""`welcome retention run [--dry-run] [--as-of YYYY-MM-DD]`: applies the deletion concept to
every centre and prints what it did (or would do) per data class."""

from __future__ import annotations

from datetime import date

import typer

from welcome.cli.common import fail, group, settings

app = group()

LINES = {  # data class -> (count noun, what is done)
    "case_file": ("persons", "anonymised"),
    "contact_notes": ("notes", "removed"),
    "recognition_documents": ("documents", "removed"),
    "package_pdfs": ("package PDFs", "removed"),
    "consent_records": ("consents", "reduced to their version"),
    "employer_contacts": ("employer contact persons", "removed"),
    "login_records": ("login records", "removed"),
    "audit_log": ("audit entries", "pruned"),
    "deleted_rows": ("soft-deleted rows", "purged"),
    "merge_undo_data": ("merges' undo data", "removed"),
}


@app.command()
def run(
    dry_run: bool = typer.Option(False, "--dry-run", help="Only print what would be done."),
    as_of: str | None = typer.Option(
        None, "--as-of", help="Apply the rules as on this day (YYYY-MM-DD) instead of today."
    ),
) -> None:
    """Apply the deletion concept (every centre); one line per data class."""
    from cases.retention.service import Busy, run_locked
    from welcome.db import make_engine
    from welcome.locking import install

    day = None
    if as_of is not None:
        try:
            day = date.fromisoformat(as_of)
        except ValueError:
            fail(f"--as-of: not a date (YYYY-MM-DD): {as_of}")
    config = settings()
    engine = install(make_engine(config.effective_database_url))
    try:
        result = run_locked(engine, as_of=day, dry_run=dry_run)
    except Busy as exc:
        fail(str(exc))
    finally:
        engine.dispose()
    would = "would be " if dry_run else ""
    typer.echo(f"retention {'plan' if dry_run else 'run'} as of {result.as_of.isoformat()}")
    for name, (noun, done) in LINES.items():
        typer.echo(f"{name}: {result.counts.get(name, 0)} {noun} {would}{done}")
    if result.held:
        typer.echo(f"skipped: {result.held} persons on legal hold")
    if result.failures:
        typer.echo(f"failed: {result.failures} persons left untouched (run again)", err=True)
        raise typer.Exit(code=1)
