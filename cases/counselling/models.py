from __future__ import annotations

import datetime as dt

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from welcome.db import CentreScoped, Through, TimestampMixin
from welcome.deletions import SoftDeletable


class Case(TimestampMixin, SoftDeletable, CentreScoped, table=True):
    """A counselling case (Beratungsfall): one person, one centre, a responsible counsellor."""

    __tablename__ = "cases"
    __audited__ = True
    # the case list is always of one centre, nearly always filtered by status and sorted by
    # one of these dates: walking the index gives a page in order without sorting every open
    # case, and counts the cases of a status from the index alone (deleted_at too: every
    # query leaves cancelled cases out)
    __table_args__ = (
        Index("ix_cases_centre_status_opened_on", "centre_id", "status", "opened_on", "deleted_at"),
        Index(
            "ix_cases_centre_status_last_contact_on",
            "centre_id", "status", "last_contact_on", "deleted_at",
        ),
    )  # fmt: skip

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="persons.id", index=True)
    counsellor_id: int | None = Field(default=None, foreign_key="users.id", index=True)
    opened_on: dt.date = Field(index=True)
    closed_on: dt.date | None = None
    status: str = Field(default="open", max_length=10, index=True)  # codes.CaseStatus
    referral_source: str | None = Field(default=None, max_length=30)
    closure_reason: str | None = Field(default=None, max_length=30)
    # the date of the latest contact (kept by the service): "no contact for N days" filter
    last_contact_on: dt.date | None = Field(default=None, index=True)


class CaseEvent(TimestampMixin, CentreScoped, table=True):
    """Closing and reopening of a case, kept as a visible log."""

    __tablename__ = "case_events"
    __audited__ = True

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=10)  # closed, reopened
    on: dt.date
    reason: str | None = Field(default=None, max_length=30)
    user_id: int | None = Field(default=None, foreign_key="users.id")


class Contact(TimestampMixin, SoftDeletable, CentreScoped, table=True):
    """One counselling session (Beratungskontakt) of a case."""

    __tablename__ = "contacts"
    __audited__ = True

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True, ondelete="CASCADE")
    date: dt.date = Field(index=True)
    duration_minutes: int
    channel: str = Field(max_length=20)  # codes.Channel
    language: str | None = Field(default=None, max_length=20)  # BCP 47
    notes: str | None = Field(default=None, max_length=4000)  # never reported
    counsellor_id: int | None = Field(default=None, foreign_key="users.id", index=True)


class ContactTopicRow(SQLModel, table=True):
    """The topics of a contact (multi-answer), one row each, counted by SQL in reports."""

    __tablename__ = "contact_topics"
    __scope__ = Through("contact_id", "contacts", field="topics", value="topic")

    contact_id: int = Field(foreign_key="contacts.id", primary_key=True, ondelete="CASCADE")
    topic: str = Field(max_length=30, primary_key=True)  # codes.ContactTopic


class Referral(TimestampMixin, SoftDeletable, CentreScoped, table=True):
    """A referral (Weitervermittlung) of the person to a partner."""

    __tablename__ = "referrals"
    __audited__ = True

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True, ondelete="CASCADE")
    date: dt.date = Field(index=True)
    partner: str = Field(max_length=30)  # codes.ReferralPartner
    notes: str | None = Field(default=None, max_length=2000)


class Outcome(TimestampMixin, SoftDeletable, CentreScoped, table=True):
    """What came of a case (dated, several per case)."""

    __tablename__ = "outcomes"
    __audited__ = True

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True, ondelete="CASCADE")
    date: dt.date = Field(index=True)
    type: str = Field(max_length=30)  # codes.OutcomeType


class Consent(TimestampMixin, SoftDeletable, CentreScoped, table=True):
    """A person's consent for one purpose, with the information sheet given, and withdrawal."""

    __tablename__ = "consents"
    __audited__ = True

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="persons.id", index=True, ondelete="CASCADE")
    purpose: str = Field(max_length=30)  # codes.ConsentPurpose
    given_on: dt.date
    sheet_version: str = Field(max_length=30)
    sheet_language: str = Field(max_length=20)  # BCP 47
    withdrawn_on: dt.date | None = None


class Enquiry(TimestampMixin, SoftDeletable, CentreScoped, table=True):
    """An anonymous quick enquiry: counted as a contact, never as a person."""

    __tablename__ = "enquiries"
    __audited__ = True

    id: int | None = Field(default=None, primary_key=True)
    date: dt.date = Field(index=True)
    channel: str = Field(max_length=20)
    language: str | None = Field(default=None, max_length=20)
    duration_minutes: int | None = None
    counsellor_id: int | None = Field(default=None, foreign_key="users.id")


class EnquiryTopicRow(SQLModel, table=True):
    __tablename__ = "enquiry_topics"
    __scope__ = Through("enquiry_id", "enquiries", field="topics", value="topic")

    enquiry_id: int = Field(foreign_key="enquiries.id", primary_key=True, ondelete="CASCADE")
    topic: str = Field(max_length=30, primary_key=True)
