"""Audit of reads that return lists of personal data: a search or a filtered list is one
entry (action "search") with the query asked and the ids shown.

A service function that lists records is declared `@audited_list("cases")`: whoever calls it
(an API operation, a page, a panel, the calendar feed) is recorded, with the function's
keyword arguments as the query (the search words, the filters, offset and limit) and the ids
of what it returned. One row of a person opened is a "view" as before (welcome/audit.py).
System jobs and logins are not recorded (they show nothing to a person), nor a list that
showed nothing.

The words of a search (`q`, typed names) are personal text and never stored (issue 14): the
entry says that words were given and how many; the ids shown tell whose records were seen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import fields, is_dataclass
from functools import wraps
from typing import Any, TypeVar

from sqlmodel import Session

from welcome.audit import AuditAction, _plain, record_at_commit
from welcome.db import actor_of

CallT = TypeVar("CallT", bound=Callable[..., Any])
MAX_IDS = 1000  # more are not listed in one entry (the count still is)
FREE_TEXT = frozenset({"q"})  # query arguments that hold typed words, never recorded


def shown_ids(result: Any) -> list[int]:
    """The ids in what a list function returned: rows, (rows, total), or a dataclass of lists
    of rows (the deadline lists); a row has an `id` (attribute or key)."""
    if isinstance(result, tuple) and result and isinstance(result[0], list):
        return shown_ids(result[0])
    if is_dataclass(result) and not isinstance(result, type):
        found: list[int] = []
        for item in fields(result):
            value = getattr(result, item.name)
            if isinstance(value, list):
                found += shown_ids(value)
        return found
    if isinstance(result, Iterable) and not isinstance(result, str | bytes | Mapping):
        ids = []
        for row in result:
            ident = row.get("id") if isinstance(row, Mapping) else getattr(row, "id", None)
            if isinstance(ident, int):
                ids.append(ident)
        return ids
    return []


def record_list(db: Session, *, entity: str, query: Mapping[str, Any], ids: Iterable[int]) -> None:
    """One "search" entry: what was asked, which records were shown."""
    actor = actor_of(db)
    if actor is None or actor.role in ("system", "login"):
        return
    shown = list(dict.fromkeys(ids))  # in the order shown, once each
    if not shown:
        return  # nothing shown, no personal data read
    asked = {
        k: f"{len(str(v).split())} words" if k in FREE_TEXT else _plain(v)
        for k, v in query.items()
        if v not in (None, "", [], ())
    }
    changes: dict[str, Any] = {"query": asked, "ids": shown[:MAX_IDS], "count": len(shown)}
    record_at_commit(db, action=AuditAction.SEARCH, entity=entity, changes=changes)


def audited_list(entity: str) -> Callable[[CallT], CallT]:
    """Record every call of a list function (session first, keyword arguments after)."""

    def wrap(function: CallT) -> CallT:
        @wraps(function)
        def run(db: Session, *args: Any, **kwargs: Any) -> Any:
            result = function(db, *args, **kwargs)
            record_list(db, entity=entity, query=kwargs, ids=shown_ids(result))
            return result

        return run  # type: ignore[return-value]

    return wrap
