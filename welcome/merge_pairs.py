"""What merging two records does the same way in every area (persons, employers): find the
second record, compare the two field by field, count what would move, check who may undo.
The moving itself, the pointer and the undo's memory are `welcome/merging.py`. For the pages:
a compared field as the compare page shows it (`shown_row`), the compare page again after a
refused merge (`compare_again`), a refused undo (`refused`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from fastapi.responses import Response
from sqlalchemy import func, select
from sqlmodel import Session

from welcome import merging
from welcome.db import fetch, metadata
from welcome.errors import FieldErrors, NotFound
from welcome.forms import Invalid
from welcome.history import _shown as shown
from welcome.i18n import _

RecordT = TypeVar("RecordT")


@dataclass(frozen=True, slots=True)
class FieldChoice:
    name: str
    survivor: Any
    duplicate: Any
    take_duplicate: bool  # the default choice: the survivor's field is empty, the other's not

    @property
    def same(self) -> bool:
        return bool(self.survivor == self.duplicate)


def empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def choices(
    names: Iterable[str], mine: Mapping[str, Any], theirs: Mapping[str, Any]
) -> list[FieldChoice]:
    return [
        FieldChoice(name, mine[name], theirs[name], empty(mine[name]) and not empty(theirs[name]))
        for name in names
    ]


def takes_duplicate(name: str, sides: Mapping[str, str], mine: Mapping[str, Any]) -> bool:
    """Whether the merge takes the duplicate's value: chosen, or the survivor's is empty."""
    return sides.get(name) == "duplicate" or (name not in sides and empty(mine[name]))


def get(db: Session, model: type[Any], ident: int, getter: Callable[[], RecordT]) -> RecordT:
    """`getter()` (the area's `service.get`), but a merged-away id raises `MergedAway` naming
    the record it went into."""
    try:
        return getter()
    except NotFound:
        target = merging.pointer_of(db, model, ident)
        if target is not None:
            raise merging.MergedAway(target) from None
        raise


def other_of(
    db: Session, model: type[RecordT], record: Any, other_id: int, missing: str
) -> RecordT:
    """The second record: of the same centre (404 otherwise, also for an admin), not itself."""
    other = fetch(db, model, other_id)  # type: ignore[type-var]
    if other is None or getattr(other, "centre_id", None) != record.centre_id:
        raise NotFound(missing)
    if getattr(other, "id", None) == record.id:
        raise FieldErrors({"duplicate_id": _("A record cannot be merged with itself.")})
    return other


def move_counts(
    db: Session, treatments: Mapping[tuple[str, str], merging.Treatment], old_id: int
) -> dict[str, int]:
    """Per table, how many rows of the duplicate a merge moves (its own rows not counted)."""
    moves = {}
    for (table, column), how in sorted(treatments.items()):
        if isinstance(how, merging.Own):
            continue
        link = metadata.tables[table]
        count = db.scalar(select(func.count()).select_from(link).where(link.c[column] == old_id))
        if count:
            moves[table] = int(count)
    return moves


def shown_row(
    choice: FieldChoice,
    label: str,
    show: Callable[[Any], str] | None,
    survivor: Any,
    duplicate: Any,
    ticked: list[str] | None = None,
) -> dict[str, Any]:
    """One compared field for the compare page: its label, both values in words, the choice
    (the default, or after a refused merge the boxes as they were sent)."""
    return {
        "name": choice.name,
        "label": label,
        "survivor": shown(survivor, show),
        "duplicate": shown(duplicate, show),
        "same": choice.same,
        "take_duplicate": choice.take_duplicate if ticked is None else choice.name in ticked,
    }


def compare_again(compare: Callable[[int, dict[str, str], list[str]], Response]) -> Invalid:
    """A refused merge: the compare page again with the errors and the boxes sent
    (`compare(other_id, errors, ticked)`); without a usable other id, the error page."""

    def again(errors: dict[str, str], values: dict[str, Any]) -> Response:
        other = values.get("duplicate_id")
        if isinstance(other, str) and other.isdigit():
            return compare(int(other), errors, values.get("keep", []))
        raise FieldErrors(errors)

    return again


def refused(errors: dict[str, str], values: dict[str, Any]) -> Response:
    """A refused undo has no form to show again: the error page."""
    raise FieldErrors(errors)
