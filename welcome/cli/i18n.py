from __future__ import annotations

import typer

from welcome.cli.common import group

app = group()


@app.command()
def extract() -> None:
    """Collect the messages of code and templates into i18n/messages.pot and documents.pot."""
    from welcome import catalogs

    catalogs.extract_all()


@app.command()
def update() -> None:
    """Bring every locale's messages.po up to date with messages.pot."""
    from welcome import catalogs

    catalogs.update()


@app.command()
def init(locale: str) -> None:
    """Start a new locale's catalog."""
    from welcome import catalogs

    catalogs.init(locale)


@app.command("compile")
def compile_() -> None:
    """Build the .mo files (not committed)."""
    from welcome import catalogs

    catalogs.compile_all()


@app.command()
def check() -> None:
    """Fail on a stale template or incomplete, fuzzy or inconsistent translations."""
    from welcome import catalogs

    problems = catalogs.check()
    for problem in problems:
        typer.echo(str(problem), err=True)
    if problems:
        raise typer.Exit(code=1)
    typer.echo("catalogs are complete")
