"""Consultations of employers: record, correct, topics, follow-ups due.

Keyword-only functions; they validate first (FieldErrors naming every wrong field, with the
API's field names), then write and flush, never commit. Every query goes through the centre
scope, so an id of another centre is simply not found.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, delete, exists, select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from cases.checks import check_code, check_duration
from cases.codes import Channel, EmployerTopic
from cases.employers.models import ConsultationTopic, Employer, EmployerConsultation
from cases.employers.rules import clip_text, date_in_range, today
from welcome import audit
from welcome.accounts.models import User
from welcome.audit import AuditAction
from welcome.db import fetch, valid_id
from welcome.errors import FieldErrors, NotFound
from welcome.i18n import _

FOLLOW_UP_WINDOW_DAYS = 7  # the dashboard shows follow-ups due within a week (and overdue)


def _counsellor(errors: dict[str, str], db: Session, counsellor_id: int | None) -> None:
    if counsellor_id is None:
        return
    query = select(col(User.id)).where(col(User.id) == counsellor_id)
    if not valid_id(counsellor_id) or db.scalars(query).first() is None:
        errors["counsellor_id"] = _("No such counsellor in your centre.")


def _consultation_values(
    db: Session,
    *,
    held_on: date | None,
    duration_minutes: int | None,
    channel: str | None,
    topics: Sequence[str],
    counsellor_id: int | None,
    follow_up_on: date | None,
) -> tuple[str, list[str]]:
    """The checks shared by create and update: (channel, topics) or FieldErrors."""
    errors: dict[str, str] = {}
    if held_on is None:
        errors["date"] = _("Please enter the date.")
    else:
        date_in_range(errors, "date", held_on, future_ok=False)
    check_duration(errors, duration_minutes)
    if not (channel or "").strip():
        errors["channel"] = _("Please choose a channel.")
    else:
        channel = check_code(errors, "channel", channel, Channel)
    chosen = list(dict.fromkeys(t.strip() for t in topics if t and t.strip()))
    unknown = [t for t in chosen if t not in {m.value for m in EmployerTopic}]
    if unknown:
        errors["topics"] = _("Unknown topics: %(codes)s.", codes=", ".join(unknown))
    date_in_range(errors, "follow_up_on", follow_up_on)
    if follow_up_on is not None and held_on is not None and follow_up_on < held_on:
        errors["follow_up_on"] = _("The follow-up cannot be before the consultation.")
    _counsellor(errors, db, counsellor_id)
    if errors:
        raise FieldErrors(errors)
    return str(channel), chosen


def _set_topics(db: Session, consultation_id: int, topics: Sequence[str]) -> None:
    db.execute(
        delete(ConsultationTopic).where(col(ConsultationTopic.consultation_id) == consultation_id)
    )
    for topic in topics:
        db.add(ConsultationTopic(consultation_id=consultation_id, topic=topic))
    db.flush()


def create_consultation(
    db: Session,
    *,
    employer: Employer,
    held_on: date | None,
    duration_minutes: int | None,
    channel: str | None,
    topics: Sequence[str] = (),
    counsellor_id: int | None = None,
    notes: str | None = None,
    follow_up_on: date | None = None,
) -> EmployerConsultation:
    actor = db.info.get("actor")
    if counsellor_id is None and actor is not None:
        counsellor_id = actor.user_id  # the acting user, not checked again
        checked = None
    else:
        checked = counsellor_id
    channel, chosen = _consultation_values(
        db,
        held_on=held_on,
        duration_minutes=duration_minutes,
        channel=channel,
        topics=topics,
        counsellor_id=checked,
        follow_up_on=follow_up_on,
    )
    assert employer.id is not None and held_on is not None and duration_minutes is not None
    consultation = EmployerConsultation(
        centre_id=employer.centre_id,
        employer_id=employer.id,
        held_on=held_on,
        duration_minutes=duration_minutes,
        channel=channel,
        counsellor_id=counsellor_id,
        notes=clip_text(notes, 4000),
        follow_up_on=follow_up_on,
    )
    db.add(consultation)
    db.flush()
    assert consultation.id is not None
    _set_topics(db, consultation.id, chosen)
    return consultation


def get_consultation(
    db: Session, *, employer_id: int, consultation_id: int
) -> EmployerConsultation:
    """One consultation of that employer in the centre; NotFound otherwise."""
    found = fetch(db, EmployerConsultation, consultation_id)
    if found is None or found.employer_id != employer_id:
        raise NotFound(_("No such consultation."))
    return found


def update_consultation(
    db: Session,
    *,
    consultation: EmployerConsultation,
    held_on: date | None,
    duration_minutes: int | None,
    channel: str | None,
    topics: Sequence[str] = (),
    counsellor_id: int | None = None,
    notes: str | None = None,
    follow_up_on: date | None = None,
) -> EmployerConsultation:
    """Correct a consultation: every field replaced; the counsellor stays unless given."""
    channel, chosen = _consultation_values(
        db,
        held_on=held_on,
        duration_minutes=duration_minutes,
        channel=channel,
        topics=topics,
        counsellor_id=counsellor_id,
        follow_up_on=follow_up_on,
    )
    assert consultation.id is not None and held_on is not None and duration_minutes is not None
    consultation.held_on = held_on
    consultation.duration_minutes = duration_minutes
    consultation.channel = channel
    if counsellor_id is not None:
        consultation.counsellor_id = counsellor_id
    consultation.notes = clip_text(notes, 4000)
    consultation.follow_up_on = follow_up_on
    db.add(consultation)
    topics_changed = sorted(topics_of(db, [consultation.id]).get(consultation.id, [])) != sorted(
        chosen
    )
    if topics_changed and not db.is_modified(consultation):
        # topics live in their own (unaudited) table: a change of topics alone is still a
        # change of the consultation and must show in the audit log
        audit.record(
            db,
            action=AuditAction.UPDATE,
            entity=EmployerConsultation.__tablename__,
            entity_id=consultation.id,
            centre_id=consultation.centre_id,
        )
    _set_topics(db, consultation.id, chosen)
    return consultation


def topics_of(db: Session, consultation_ids: Iterable[int]) -> dict[int, list[str]]:
    ids = list(consultation_ids)
    found: dict[int, list[str]] = {i: [] for i in ids}
    if not ids:
        return found
    order = {m.value: n for n, m in enumerate(EmployerTopic)}
    for cid, topic in db.execute(
        select(col(ConsultationTopic.consultation_id), col(ConsultationTopic.topic)).where(
            col(ConsultationTopic.consultation_id).in_(ids)
        )
    ):
        found[cid].append(topic)
    for topics in found.values():
        topics.sort(key=lambda t: order.get(t, 99))
    return found


def consultations_of(db: Session, *, employer_id: int) -> list[EmployerConsultation]:
    return list(
        db.scalars(
            select(EmployerConsultation)
            .where(col(EmployerConsultation.employer_id) == employer_id)
            .order_by(col(EmployerConsultation.held_on).desc(), col(EmployerConsultation.id).desc())
        )
    )


@dataclass(frozen=True, slots=True)
class FollowUp:
    consultation_id: int
    employer_id: int
    employer_name: str
    due_on: date


def follow_ups_due(
    db: Session, *, within_days: int = FOLLOW_UP_WINDOW_DAYS, limit: int = 20
) -> list[FollowUp]:
    """Follow-ups due within the window (or overdue) with no later consultation since."""
    later = aliased(EmployerConsultation)
    stmt = (
        select(
            col(EmployerConsultation.id),
            col(Employer.id),
            col(Employer.name),
            col(EmployerConsultation.follow_up_on),
        )
        .join(Employer, col(Employer.id) == col(EmployerConsultation.employer_id))
        .where(
            col(EmployerConsultation.follow_up_on).is_not(None),
            col(EmployerConsultation.follow_up_on) <= today() + timedelta(days=within_days),
            ~exists().where(
                and_(
                    col(later.employer_id) == col(EmployerConsultation.employer_id),
                    col(later.held_on) > col(EmployerConsultation.held_on),
                )
            ),
        )
        .order_by(col(EmployerConsultation.follow_up_on), col(Employer.name))
        .limit(limit)
    )
    return [
        FollowUp(consultation_id=cid, employer_id=eid, employer_name=name, due_on=due)
        for cid, eid, name, due in db.execute(stmt)
    ]
