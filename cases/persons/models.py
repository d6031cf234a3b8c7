from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from welcome.db import CentreScoped, Through, TimestampMixin, UTCDateTime
from welcome.merging import Mergeable


class Person(TimestampMixin, CentreScoped, Mergeable, table=True):
    """A newcomer counselled by a centre (never a login). Merged into another person, only
    the id, the centre and the pointer stay (cases/persons/merge.py)."""

    __tablename__ = "persons"
    __audited__ = True
    __audit_views__ = True  # every load of a person is a view of personal data
    # personal text: the audit log records that it changed, never the words (issue 14)
    __audit_redact__ = ("first_name", "last_name", "municipality", "occupation_title")

    id: int | None = Field(default=None, primary_key=True)
    client_group: str = Field(max_length=30, index=True)  # cases.persons.codes.ClientGroup
    first_name: str = Field(max_length=100)
    last_name: str = Field(max_length=100)
    # normalised names for search before create (cases.persons.matching)
    search_first: str = Field(default="", max_length=100, index=True)
    search_last: str = Field(default="", max_length=100, index=True)
    birth_year: int | None = None
    gender: str | None = Field(default=None, max_length=20)
    previous_residence_country: str | None = Field(default=None, max_length=2)  # ISO alpha-2
    previous_residence_state: str | None = Field(default=None, max_length=5)  # DE-XX
    municipality: str | None = Field(default=None, max_length=120)
    arrived_on: date | None = None
    preferred_language: str | None = Field(default=None, max_length=20)  # BCP 47
    counselling_language: str | None = Field(default=None, max_length=20)
    residence_status: str | None = Field(default=None, max_length=30)
    german_level: str | None = Field(default=None, max_length=10)
    qualification_level: str | None = Field(default=None, max_length=30)
    occupation_kldb: str | None = Field(default=None, max_length=5)  # KldB 2010, 5 digits
    occupation_title: str | None = Field(default=None, max_length=200)
    family_situation: str | None = Field(default=None, max_length=30)
    children_count: int | None = None
    merged_into_id: int | None = Field(default=None, foreign_key="persons.id", index=True)
    # set when the deletion concept anonymised the person (cases/retention): only what the
    # report counts is left, and no page, search or id finds the person any more
    anonymised_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class PersonNationality(SQLModel, table=True):
    """One row per nationality (a person may have several); counted by SQL in reports."""

    __tablename__ = "person_nationalities"
    __scope__ = Through("person_id", "persons", field="nationalities", value="country")

    person_id: int = Field(foreign_key="persons.id", primary_key=True, ondelete="CASCADE")
    country: str = Field(max_length=2, primary_key=True)  # ISO 3166 alpha-2
    position: int = 0


class PersonSearchKey(SQLModel, table=True):
    """Typo-tolerant name lookup: each normalised name and its one-letter deletions.

    Two names within one edit (or one swap of neighbouring letters) share a key, so the
    duplicate check and the search box find them with an indexed equality lookup.
    Rows are reached through `persons` (scoped), never on their own.
    """

    __tablename__ = "person_search_keys"
    __scope__ = Through("person_id", "persons")
    # key first, person second: a lookup by key reads the person ids from the index alone
    # (with the key only, every matching row was read from the table: the duplicate check
    # of a common name touched ~20,000 rows of 50,000 persons, 60-160 ms on SQLite)
    __table_args__ = (Index("ix_person_search_keys_key_person", "key", "person_id"),)

    person_id: int = Field(foreign_key="persons.id", primary_key=True, ondelete="CASCADE")
    key: str = Field(max_length=100, primary_key=True)
