"""Reads that several parts of one page ask for, answered once per state of the session.

The person page's sections come from different areas and each asks the database on its own:
the person's consents five times (the timeline, the consents card, its history and undo, the
privacy card), the person's cases four times (the timeline, the case card, who may correct the
consents, who may read the history). On PostgreSQL every statement costs a round trip and
~1 ms of driver work, more than the repeats' own work. `remember` keeps an answer on the
session until anything could change it: every flush, commit and rollback clears the memo (so
does an UPDATE, DELETE or INSERT the session executes directly), and a session with unflushed
changes is not answered from it at all (the read would autoflush first), so a read never sees
a state from before one of the session's own writes. The key names the read and its
arguments; the acting user is part of it, since scope and roles follow the actor.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

from welcome.db import actor_of

T = TypeVar("T")
_KEY = "memo"


def remember(db: Session, key: tuple[Hashable, ...], read: Callable[[], T]) -> T:
    """`read()`, or what it answered before in this session's current state."""
    if db.new or db.dirty or db.deleted:
        return read()  # the read would flush first: the memo is about to be stale
    actor = actor_of(db)
    who = (actor.user_id, actor.centre_id, actor.role) if actor else None
    full = (*key, who)
    store: dict[tuple[Hashable, ...], Any] = db.info.get(_KEY, {})
    if full in store:
        found: T = store[full]
        return found
    value = read()
    db.info.setdefault(_KEY, {})[full] = value
    return value


def _forget(session: Session, *_args: Any) -> None:
    session.info.pop(_KEY, None)


for _name in ("after_flush", "after_commit", "after_rollback", "after_soft_rollback"):
    event.listen(Session, _name, _forget)


@event.listens_for(Session, "do_orm_execute")
def _forget_on_write(state: ORMExecuteState) -> None:
    # a bulk or core UPDATE/DELETE/INSERT through the session changes rows without a flush
    if state.is_insert or state.is_update or state.is_delete:
        _forget(state.session)
