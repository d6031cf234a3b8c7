"""Which checklist items a profile gets (DOMAIN.md, welcome package)."""

from __future__ import annotations

from datetime import date

import pytest

from cases.packages.checklist import Profile, Recognition, add_months, checklist

BASE = {"registration", "health_insurance", "broadcasting_fee"}
FROM_ABROAD = {"tax_id", "bank_account"}
THIRD_COUNTRY = {"foreigners_authority", "integration_course", "driving_licence"}
FAMILY = {"childcare", "school"}


def codes(profile: Profile) -> set[str]:
    return {e.code for e in checklist(profile)}


@pytest.mark.parametrize(
    ("profile", "expected"),
    [
        # a third-country national from abroad, single: foreigners' authority, course, licence
        (
            Profile("third_country_immigrant", ("SY",)),
            BASE | FROM_ABROAD | THIRD_COUNTRY,
        ),
        # a third-country family: plus childcare and school
        (
            Profile("third_country_immigrant", ("UA",), family_situation="family_with_children"),
            BASE | FROM_ABROAD | THIRD_COUNTRY | FAMILY,
        ),
        # children counted without a family situation still make it a family
        (
            Profile("family_member", ("VN",), children_count=2),
            BASE | FROM_ABROAD | THIRD_COUNTRY | FAMILY,
        ),
        # an EU citizen: no visa items (no foreigners' authority, licence stays valid)
        (Profile("eu_immigrant", ("PL",)), BASE | FROM_ABROAD | {"integration_course"}),
        # EU citizen with good German: no integration course either
        (Profile("eu_immigrant", ("CZ",), german_level="b2"), BASE | FROM_ABROAD),
        # EU by client group only (nationality not recorded)
        (Profile("eu_immigrant"), BASE | FROM_ABROAD | {"integration_course"}),
        # a dual national with an EU passport counts as EU
        (
            Profile("third_country_immigrant", ("TR", "BG")),
            BASE | FROM_ABROAD | {"integration_course"},
        ),
        # a German returnee from Austria: from abroad, but no foreigners' items
        (Profile("returnee", ("DE",), previous_residence_country="AT"), BASE | FROM_ABROAD),
        # a domestic mover: registration and the household items only
        (Profile("domestic_mover", ("DE",)), BASE),
        (Profile("domestic_mover", (), family_situation="single_parent"), BASE | FAMILY),
        # German citizenship by residence status
        (Profile("returnee", (), residence_status="german_citizen"), BASE),
        # Swiss and Norwegian citizens have free movement too
        (Profile("eu_immigrant", ("CH",), german_level="native"), BASE | FROM_ABROAD),
        (Profile("prospect_abroad", ("NO",), german_level="c1"), BASE | FROM_ABROAD),
    ],
)
def test_items_by_profile(profile: Profile, expected: set[str]) -> None:
    assert codes(profile) == expected


def test_open_recognition_gives_its_next_step_and_due_date() -> None:
    procedure = Recognition("Pflegefachfrau", "Landesdirektion Sachsen", True, date(2026, 6, 30))
    entries = checklist(Profile("third_country_immigrant", ("PH",), recognitions=(procedure,)))
    recognition = [e for e in entries if e.code == "recognition"]
    assert len(recognition) == 1
    assert recognition[0].due_on == date(2026, 6, 30)
    assert recognition[0].recognition == procedure


def test_deadlines_from_the_arrival_date() -> None:
    entries = {
        e.code: e
        for e in checklist(
            Profile("third_country_immigrant", ("IN",), arrived_on=date(2026, 8, 31))
        )
    }
    assert entries["registration"].due_on == date(2026, 9, 14)  # 2 weeks
    assert entries["driving_licence"].due_on == date(2027, 2, 28)  # 6 months, end of month
    assert entries["foreigners_authority"].due_on is None


def test_without_arrival_date_no_due_dates() -> None:
    assert all(e.due_on is None for e in checklist(Profile("third_country_immigrant", ("IN",))))


def test_registration_comes_first() -> None:
    assert checklist(Profile("eu_immigrant", ("ES",)))[0].code == "registration"


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
