"""Corrections change the golden figures exactly as a hand count says (issue 13), on SQLite
and PostgreSQL: from the golden data set, C5's only contact is deleted and case C3 is
cancelled as opened by mistake; then a lead undoes both."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlmodel import col

from cases.counselling import corrections
from cases.counselling.models import Case, Contact
from tests.conftest import Factory
from tests.counselling.helpers import acting
from tests.reports import golden
from tests.reports.test_golden import nonzero, report
from welcome.deletions import DeleteIn
from welcome.inputs import validate

KEYS = ("persons_counselled", "persons_from_germany", "persons_from_abroad", "returnees",
        "new_cases", "contacts", "anonymous_enquiries")  # fmt: skip


@pytest.fixture
def data(factory: Factory) -> golden.Golden:
    return golden.build(factory)


def _figures(factory: Factory, data: golden.Golden) -> dict[str, object]:
    assert data.centre_a.id is not None
    values = report(factory, "2026-Q3", [data.centre_a.id]).indicator_values()
    return {k: values[k] for k in KEYS}


def _case_opened(db: object, on: date) -> Case:
    found = db.scalars(select(Case).where(col(Case.opened_on) == on)).one()  # type: ignore[attr-defined]
    assert isinstance(found, Case)
    return found


def test_deleting_and_cancelling_change_the_quarter(factory: Factory, data: golden.Golden) -> None:
    before = {"persons_counselled": 5, "persons_from_germany": 1, "persons_from_abroad": 3,
              "returnees": 1, "new_cases": 3, "contacts": 8, "anonymous_enquiries": 2}  # fmt: skip
    assert _figures(factory, data) == before
    reason = validate(DeleteIn, {"reason": "entered by mistake"})
    with acting(factory, data.counsellor_a) as db:
        c5 = _case_opened(db, date(2026, 8, 5))
        contact = db.scalars(select(Contact).where(col(Contact.case_id) == c5.id)).one()
        corrections.delete_entry(db, entry=contact, data=reason)
    # P5 (DE, domestic mover) had only that contact: one person, one from Germany, one
    # contact fewer; C5 was still opened in Q3 (new_cases stays 3)
    assert _figures(factory, data) == {**before, "persons_counselled": 4,
                                       "persons_from_germany": 0, "contacts": 7}  # fmt: skip
    with acting(factory, data.counsellor_a) as db:
        corrections.cancel(db, case=_case_opened(db, date(2026, 7, 20)), data=reason)
    # C3 (P3, family member, no residence: "unknown") leaves with its contact of 20 Jul
    after = {**before, "persons_counselled": 3, "persons_from_germany": 0, "new_cases": 2,
             "contacts": 6}  # fmt: skip
    assert _figures(factory, data) == after
    assert data.centre_a.id is not None
    tables = {t.key: t for t in report(factory, "2026-Q3", [data.centre_a.id]).tables}
    assert nonzero(tables["referral_source"]) == {"employment_agency": 1, "self": 1}  # C4, C5
    assert nonzero(tables["nationality"]) == {"DE": 1, "PL": 1, "UA": 1}  # P4, P1, P2
    with acting(factory, data.lead_a) as db:
        cancelled = _case_opened_deleted(db, date(2026, 7, 20))
        assert corrections.restore(db, kind="cases", ident=cancelled) is not None
        assert corrections.restore(db, kind="contacts", ident=_deleted_contact(db)) is not None
    assert _figures(factory, data) == before


def _case_opened_deleted(db: object, on: date) -> int:
    from welcome.deletions import with_deleted

    query = with_deleted(select(col(Case.id)).where(col(Case.opened_on) == on))
    found: int = db.scalars(query.where(col(Case.deleted_at).is_not(None))).one()  # type: ignore[attr-defined]
    return found


def _deleted_contact(db: object) -> int:
    from welcome.deletions import with_deleted

    query = with_deleted(select(col(Contact.id)).where(col(Contact.date) == date(2026, 8, 5)))
    found: int = db.scalars(query.where(col(Contact.deleted_at).is_not(None))).one()  # type: ignore[attr-defined]
    return found
