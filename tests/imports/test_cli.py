"""`welcome import`: dry run, commit, re-import, exit codes (both backends)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from cases.imports.fields import KINDS
from cases.persons.models import Person
from tests.conftest import Factory
from tests.imports.helpers import MESSY_ROWS, xlsx
from welcome.cli import app
from welcome.cli.imports import KINDS as CLI_KINDS
from welcome.config import get_settings

runner = CliRunner()


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, db_url: str) -> Iterator[str]:
    monkeypatch.setenv("WELCOME_DATABASE_URL", db_url)
    monkeypatch.setenv("WELCOME_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    yield db_url
    get_settings.cache_clear()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def persons(factory: Factory) -> int:
    with factory.session() as db:
        return db.scalar(select(func.count()).select_from(Person)) or 0


def test_import_dry_run_commit_and_again(cli_env: str, factory: Factory, tmp_path: Path) -> None:
    factory.centre("Welcome Center Erzgebirge")
    sheet = tmp_path / "liste.xlsx"
    sheet.write_bytes(xlsx(MESSY_ROWS))
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"values": {"client_group": {"Tourist": "eu_immigrant"}}}))
    args = ["import", str(sheet), "--centre", "Welcome Center Erzgebirge", "--kind", "persons"]

    code, out, _err = run(*args, "--dry-run")
    assert code == 1  # rows were refused
    assert "row 9, I (Datum Erstberatung)" in out
    assert "3 created, 1 skipped, 1 duplicates, 2 refused (would be written)" in out
    assert persons(factory) == 0

    code, out, _err = run(*args, "--mapping", str(mapping))
    assert code == 1 and "4 created, 1 skipped, 1 duplicates, 1 refused" in out
    assert persons(factory) == 4

    code, out, _err = run(*args, "--mapping", str(mapping))
    assert code == 1 and "0 created, 5 skipped" in out
    assert persons(factory) == 4


def test_import_refuses_bad_arguments(cli_env: str, factory: Factory, tmp_path: Path) -> None:
    factory.centre("Dresden")
    sheet = tmp_path / "liste.xlsx"
    sheet.write_bytes(xlsx(MESSY_ROWS[:1]))
    code, _out, err = run("import", str(sheet), "--centre", "Leipzig", "--kind", "persons")
    assert code == 2 and "--centre" in err
    code, _out, err = run("import", str(sheet), "--centre", "Dresden", "--kind", "planets")
    assert code == 2 and "--kind" in err
    (tmp_path / "notes.txt").write_bytes(b"\x00\x01binary")
    code, _out, err = run("import", str(tmp_path / "notes.txt"), "--centre", "Dresden",
                          "--kind", "persons")  # fmt: skip
    assert code == 2 and "CSV" in err
    code, out, _err = run("import", str(sheet), "--centre", "Dresden", "--kind", "persons")
    assert code == 0 and "1 created" in out


def test_cli_kinds_are_the_import_kinds() -> None:
    assert tuple(KINDS) == CLI_KINDS
