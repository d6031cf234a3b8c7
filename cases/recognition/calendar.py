"""The iCalendar feed of a user's due dates (RFC 5545), behind a secret, revocable URL.

Only the SHA-256 of the token is stored; creating a new URL revokes the old one. Events carry
the occupation and the procedure number, never the person's name: calendar services outside
the centre read the feed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlmodel import Session, col

from cases.recognition.models import CalendarFeed, RecognitionProcedure
from welcome import security
from welcome.accounts.models import User
from welcome.db import LOGIN, runs_as, utcnow
from welcome.i18n import _

TOKEN_PREFIX = "cal_"


def create(db: Session, *, user_id: int) -> str:
    """A new secret token for the user's feed (returned once); older ones stop working."""
    revoke(db, user_id=user_id)
    token = security.new_token(TOKEN_PREFIX)
    db.add(CalendarFeed(user_id=user_id, token_hash=security.token_hash(token)))
    db.flush()
    return token


def revoke(db: Session, *, user_id: int) -> int:
    count = 0
    for feed in db.scalars(
        select(CalendarFeed).where(
            col(CalendarFeed.user_id) == user_id, col(CalendarFeed.revoked_at).is_(None)
        )
    ):
        feed.revoked_at = utcnow()
        count += 1
    db.flush()
    return count


def get(db: Session, *, user_id: int) -> CalendarFeed | None:
    """The user's active feed, or None."""
    return db.scalars(
        select(CalendarFeed).where(
            col(CalendarFeed.user_id) == user_id, col(CalendarFeed.revoked_at).is_(None)
        )
    ).first()


@runs_as(LOGIN)
def resolve(db: Session, *, token: str) -> User | None:
    """The active user a feed token belongs to, or None (unknown, revoked, inactive)."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    found = db.execute(
        select(CalendarFeed, User)
        .join(User, col(User.id) == col(CalendarFeed.user_id))
        .where(col(CalendarFeed.token_hash) == security.token_hash(token))
    ).first()
    if found is None:
        return None
    feed: CalendarFeed = found[0]
    user: User = found[1]
    if feed.revoked_at is not None or not user.active:
        return None
    return user


# --- RFC 5545 -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Event:
    uid: str
    day: date
    summary: str
    description: str
    url: str


def events_for(procedures: Iterable[RecognitionProcedure], *, base_url: str) -> list[Event]:
    """One all-day event per open due date."""
    events: list[Event] = []
    for proc in procedures:
        assert proc.id is not None
        url = f"{base_url.rstrip('/')}/recognitions/{proc.id}"
        open_decision = proc.decided_on is None and proc.status != "withdrawn"
        if open_decision and proc.receipt_due_on and proc.receipt_confirmed_on is None:
            events.append(
                Event(
                    uid=f"recognition-{proc.id}-receipt@welcome",
                    day=proc.receipt_due_on,
                    summary=_(
                        "Receipt confirmation due: %(occupation)s (procedure %(id)d)",
                        occupation=proc.reference_occupation,
                        id=proc.id,
                    ),
                    description=_("The authority must confirm receipt of the application."),
                    url=url,
                )
            )
        if open_decision and proc.decision_due_on:
            events.append(
                Event(
                    uid=f"recognition-{proc.id}-decision@welcome",
                    day=proc.decision_due_on,
                    summary=_(
                        "Decision due: %(occupation)s (procedure %(id)d)",
                        occupation=proc.reference_occupation,
                        id=proc.id,
                    ),
                    description=_("The authority must decide on the recognition."),
                    url=url,
                )
            )
    return events


# what a calendar program (or Python's splitlines) takes for the end of a line: each one an
# escaped line break, so no text can start a property of its own
_LINE_BREAKS = re.compile("\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# the other control characters RFC 5545 does not allow in TEXT (a tab is allowed)
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f-\x9f]")


def escape_text(value: str) -> str:
    """TEXT value escaping (RFC 5545 § 3.3.11): backslash, semicolon, comma, every kind of
    line break (also VT, FF, NEL, U+2028/2029) as \\n; other control characters dropped."""
    escaped = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return _CONTROLS.sub("", _LINE_BREAKS.sub("\\\\n", escaped))


def fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 § 3.1), never inside a UTF-8 character."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts: list[str] = []
    current = ""
    size = 0
    limit = 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size, limit = "", 0, 74  # continuation lines start with a space
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def render(events: Iterable[Event], *, name: str, now: datetime | None = None) -> str:
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//welcome//recognition deadlines//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{event.day.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(event.day + timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{escape_text(event.summary)}",
            f"DESCRIPTION:{escape_text(event.description)}",
            f"URL:{event.url}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
