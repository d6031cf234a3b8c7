"""Which checklist items a profile gets, and which variant: one table per rule of
CONTENT-FACTS.md (issue 16)."""

from __future__ import annotations

from datetime import date

import pytest

from cases.packages import items
from cases.packages.checklist import (
    Profile,
    Recognition,
    add_months,
    checklist,
    licence_variant,
    recognition_variant,
)
from welcome import clock

BASE = {"registration", "health_insurance", "broadcasting_fee"}


def codes(profile: Profile) -> set[str]:
    return {e.code for e in checklist(profile)}


def keys(profile: Profile) -> dict[str, str]:
    return {e.code: e.key for e in checklist(profile)}


@pytest.mark.parametrize(
    ("profile", "expected"),
    [
        # a third-country national from abroad (licence from Syria), single
        (
            Profile("third_country_immigrant", ("SY",), previous_residence_country="SY"),
            BASE
            | {"foreigners_authority", "tax_id", "bank_account", "integration_course"}
            | {"driving_licence"},
        ),
        # no licence country known (and no previous residence): no licence item
        (
            Profile("third_country_immigrant", ("SY",)),
            BASE | {"foreigners_authority", "tax_id", "bank_account", "integration_course"},
        ),
        # an EU citizen: no foreigners' authority, integration course on admission
        (
            Profile("eu_immigrant", ("PL",), previous_residence_country="PL"),
            BASE | {"tax_id", "bank_account", "integration_course"},
        ),
        (Profile("eu_immigrant", ("CZ",), german_level="b2"), BASE | {"tax_id", "bank_account"}),
        # a dual national with an EU passport counts as EU
        (
            Profile("third_country_immigrant", ("TR", "BG")),
            BASE | {"tax_id", "bank_account", "integration_course"},
        ),
        # a German returnee from Austria: no tax ID (has one for life), no foreigners' items
        (
            Profile("returnee", ("DE",), previous_residence_country="AT"),
            BASE | {"bank_account"},
        ),
        # a domestic mover: registration and the household items only
        (Profile("domestic_mover", ("DE",)), BASE),
        (
            Profile("domestic_mover", (), family_situation="single_parent"),
            BASE | {"childcare", "school"},
        ),
        (Profile("returnee", (), residence_status="german_citizen"), BASE),
        (
            Profile("eu_immigrant", ("CH",), german_level="native"),
            BASE | {"tax_id", "bank_account"},
        ),
    ],
)
def test_items_by_profile(profile: Profile, expected: set[str]) -> None:
    assert codes(profile) == expected


@pytest.mark.parametrize(
    ("profile", "has_tax_id"),
    [
        (Profile("third_country_immigrant", ("IN",)), True),  # first residence
        (Profile("eu_immigrant", ("ES",), previous_residence_country="ES"), True),
        (Profile("returnee", ("DE",), previous_residence_country="CH"), False),  # lived here
        (Profile("returnee", ("PL",), previous_residence_country="GB"), False),  # returnee
        (Profile("domestic_mover", ("DE",)), False),
        (Profile("third_country_immigrant", ("IN",), previous_residence_country="DE"), False),
    ],
)
def test_tax_id_for_first_time_residents_only(profile: Profile, has_tax_id: bool) -> None:
    assert ("tax_id" in codes(profile)) is has_tax_id


