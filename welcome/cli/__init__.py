"""The `welcome` command line (Typer). Bad arguments exit non-zero with one line.

Starting it imports Typer and the command modules only; each command imports the app, the
database, WeasyPrint… when it runs (`welcome --help` took 1.45 s when everything was imported
up front). tests/test_cli.py checks which modules a bare start loads.
"""

from __future__ import annotations

import sys

import typer

from welcome.cli import accounts, audit, db, deletions, i18n, imports, packages, report
from welcome.cli import retention as retention_cli
from welcome.cli.common import fail, settings

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: see welcome.cli.common.group
)
app.add_typer(db.app, name="db", help="Database migrations.")
app.add_typer(accounts.centres, name="centres", help="Welcome Centres.")
app.add_typer(accounts.users, name="users", help="User accounts.")
app.add_typer(accounts.tokens, name="tokens", help="API tokens.")
app.add_typer(i18n.app, name="i18n", help="Message catalogs.")
app.add_typer(deletions.app, name="deletions", help="Soft deletions: purge after 30 days.")
app.add_typer(audit.app, name="audit", help="The audit log.")
app.add_typer(retention_cli.app, name="retention", help="The deletion concept: retention runs.")
app.command()(accounts.demo)
app.command()(packages.package)
app.command()(report.report)
app.command("import")(imports.import_sheet)


@app.callback()
def _cli_language() -> None:
    """Case management for regional Welcome Centers."""
    # The command line speaks English like its option names; pages follow the user.
    from welcome.i18n import set_locale

    set_locale("en")


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, min=1, max=65535, help="Port to listen on."),
    workers: int = typer.Option(1, min=1, max=64, help="Worker processes."),
) -> None:
    """Serve the web app and the API."""
    import uvicorn

    from welcome.db import make_engine
    from welcome.migrate import pending

    engine = make_engine(settings().effective_database_url)
    try:
        if pending(engine):
            fail("the database is not up to date: run `welcome db upgrade` first")
    finally:
        engine.dispose()
    if workers == 1:
        # this process serves: its render workers import WeasyPrint (~2 s) and warm up while
        # the app is imported (~3 s), so the first welcome package does not wait for them
        from cases.packages.pdf import start_workers

        start_workers()
    typer.echo(f"welcome serves on http://{host}:{port}")
    uvicorn.run(
        "welcome.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        # the app itself trusts WELCOME_TRUSTED_PROXIES only (uvicorn would trust 127.0.0.1)
        proxy_headers=False,
        log_level="warning",
    )


def main() -> None:
    try:
        app()
    except Exception as exc:
        from welcome.config import SettingsError  # only now: a command has failed

        if not isinstance(exc, SettingsError):
            raise
        print(str(exc), file=sys.stderr)
        sys.exit(2)
