"""The command line of API.md, with one-line errors for bad arguments."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from welcome import clock
from welcome.cli import app
from welcome.config import get_settings

runner = CliRunner()


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, db_url: str) -> str:
    monkeypatch.setenv("WELCOME_DATABASE_URL", db_url)
    monkeypatch.setenv("WELCOME_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    yield db_url  # type: ignore[misc]
    get_settings.cache_clear()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_centres_users_tokens(cli_env: str) -> None:
    code, out, _ = run("db", "upgrade")
    assert code == 0
    code, out, _ = run("centres", "create", "--name", "Dresden", "--region", "Dresden")
    assert code == 0 and out.strip().isdigit()
    code, out, _ = run(
        "users",
        "create",
        "--email",
        "a@dresden.example",
        "--password",
        "long enough pw",
        "--role",
        "counsellor",
        "--centre",
        "Dresden",
    )
    assert code == 0 and out.strip().isdigit()
    code, out, _ = run(
        "users",
        "create",
        "--email",
        "stat@land.example",
        "--password",
        "long enough pw",
        "--role",
        "statistician",
    )
    assert code == 0
    code, out, _ = run("tokens", "create", "--email", "a@dresden.example")
    assert code == 0 and out.strip().startswith("wlc_")


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (
            (
                "users",
                "create",
                "--email",
                "x@y.example",
                "--password",
                "long enough pw",
                "--role",
                "boss",
            ),
            "--role",
        ),
        (
            (
                "users",
                "create",
                "--email",
                "x@y.example",
                "--password",
                "long enough pw",
                "--role",
                "lead",
            ),
            "--centre",
        ),
        (
            ("users", "create", "--email", "x@y.example", "--password", "short", "--role", "admin"),
            "--password",
        ),
        (
            (
                "users",
                "create",
                "--email",
                "not-an-email",
                "--password",
                "long enough pw",
                "--role",
                "admin",
            ),
            "--email",
        ),
        (
            (
                "users",
                "create",
                "--email",
                "x@y.example",
                "--password",
                "long enough pw",
                "--role",
                "lead",
                "--centre",
                "Nowhere",
            ),
            "--centre",
        ),
        (("tokens", "create", "--email", "ghost@y.example"), "--email"),
        (("centres", "create", "--name", " "), "--name"),
    ],
)
def test_bad_arguments_exit_with_one_line(cli_env: str, args: tuple[str, ...], needle: str) -> None:
    code, _out, err = run(*args)
    assert code != 0
    lines = err.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0], err


def test_duplicate_centre_is_refused(cli_env: str) -> None:
    assert run("centres", "create", "--name", "Leipzig")[0] == 0
    code, _out, err = run("centres", "create", "--name", "leipzig")
    assert code == 2 and "exists" in err


def test_demo_seeds_once_and_prints_the_login(cli_env: str) -> None:
    code, out, _ = run("demo", "--if-empty")
    assert code == 0
    assert "leitung@erzgebirge.demo / willkommen-demo" in out
    code, out, _ = run("demo", "--if-empty")
    assert code == 0 and "nothing seeded" in out


def test_demo_scale_generates_both_sides_and_recognition(cli_env: str) -> None:

    from sqlmodel import SQLModel, col, func, select

    from cases.employers.models import Employer, EmployerConsultation, OutreachEvent, Placement
    from cases.persons.models import Person
    from cases.recognition import changes as recognition_changes
    from cases.recognition import service as recognition
    from cases.recognition.models import RecognitionProcedure
    from cases.recognition.schemas import ProcedureIn
    from welcome.cli.common import session
    from welcome.inputs import validate

    assert run("db", "upgrade")[0] == 0
    code, out, err = run("demo", "--scale", "300")
    assert code == 0, err
    assert "Demo persons: 300" in out and "Demo employers: 30" in out
    with session() as db:

        def count(model: type[SQLModel]) -> int:
            return int(db.scalar(select(func.count()).select_from(model)) or 0)

        assert count(Employer) == 30
        assert count(EmployerConsultation) > 0 and count(OutreachEvent) >= 2
        assert count(Placement) == 300 // 15
        procedures = list(db.scalars(select(RecognitionProcedure)))
        assert f"Demo recognition procedures: {len(procedures)}" in out
        # a realistic share: some immigrants, never a German returnee or domestic mover
        assert 10 <= len(procedures) <= 90
        groups = set(
            db.scalars(
                select(col(Person.client_group)).where(
                    col(Person.id).in_({p.person_id for p in procedures})
                )
            )
        )
        assert groups and not groups & {"returnee", "domestic_mover"}
        assert len({p.status for p in procedures}) >= 4
        assert any(p.next_due_on is not None and p.next_due_on < clock.today() for p in procedures)
        # each one is what the service itself would accept and compute
        for p in procedures:
            data = validate(ProcedureIn, {**recognition.values_of(p), "status": p.status})
            assert recognition.check_update(db, procedure=p, data=data) == {}, p
            before = (p.receipt_due_on, p.decision_due_on, p.next_due_on)
            recognition_changes.recompute(p, recognition.suspensions_of(db, procedure_id=p.id or 0))
            assert (p.receipt_due_on, p.decision_due_on, p.next_due_on) == before
        db.rollback()


def test_starting_the_command_line_loads_no_heavy_module() -> None:
    """`welcome --help` stays quick: the app, the database and WeasyPrint load in commands."""
    import subprocess
    import sys

    heavy = (
        "weasyprint",
        "sqlalchemy",
        "sqlmodel",
        "alembic",
        "fastapi",
        "uvicorn",
        "xlsxwriter",
        "pydantic_settings",
        "babel",
        "welcome.app",
        "welcome.db",
        "cases",
    )
    probe = (
        f"import sys; import welcome.cli; print(' '.join(m for m in {heavy!r} if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert loaded.stdout.strip() == ""
    shown = subprocess.run(
        [sys.executable, "-m", "welcome.cli", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert shown.returncode == 0 and "serve" in shown.stdout


def test_role_names_of_the_help_text_are_the_roles() -> None:
    from welcome.cli.accounts import ROLES
    from welcome.roles import Role

    assert tuple(r.value for r in Role) == ROLES
