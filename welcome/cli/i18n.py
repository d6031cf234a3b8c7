from __future__ import annotations

import typer

from welcome import catalogs

app = typer.Typer(no_args_is_help=True)


@app.command()
def extract() -> None:
    """Collect the messages of code and templates into i18n/messages.pot and documents.pot."""
    catalogs.extract_all()


@app.command()
def update() -> None:
    """Bring every locale's messages.po up to date with messages.pot."""
    catalogs.update()


@app.command()
def init(locale: str) -> None:
    """Start a new locale's catalog."""
    catalogs.init(locale)


@app.command("compile")
def compile_() -> None:
    """Build the .mo files (not committed)."""
    catalogs.compile_all()


@app.command()
def check() -> None:
    """Fail on a stale template or incomplete, fuzzy or inconsistent translations."""
    problems = catalogs.check()
    for problem in problems:
        typer.echo(str(problem), err=True)
    if problems:
        raise typer.Exit(code=1)
    typer.echo("catalogs are complete")
