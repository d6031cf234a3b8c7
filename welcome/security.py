"""Password hashing, random tokens and their stored hashes, signed values."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from functools import lru_cache

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

# argon2id with the smallest cost argon2 accepts (1 pass, 8 KiB, 1 lane): only when
# WELCOME_ENV=test, because the suite creates and logs in hundreds of users and the real cost
# (~0.25 s per hash or check on this machine) made up about a third of its time. Still a real
# argon2id hash, salted and verified; a hash stores its parameters, so either hasher checks
# the other's hashes.
TEST_TIME_COST, TEST_MEMORY_KIB, TEST_LANES = 1, 8, 1


def _cheap_for_tests() -> bool:
    return os.environ.get("WELCOME_ENV") == "test"


def _hasher() -> PasswordHash:
    return _hasher_for(test=_cheap_for_tests())


@lru_cache(maxsize=2)
def _hasher_for(*, test: bool) -> PasswordHash:
    if test:
        return PasswordHash(
            (
                Argon2Hasher(
                    time_cost=TEST_TIME_COST, memory_cost=TEST_MEMORY_KIB, parallelism=TEST_LANES
                ),
            )
        )
    return PasswordHash.recommended()  # argon2id, t=3, m=64 MiB, p=4


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password: str, password_hash: str) -> bool:
    try:
        return _hasher().verify(password, password_hash)
    except Exception:  # a malformed stored hash is a failed login, not a crash
        return False


@lru_cache(maxsize=2)
def _dummy_hash(*, test: bool) -> str:
    return _hasher_for(test=test).hash(secrets.token_urlsafe(16))


def burn_password_check(password: str) -> None:
    """Spend the time of a real check, so unknown accounts cannot be told apart by timing."""
    verify_password(password, _dummy_hash(test=_cheap_for_tests()))


def new_token(prefix: str = "") -> str:
    return prefix + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """Tokens are long random strings: a plain SHA-256 is enough to store them."""
    return hashlib.sha256(token.encode()).hexdigest()


def sign(value: str, key: str) -> str:
    mac = hmac.new(key.encode(), value.encode(), hashlib.sha256).hexdigest()[:32]
    return f"{value}.{mac}"


def unsign(signed: str, key: str) -> str | None:
    value, _dot, _mac = signed.rpartition(".")
    if value and hmac.compare_digest(sign(value, key), signed):
        return value
    return None


def same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(str(a), str(b))
