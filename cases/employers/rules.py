"""The rules of the employer work: field types for the input models (schemas.py), and the few
helpers the services share (the acting centre, which ids exist in it).

The field types raise pydantic errors of kind "rule" carrying their translated message, so a
page and the API name the same words at the same field (welcome.inputs.message_of).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from enum import Enum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError
from sqlalchemy import select
from sqlmodel import Session

from cases import codelists
from cases.checks import MAX_DURATION, MIN_DURATION
from welcome import clock
from welcome.db import actor_of, valid_id
from welcome.errors import FieldErrors
from welcome.i18n import _
from welcome.inputs import Day, RowId, Whole

MAX_COUNT = 1_000_000  # companies or persons reached by one event
MAX_POSITIONS = 10_000  # positions of one hiring need
MAX_IDS = 5000  # companies or persons named by one event
# "far future": an event or a placement more than two years (730 days) ahead is a typo
FAR_FUTURE_DAYS = 730
EARLIEST = date(2000, 1, 1)  # anything earlier is a typo in the year


# --- field types ----------------------------------------------------------------------------


def _rule(message: str) -> PydanticCustomError:
    return PydanticCustomError("rule", message)


def _not_too_early(value: date) -> date:
    if value < EARLIEST:
        raise _rule(_("Please check the year: %(date)s is too long ago.", date=value.isoformat()))
    return value


def _not_far_ahead(value: date) -> date:
    if value > clock.today() + timedelta(days=FAR_FUTURE_DAYS):
        raise _rule(_("This date lies more than two years ahead. Please check the year."))
    return value


def _not_future(value: date) -> date:
    if value > clock.today():
        raise _rule(_("This date lies in the future."))
    return value


def _duration(value: int) -> int:
    if not MIN_DURATION <= value <= MAX_DURATION:
        raise _rule(
            _(
                "The duration must be between %(low)d and %(high)d minutes.",
                low=MIN_DURATION,
                high=MAX_DURATION,
            )
        )
    return value


def _kldb(value: str) -> str:
    if not (value.isascii() and value.isdigit() and 1 <= len(value) <= 5):
        raise _rule(_("A KldB 2010 code has up to five digits."))
    if value not in codelists.kldb():  # any level of the full list
        raise _rule(_("%(code)s is not a code of KldB 2010 (Fassung 2020).", code=value))
    return value


# a day that has happened (a consultation, a consent, a need recorded), since 2000
PastDay = Annotated[Day, AfterValidator(_not_too_early), AfterValidator(_not_future)]
# a day of the work, past or planned (an event, a follow-up, a start): 2000 to two years ahead
WorkDay = Annotated[Day, AfterValidator(_not_too_early), AfterValidator(_not_far_ahead)]
# minutes of one consultation (the bounds shared with the counselling contacts)
Duration = Annotated[Whole, AfterValidator(_duration)]
# companies or persons reached by one event
Reached = Annotated[Whole, Field(ge=0, le=MAX_COUNT)]
# an occupation's KldB 2010 code: the occupation, or a coarser level of it (1 to 5 digits)
KldB = Annotated[str, StringConstraints(max_length=5), AfterValidator(_kldb)]


# --- the services' helpers ------------------------------------------------------------------


def columns(data: BaseModel, **kw: Any) -> dict[str, Any]:
    """An input model's values for the columns: codes as their plain text."""
    values = data.model_dump(**kw)
    return {k: v.value if isinstance(v, Enum) else v for k, v in values.items()}


def acting_centre_id(db: Session) -> int:
    actor = actor_of(db)
    if actor is None or actor.centre_id is None:
        raise FieldErrors({"centre": _("Only a member of a centre can record this.")})
    return actor.centre_id


def existing_ids(db: Session, model: Any, ids: Iterable[int]) -> set[int]:
    """The ids of `model` rows the centre has among `ids`."""
    wanted = {i for i in ids if valid_id(i)}
    if not wanted:
        return set()
    return set(db.scalars(select(model.id).where(model.id.in_(wanted))))


def missing_ids(db: Session, model: Any, ids: Iterable[int]) -> list[int]:
    """The ids among `ids` that name no `model` row of the centre, in the order given."""
    chosen = list(dict.fromkeys(ids))
    known = existing_ids(db, model, chosen)
    return [i for i in chosen if i not in known]


def split_ids(value: Any) -> Any:
    """Record numbers typed into a picker's plain field ("12, #15") as a list (the combobox
    sends one value per chosen record)."""
    items = value if isinstance(value, list) else [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        return value
    out: list[Any] = []
    for item in items:
        if isinstance(item, str):
            out += [p.strip().lstrip("#") for p in item.replace(";", ",").split(",") if p.strip()]
        else:
            out.append(item)
    return out


def _one_id(value: Any) -> Any:
    return value.strip().lstrip("#") if isinstance(value, str) else value


# records chosen in a picker: ids, or one text of numbers separated by commas
IdList = Annotated[list[RowId], BeforeValidator(split_ids)]
# one record chosen in a picker: its id ("#12" as typed into the plain field is 12)
PickedId = Annotated[RowId, BeforeValidator(_one_id)]
