"""The checks shared by the counselling services: each adds a field error, none writes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import StrEnum

from sqlmodel import Session

from cases import cldr, codes
from cases.counselling.models import Case
from welcome.db import actor_of
from welcome.i18n import _


def known(errors: dict[str, str], name: str, value: str | None, enum: type[StrEnum]) -> None:
    if value is None or value == "":
        errors[name] = _("Please choose a value.")
    elif value not in {e.value for e in enum}:
        errors[name] = _("Unknown code %(code)s.", code=value)


def chosen_topics(errors: dict[str, str], topics: Sequence[str]) -> list[str]:
    chosen: list[str] = []
    for topic in topics:
        if topic not in {t.value for t in codes.ContactTopic}:
            errors["topics"] = _("Unknown topic %(code)s.", code=topic)
        elif topic not in chosen:
            chosen.append(topic)
    if not topics:
        errors["topics"] = _("Please choose at least one topic.")
    return chosen


def not_future(errors: dict[str, str], name: str, value: date | None, today: date) -> None:
    if value is None:
        errors[name] = _("Please enter a date.")
    elif value > today:
        errors[name] = _("The date cannot be in the future.")


def language(errors: dict[str, str], name: str, value: str | None) -> str | None:
    value = (value or "").strip() or None
    if value is not None and not cldr.valid_language(value):
        errors[name] = _("Unknown language code %(code)s.", code=value)
    return value


def acting_user(db: Session) -> int | None:
    actor = actor_of(db)
    return actor.user_id if actor else None


def open_case(errors: dict[str, str], case: Case, what: str = "case") -> None:
    if case.status == codes.CaseStatus.CLOSED:
        errors[what] = _("The case is closed. Reopen it first.")


def within_case(errors: dict[str, str], name: str, value: date | None, case: Case) -> None:
    if value is not None and name not in errors and value < case.opened_on:
        errors[name] = _(
            "The date cannot be before the case was opened (%(date)s).",
            date=case.opened_on.isoformat(),
        )


def today() -> date:
    return date.today()


_TOPIC_ORDER = {t.value: n for n, t in enumerate(codes.ContactTopic)}


def in_code_order(topics: list[str]) -> tuple[str, ...]:
    """Topics in the order of the code list (as forms and reports show them)."""
    return tuple(sorted(topics, key=lambda t: _TOPIC_ORDER.get(t, 99)))
