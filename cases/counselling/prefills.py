"""What a new contact's form starts with, so a counsellor types less: the person's
counselling language (else the preferred one) and the channel the counsellor used last."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session, col

from cases.counselling.models import Contact
from cases.persons.models import Person


def last_channel(db: Session, *, counsellor_id: int | None) -> str:
    """The channel of the counsellor's most recently logged contact (in the centre), or ""."""
    if counsellor_id is None:
        return ""
    stmt = (
        select(col(Contact.channel))
        .where(col(Contact.counsellor_id) == counsellor_id)
        .order_by(col(Contact.id).desc())  # the newest first, by the index (users' contacts)
        .limit(1)
    )
    return str(db.scalar(stmt) or "")


def contact_defaults(
    db: Session, *, person: Person | None, counsellor_id: int | None
) -> dict[str, str]:
    language = (person.counselling_language or person.preferred_language) if person else None
    return {"language": language or "", "channel": last_channel(db, counsellor_id=counsellor_id)}
