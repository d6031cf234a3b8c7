"""`welcome import FILE --centre NAME --kind persons|contacts|employers|events
[--mapping M.json] [--dry-run]`: the wizard's preview and commit in one command
(cases/imports). Prints every refused row and the counts; exits 1 when rows were refused, 2 on
bad arguments."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from welcome.cli.common import fail, session

# cases.imports.fields.KINDS (tests/imports/test_cli.py compares)
KINDS = ("persons", "contacts", "employers", "events")
DECISIONS = ("skip", "merge", "create", "link")
MAX_SHOWN = 200


def import_sheet(
    file: Path = typer.Argument(..., help="The sheet: .xlsx or .csv."),
    centre: str = typer.Option(..., help="The centre the rows belong to."),
    kind: str = typer.Option(..., help=f"What the sheet holds: {', '.join(KINDS)}."),
    mapping: Path | None = typer.Option(
        None, help="A JSON mapping: {columns: {header: field}, values, defaults}."
    ),
    duplicates: str = typer.Option(
        "skip", help="Rows like existing ones: skip, merge, create, link."
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Check every row, write nothing."),
) -> None:
    """Import a sheet (the same preview and commit as the /imports wizard)."""
    if kind not in KINDS:
        fail(f"--kind: choose one of {', '.join(KINDS)}")
    if duplicates not in DECISIONS:
        fail(f"--duplicates: choose one of {', '.join(DECISIONS)}")
    if not file.is_file():
        fail(f"FILE: cannot read {str(file)!r}")
    chosen: dict[str, object] = {}
    if mapping is not None:
        try:
            loaded = json.loads(mapping.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            fail(f"--mapping: {exc}")
        if not isinstance(loaded, dict):
            fail("--mapping: the file must hold a JSON object")
        chosen = {k: v for k, v in loaded.items() if k in ("columns", "values", "defaults")}
    from pydantic import ValidationError

    from cases.imports import service
    from cases.imports.schemas import MappingIn, UploadIn
    from welcome.accounts.service import get_centre_by_name
    from welcome.db import Actor, acting

    try:
        data = MappingIn.model_validate({**chosen, "duplicates": duplicates})
    except ValidationError as exc:
        fail(f"--mapping: {exc.errors()[0]['msg']}")
    with session() as db:
        found = get_centre_by_name(db, name=centre)
        if found is None or found.id is None:
            fail(f"--centre: no centre named {centre!r}")
        with acting(db, Actor(user_id=None, centre_id=found.id, role="import")):
            batch = service.create(
                db, data=UploadIn(kind=kind), filename=file.name, content=file.read_bytes()
            )
            service.update(db, batch=batch, data=data)
            plan = service.preview(db, batch=batch)
            for error in plan.errors[:MAX_SHOWN]:
                typer.echo(f"row {error.row}, {error.column}: {error.message}")
            if len(plan.errors) > MAX_SHOWN:
                typer.echo(f"… and {len(plan.errors) - MAX_SHOWN} more errors")
            if dry_run:
                counts = plan.tally()
                db.rollback()
            else:
                counts = service.commit(db, batch=batch)
    verb = "would be" if dry_run else "were"
    typer.echo(
        f"{counts['created']} created, {counts['skipped']} skipped, "
        f"{counts['duplicates']} duplicates, {counts['refused']} refused ({verb} written"
        + ("" if dry_run else f" as import {batch.id}")
        + ")"
    )
    if counts["refused"]:
        raise typer.Exit(code=1)
