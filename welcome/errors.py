"""Domain errors that views and the API turn into field errors or problem responses."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base of the errors a user can cause (never a 500). `problem_extra`: members the API's
    problem body adds (a 409's `open_case_id`, a stale entry's `version`)."""

    status = 400
    problem_extra: dict[str, Any] | None = None


class FieldErrors(DomainError):
    """One or more fields are wrong; messages are translated already (or lazy)."""

    status = 422

    def __init__(self, errors: dict[str, Any]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = {k: str(v) for k, v in errors.items()}


class NotFound(DomainError):
    status = 404


class Forbidden(DomainError):
    status = 403


class Conflict(DomainError):
    status = 409
