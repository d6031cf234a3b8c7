"""Employers, their contact persons, consultations, outreach events, hiring needs, placements.

Every table with its own life is CentreScoped and audited; link tables (topics of a
consultation, companies and persons reached by an event) are reached through their parent.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Field, SQLModel

from welcome.db import CentreScoped, Through, TimestampMixin
from welcome.deletions import SoftDeletable
from welcome.merging import Mergeable


class Employer(TimestampMixin, CentreScoped, Mergeable, table=True):
    """A company (Unternehmen) the centre works with; counted once however often reached.
    Merged into another employer, only the id, the centre and the pointer stay."""

    __tablename__ = "employers"
    __audited__ = True

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    # cases.employers.matching.key(name): legal form, case, accents, punctuation removed
    search_key: str = Field(default="", max_length=200, index=True)
    sector_code: str | None = Field(default=None, max_length=8)  # WZ section or division
    sector_version: str | None = Field(default=None, max_length=4)  # "2008" or "2025"
    sector_section: str | None = Field(default=None, max_length=1, index=True)  # derived
    size_band: str | None = Field(default=None, max_length=10, index=True)  # codes.SizeBand
    chamber: str | None = Field(default=None, max_length=10)  # codes.Chamber
    municipality: str | None = Field(default=None, max_length=120, index=True)
    address: str | None = Field(default=None, max_length=300)
    notes: str | None = Field(default=None, max_length=4000)
    merged_into_id: int | None = Field(default=None, foreign_key="employers.id", index=True)


class EmployerContact(TimestampMixin, SoftDeletable, CentreScoped, table=True):
    """A contact person at an employer (personal data: consent to be contacted is recorded)."""

    __tablename__ = "employer_contacts"
    __audited__ = True
    __audit_redact__ = ("name", "role", "phone", "email")  # personal text (issue 14)

    id: int | None = Field(default=None, primary_key=True)
    employer_id: int = Field(foreign_key="employers.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=200)
    role: str | None = Field(default=None, max_length=200)
    phone: str | None = Field(default=None, max_length=50)
    email: str | None = Field(default=None, max_length=254)
    consent_to_contact: bool = False
    consent_on: date | None = None


class EmployerConsultation(TimestampMixin, SoftDeletable, CentreScoped, table=True):
    """One individual consultation of a company (Unternehmensberatung)."""

    __tablename__ = "employer_consultations"
    __audited__ = True

    id: int | None = Field(default=None, primary_key=True)
    employer_id: int = Field(foreign_key="employers.id", index=True, ondelete="CASCADE")
    held_on: date = Field(index=True)
    duration_minutes: int
    channel: str = Field(max_length=20)  # codes.Channel
    counsellor_id: int | None = Field(default=None, foreign_key="users.id", index=True)
    notes: str | None = Field(default=None, max_length=4000)  # never reported
    follow_up_on: date | None = Field(default=None, index=True)


class ConsultationTopic(SQLModel, table=True):
    """The topics of a consultation (multi-answer; counted by SQL in reports)."""

    __tablename__ = "employer_consultation_topics"
    __scope__ = Through("consultation_id", "employer_consultations", field="topics", value="topic")

    consultation_id: int = Field(
        foreign_key="employer_consultations.id", primary_key=True, ondelete="CASCADE"
    )
    topic: str = Field(max_length=40, primary_key=True)  # codes.EmployerTopic


class OutreachEvent(TimestampMixin, SoftDeletable, CentreScoped, table=True):
    """An event, workshop, job fair, network meeting, mailing or webinar reaching companies."""

    __tablename__ = "outreach_events"
    __audited__ = True

    id: int | None = Field(default=None, primary_key=True)
    type: str = Field(max_length=30, index=True)  # codes.EventType
    title: str = Field(max_length=200)
    held_on: date = Field(index=True)
    format: str | None = Field(default=None, max_length=20)  # codes.EventFormat
    partners: str | None = Field(default=None, max_length=500)
    anonymous_companies: int = 0  # e.g. the recipients of a mailing
    persons_reached: int = 0
    notes: str | None = Field(default=None, max_length=4000)


class EventEmployer(SQLModel, table=True):
    """A named company reached by an event (de-duplicated by the primary key)."""

    __tablename__ = "outreach_event_employers"
    __scope__ = Through("event_id", "outreach_events", field="employers", value="employer_id")

    event_id: int = Field(foreign_key="outreach_events.id", primary_key=True, ondelete="CASCADE")
    employer_id: int = Field(
        foreign_key="employers.id", primary_key=True, index=True, ondelete="CASCADE"
    )


class EventPerson(SQLModel, table=True):
    """A counselled person who took part in an event (optional; the count is on the event)."""

    __tablename__ = "outreach_event_persons"
    __scope__ = Through("event_id", "outreach_events", field="persons", value="person_id")

    event_id: int = Field(foreign_key="outreach_events.id", primary_key=True, ondelete="CASCADE")
    person_id: int = Field(
        foreign_key="persons.id", primary_key=True, index=True, ondelete="CASCADE"
    )


class HiringNeed(TimestampMixin, SoftDeletable, CentreScoped, table=True):
    """Positions an employer wants to fill, and how it means to recruit."""

    __tablename__ = "employer_hiring_needs"
    __audited__ = True

    id: int | None = Field(default=None, primary_key=True)
    employer_id: int = Field(foreign_key="employers.id", index=True, ondelete="CASCADE")
    recorded_on: date = Field(index=True)
    occupation: str = Field(max_length=200)
    occupation_kldb: str | None = Field(default=None, max_length=5)  # KldB 2010
    positions: int = 1
    desired_start: date | None = None
    recruiting_route: str | None = Field(default=None, max_length=30)  # codes.RecruitingRoute
    notes: str | None = Field(default=None, max_length=4000)


class Placement(TimestampMixin, SoftDeletable, CentreScoped, table=True):
    """A counselled person starts a job, training or internship with an employer."""

    __tablename__ = "placements"
    __audited__ = True
    __audit_redact__ = ("occupation",)  # typed by hand (issue 14)

    id: int | None = Field(default=None, primary_key=True)
    employer_id: int = Field(foreign_key="employers.id", index=True, ondelete="CASCADE")
    person_id: int = Field(foreign_key="persons.id", index=True)
    type: str = Field(max_length=20)  # codes.PlacementType
    starts_on: date = Field(index=True)
    occupation: str = Field(max_length=200)
    occupation_kldb: str | None = Field(default=None, max_length=5)
