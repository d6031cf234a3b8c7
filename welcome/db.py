"""Database engine, the request's unit of work, and the centre scope of every query.

Services `flush()`; only `unit_of_work` commits. A session carries the acting user in
`session.info["actor"]`. The scope fails closed:
- without an actor, any statement on centre data raises `ScopeMissing` ("all centres" is an
  explicit actor: SYSTEM for jobs, LOGIN while a login is resolved, admins and statisticians);
- while the actor belongs to a centre, every ORM query on a `CentreScoped` table is filtered
  to that centre, new rows are stamped with it, and rows written with core `insert()` /
  `update()` / `delete()` are checked the same way (directly or through their parent).
Every table is classified: `ScopedByCentre`, `__scope__ = Through(...)` or `__scope__ = GLOBAL`
(tests/test_scope_classification.py fails on a table that is none of them).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache, wraps
from typing import Any, TypeVar

from sqlalchemy import DateTime, MetaData, event, inspect, literal_column, select
from sqlalchemy.engine import Dialect, Engine, make_url
from sqlalchemy.orm import Mapper, ORMExecuteState, sessionmaker, with_loader_criteria
from sqlalchemy.sql.util import find_tables
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, Session, SQLModel, create_engine

# the largest id the schema holds (32-bit INTEGER on PostgreSQL): a larger number names nothing
MAX_ID = 2**31 - 1


def valid_id(ident: int | None) -> bool:
    """An id a row can have: ask the database only for these (a larger one overflows it)."""
    return ident is not None and 1 <= ident <= MAX_ID


NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
SQLModel.metadata.naming_convention = NAMING_CONVENTION
metadata: MetaData = SQLModel.metadata


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A point in time, always UTC-aware in Python, on either backend.

    PostgreSQL's timestamptz keeps the instant and gives back aware values. SQLite has no such
    type: SQLAlchemy writes the wall-clock digits without the offset and reads them back naive
    (the API then sent "2026-12-01T07:52:41" without a zone). So values are converted to UTC
    before they are written, and UTC is attached when SQLite gives them back. A naive value
    written is taken as UTC, as the rest of the code always has, on both backends alike.
    The column type in the schema stays DateTime(timezone=True): migrations do not change.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class TimestampMixin(SQLModel):
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class ScopedByCentre:
    """Marker: ORM queries on these tables see only the acting user's centre.

    Subclasses have a `centre_id` column; rows with NULL (e.g. admins) are outside every centre.
    """


class CentreScoped(SQLModel, ScopedByCentre):
    """Rows that belong to exactly one centre."""

    centre_id: int = Field(foreign_key="centres.id", index=True)


class CentreScopeError(PermissionError):
    """An attempt to write a row into another centre than the actor's."""


class ScopeMissing(PermissionError):
    """A statement on centre data in a session without an acting user."""


@dataclass(frozen=True, slots=True)
class Through:
    """A table reached through a scoped parent: its rows belong to the parent's centre."""

    column: str  # the column naming the parent row
    parent: str  # the parent's table (itself ScopedByCentre)
    field: str | None = None  # audited as this field of the parent (None: derived, not audited)
    value: str | None = None  # the column holding the field's values


