"""The counselling rules: the field types of the input models (rules that need no database)
and the checks the services make against a stored case (each adds a field error, none writes)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError
from sqlmodel import Session

from cases.checks import MAX_DURATION, MIN_DURATION
from cases.cldr import LanguageTag
from cases.counselling.codes import CaseStatus, ContactTopic
from cases.counselling.models import Case
from welcome import clock
from welcome.db import actor_of
from welcome.i18n import _
from welcome.inputs import Day

# --- field types (validators of the input models) -------------------------------------------


def _not_future(value: date) -> date:
    if value > clock.today():
        raise PydanticCustomError("rule", _("The date cannot be in the future."))
    return value


def _duration(value: int) -> int:
    if not MIN_DURATION <= value <= MAX_DURATION:
        raise PydanticCustomError(
            "rule",
            _(
                "The duration must be between %(low)d and %(high)d minutes.",
                low=MIN_DURATION,
                high=MAX_DURATION,
            ),
        )
    return value


_TOPIC_ORDER = {t.value: n for n, t in enumerate(ContactTopic)}


def in_code_order(topics: list[str]) -> tuple[str, ...]:
    """Topics in the order of the code list (as forms and reports show them)."""
    return tuple(sorted(topics, key=lambda t: _TOPIC_ORDER.get(t, 99)))


def _topics(value: list[ContactTopic]) -> list[ContactTopic]:
    if not value:
        raise PydanticCustomError("rule", _("Please choose at least one topic."))
    return [ContactTopic(t) for t in in_code_order(list(dict.fromkeys(value)))]


# A day that has come: contacts, referrals, outcomes, openings, closings, consents.
PastDay = Annotated[Day, AfterValidator(_not_future)]
# The minutes of one contact or enquiry.
Duration = Annotated[int, AfterValidator(_duration)]
# The topics of a contact or enquiry: at least one, each once, in code order.
Topics = Annotated[list[ContactTopic], Field(max_length=len(ContactTopic)), AfterValidator(_topics)]
# A BCP 47 tag as the language columns hold it.
Language = Annotated[LanguageTag, StringConstraints(max_length=20)]


# --- checks against the stored case (the services') -----------------------------------------


def acting_user(db: Session) -> int | None:
    actor = actor_of(db)
    return actor.user_id if actor else None


def open_case(errors: dict[str, str], case: Case, what: str = "case") -> None:
    if case.status == CaseStatus.CLOSED:
        errors[what] = _("The case is closed. Reopen it first.")


def within_case(errors: dict[str, str], name: str, value: date, case: Case) -> None:
    if value < case.opened_on:
        errors[name] = _(
            "The date cannot be before the case was opened (%(date)s).",
            date=case.opened_on.isoformat(),
        )
