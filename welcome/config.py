"""Settings from `WELCOME_*` environment variables (pydantic-settings)."""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PLACEHOLDER_SECRET = "change-me"
SUPPORTED_UI_LOCALES = ("de", "en")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WELCOME_", extra="ignore")

    env: Literal["development", "test", "production"] = "development"
    data_dir: Path = Path("data")
    database_url: str = ""
    secret_key: str = PLACEHOLDER_SECRET
    default_locale: str = "de"
    session_hours: float = Field(default=12.0, gt=0, le=24 * 30)
    session_idle_minutes: float = Field(default=120.0, gt=0)
    login_max_failures: int = Field(default=5, ge=1)
    login_max_failures_per_address: int = Field(default=20, ge=1)
    login_window_minutes: float = Field(default=15.0, gt=0)
    secure_cookies: bool | None = None  # default: on outside development
    upload_max_mb: int = Field(default=20, ge=1, le=1024)  # recognition documents
    # PDF render processes per host (0: one per CPU); a host that serves stored files only
    # needs one, each costs ~150 MB and a warm-up render at start
    render_workers: int = Field(default=0, ge=0, le=64)
    # the reverse proxies whose X-Forwarded-For / -Proto count: addresses or networks,
    # comma-separated ("10.0.0.5, 192.168.1.0/24"); none by default (the peer is the client)
    trusted_proxies: str = ""
    # where files go (welcome/storage.py): "" = the database, or s3://bucket/prefix with the
    # endpoint (any S3-compatible store) and credentials below (empty: boto3's own defaults)
    storage_url: str = ""
    storage_endpoint_url: str = ""
    storage_region: str = ""
    storage_access_key_id: str = ""
    storage_secret_access_key: str = ""

    @field_validator("default_locale")
    @classmethod
    def _known_locale(cls, value: str) -> str:
        if value not in SUPPORTED_UI_LOCALES:
            raise ValueError(f"must be one of {', '.join(SUPPORTED_UI_LOCALES)}")
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _addresses(cls, value: str) -> str:
        for item in (part.strip() for part in value.split(",")):
            if not item:
                continue
            try:
                ipaddress.ip_network(item, strict=False)
            except ValueError:
                raise ValueError(f"{item!r} is not an address or network") from None
        return value

    @field_validator("storage_url")
    @classmethod
    def _object_store(cls, value: str) -> str:
        if value and (not value.startswith("s3://") or not value[5:].split("/")[0]):
            raise ValueError("must be empty (the database) or s3://bucket/prefix")
        return value

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str) -> str:
        if value and not value.startswith(("sqlite://", "sqlite+pysqlite://", "postgresql")):
            raise ValueError("must be a sqlite:/// or postgresql+psycopg:// URL")
        return value

    @model_validator(mode="after")
    def _real_secret_outside_development(self) -> Settings:
        if self.env == "production" and (
            self.secret_key == PLACEHOLDER_SECRET or len(self.secret_key) < 32
        ):
            raise ValueError(
                "WELCOME_SECRET_KEY must be set to a random value of at least 32 characters "
                "outside development"
            )
        return self

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'welcome.db').resolve()}"

    @property
    def cookies_secure(self) -> bool:
        if self.secure_cookies is not None:
            return self.secure_cookies
        return self.env == "production"


class SettingsError(RuntimeError):
    """A setting is wrong; the message is one line that names the variable."""


def load_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = err.get("loc") or ()
        name = f"WELCOME_{str(loc[0]).upper()}" if loc else "WELCOME_SECRET_KEY"
        message = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        if message.startswith("WELCOME_"):
            raise SettingsError(f"Configuration error: {message}") from None
        raise SettingsError(f"Configuration error: {name}: {message}") from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()
