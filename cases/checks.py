"""Field checks every area shares.

Each adds a message to `errors` under the field's name (so a caller can name every wrong field
at once) and returns the cleaned value where there is one; none writes anything.
"""

from __future__ import annotations

from enum import StrEnum

from welcome.i18n import _

MIN_DURATION, MAX_DURATION = 1, 600  # minutes of one contact or consultation


def check_code(
    errors: dict[str, str], field: str, value: str | None, enum: type[StrEnum]
) -> str | None:
    """An optional code: blank is None, anything not in `enum` is an error naming it."""
    value = (value or "").strip() or None
    if value is not None and value not in {m.value for m in enum}:
        errors[field] = _("Unknown code %(code)s.", code=value)
    return value


def check_duration(errors: dict[str, str], value: int | None, *, required: bool = True) -> None:
    if value is None:
        if required:
            errors["duration_minutes"] = _("Please enter the duration in minutes.")
    elif not MIN_DURATION <= value <= MAX_DURATION:
        errors["duration_minutes"] = _(
            "The duration must be between %(low)d and %(high)d minutes.",
            low=MIN_DURATION,
            high=MAX_DURATION,
        )
