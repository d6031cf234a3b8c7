"""Short factories of the employer tests: each input goes through its input model."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from cases.employers import consultations, events, service
from cases.employers.models import Employer, EmployerConsultation, OutreachEvent
from cases.employers.schemas import ConsultationIn, EmployerIn, EventIn
from welcome import clock
from welcome.inputs import validate


def employer(db: Session, name: str = "Müller GmbH", **fields: Any) -> Employer:
    return service.create(db, data=validate(EmployerIn, {"name": name, **fields}))


def consultation(db: Session, employer: Employer, **fields: Any) -> EmployerConsultation:
    values = {"date": clock.today(), "duration_minutes": 30, "channel": "phone", **fields}
    return consultations.create(db, employer=employer, data=validate(ConsultationIn, values))


def event(db: Session, **fields: Any) -> OutreachEvent:
    values = {"date": clock.today(), "type": "workshop", "title": "W", **fields}
    return events.create(db, data=validate(EventIn, values))
