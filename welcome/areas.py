"""An area declares what it adds to the app in one typed object, `AREA` in its `area.py`.

The app factory walks the explicit tuple `all_areas()`: a new area is one line there, and a
misspelt attribute is an error at start-up (and for mypy), never silently ignored.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from fastapi import APIRouter

from welcome.nav import DashboardPanel, NavItem, Notice, PersonSection, RegistrationStep


@dataclass(frozen=True, slots=True)
class Area:
    name: str
    views: tuple[APIRouter, ...] = ()  # HTML routers (CSRF-checked)
    api: tuple[APIRouter, ...] = ()  # JSON routers, mounted under /api/v1
    nav: tuple[NavItem, ...] = ()
    panels: tuple[DashboardPanel, ...] = ()
    person_sections: tuple[PersonSection, ...] = ()
    # shown on the persons search page before a name is typed (e.g. the user's open cases)
    search_panels: tuple[DashboardPanel, ...] = ()
    # besides the leads, who may read a person's change history: (db, person_id, user_id)
    # -> True for, e.g., the counsellor of one of the person's cases
    person_stewards: tuple[Callable[[Any, int, int], bool], ...] = ()
    # the registration form's parts of other areas (the information sheet handed over)
    registration: tuple[RegistrationStep, ...] = ()
    # notices at the top of a case page: (db, case) -> notices (consent, information missing)
    case_notices: tuple[Callable[[Any, Any], Sequence[Notice]], ...] = ()
    startup: tuple[Callable[[], None], ...] = ()  # run off the request path when the app starts
    shutdown: tuple[Callable[[], None], ...] = ()  # run when the app stops


def all_areas() -> tuple[Area, ...]:
    """Every area of the app, in the order their routes are matched."""
    from cases.counselling.area import AREA as counselling
    from cases.employers.area import AREA as employers
    from cases.imports.area import AREA as imports
    from cases.packages.area import AREA as packages
    from cases.persons.area import AREA as persons
    from cases.privacy.area import AREA as privacy
    from cases.recognition.area import AREA as recognition
    from cases.reports.area import AREA as reports
    from cases.retention.area import AREA as retention
    from welcome.accounts.area import AREA as accounts
    from welcome.shell.area import AREA as shell

    return (
        accounts, shell, persons, counselling, recognition, employers, packages, reports, imports,
        privacy,
        retention,
    )  # fmt: skip


@lru_cache(maxsize=1)
def person_stewards() -> tuple[Callable[[Any, int, int], bool], ...]:
    """Every area's `person_stewards`, in area order."""
    return tuple(f for area in all_areas() for f in area.person_stewards)


@lru_cache(maxsize=1)
def registration_steps() -> tuple[RegistrationStep, ...]:
    """Every area's part of the registration form, in area order."""
    return tuple(step for area in all_areas() for step in area.registration)


@lru_cache(maxsize=1)
def case_notices() -> tuple[Callable[[Any, Any], Sequence[Notice]], ...]:
    """Every area's `case_notices`, in area order."""
    return tuple(f for area in all_areas() for f in area.case_notices)
