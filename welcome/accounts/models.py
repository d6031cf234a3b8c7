from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import LargeBinary
from sqlmodel import Field, SQLModel

from welcome.db import GLOBAL, ScopedByCentre, Through, TimestampMixin, UTCDateTime


class Centre(TimestampMixin, table=True):
    __tablename__ = "centres"
    __scope__ = GLOBAL
    __audited__ = True

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    region: str | None = Field(default=None, max_length=200)
    active: bool = True
    # the centre's details for its documents (the information sheet, letters)
    address: str | None = Field(default=None, max_length=300)
    email: str | None = Field(default=None, max_length=254)
    phone: str | None = Field(default=None, max_length=50)
    controller: str | None = Field(default=None, max_length=500)  # Art. 13 (1) a GDPR
    data_protection_officer: str | None = Field(default=None, max_length=500)  # Art. 13 (1) b
    # the law under which the centre acts in a public task (Art. 6 (1) e GDPR); empty: the
    # information sheet names consent as the legal basis (cases/privacy/sheet.py)
    public_task: str | None = Field(default=None, max_length=300)
    logo: bytes | None = Field(default=None, sa_type=LargeBinary)
    logo_type: str | None = Field(default=None, max_length=30)


class User(TimestampMixin, ScopedByCentre, table=True):
    __tablename__ = "users"
    __audited__ = True

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True)  # stored lower-case
    display_name: str = Field(default="", max_length=200)
    password_hash: str = Field(max_length=255)
    role: str = Field(max_length=20)
    centre_id: int | None = Field(default=None, foreign_key="centres.id", index=True)
    locale: str | None = Field(default=None, max_length=10)
    # dates of the English interface: "en_GB" (the default) or "en_US" (welcome.i18n)
    date_style: str | None = Field(default=None, max_length=5)
    active: bool = True


class LoginSession(SQLModel, table=True):
    """A server-side login session; the cookie holds a random token, the table its hash."""

    __tablename__ = "login_sessions"
    __scope__ = Through("user_id", "users")

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    csrf_token: str = Field(max_length=64)
    user_id: int = Field(foreign_key="users.id", index=True)
    created_at: datetime = Field(sa_type=UTCDateTime)
    last_seen_at: datetime = Field(sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    address: str | None = Field(default=None, max_length=64)


class LoginFailure(SQLModel, table=True):
    """Failed logins, kept in the database so throttling holds across workers."""

    __tablename__ = "login_failures"
    __scope__ = GLOBAL

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, index=True)  # as typed, lower-case; may be unknown
    address: str = Field(max_length=64, index=True)
    at: datetime = Field(sa_type=UTCDateTime, index=True)


class ApiToken(TimestampMixin, table=True):
    __tablename__ = "api_tokens"
    __scope__ = Through("user_id", "users")
    __audited__ = True

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    prefix: str = Field(max_length=16)
    label: str = Field(default="", max_length=200)
    last_used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # NULL: made before tokens expired, valid TOKEN_DAYS after creation (service.py)
    expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime)

    @property
    def expires_on(self) -> date:
        """The last day the token is valid (NULL: TOKEN_DAYS after its creation)."""
        end = self.expires_at or self.created_at + timedelta(days=90)
        return (end - timedelta(microseconds=1)).date()


class AccountLink(TimestampMixin, table=True):
    """A one-time link to set a password: an invitation (72 h) or a reset. Only its hash is
    stored; the link is shown once to whoever made it, to pass on (no e-mail server)."""

    __tablename__ = "account_links"
    __scope__ = Through("user_id", "users")
    __audited__ = True

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True)
    kind: str = Field(max_length=10)  # invitation, reset
    token_hash: str = Field(max_length=64, unique=True)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_by: int | None = Field(default=None, foreign_key="users.id")
