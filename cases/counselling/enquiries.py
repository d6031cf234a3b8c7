"""Anonymous quick enquiries: counted as contacts, never as persons."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import insert, select
from sqlmodel import Session, col

from cases import codes
from cases.checks import check_duration
from cases.counselling import checks
from cases.counselling.models import (
    Enquiry,
    EnquiryTopicRow,
)
from welcome.db import actor_of
from welcome.errors import FieldErrors
from welcome.i18n import _


def create_enquiry(
    db: Session,
    *,
    date: date | None,
    channel: str | None,
    topics: Sequence[str],
    language: str | None = None,
    duration_minutes: int | None = None,
    today: date | None = None,
) -> Enquiry:
    """An anonymous quick enquiry: counted as a contact, never as a person."""
    today = today or checks.today()
    errors: dict[str, str] = {}
    checks.not_future(errors, "date", date, today)
    checks.known(errors, "channel", channel, codes.Channel)
    chosen = checks.chosen_topics(errors, topics)
    language = checks.language(errors, "language", language)
    check_duration(errors, duration_minutes, required=False)
    if errors:
        raise FieldErrors(errors)
    assert date is not None and channel
    actor = actor_of(db)
    if actor is None or actor.centre_id is None:
        raise FieldErrors({"centre": _("Only a member of a centre can record an enquiry.")})
    enquiry = Enquiry(
        centre_id=actor.centre_id,
        date=date,
        channel=channel,
        language=language,
        duration_minutes=duration_minutes,
        counsellor_id=checks.acting_user(db),
    )
    db.add(enquiry)
    db.flush()
    db.execute(insert(EnquiryTopicRow), [{"enquiry_id": enquiry.id, "topic": t} for t in chosen])
    return enquiry


def enquiry_topics(db: Session, *, enquiry_id: int) -> list[str]:
    return list(
        db.scalars(
            select(col(EnquiryTopicRow.topic)).where(col(EnquiryTopicRow.enquiry_id) == enquiry_id)
        )
    )
