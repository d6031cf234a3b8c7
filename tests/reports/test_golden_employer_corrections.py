"""Deleted employer work leaves the report exactly as a hand count says (issue 13), on SQLite
and PostgreSQL: from the golden data set, M1's consultation of 20 Aug and the job fair V1 of
5 Sep (reaching M1, M2 and 3 anonymous companies) are deleted; then a lead undoes both."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlmodel import col

from cases.employers import corrections
from cases.employers.models import EmployerConsultation, OutreachEvent
from tests.conftest import Factory
from tests.counselling.helpers import acting
from tests.reports import golden
from tests.reports.test_golden import column, nonzero, report
from welcome.deletions import DeleteIn
from welcome.inputs import validate

KEYS = ("companies_counselled", "companies_made_aware", "employer_consultations", "events")


@pytest.fixture
def data(factory: Factory) -> golden.Golden:
    return golden.build(factory)


def _figures(factory: Factory, data: golden.Golden, which: str = "period") -> dict[str, object]:
    assert data.centre_a.id is not None
    values = report(factory, "2026-Q3", [data.centre_a.id]).indicator_values(which)
    return {k: values[k] for k in KEYS}


def test_deleted_employer_work_leaves_the_figures(factory: Factory, data: golden.Golden) -> None:
    # Q3 by hand: M1 counselled (10 Jul, 20 Aug: once); named M1, M2 + 3 at the fair + 40
    # mailed = 45; three events. The year adds M3's consultation of 10 May.
    before = {"companies_counselled": 1, "companies_made_aware": 45,
              "employer_consultations": 2, "events": 3}  # fmt: skip
    assert _figures(factory, data) == before
    assert _figures(factory, data, "year_to_date") == {**before, "companies_counselled": 2,
                                                      "employer_consultations": 3}  # fmt: skip
    reason = validate(DeleteIn, {"reason": "entered by mistake"})
    with acting(factory, data.counsellor_a) as db:  # who recorded both
        held = db.scalars(
            select(EmployerConsultation).where(
                col(EmployerConsultation.held_on) == date(2026, 8, 20)
            )
        ).one()
        fair = db.scalars(
            select(OutreachEvent).where(col(OutreachEvent.title) == "Pendlertag")
        ).one()
        corrections.delete_entry(db, entry=held, data=reason)
        corrections.delete_entry(db, entry=fair, data=reason)
        ids = (held.id, fair.id)
    # Q3 now: M1 still counselled on 10 Jul (1), one consultation; named: M2 (the webinar) only,
    # anonymous: the 40 mailed = 41; two events
    after = {"companies_counselled": 1, "companies_made_aware": 41,
             "employer_consultations": 1, "events": 2}  # fmt: skip
    assert _figures(factory, data) == after
    assert _figures(factory, data, "year_to_date") == {**after, "companies_counselled": 2,
                                                      "employer_consultations": 2}  # fmt: skip
    assert data.centre_a.id is not None
    tables = {t.key: t for t in report(factory, "2026-Q3", [data.centre_a.id]).tables}
    assert column(tables["companies_made_aware"]) == {
        "named": 1, "anonymous_mailings": 40, "anonymous_events": 0}  # fmt: skip
    assert nonzero(tables["events_by_type"]) == {"mailing": 1, "webinar": 1}
    # the 20 Aug consultation had "onboarding" only
    assert nonzero(tables["employer_topics"]) == {"onboarding": 1, "accelerated_procedure": 1}

    with acting(factory, data.lead_a) as db:
        corrections.restore(db, kind="consultations", ident=ids[0] or 0)
        corrections.restore(db, kind="events", ident=ids[1] or 0)
    assert _figures(factory, data) == before