@pytest.mark.parametrize(
    ("profile", "variant"),
    [
        # EU/EEA licences stay valid: nothing to do
        (Profile("eu_immigrant", ("PL",), licence_country="PL"), None),
        (Profile("returnee", ("DE",), previous_residence_country="NO"), None),
        (Profile("returnee", ("DE",), licence_country="DE"), None),
        # keyed on the issuing country, not on nationality: a German with a Swiss, UK or US
        # licence has 6 months, then converts
        (Profile("returnee", ("DE",), previous_residence_country="CH"), "third_country"),
        (Profile("returnee", ("DE",), licence_country="GB"), "third_country"),
        (Profile("eu_immigrant", ("FR",), licence_country="US"), "third_country"),
        # a Syrian who drove in Turkey: third country
        (Profile("third_country_immigrant", ("SY",), licence_country="TR"), "third_country"),
        # a third-country national with an EU licence: nothing to do
        (Profile("third_country_immigrant", ("IN",), licence_country="AT"), None),
        # Ukrainian licence under temporary protection: recognised
        (
            Profile("third_country_immigrant", ("UA",), "humanitarian", licence_country="UA"),
            "protection",
        ),
        (
            Profile("third_country_immigrant", ("UA",), "humanitarian", "UA"),
            "protection",
        ),
        # a Ukrainian licence without temporary protection: 6 months, then conversion
        (
            Profile("third_country_immigrant", ("UA",), "skilled_worker", licence_country="UA"),
            "third_country",
        ),
        # no licence
        (
            Profile(
                "third_country_immigrant", ("SY",), "humanitarian", "SY", licence_country="none"
            ),
            None,
        ),
    ],
)
def test_driving_licence_by_issuing_country_and_status(
    profile: Profile, variant: str | None
) -> None:
    assert licence_variant(profile) == variant
    assert keys(profile).get("driving_licence") == (
        f"driving_licence:{variant}" if variant else None
    )


def test_licence_deadline_six_months_from_residence_start() -> None:
    profile = Profile(
        "returnee", ("DE",), previous_residence_country="CH", arrived_on=date(2026, 8, 31)
    )
    entry = next(e for e in checklist(profile) if e.code == "driving_licence")
    assert entry.due_on == date(2027, 2, 28)
    protected = Profile(
        "third_country_immigrant", ("UA",), "humanitarian", "UA", arrived_on=date(2026, 8, 31)
    )
    entry = next(e for e in checklist(protected) if e.code == "driving_licence")
    assert entry.due_on is None  # recognised for the duration of protection: no deadline


@pytest.mark.parametrize(
    ("profile", "variant"),
    [
        (Profile("third_country_immigrant", ("UA",), "humanitarian", "UA"), "protection"),
        (Profile("third_country_immigrant", ("SY",), "humanitarian"), "general"),
        (Profile("third_country_immigrant", ("IN",), "study_training"), "study"),
        (Profile("third_country_immigrant", ("IN",), "skilled_worker"), "work"),
        (Profile("third_country_immigrant", ("IN",), "job_search"), "work"),
        (Profile("third_country_immigrant", ("IN",)), "general"),
    ],
)
def test_residence_title_documents_by_purpose(profile: Profile, variant: str) -> None:
    assert keys(profile)["foreigners_authority"] == f"foreigners_authority:{variant}"


@pytest.mark.parametrize(
    ("profile", "family_items"),
    [
        (
            Profile("third_country_immigrant", ("SY",), family_situation="family_with_children"),
            {"childcare", "school", "child_benefit"},
        ),
        (
            Profile("family_member", ("VN",), children_count=2),
            {"childcare", "school", "child_benefit"},
        ),
        (
            Profile("eu_immigrant", ("RO",), family_situation="single_parent"),
            {"childcare", "school", "child_benefit"},
        ),
        # movers within Germany already get Kindergeld: childcare and school only
        (Profile("domestic_mover", ("DE",), children_count=1), {"childcare", "school"}),
        (Profile("third_country_immigrant", ("SY",), family_situation="single"), set()),
        (Profile("third_country_immigrant", ("SY",), children_count=0), set()),
    ],
)
def test_family_items(profile: Profile, family_items: set[str]) -> None:
    assert codes(profile) & {"childcare", "school", "child_benefit"} == family_items


@pytest.mark.parametrize(
    ("profile", "variant"),
    [
        (Profile("third_country_immigrant", ("SY",)), "entitlement"),
        (Profile("third_country_immigrant", ("SY",), german_level="a2"), "entitlement"),
        (Profile("eu_immigrant", ("PL",), german_level="a1"), "admission"),
        (Profile("third_country_immigrant", ("SY",), german_level="b1"), None),
        (Profile("returnee", ("DE",)), None),
    ],
)
def test_integration_course_access(profile: Profile, variant: str | None) -> None:
    assert keys(profile).get("integration_course") == (
        f"integration_course:{variant}" if variant else None
    )


