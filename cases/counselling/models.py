from __future__ import annotations

from datetime import date

from sqlmodel import Field

from welcome.db import CentreScoped, TimestampMixin


class Case(TimestampMixin, CentreScoped, table=True):
    """A counselling case (Beratungsfall): one person, one centre, a responsible counsellor."""

    __tablename__ = "cases"
    __audited__ = True

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="persons.id", index=True)
    counsellor_id: int | None = Field(default=None, foreign_key="users.id", index=True)
    opened_on: date = Field(index=True)
    closed_on: date | None = None
    status: str = Field(default="open", max_length=10, index=True)  # cases.codes.CaseStatus
    referral_source: str | None = Field(default=None, max_length=30)
    closure_reason: str | None = Field(default=None, max_length=30)
