"""Navigation entries, declared by each area's views module as `NAV = [NavItem(...)]`.

The app factory collects them, so a new area adds its own entry without editing the layout.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True, slots=True)
class NavItem:
    path: str
    label: Callable[[], str]
    order: int = 50
    roles: frozenset[str] | None = None  # None: every logged-in user

    def visible_to(self, role: str) -> bool:
        return self.roles is None or role in self.roles


def visible(items: Iterable[NavItem], role: str) -> list[NavItem]:
    return sorted((i for i in items if i.visible_to(role)), key=lambda i: (i.order, i.path))


def current(items: Iterable[NavItem], path: str) -> str | None:
    """The path of the one entry to mark as the current page (aria-current="page"): the entry
    whose path is the longest prefix of `path` at a segment boundary ("/recognitions/deadlines"
    wins over "/recognitions" there; "/" only for the start page). None off the navigation."""
    best: str | None = None
    for item in items:
        p = item.path
        hit = path == p if p == "/" else path == p or path.startswith(p.rstrip("/") + "/")
        if hit and (best is None or len(p) > len(best)):
            best = p
    return best


@dataclass(frozen=True, slots=True)
class DashboardPanel:
    """A panel on the start page, declared by an area's views module as `PANELS = [...]`.

    `load(db, user)` returns the template context (plain values); `template` renders it.
    """

    template: str
    load: Callable[..., dict[str, object]]
    order: int = 50
    roles: frozenset[str] | None = None

    def visible_to(self, role: str) -> bool:
        return self.roles is None or role in self.roles


@dataclass(frozen=True, slots=True)
class TimelineItem:
    """An entry another area adds to a person's timeline; `template` renders it (as `e`)."""

    on: date
    kind: str
    template: str
    item: Any


@dataclass(frozen=True, slots=True)
class PersonSection:
    """What an area adds to the person page, declared by its views module as
    `PERSON_SECTIONS = [...]`, so the persons area needs no import of the areas built on it.

    `load(db, person=…)` returns the context (plain values) of the card `template`, given to it
    as `data`; `timeline(db, person=…)` returns entries merged into the person's timeline.
    """

    template: str | None = None
    load: Callable[..., dict[str, object]] | None = None
    timeline: Callable[..., Sequence[TimelineItem]] | None = None
    order: int = 50
    roles: frozenset[str] | None = None

    def visible_to(self, role: str) -> bool:
        return self.roles is None or role in self.roles


@dataclass(frozen=True, slots=True)
class Notice:
    """A notice at the top of a case page (an area's `case_notices`): the text and a link to
    where it is resolved."""

    text: str
    href: str = ""
    link: str = ""


@dataclass(frozen=True, slots=True)
class RegistrationStep:
    """An area's part of the registration form: `template` (its fields, given `choices()` as
    `data`), and `record(db, person=…, data=…)` called in the same unit of work once the
    person is created, with the registration's input (cases.persons.schemas.
    PersonRegistrationIn, from the form or `POST /api/v1/persons`; a FieldErrors there shows
    the form again or answers 422, nothing written)."""

    template: str
    choices: Callable[[], dict[str, object]]
    record: Callable[..., None]
