"""`welcome report … --format json -o FILE` and its one-line errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from tests.conftest import Factory
from tests.reports import golden
from welcome.audit import AuditEntry
from welcome.cli import app
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


def test_json_report(cli_env: str, factory: Factory, tmp_path: Path) -> None:
    golden.build(factory)
    target = tmp_path / "q3.json"
    code, out, err = run(
        "report", "--period", "2026-Q3", "--centre", "Erzgebirge", "--format", "json",
        "-o", str(target), "--no-suppress",
    )  # fmt: skip
    assert code == 0, err
    assert str(target) in out
    body = json.loads(target.read_text(encoding="utf-8"))
    assert body["centre"] == "Erzgebirge" and body["suppressed"] is False
    assert body["indicators"]["persons_counselled"] == 5  # golden.py: P1…P5
    assert body["year_to_date"]["contacts"] == 11
    assert body["language"] == "de"  # labels in German unless --lang en
    assert body["tables"]["nationality"]["rows"][0]["label"] == "Deutschland"  # P4, P5

    # all centres, suppressed by default: the file leaves the centre
    code, _out, err = run("report", "--period", "2026-Q3", "--format", "json", "-o", str(target))
    assert code == 0, err
    body = json.loads(target.read_text(encoding="utf-8"))
    assert body["centre"] is None and body["suppressed"] is True
    assert body["disclosure"]["method"] == "cell_key"
    assert abs(body["indicators"]["persons_counselled"] - 6) <= 4
    assert body["indicators"]["returnees"] in (0, 3, 4, 5)  # 1
    shown = [*body["indicators"].values(), *body["year_to_date"].values()]
    for table in body["tables"].values():
        shown += [c for row in table["rows"] for c in [*row["cells"], row["total"]]]
    assert not {1, 2} & set(shown)

    # --exact is the operator's other word for --no-suppress
    code, _out, err = run(
        "report", "--period", "2026-Q3", "--centre", "Erzgebirge", "--format", "json",
        "-o", str(target), "--exact",
    )  # fmt: skip
    assert code == 0, err
    body = json.loads(target.read_text(encoding="utf-8"))
    assert body["suppressed"] is False and body["indicators"]["persons_counselled"] == 5
    with factory.session() as db:
        exports = db.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "export")
        )
    assert exports == 3


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["--period", "2026-Q9", "--format", "json"], "--period"),
        (["--period", "2026-Q3", "--format", "docx"], "--format"),
        (["--period", "2026-Q3", "--format", "json", "--centre", "Nowhere"], "--centre"),
        (["--period", "2026-Q3", "--format", "json", "--lang", "fr"], "--lang"),
    ],
)
def test_bad_arguments(
    cli_env: str, factory: Factory, tmp_path: Path, args: list[str], names: str
) -> None:
    factory.centre("Erzgebirge")
    code, _out, err = run("report", *args, "-o", str(tmp_path / "r.json"))
    assert code != 0
    lines = err.strip().splitlines()
    assert len(lines) == 1 and names in lines[0]
    assert not (tmp_path / "r.json").exists()


def test_other_formats(cli_env: str, factory: Factory, tmp_path: Path) -> None:
    golden.build(factory)
    magic = {"csv": "\ufeff".encode(), "xlsx": b"PK", "pdf": b"%PDF"}
    for format, start in magic.items():
        target = tmp_path / f"q3.{format}"
        code, _out, err = run(
            "report", "--period", "2026-Q3", "--format", format, "-o", str(target)
        )
        assert code == 0, err
        assert target.read_bytes().startswith(start), format
