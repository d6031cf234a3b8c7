"""What the commands share. Importing it stays cheap: the settings (pydantic) and the
database (SQLAlchemy) are imported by the commands that use them, so `welcome --help` starts
in a fraction of the time."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, NoReturn

import typer

if TYPE_CHECKING:
    from sqlmodel import Session

    from welcome.config import Settings


def group() -> typer.Typer:
    """A command group. Help is plain text: Rich's formatting (imported for every --help)
    cost more start-up time than the whole rest of the command line."""
    return typer.Typer(no_args_is_help=True, rich_markup_mode=None)


def settings() -> Settings:
    from welcome.config import get_settings

    return get_settings()


def fail(message: str) -> NoReturn:
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(code=2)


@contextmanager
def session() -> Iterator[Session]:
    """A unit of work as the system (no centre scope); domain errors become one line."""
    from welcome.db import SYSTEM, make_engine, session_factory, unit_of_work
    from welcome.errors import DomainError, FieldErrors
    from welcome.locking import install

    engine = install(make_engine(settings().effective_database_url))
    try:
        with unit_of_work(session_factory(engine), actor=SYSTEM) as db:
            yield db
    except FieldErrors as exc:
        fail("; ".join(f"--{k.replace('_', '-')}: {v}" for k, v in exc.errors.items()))
    except DomainError as exc:
        fail(str(exc))
    finally:
        engine.dispose()
