from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

import typer
from sqlmodel import Session

from welcome.config import Settings, get_settings
from welcome.db import SYSTEM, make_engine, session_factory, unit_of_work
from welcome.errors import DomainError, FieldErrors


def settings() -> Settings:
    return get_settings()


def fail(message: str) -> NoReturn:
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(code=2)


@contextmanager
def session() -> Iterator[Session]:
    """A unit of work as the system (no centre scope); domain errors become one line."""
    engine = make_engine(settings().effective_database_url)
    try:
        with unit_of_work(session_factory(engine), actor=SYSTEM) as db:
            yield db
    except FieldErrors as exc:
        fail("; ".join(f"--{k.replace('_', '-')}: {v}" for k, v in exc.errors.items()))
    except DomainError as exc:
        fail(str(exc))
    finally:
        engine.dispose()
