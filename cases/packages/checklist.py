"""Which checklist items a person gets (DOMAIN.md, welcome package): pure rules on a profile.

The rules follow `CONTENT-FACTS.md`; each item's text, source and "last checked" date are in
`cases/packages/items.py`, and `items.RULES` says in words who gets which item (the content
page shows it). `checklist(profile)` gives the entries in print order, each with a variant
(which text of the item applies) and, where the newcomer has one, a deadline.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

# EU and EEA: free movement, and their driving licences stay valid (no conversion)
_EU = "AT BE BG HR CY CZ DK EE FI FR GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE"
EU_EEA = frozenset([*_EU.split(), "IS", "LI", "NO", "DE"])
# free movement of persons also covers Switzerland (but a Swiss licence is not an EU licence)
FREE_MOVEMENT = (EU_EEA - {"DE"}) | {"CH"}
FROM_GERMANY_GROUPS = frozenset({"returnee", "domestic_mover"})
FAMILY_SITUATIONS = frozenset({"family_with_children", "single_parent"})
FLUENT_GERMAN = frozenset({"b1", "b2", "c1", "c2", "native"})
# kreisfreie Städte of Saxony: their offices are the city's, not a Landkreis's
KREISFREIE_STAEDTE = ("Dresden", "Leipzig", "Chemnitz")
STUDY = frozenset({"study_training"})
WORK = frozenset({"skilled_worker", "other_employment", "recognition", "job_search"})
NO_LICENCE = "none"  # the counsellor's answer "has no driving licence"

REGISTRATION_WEEKS = 2
LICENCE_MONTHS = 6


@dataclass(frozen=True, slots=True)
class Recognition:
    """A recognition procedure, as far as the welcome package needs it."""

    occupation: str
    authority: str
    status: str = "preparing"  # cases.recognition.codes.RecognitionStatus
    decision: str | None = None  # cases.recognition.codes.RecognitionDecision
    accelerated: bool = False
    receipt_due_on: date | None = None  # the authority's deadline, not the newcomer's
    decision_due_on: date | None = None  # the authority's deadline, not the newcomer's


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
    municipality: str | None = None
    # where the driving licence was issued (ISO alpha-2), "none", or unknown (None: then the
    # country of previous residence is taken)
    licence_country: str | None = None

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
    def first_residence(self) -> bool:
        """Lives in Germany for the first time (returnees and movers within Germany have lived
        here before, so they already have a tax ID)."""
        return not self.from_germany and self.client_group not in FROM_GERMANY_GROUPS

    @property
    def family(self) -> bool:
        return self.family_situation in FAMILY_SITUATIONS or (self.children_count or 0) > 0

    @property
    def temporary_protection(self) -> bool:
        """Residence permit for temporary protection (§ 24 AufenthG): people from Ukraine with
        a humanitarian residence status (the status group holds §§ 24, 25)."""
        from_ukraine = "UA" in self.nationalities or self.previous_residence_country == "UA"
        return self.residence_status == "humanitarian" and from_ukraine and not self.german

    @property
    def licence_from(self) -> str | None:
        """Where the driving licence was issued: as recorded, else the country of previous
        residence (for people from abroad); "none" for no licence; None when unknown."""
        if self.licence_country:
            return self.licence_country.upper() if self.licence_country != NO_LICENCE else None
        if self.previous_residence_country and not self.from_germany:
            return self.previous_residence_country.upper()
        return None

    @property
    def city(self) -> str | None:
        """The kreisfreie Stadt the person lives in (Dresden, Leipzig, Chemnitz), if any."""
        place = (self.municipality or "").strip().casefold()
        for city in KREISFREIE_STAEDTE:
            name = city.casefold()
            if place == name or place.startswith((name + " ", name + "-", name + ",")):
                return city
        return None


@dataclass(frozen=True, slots=True)
class Entry:
    """One checklist item before translation: a code, its variant, its deadline, parameters."""

    code: str
    variant: str = ""
    due_on: date | None = None  # the newcomer's deadline
    recognition: Recognition | None = None

    @property
    def key(self) -> str:
        """Code and variant, e.g. "driving_licence:protection" (items.CONTENT's key)."""
        return f"{self.code}:{self.variant}" if self.variant else self.code


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def licence_variant(profile: Profile) -> str | None:
    """Which driving-licence text applies, by the country that issued the licence and the
    residence status (§ 29 FeV; Regulation (EU) 2022/1280); None: nothing to do."""
    country = profile.licence_from
    if country is None or country in EU_EEA:
        return None  # no licence, unknown, German or EU/EEA licence: stays valid
    if country == "UA" and profile.temporary_protection:
        return "protection"
    return "third_country"


def foreigners_variant(profile: Profile) -> str:
    if profile.temporary_protection:
        return "protection"
    if profile.residence_status in STUDY:
        return "study"
    if profile.residence_status in WORK:
        return "work"
    return "general"


def recognition_variant(procedure: Recognition) -> str:
    """The next step of a procedure, by its status (and decision once decided)."""
    status = procedure.status
    if status in {"decided", "compensation"}:
        decision = procedure.decision or "pending"
        if decision in {"partial", "compensation_required"} or status == "compensation":
            return "decided_compensation"
        if decision in {"full", "partial_access", "negative"}:
            return f"decided_{decision}"
        return "decided_other"
    if status in {"applied", "waiting_on_person", "in_review", "suspended"}:
        return status if status != "suspended" else "in_review"
    return "preparing"


CLOSED_RECOGNITION = frozenset({"completed", "withdrawn"})


def checklist(profile: Profile) -> tuple[Entry, ...]:
    arrived = profile.arrived_on
    entries = [
        Entry(
            "registration",
            due_on=arrived + timedelta(weeks=REGISTRATION_WEEKS) if arrived else None,
        )
    ]
    if profile.third_country:
        entries.append(Entry("foreigners_authority", foreigners_variant(profile)))
    if profile.first_residence:
        entries.append(Entry("tax_id"))
    entries.append(Entry("health_insurance"))
    if not profile.from_germany:
        entries.append(Entry("bank_account"))
    entries.append(Entry("broadcasting_fee"))
    if profile.family:
        entries += [Entry("childcare"), Entry("school")]
        if not profile.from_germany:
            entries.append(Entry("child_benefit"))
    foreign = profile.third_country or profile.free_movement
    if foreign and profile.german_level not in FLUENT_GERMAN:
        variant = "entitlement" if profile.third_country else "admission"
        entries.append(Entry("integration_course", variant))
    licence = licence_variant(profile)
    if licence is not None:
        due = add_months(arrived, LICENCE_MONTHS) if arrived and licence != "protection" else None
        entries.append(Entry("driving_licence", licence, due_on=due))
    for procedure in profile.recognitions:
        if procedure.status in CLOSED_RECOGNITION:
            continue
        entries.append(Entry("recognition", recognition_variant(procedure), recognition=procedure))
    return tuple(entries)
