"""Consultations of employers: record, correct, topics, follow-ups due.

Keyword-only functions; they take the validated `ConsultationIn`, check what needs the
database (the counsellor), write and flush, never commit. Every query goes through the centre
scope, so an id of another centre is simply not found.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, delete, exists, select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from cases.employers.codes import EmployerTopic
from cases.employers.models import ConsultationTopic, Employer, EmployerConsultation
from cases.employers.schemas import ConsultationIn
from welcome import clock
from welcome.accounts.models import User
from welcome.db import actor_of, fetch
from welcome.errors import FieldErrors, NotFound
from welcome.i18n import _

FOLLOW_UP_WINDOW_DAYS = 7  # the dashboard shows follow-ups due within a week (and overdue)


def _check_counsellor(db: Session, counsellor_id: int | None) -> None:
    if counsellor_id is None:
        return
    if db.scalars(select(col(User.id)).where(col(User.id) == counsellor_id)).first() is None:
        raise FieldErrors({"counsellor_id": _("No such counsellor in your centre.")})


def _set_topics(db: Session, consultation_id: int, topics: Sequence[str]) -> None:
    db.execute(
        delete(ConsultationTopic).where(col(ConsultationTopic.consultation_id) == consultation_id)
    )
    for topic in topics:
        db.add(ConsultationTopic(consultation_id=consultation_id, topic=topic))
    db.flush()


def create(db: Session, *, employer: Employer, data: ConsultationIn) -> EmployerConsultation:
    """A consultation; by the acting user unless a counsellor of the centre is given."""
    _check_counsellor(db, data.counsellor_id)
    actor = actor_of(db)
    counsellor_id = data.counsellor_id
    if counsellor_id is None and actor is not None:
        counsellor_id = actor.user_id
    assert employer.id is not None
    consultation = EmployerConsultation(
        centre_id=employer.centre_id,
        employer_id=employer.id,
        held_on=data.date,
        duration_minutes=data.duration_minutes,
        channel=data.channel.value,
        counsellor_id=counsellor_id,
        notes=data.notes,
        follow_up_on=data.follow_up_on,
    )
    db.add(consultation)
    db.flush()
    assert consultation.id is not None
    _set_topics(db, consultation.id, [t.value for t in data.topics])
    return consultation


def get(db: Session, *, employer_id: int, consultation_id: int) -> EmployerConsultation:
    """One consultation of that employer in the centre; NotFound otherwise."""
    found = fetch(db, EmployerConsultation, consultation_id)
    if found is None or found.employer_id != employer_id:
        raise NotFound(_("No such consultation."))
    return found


def values_of(db: Session, *, consultation: EmployerConsultation) -> dict[str, Any]:
    """The stored consultation as input values (the correction form)."""
    assert consultation.id is not None
    return {
        "date": consultation.held_on,
        "duration_minutes": consultation.duration_minutes,
        "channel": consultation.channel,
        "topics": topics_of(db, [consultation.id])[consultation.id],
        "notes": consultation.notes,
        "follow_up_on": consultation.follow_up_on,
    }


def update(
    db: Session, *, consultation: EmployerConsultation, data: ConsultationIn
) -> EmployerConsultation:
    """Correct a consultation: every field replaced; the counsellor stays unless given."""
    _check_counsellor(db, data.counsellor_id)
    assert consultation.id is not None
    consultation.held_on = data.date
    consultation.duration_minutes = data.duration_minutes
    consultation.channel = data.channel.value
    if data.counsellor_id is not None:
        consultation.counsellor_id = data.counsellor_id
    consultation.notes = data.notes
    consultation.follow_up_on = data.follow_up_on
    db.add(consultation)
    # a change of the topics alone is an update of the consultation in the audit log (the
    # topic rows are declared its children: welcome.audit)
    _set_topics(db, consultation.id, [t.value for t in data.topics])
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


def list_consultations(db: Session, *, employer_id: int) -> list[EmployerConsultation]:
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
            col(EmployerConsultation.follow_up_on) <= clock.today() + timedelta(days=within_days),
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