GLOBAL = "global"  # `__scope__ = GLOBAL`: rows of no centre (centres, failed logins)


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts through a session. `centre_id` None = across all centres (admin, statistician)."""

    user_id: int | None
    centre_id: int | None
    role: str
    address: str | None = None

    @property
    def scoped(self) -> bool:
        return self.centre_id is not None


SYSTEM = Actor(user_id=None, centre_id=None, role="system")
# while a login, session cookie or API token is resolved: the user is not known yet
LOGIN = Actor(user_id=None, centre_id=None, role="login")


@contextmanager
def acting(session: Any, actor: Actor) -> Iterator[None]:
    """Run a block as `actor`, then restore whoever acted before (possibly nobody)."""
    before = session.info.get("actor")
    session.info["actor"] = actor
    try:
        yield
    finally:
        if before is None:
            session.info.pop("actor", None)
        else:
            session.info["actor"] = before


CallT = TypeVar("CallT", bound=Callable[..., Any])


def runs_as(actor: Actor) -> Callable[[CallT], CallT]:
    """A service function (session first) that acts as `actor` unless someone acts already:
    resolving a login reads users of every centre before anyone is logged in."""

    def wrap(function: CallT) -> CallT:
        @wraps(function)
        def run(session: Any, *args: Any, **kwargs: Any) -> Any:
            if actor_of(session) is not None:
                return function(session, *args, **kwargs)
            with acting(session, actor):
                return function(session, *args, **kwargs)

        return run  # type: ignore[return-value]

    return wrap


def actor_of(session: Any) -> Actor | None:
    actor = session.info.get("actor")
    return actor if isinstance(actor, Actor) else None


# --- engine ---------------------------------------------------------------------------------


def _sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # reports sort and group large row sets: a 64 MiB page cache and in-memory temp tables
    # per connection instead of the 2 MiB default and temp files (about 10 % on the report)
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.execute("PRAGMA temp_store=MEMORY")
    cursor.close()


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            from pathlib import Path

            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, class_=Session, expire_on_commit=False)


@contextmanager
def unit_of_work(factory: sessionmaker[Session], actor: Actor | None = None) -> Iterator[Session]:
    """The one place that commits: commit when the block succeeds, roll back otherwise."""
    session = factory()
    if actor is not None:
        session.info["actor"] = actor
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


# --- the centre scope -----------------------------------------------------------------------


@event.listens_for(Session, "do_orm_execute")
def _scope_to_centre(state: ORMExecuteState) -> None:
    if state.is_column_load or state.is_relationship_load:
        return  # the criteria of the statement that loaded the rows propagate to these loads
    actor = actor_of(state.session)
    if actor is None:
        touched = _tables_of(state.statement) & models().centre_tables
        if state.is_insert and touched == {"audit_log"}:
            return  # the audit mechanism writes as whoever it names (a login, a logout)
        if touched:
            raise ScopeMissing(f"no acting user for a statement on {', '.join(sorted(touched))}")
        return
    if actor.centre_id is None:
        return  # an explicit actor across all centres
    if state.is_select or state.is_update or state.is_delete:
        state.statement = state.statement.options(*_scope_options(actor.centre_id))
    if state.is_insert or state.is_update or state.is_delete:
        _check_core_write(state, actor.centre_id)


def _tables_of(statement: Any) -> set[str]:
    return {t.name for t in find_tables(statement, include_crud=True, include_joins=True)}


@dataclass(frozen=True, slots=True)
class Models:
    """What the scope and the audit need to know of the mapped models, derived once from the
    mapper registry (and again only when models are added)."""

    scopes: dict[str, Any]  # table -> ScopedByCentre, a Through, GLOBAL, or None (unclassified)
    centre_tables: frozenset[str]  # centre data: every table not GLOBAL (fail closed)
    audited_tables: frozenset[str]  # tables of models with `__audited__ = True`
    classes: tuple[type[Any], ...]  # every mapped class, by name

    def subclasses_of(self, base: type[Any]) -> tuple[type[Any], ...]:
        """The mapped classes deriving from `base` (soft-deletable, mergeable…), by name: for
        undo and purge (the queries' criteria sit on the marker class instead)."""
        return tuple(c for c in self.classes if issubclass(c, base))


_models: tuple[int, Models | None] = (-1, None)
# bumped whenever a mapper is made; `registry.mappers` builds a new frozenset of every mapper on
# each call, and models() is asked by the scope and the audit of statements and writes
_mapper_generation = 0


@event.listens_for(Mapper, "after_mapper_constructed")
def _mapper_added(_mapper: Mapper[Any], _class: type[Any]) -> None:
    global _mapper_generation
    _mapper_generation += 1


def models() -> Models:
    global _models
    known = _models[1]
    if known is not None and _models[0] == _mapper_generation:
        return known
    generation = _mapper_generation
    mappers = SQLModel._sa_registry.mappers
    classes = sorted((m.class_ for m in mappers), key=lambda c: c.__name__)
    scopes = {
        c.__tablename__: ScopedByCentre
        if issubclass(c, ScopedByCentre)
        else getattr(c, "__scope__", None)
        for c in classes
    }
    found = Models(
        scopes=scopes,
        centre_tables=frozenset(name for name, scope in scopes.items() if scope != GLOBAL),
        audited_tables=frozenset(
            c.__tablename__ for c in classes if getattr(c, "__audited__", False)
        ),
        classes=tuple(classes),
    )
    _models = (generation, found)
    return found


def table_scopes() -> dict[str, Any]:
    """Table name -> ScopedByCentre (the class), a Through, or GLOBAL; None if unclassified."""
    return models().scopes


def _rows_of(state: ORMExecuteState) -> list[dict[str, Any]]:
    params: Any = state.parameters
    rows: list[Any] = params if isinstance(params, list) else [params] if params else []
    values = getattr(state.statement, "_values", None)
    if values:  # .values(...) on the statement itself
        rows = rows or [{}]
        inline = {getattr(k, "key", str(k)): getattr(v, "value", v) for k, v in values.items()}
        rows = [{**inline, **row} for row in rows]
    return [dict(row) for row in rows]


def _check_core_write(state: ORMExecuteState, centre_id: int) -> None:
    """A core write names rows of the actor's centre only: directly (centre_id) or through
    the parent it points to. UPDATE/DELETE of through-parent tables get the parent's scope."""
    table = getattr(state.statement, "table", None)
    scope = table_scopes().get(getattr(table, "name", ""))
    if scope is None or scope == GLOBAL or table is None:
        return
    rows = _rows_of(state) if state.is_insert or state.is_update else []
    if scope is ScopedByCentre:
        if any(row.get("centre_id", centre_id) != centre_id for row in rows):
            raise CentreScopeError(f"{table.name}: a row of another centre")
        if state.is_insert and any("centre_id" not in row for row in rows):
            raise CentreScopeError(f"{table.name}: a row without its centre")
        return
    assert isinstance(scope, Through)
    parent = metadata.tables[scope.parent]
    in_centre = select(parent.c.id).where(parent.c.centre_id == centre_id)
    if state.is_update or state.is_delete:
        statement: Any = state.statement
        state.statement = statement.where(table.c[scope.column].in_(in_centre))
    ids = {row[scope.column] for row in rows if scope.column in row}
    if ids:
        found = set(state.session.execute(in_centre.where(parent.c.id.in_(ids))).scalars())
        if found != ids:
            raise CentreScopeError(f"{table.name}: a row under another centre's {scope.parent}")


@lru_cache(maxsize=256)
def _scope_options(centre_id: int) -> tuple[Any, ...]:
    """The criteria for one centre, built once: building them (a lambda analysed per class,
    ~20 classes) cost about 1 ms per query, half the time of a page with 15 queries.

    One option on the marker class: SQLAlchemy applies it to every mapped subclass when it
    compiles a statement (then cached). With one option per class, the ~20 options were
    coerced and walked for the cache key on every query, with those of deletions and merges
    ~0.35 ms of a query's 0.6 ms. Models mapped later are covered too (no model list here)."""
    return (
        with_loader_criteria(
            ScopedByCentre,
            lambda cls: marker_column(cls, "centre_id") == centre_id,
            include_aliases=True,
        ),
    )


def marker_column(entity: Any, name: str) -> Any:
    """`entity.name` for a loader criteria lambda given a marker class (ScopedByCentre,
    Deletable, Mergeable): SQLAlchemy calls the lambda once with the marker itself, which has
    no columns, to analyse it, and then with each mapped subclass in a statement."""
    found = getattr(entity, name, None)
    if found is not None:
        return found
    if inspect(entity, raiseerr=False) is not None:  # a mapped class without it: fail loudly
        raise AttributeError(f"{entity} has no column {name!r} for its loader criteria")
    return literal_column(name)  # the marker, for the analysis only


@event.listens_for(Session, "before_flush")
def _stamp_centre(session: Session, _ctx: Any, _instances: Any) -> None:
    actor = actor_of(session)
    if actor is None or actor.centre_id is None:
        return
    for obj in list(session.new) + list(session.dirty):
        if not isinstance(obj, ScopedByCentre):
            continue
        owner = getattr(obj, "centre_id", None)
        if owner is None and obj in session.new:
            setattr(obj, "centre_id", actor.centre_id)  # noqa: B010 - declared by subclasses
        elif owner != actor.centre_id:
            raise CentreScopeError(f"{type(obj).__name__} belongs to another centre")


ModelT = TypeVar("ModelT", bound=SQLModel)


def fetch(session: Session, model: type[ModelT], ident: int) -> ModelT | None:
    """One row by id, through the scope (never from another centre); audited as a view.
    An id no row can have is None without a query."""
    if not valid_id(ident):
        return None
    pk = model.__table__.primary_key.columns.values()[0]  # type: ignore[attr-defined]
    row = session.scalars(select(model).where(pk == ident)).first()
    if row is not None and getattr(model, "__audited__", False):
        from welcome.audit import record

        record(session, action="view", entity=model.__tablename__, entity_id=ident)  # type: ignore[arg-type]
    return row
