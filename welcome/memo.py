"""Reads that several parts of one page ask for, answered once per state of the session.

The person page's sections come from different areas and each asks the database on its own:
the person's consents three times (the timeline, the consents card, the privacy card), the
person's cases three times (the timeline, who may correct the consents, who may read the
history). On PostgreSQL every statement is a round trip, so the repeats cost more than the
work. `remember` keeps an answer on the session until anything could change it: every flush,
commit and rollback clears the memo, and a session with unflushed changes is not answered
from it at all (a query would autoflush first), so a read never sees a state from before one
of the session's own writes. The key names the read and its arguments; the acting user is
part of it, since scope and roles follow the actor.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.orm import Session

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
