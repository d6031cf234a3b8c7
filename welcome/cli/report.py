"""`welcome report --period 2026-Q3 [--centre NAME] --format csv|xlsx|pdf|json -o FILE`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from welcome.cli.common import fail, session

if TYPE_CHECKING:
    from cases.reports.schemas import AllianceReport

FORMATS = ("csv", "xlsx", "pdf", "json")
LANGUAGES = ("de", "en")


def report(
    period: str = typer.Option(..., help="2026-Q3, 2026 or 2026-01-01..2026-06-30."),
    centre: str = typer.Option("", help="A centre's name (default: all centres together)."),
    format: str = typer.Option(..., "--format", help="csv, xlsx, pdf or json."),
    output: Path = typer.Option(..., "-o", "--output", help="Where to write the report."),
    lang: str = typer.Option("de", "--lang", help="Language of labels: de or en."),
    suppress: bool = typer.Option(
        True,
        "--suppress/--no-suppress",
        help="Protected figures (cell key method, the default: the file leaves us); "
        "--no-suppress: exact figures, for internal use only.",
    ),
    exact: bool = typer.Option(
        False, "--exact", help="Exact figures, for internal use only (same as --no-suppress)."
    ),
) -> None:
    """The alliance report for a period (the export is audited). Protected figures unless the
    operator asks for exact ones with --exact or --no-suppress."""
    suppress = suppress and not exact
    from cases.reports import service
    from cases.reports.periods import PeriodError, parse_period
    from welcome.audit import AuditAction, record
    from welcome.errors import NotFound

    try:
        chosen = parse_period(period)
    except PeriodError as exc:
        fail(f"--period: {exc}")
    if format not in FORMATS:
        fail(f"--format: choose one of {', '.join(FORMATS)}")
    if lang not in LANGUAGES:
        fail(f"--lang: choose one of {', '.join(LANGUAGES)}")
    if output.is_dir() or not output.parent.is_dir():
        fail(f"-o: cannot write {str(output)!r}")
    with session() as db:
        centre_ids = None
        if centre:
            try:
                centre_ids = service.centre_ids_named(db, centre)
            except NotFound:
                fail(f"--centre: no centre named {centre!r}")
        built = service.build_report(
            db, centre_ids=centre_ids, period=chosen, language=lang, suppress=suppress
        )
        data = _render(built, format)  # inside the unit of work: no audit entry if it fails
        record(db, action=AuditAction.EXPORT, entity="alliance_report")
    output.write_bytes(data)
    typer.echo(f"alliance report {built.period.label} ({format}) written to {output}")


def _render(built: AllianceReport, format: str) -> bytes:
    from cases.reports import exports, service

    if format == "json":
        text = json.dumps(service.to_api_json(built), ensure_ascii=False, indent=2)
        return (text + "\n").encode("utf-8")
    if format == "csv":
        return exports.to_csv(built, profile="excel")
    if format == "xlsx":
        return exports.to_xlsx(built)
    return exports.to_pdf(built)