@pytest.mark.parametrize(
    ("status", "decision", "variant"),
    [
        ("preparing", None, "preparing"),
        ("applied", None, "applied"),
        ("waiting_on_person", None, "waiting_on_person"),
        ("in_review", None, "in_review"),
        ("suspended", None, "in_review"),
        ("decided", "full", "decided_full"),
        ("decided", "partial", "decided_compensation"),
        ("decided", "compensation_required", "decided_compensation"),
        ("compensation", "compensation_required", "decided_compensation"),
        ("decided", "partial_access", "decided_partial_access"),
        ("decided", "negative", "decided_negative"),
        ("decided", "ended_without_decision", "decided_other"),
    ],
)
def test_recognition_next_step_by_status(status: str, decision: str | None, variant: str) -> None:
    procedure = Recognition("Pflegefachfrau", "Landesdirektion Sachsen", status, decision)
    assert recognition_variant(procedure) == variant
    entries = checklist(Profile("third_country_immigrant", ("PH",), recognitions=(procedure,)))
    found = [e for e in entries if e.code == "recognition"]
    assert [e.key for e in found] == [f"recognition:{variant}"]
    assert found[0].due_on is None  # the authority's deadlines are never the newcomer's


@pytest.mark.parametrize("status", ["completed", "withdrawn"])
def test_closed_recognitions_are_left_out(status: str) -> None:
    procedure = Recognition("Arzt", "Landesdirektion Sachsen", status, "full")
    assert "recognition" not in codes(
        Profile("third_country_immigrant", ("PH",), recognitions=(procedure,))
    )


@pytest.mark.parametrize(
    ("municipality", "city"),
    [
        ("Dresden", "Dresden"),
        ("Leipzig", "Leipzig"),
        ("chemnitz", "Chemnitz"),
        ("Dresden-Neustadt", "Dresden"),
        ("Leipzig, Stadt", "Leipzig"),
        ("Annaberg-Buchholz", None),
        ("Radebeul", None),
        ("Markkleeberg", None),
        (None, None),
    ],
)
def test_kreisfreie_staedte(municipality: str | None, city: str | None) -> None:
    assert Profile("eu_immigrant", municipality=municipality).city == city


def test_registration_deadline_two_weeks_from_arrival() -> None:
    entries = checklist(Profile("third_country_immigrant", ("IN",), arrived_on=date(2026, 8, 31)))
    assert entries[0].code == "registration" and entries[0].due_on == date(2026, 9, 14)
    assert all(e.due_on is None for e in checklist(Profile("third_country_immigrant", ("IN",))))


def test_every_entry_has_sourced_dated_content() -> None:
    """Every key the rules can give has its text, a source and a "last checked" date."""
    profiles = [
        Profile(
            "third_country_immigrant",
            ("UA",),
            s,
            "UA",
            "family_with_children",
            recognitions=tuple(
                Recognition("X", "Y", st, d)
                for st, d in (
                    ("preparing", None),
                    ("applied", None),
                    ("waiting_on_person", None),
                    ("in_review", None),
                    ("decided", "full"),
                    ("decided", "negative"),
                    ("decided", "partial"),
                    ("decided", "partial_access"),
                    ("decided", None),
                )
            ),
        )
        for s in ("humanitarian", "study_training", "skilled_worker", None)
    ] + [Profile("eu_immigrant", ("PL",), licence_country="US")]
    used = {e.key for p in profiles for e in checklist(p)}
    assert used <= set(items.CONTENT)
    assert used == set(items.CONTENT)  # no content that no rule reaches
    for content in items.CONTENT.values():
        assert content.sources and all(s.cite for s in content.sources), content.key
        assert content.checked <= clock.today()
    assert {r.code for r in items.RULES} == {c.code for c in items.CONTENT.values()}


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2026, 11, 15), 6, date(2027, 5, 15)),
    ],
)
def test_add_months(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected
