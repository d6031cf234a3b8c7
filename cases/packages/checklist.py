"""Which checklist items a person gets (DOMAIN.md, welcome package): pure rules on a profile."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

# EU, EEA and Switzerland (free movement: no visa, no foreigners' authority, licence valid)
_EU = "AT BE BG HR CY CZ DK EE FI FR GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE"
FREE_MOVEMENT = frozenset([*_EU.split(), "IS", "LI", "NO", "CH"])
FROM_GERMANY_GROUPS = frozenset({"returnee", "domestic_mover"})
FAMILY_SITUATIONS = frozenset({"family_with_children", "single_parent"})
FLUENT_GERMAN = frozenset({"b1", "b2", "c1", "c2", "native"})

REGISTRATION_WEEKS = 2
LICENCE_MONTHS = 6
INTEGRATION_GERMAN_UNITS = 600
INTEGRATION_ORIENTATION_UNITS = 100


@dataclass(frozen=True, slots=True)
class Recognition:
    """An open recognition procedure, as far as the welcome package needs it."""

    occupation: str
    authority: str
    documents_complete: bool
    due_on: date | None


@dataclass(frozen=True, slots=True)
class Profile:
    client_group: str
    nationalities: tuple[str, ...] = ()
    residence_status: str | None = None
    previous_residence_country: str | None = None
    family_situation: str | None = None
    children_count: int | None = None
    german_level: str | None = None
    arrived_on: date | None = None
    recognitions: tuple[Recognition, ...] = ()

    @property
    def german(self) -> bool:
        return "DE" in self.nationalities or self.residence_status == "german_citizen"

    @property
    def free_movement(self) -> bool:
        """EU/EEA/CH citizen (and not German)."""
        if self.german:
            return False
        return (
            any(n in FREE_MOVEMENT for n in self.nationalities)
            or self.residence_status == "eu_free_movement"
            or (not self.nationalities and self.client_group == "eu_immigrant")
        )

    @property
    def third_country(self) -> bool:
        if self.german or self.free_movement:
            return False
        return bool(self.nationalities) or self.client_group == "third_country_immigrant"

    @property
    def from_germany(self) -> bool:
        if self.previous_residence_country:
            return self.previous_residence_country == "DE"
        return self.client_group in FROM_GERMANY_GROUPS

    @property
    def family(self) -> bool:
        return self.family_situation in FAMILY_SITUATIONS or (self.children_count or 0) > 0


@dataclass(frozen=True, slots=True)
class Entry:
    """One checklist item before translation: a code, its due date, its parameters."""

    code: str
    due_on: date | None = None
    recognition: Recognition | None = None


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def checklist(profile: Profile) -> tuple[Entry, ...]:
    arrived = profile.arrived_on
    entries = [
        Entry(
            "registration",
            arrived + timedelta(weeks=REGISTRATION_WEEKS) if arrived else None,
        )
    ]
    if profile.third_country:
        entries.append(Entry("foreigners_authority"))
    if not profile.from_germany:
        entries.append(Entry("tax_id"))
    entries.append(Entry("health_insurance"))
    if not profile.from_germany:
        entries.append(Entry("bank_account"))
    entries.append(Entry("broadcasting_fee"))
    if profile.family:
        entries += [Entry("childcare"), Entry("school")]
    if (profile.third_country or profile.free_movement) and (
        profile.german_level not in FLUENT_GERMAN
    ):
        entries.append(Entry("integration_course"))
    if profile.third_country:
        entries.append(
            Entry("driving_licence", add_months(arrived, LICENCE_MONTHS) if arrived else None)
        )
    for procedure in profile.recognitions:
        entries.append(Entry("recognition", procedure.due_on, procedure))
    return tuple(entries)
