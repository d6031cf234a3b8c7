"""Settings: defaults, and one clear line naming the variable when something is wrong."""

from __future__ import annotations

import subprocess
import sys

import pytest

from welcome.config import Settings, SettingsError, load_settings


def test_default_database_is_sqlite_in_the_data_dir(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("WELCOME_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("WELCOME_DATABASE_URL", raising=False)
    settings = load_settings()
    assert settings.effective_database_url == f"sqlite:///{tmp_path.resolve()}/welcome.db"


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"WELCOME_DEFAULT_LOCALE": "fr"}, "WELCOME_DEFAULT_LOCALE"),
        ({"WELCOME_DATABASE_URL": "mysql://x"}, "WELCOME_DATABASE_URL"),
        ({"WELCOME_SESSION_HOURS": "-1"}, "WELCOME_SESSION_HOURS"),
        ({"WELCOME_ENV": "staging"}, "WELCOME_ENV"),
        ({"WELCOME_ENV": "production"}, "WELCOME_SECRET_KEY"),
        ({"WELCOME_ENV": "production", "WELCOME_SECRET_KEY": "short"}, "WELCOME_SECRET_KEY"),
    ],
)
def test_bad_settings_name_the_variable(monkeypatch, env: dict[str, str], variable: str) -> None:  # type: ignore[no-untyped-def]
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    message = str(caught.value)
    assert variable in message
    assert "\n" not in message


def test_production_with_a_real_secret_is_fine() -> None:
    settings = Settings(env="production", secret_key="x" * 40)
    assert settings.cookies_secure


def test_cli_stops_with_one_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = subprocess.run(
        [sys.executable, "-m", "welcome.cli", "db", "current"],
        env={"WELCOME_ENV": "production", "WELCOME_DATA_DIR": str(tmp_path), "PATH": "/usr/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "WELCOME_SECRET_KEY" in lines[0]


def test_trusted_proxies_are_addresses_or_networks() -> None:
    assert Settings(trusted_proxies="10.0.0.5, 192.168.0.0/16, ::1").trusted_proxies
    assert Settings().trusted_proxies == ""  # none by default
    with pytest.raises(ValueError, match="not an address"):
        Settings(trusted_proxies="10.0.0.5, proxy.example")
