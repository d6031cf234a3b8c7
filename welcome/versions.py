"""Optimistic concurrency: a version column on every correctable record.

- `Versioned` (a model mixin) adds `version`, SQLAlchemy's `version_id_col`: every ORM UPDATE
  says `WHERE version = <the version loaded>` and raises the version by one, so two saves that
  both read version 3 cannot both write (the second matches no row).
- An edit form (or a PATCH body) carries the version it was opened with; `check(row, sent)`
  raises `Stale` when the row has changed since. `save(db)` flushes and turns the race that
  slipped between check and write into the same `Stale`.
- `Stale` is a 409 (problem+json in the API); `form_post` answers it by re-rendering the form
  with the stored values, the new version and the message at the `version` field.
- `edit_model(ContactIn, "ContactPatch")`: the PATCH body of an area, all fields optional (as
  `patch_model`) plus the optional `version`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from pydantic import BaseModel, create_model
from sqlalchemy.orm import declared_attr
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Field, Session, SQLModel

from welcome.errors import Conflict
from welcome.i18n import _
from welcome.inputs import Input, RowId, patch_model

VERSION_FIELD = "version"


class Versioned(SQLModel):
    """Mixin: `version` starts at 1 and rises with every ORM update of the row."""

    version: int = Field(default=1, nullable=False, sa_column_kwargs={"server_default": "1"})

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


class Stale(Conflict):
    """The record changed since the form or the client read it (HTTP 409).

    `values`: the stored values as a form shows them (with the new `version`), so that the
    page shows what is there now; `version`: the stored version."""

    def __init__(self, *, version: int, values: Mapping[str, Any] | None = None) -> None:
        super().__init__(message())
        self.version = version
        self.problem_extra = {VERSION_FIELD: version}
        self.values = {**dict(values or {}), VERSION_FIELD: str(version)}


def message() -> str:
    return _("This entry changed since you opened it. Here are its current values.")


def check(
    row: Versioned, sent: int | None, values: Callable[[], Mapping[str, Any]] | None = None
) -> None:
    """Raise Stale when `sent` (the version the editor opened) is not the row's version.
    `sent` None: the client did not say (the API allows it), nothing is checked."""
    if sent is not None and sent != row.version:
        raise Stale(version=row.version, values=values() if values else None)


def save(
    db: Session, row: Versioned, values: Callable[[], Mapping[str, Any]] | None = None
) -> None:
    """Flush the row's changes; a concurrent save that won the race is a Stale here too."""
    try:
        db.flush()
    except StaleDataError:
        db.rollback()
        raise Stale(version=row.version + 1, values=None) from None


def sent_version(raw: Any) -> int | None:
    """The version a form sent (its hidden field), None when missing or not a number."""
    if isinstance(raw, str) and raw.strip().isdigit() and len(raw.strip()) < 10:
        return int(raw.strip())
    return None


def edit_model(model: type[Input], name: str) -> type[BaseModel]:
    """The PATCH body: the create model's fields, all optional, and an optional `version`."""
    base = patch_model(model, f"{name}Fields")
    patch: type[BaseModel] = create_model(
        name,
        __base__=base,
        __doc__=model.__doc__,
        version=(RowId | None, None),
    )
    return patch
