"""Anonymous quick enquiries: counted as contacts, never as persons."""

from __future__ import annotations

from sqlalchemy import insert, select
from sqlmodel import Session, col

from cases.counselling import checks
from cases.counselling.models import Enquiry, EnquiryTopicRow
from cases.counselling.schemas import EnquiryIn
from welcome.db import actor_of
from welcome.errors import FieldErrors
from welcome.i18n import _


def create(db: Session, *, data: EnquiryIn) -> Enquiry:
    """An anonymous quick enquiry of the acting user's centre."""
    actor = actor_of(db)
    if actor is None or actor.centre_id is None:
        raise FieldErrors({"centre": _("Only a member of a centre can record an enquiry.")})
    enquiry = Enquiry(
        centre_id=actor.centre_id,
        date=data.date,
        channel=data.channel,
        language=data.language,
        duration_minutes=data.duration_minutes,
        counsellor_id=checks.acting_user(db),
    )
    db.add(enquiry)
    db.flush()
    db.execute(
        insert(EnquiryTopicRow),
        [{"enquiry_id": enquiry.id, "topic": t.value} for t in data.topics],
    )
    return enquiry


def topics_of(db: Session, *, enquiry_id: int) -> list[str]:
    return list(
        checks.in_code_order(
            list(
                db.scalars(
                    select(col(EnquiryTopicRow.topic)).where(
                        col(EnquiryTopicRow.enquiry_id) == enquiry_id
                    )
                )
            )
        )
    )
