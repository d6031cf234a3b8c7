from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON
from sqlmodel import Field

from welcome.db import CentreScoped, TimestampMixin, UTCDateTime, utcnow
from welcome.deletions import SoftDeletable


class LocalContact(TimestampMixin, SoftDeletable, CentreScoped, table=True):
    """An office of the centre's region shown in welcome packages, kept by the centre's lead."""

    __tablename__ = "local_contacts"
    __audited__ = True

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    address: str = Field(default="", max_length=500)
    opening_hours: str = Field(default="", max_length=500)
    phone: str = Field(default="", max_length=60)
    email: str = Field(default="", max_length=254)
    position: int = 0
    # optional notes per document language, e.g. {"uk": "…", "ar": "…"}; German under "de"
    notes: dict[str, str] = Field(default_factory=dict, sa_type=JSON)


class IssuedPackage(TimestampMixin, CentreScoped, table=True):
    """One issued welcome package: who, when, in which language and content version.

    The PDF itself is kept in welcome.storage (`pdf_path` holds its reference) so it downloads
    again identically, from every app host.
    """

    __tablename__ = "welcome_packages"
    __audited__ = True
    __stored_files__ = ("pdf_path",)  # a welcome.storage reference ("": no file)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="persons.id", index=True)
    language: str = Field(max_length=10, index=True)  # BCP 47, one of languages.LANGUAGES
    content_version: str = Field(max_length=64)
    issued_by_id: int | None = Field(default=None, foreign_key="users.id", index=True)
    issued_at: datetime = Field(
        default_factory=utcnow, sa_type=UTCDateTime, nullable=False, index=True
    )
    appointment_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    pdf_sha256: str = Field(max_length=64)
    pdf_path: str = Field(max_length=300)  # the welcome.storage reference (db:…, s3://…)
    pdf_size: int = 0


class PackageSignoff(TimestampMixin, CentreScoped, table=True):
    """A lead's sign-off of one content version of the welcome package: the German content
    (`language` "de") or a translation checked by a native speaker (`reviewer`)."""

    __tablename__ = "welcome_package_signoffs"
    __audited__ = True

    id: int | None = Field(default=None, primary_key=True)
    language: str = Field(max_length=10, index=True)  # BCP 47, one of languages.LANGUAGES
    content_version: str = Field(max_length=64, index=True)
    signed_by_id: int | None = Field(default=None, foreign_key="users.id", index=True)
    signed_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    reviewer: str = Field(default="", max_length=200)  # the native speaker, for translations
    note: str = Field(default="", max_length=1000)


class PackageItemSetting(TimestampMixin, CentreScoped, table=True):
    """A checklist item the centre has switched off (it is then left out of its packages)."""

    __tablename__ = "welcome_package_item_settings"
    __audited__ = True

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=60, index=True)  # items.CONTENT code, e.g. "bank_account"
    enabled: bool = True


class CentreItem(TimestampMixin, CentreScoped, table=True):
    """A centre's own checklist item: German text with its source and "last checked" date;
    translations typed by the centre are printed marked as not reviewed."""

    __tablename__ = "welcome_package_centre_items"
    __audited__ = True

    id: int | None = Field(default=None, primary_key=True)
    who: str = Field(default="everyone", max_length=30)  # centre_items.AUDIENCES
    title: str = Field(max_length=200)
    what: str = Field(max_length=1000)
    where: str = Field(default="", max_length=300)
    documents: str = Field(default="", max_length=300)
    source: str = Field(max_length=300)
    checked_on: date
    position: int = 0
    active: bool = True
    # {"uk": {"title": "…", "what": "…"}, …}: optional, not reviewed
    translations: dict[str, dict[str, str]] = Field(default_factory=dict, sa_type=JSON)
