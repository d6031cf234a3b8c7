from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from welcome.db import GLOBAL, ScopedByCentre, Through, TimestampMixin, UTCDateTime


class Centre(TimestampMixin, table=True):
    __tablename__ = "centres"
    __scope__ = GLOBAL
    __audited__ = True

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    region: str | None = Field(default=None, max_length=200)


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
