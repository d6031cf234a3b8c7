"""Password hashing: argon2id at the recommended cost, a cheap cost only under WELCOME_ENV=test."""

from __future__ import annotations

import pytest

from welcome import security


def _params(password_hash: str) -> str:
    return password_hash.split("$")[3]  # $argon2id$v=19$m=…,t=…,p=…$salt$digest


def test_the_suite_runs_with_the_cheap_cost() -> None:
    hashed = security.hash_password("correct horse battery")
    assert hashed.startswith("$argon2id$")
    assert _params(hashed) == "m=8,t=1,p=1"
    assert security.verify_password("correct horse battery", hashed)
    assert not security.verify_password("wrong horse battery", hashed)


@pytest.mark.parametrize("env", [None, "development", "production"])
def test_outside_tests_the_recommended_cost(
    monkeypatch: pytest.MonkeyPatch, env: str | None
) -> None:
    if env is None:
        monkeypatch.delenv("WELCOME_ENV")
    else:
        monkeypatch.setenv("WELCOME_ENV", env)
    hashed = security.hash_password("correct horse battery")
    assert _params(hashed) == "m=65536,t=3,p=4"
    assert security.verify_password("correct horse battery", hashed)
    assert not security.verify_password("wrong horse battery", hashed)


def test_each_cost_checks_the_others_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    cheap = security.hash_password("correct horse battery")
    monkeypatch.setenv("WELCOME_ENV", "production")
    real = security.hash_password("correct horse battery")
    assert security.verify_password("correct horse battery", cheap)
    monkeypatch.setenv("WELCOME_ENV", "test")
    assert security.verify_password("correct horse battery", real)
    assert not security.verify_password("wrong horse battery", real)
