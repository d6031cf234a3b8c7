"""`welcome package --person ID --lang LANG -o FILE`: issue one welcome package PDF (logged)."""

from __future__ import annotations

from pathlib import Path

import typer

from welcome.cli.common import fail, session


def package(
    person: int = typer.Option(..., "--person", min=1, max=2**31 - 1, help="The person's id."),
    lang: str = typer.Option(
        ..., "--lang", help="de, en, uk, ru, ar, fa, pl, cs, vi, es, pt-BR or tr."
    ),
    output: Path = typer.Option(..., "-o", "--output", help="Where to write the PDF."),
) -> None:
    """One welcome package PDF for a person (the issue is logged like one from the web)."""
    from cases.packages import service
    from cases.packages.languages import LANGUAGES, resolve
    from cases.packages.schemas import PackageIn
    from welcome.inputs import validate

    if resolve(lang) is None:
        fail(f"--lang: unknown language {lang!r}; choose one of: {', '.join(LANGUAGES)}")
    if output.is_dir() or not output.parent.is_dir():
        fail(f"-o: cannot write {str(output)!r}")
    with session() as db:
        data = validate(PackageIn, {"language": lang})
        issued, pdf = service.issue(db, person_id=person, data=data)
        issue_id = issued.id
    output.write_bytes(pdf)
    typer.echo(f"welcome package {issue_id} ({issued.language}) written to {output}")
