"""The golden test of issue 7: the data set of `golden.py`, every number worked out by hand,
on SQLite and on PostgreSQL (the `db_url` fixture runs both)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from cases.recognition.models import RecognitionProcedure
from cases.reports import service
from cases.reports.periods import parse_period
from cases.reports.schemas import AllianceReport, Table
from tests.conftest import Factory
from tests.reports import golden
from welcome.db import SYSTEM, Actor, unit_of_work


@pytest.fixture
def data(factory: Factory) -> golden.Golden:
    return golden.build(factory)


def report(
    factory: Factory,
    period: str,
    centre_ids: list[int] | None,
    *,
    suppress: bool = False,
    actor: Actor = SYSTEM,
    language: str = "en",
) -> AllianceReport:
    with unit_of_work(factory.sessions, actor=actor) as db:
        return service.build_report(
            db,
            centre_ids=centre_ids,
            period=parse_period(period),
            language=language,
            suppress=suppress,
        )


def column(table: Table, code: str = "count") -> dict[str, object]:
    """Row code → the cell of one column (rows that are zero included)."""
    at = table.columns.index(code)
    return {row.code: row.cells[at] for row in table.rows}


def nonzero(table: Table, code: str = "count") -> dict[str, object]:
    return {k: v for k, v in column(table, code).items() if v != 0}


def test_deadlines_of_the_fixture(factory: Factory, data: golden.Golden) -> None:
    """The recognition deadlines the counts below rely on (computed by the recognition area)."""
    with unit_of_work(factory.sessions, actor=SYSTEM) as db:
        due = {
            r.reference_occupation: r.decision_due_on
            for r in db.scalars(select(RecognitionProcedure))
        }
    # 3 months after the documents were complete (§§ 187, 188 BGB):
    assert due["Industriemechaniker"] == date(2026, 7, 1)  # R1: 1 Apr → 1 Jul (a Wednesday)
    assert due["Elektroniker"] == date(2026, 10, 20)  # R2: 20 Jul → 20 Oct (a Tuesday)
    assert due["Bachelor Informatik"] == date(2026, 8, 17)  # R3: 15 May → Sat 15 Aug → Mon 17
    assert due["Lehrerin"] is None  # R4: documents not complete, no clock running


def test_quarter_three_of_one_centre(factory: Factory, data: golden.Golden) -> None:
    assert data.centre_a.id is not None
    built = report(factory, "2026-Q3", [data.centre_a.id])
    assert built.centre == "Erzgebirge" and built.centres == ["Erzgebirge"]
    assert built.suppressed is False
    assert built.indicator_values() == {
        # P1 (3 Aug), P2 (15 Jul), P3 (20 Jul), P4 (1 Aug, 10 Sep), P5 (5 Aug); not P6 (Feb)
        "persons_counselled": 5,
        "persons_from_germany": 1,  # P5 (DE)
        "persons_from_abroad": 3,  # P1 (PL), P2 (UA), P4 the returnee from AT
        "returnees": 1,  # P4
        "new_cases": 3,  # C3 (20 Jul), C4 (1 Aug), C5 (5 Aug); C1, C2 opened in Q2
        "contacts": 8,  # 6 case contacts (P1, P2, P3, P4 ×2, P5) + E1, E2
        "anonymous_enquiries": 2,  # E1, E2 (E3 is in Q1; centre B's is not ours)
        "companies_counselled": 1,  # M1 (twice: counted once)
        "companies_made_aware": 45,  # named M1, M2 (M2 twice: once) = 2, + 3 at the fair + 40
        "employer_consultations": 2,  # M1 on 10 Jul and 20 Aug
        "events": 3,  # job fair, mailing, webinar
        "welcome_packages_issued": 2,  # pl 1 Jul 00:30 and uk 30 Sep 23:30 Berlin; ar is Q4
        "recognitions_new": 2,  # R2 (6 Jul), R4 (1 Sep)
        "recognitions_decided": 2,  # R1 (14 Aug), R2 (1 Sep)
        "recognitions_overdue": 2,  # R1 decided 14 Aug > due 1 Jul; R3 open, due 17 Aug
    }
    tables = {t.key: t for t in built.tables}
    gender = tables["client_group_by_gender"]
    assert {r.code: r.cells for r in gender.rows if r.total} == {
        # columns female, male, diverse, not_stated
        "returnee": [0, 1, 0, 0],  # P4
        "domestic_mover": [1, 0, 0, 0],  # P5
        "eu_immigrant": [1, 0, 0, 0],  # P1
        "third_country_immigrant": [0, 1, 0, 0],  # P2
        "family_member": [1, 0, 0, 0],  # P3
    }
    assert gender.column_totals == [3, 2, 0, 0] and gender.total == 5
    # ages in 2026: P1 36, P2 41, P3 34, P4 46, P5 27
    assert nonzero(tables["age_group"]) == {"25_34": 2, "35_44": 2, "45_54": 1}
    # P2 holds UA and PL: counted under the first, UA
    assert nonzero(tables["nationality"]) == {"DE": 2, "PL": 1, "SY": 1, "UA": 1}
    assert nonzero(tables["previous_residence"]) == {"germany": 1, "abroad": 3, "unknown": 1}
    channel = tables["contacts_by_channel"]
    assert {r.code: r.cells for r in channel.rows if r.total} == {
        # columns: case contacts, anonymous enquiries
        "in_person": [2, 0],  # P3, P4 on 1 Aug
        "phone": [2, 1],  # P1, P5; E1
        "email": [1, 1],  # P4 on 10 Sep; E2
        "video": [1, 0],  # P2
    }
    assert channel.column_totals == [6, 2] and channel.total == 8
    topics = tables["contacts_by_topic"]
    assert topics.multiple_answers
    assert {r.code: r.cells for r in topics.rows if r.total} == {
        "job_search": [3, 1],  # P1, P4 ×2; E2
        "recognition": [1, 1],  # P2; E2
        "entry_residence": [0, 1],  # E1
        "housing": [2, 0],  # P1, P5
        "childcare_school": [1, 0],  # P3
    }
    assert topics.total == 10  # 7 answers of 6 contacts + 3 answers of 2 enquiries
    assert nonzero(tables["contacts_by_language"], "contacts") == {
        "de": 3,  # P4 ×2, P5
        "en": 1,  # P1
        "uk": 1,  # P2
        "ar": 1,  # P3
    }
    assert nonzero(tables["contacts_by_language"], "enquiries") == {"unknown": 2}
    assert nonzero(tables["referral_source"]) == {
        "family_friends": 1,  # C3
        "employment_agency": 1,  # C4
        "self": 1,  # C5
    }
    assert nonzero(tables["referrals_by_partner"]) == {
        "language_course_provider": 1,
        "iq_recognition_counselling": 1,
    }
    assert nonzero(tables["recognition_by_decision"]) == {"partial": 1, "full": 1}
    # open on 30 Sep: R3 (documents complete → in review), R4 (applied only)
    assert nonzero(tables["recognition_by_status"]) == {"in_review": 1, "applied": 1}
    assert nonzero(tables["recognition_deadlines"]) == {
        "decided_late": 1,  # R1
        "decided_in_time": 1,  # R2
        "open_overdue": 1,  # R3
        "open_no_deadline": 1,  # R4
    }
    # supported in Q3 (applied by 30 Sep, not decided before 1 Jul): all four
    authority = tables["recognition_by_authority"]
    assert {r.code: r.cells for r in authority.rows if r.total} == {
        # columns: regulated, not regulated
        "ihk_fosa": [0, 1],  # R1
        "hwk_chemnitz": [1, 0],  # R2
        "lasub": [1, 0],  # R4
        "zab": [0, 1],  # R3
    }
    # days from documents complete to decision: R1 1 Apr → 14 Aug = 30+31+30+31+13 = 135,
    # R2 20 Jul → 1 Sep = 31+12 = 43; median of two = (43 + 135) / 2
    assert built.figures["recognition_median_days"] == 89.0
    assert tables["recognition_deadlines"].note == (
        "Median days from documents complete to decision: 89"
    )
    sectors = tables["employers_by_sector_size"]
    assert [
        (r.code, r.cells[sectors.columns.index("50-249")]) for r in sectors.rows if r.total
    ] == [
        ("C", 1)  # M1 only; M3 was counselled in Q2, M2 only reached by events
    ]
    assert nonzero(tables["employer_topics"]) == {"onboarding": 2, "accelerated_procedure": 1}
    assert nonzero(tables["events_by_type"]) == {"job_fair": 1, "mailing": 1, "webinar": 1}
    assert column(tables["companies_made_aware"]) == {
        "named": 2,  # M1, M2
        "anonymous_mailings": 40,
        "anonymous_events": 3,
    }
    assert nonzero(tables["packages_by_language"]) == {"pl": 1, "uk": 1}
    outcomes = tables["outcomes_by_type"]
    assert {
        (r.code, c): n
        for r in outcomes.rows
        for c, n in zip(outcomes.columns, r.cells, strict=True)
        if n
    } == {("job_taken_up", "returnee"): 1, ("language_course_started", "eu_immigrant"): 1}
    assert nonzero(tables["closed_cases_by_reason"]) == {"goal_reached": 1}  # C4


def test_year_to_date_and_quarter_two(factory: Factory, data: golden.Golden) -> None:
    assert data.centre_a.id is not None
    ytd = report(factory, "2026-Q3", [data.centre_a.id]).indicator_values("year_to_date")
    assert ytd == {
        "persons_counselled": 6,  # P1…P5 and P6 (Feb)
        "persons_from_germany": 2,  # P5, and P6 (returnee without a recorded residence)
        "persons_from_abroad": 3,  # P1, P2, P4
        "returnees": 2,  # P4, P6
        "new_cases": 6,  # C1…C6
        "contacts": 11,  # 8 case contacts (6 in Q3 + P1 in May + P6 in Feb) + E1, E2, E3
        "anonymous_enquiries": 3,
        "companies_counselled": 2,  # M1, M3
        "companies_made_aware": 45,  # no events before Q3
        "employer_consultations": 3,
        "events": 3,
        "welcome_packages_issued": 2,
        "recognitions_new": 4,  # R1 (Mar), R3 (May), R2, R4
        "recognitions_decided": 2,
        "recognitions_overdue": 2,  # the same two: the year to date ends on 30 Sep as well
    }
    q2 = report(factory, "2026-Q2", [data.centre_a.id]).indicator_values()
    assert q2["persons_counselled"] == 1  # P1 (5 May): counted in Q2 and again in Q3
    assert q2["new_cases"] == 2  # C1, C2
    assert q2["contacts"] == 1 and q2["anonymous_enquiries"] == 0
    assert q2["companies_counselled"] == 1  # M3
    assert q2["recognitions_new"] == 1  # R3
    # on 30 Jun: R1 due 1 Jul not passed yet, R3 due 17 Aug → nothing overdue
    assert q2["recognitions_overdue"] == 0
    assert q2["welcome_packages_issued"] == 0  # 1 Jul 00:30 in Saxony is Q3, not 30 Jun


def test_all_centres_and_a_range(factory: Factory, data: golden.Golden) -> None:
    both = report(factory, "2026-Q3", None)
    assert both.centre is None and sorted(both.centres) == ["Chemnitz", "Erzgebirge"]
    values = both.indicator_values()
    assert values["persons_counselled"] == 6  # 5 in A + Q1 in B
    assert values["persons_from_abroad"] == 4  # + Q1 (eu_immigrant, no residence recorded)
    assert values["contacts"] == 10  # 8 + B's contact and enquiry
    assert values["new_cases"] == 4
    # a free range, 1 to 5 Aug: P4 (1 Aug), P1 (3 Aug), P5 (5 Aug); cases C4, C5; the mailing
    assert data.centre_a.id is not None
    window = report(factory, "2026-08-01..2026-08-05", [data.centre_a.id]).indicator_values()
    assert (window["persons_counselled"], window["new_cases"], window["events"]) == (3, 2, 1)


def test_labels_follow_the_language(factory: Factory, data: golden.Golden) -> None:
    assert data.centre_a.id is not None
    german = report(factory, "2026-Q3", [data.centre_a.id], language="de")
    english = report(factory, "2026-Q3", [data.centre_a.id], language="en")
    assert german.indicator_values() == english.indicator_values()
    de_rows = {r.code: r.label for r in german.table("nationality").rows}
    en_rows = {r.code: r.label for r in english.table("nationality").rows}
    assert de_rows["DE"] == "Deutschland" and en_rows["DE"] == "Germany"
    assert german.language == "de"
