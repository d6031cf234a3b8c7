from __future__ import annotations

import datetime as dt

from sqlmodel import Field

from welcome.db import CentreScoped, TimestampMixin


class InformationRecord(TimestampMixin, CentreScoped, table=True):
    """The data-protection information sheet (Art. 13 GDPR) handed over to a person: when, in
    which language (always together with German) and which version of the sheet. A record
    like a consent: the proof that the person was informed; kept as long as the case file
    (deletion concept, data class "consent records")."""

    __tablename__ = "information_records"
    __audited__ = True

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="persons.id", index=True, ondelete="CASCADE")
    handed_over_on: dt.date
    sheet_language: str = Field(max_length=20)  # BCP 47, one of the 12 document languages
    sheet_version: str = Field(max_length=30)  # cases/privacy/sheet.py: version()
    handed_over_by_id: int | None = Field(default=None, foreign_key="users.id")
