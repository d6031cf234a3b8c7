"""One compiled-statement cache per backend for the suite's engines.

SQLAlchemy keeps the SQL it compiled from a statement in a cache of the engine, keyed by the
engine's dialect object. The app makes one engine per process, so each statement is compiled
once and served from the cache afterwards. The suite makes an engine for every test's own
database (several thousand), so every test compiled every statement it ran anew: in a profile
of the whole suite ~10 % of the workers' time was `SQLCompiler` (a served app: 0.4 %).

`share` lets the engines `welcome.db.make_engine` builds for one backend (the same server
library or PostgreSQL server, the same options) use the dialect of one engine connected once
for that purpose, and its cache: statements compile once per worker, as they do once per app
process. What each engine connects to stays its own (its URL, its pool, its events).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine
from sqlalchemy.engine import Dialect, make_url
from sqlmodel import create_engine

_shared: dict[str, tuple[Dialect, Any]] = {}


def _key(url: str, kwargs: dict[str, Any]) -> str:
    parsed = make_url(url)
    server = "" if parsed.get_backend_name() == "sqlite" else f"{parsed.host}:{parsed.port}"
    return f"{parsed.drivername} {server} {sorted(kwargs.items())!r}"


def _initialised(url: str, kwargs: dict[str, Any]) -> tuple[Dialect, Any] | None:
    """The dialect and cache of an engine that connected once (so the dialect has read the
    server's version and features), to a database that always exists; None if it cannot."""
    parsed = make_url(url)
    target = (
        "sqlite://" if parsed.get_backend_name() == "sqlite" else parsed.set(database="postgres")
    )
    engine = create_engine(target, **kwargs)
    try:
        with engine.connect():
            pass
    except Exception:  # a test of an unreachable database: its engine stays unshared
        return None
    finally:
        engine.dispose()
    return engine.dialect, engine._compiled_cache


def share(url: str, **kwargs: Any) -> Engine:
    """`create_engine` for welcome.db: the engine, on the dialect and statement cache shared
    by every engine of its backend, server and options."""
    engine = create_engine(url, **kwargs)
    key = _key(url, kwargs)
    if key not in _shared and (found := _initialised(url, kwargs)) is not None:
        _shared[key] = found
    if key in _shared:
        dialect, cache = _shared[key]
        engine.dialect = dialect
        engine.pool._dialect = dialect
        engine._compiled_cache = cache
    return engine


def shares(engine: Engine, other: Engine) -> bool:
    return engine.dialect is other.dialect and engine._compiled_cache is other._compiled_cache
