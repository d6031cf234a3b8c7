"""Submitting a quarter: frozen JSON and PDF, later changes shown as a difference, a
correction as version 2, the stored PDF downloaded byte for byte."""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from cases.reports import submissions
from cases.reports.models import ReportSubmission
from cases.reports.schemas import AllianceReport, SubmissionIn
from tests.conftest import Factory, csrf_from, login
from tests.counselling.helpers import acting, create_case, create_contact, person
from tests.reports import golden
from welcome import storage
from welcome.errors import FieldErrors
from welcome.i18n import _, force_locale
from welcome.inputs import validate

TODAY = date(2026, 11, 22)


@pytest.fixture
def data(factory: Factory) -> golden.Golden:
    return golden.build(factory)


def compared(html: str, code: str) -> list[str]:
    row = re.search(rf'<tr data-compare="{code}"[^>]*>(.*?)</tr>', html, re.S)
    assert row, code
    return [c.strip() for c in re.findall(r'<td class="num">(.*?)</td>', row.group(1))]


def late_contact(factory: Factory, data: golden.Golden) -> None:
    """A person entered after the submission, with a contact in Q3."""
    with acting(factory, data.counsellor_a) as db:
        late = person(db, "Late", "Entry", client_group="eu_immigrant")
        assert late.id is not None
        case = create_case(
            db, person_id=late.id, opened_on=date(2026, 9, 1), referral_source="self"
        )
        create_contact(
            db,
            case=case,
            date=date(2026, 9, 2),
            duration_minutes=20,
            channel="phone",
            topics=["job_search"],
        )


def _de(message: str) -> str:
    """The page is German (the UI default): compare with the German text of a message."""
    with force_locale("de"):
        return _(message)


def test_submit_freeze_difference_and_correction(
    client: TestClient, factory: Factory, data: golden.Golden
) -> None:
    assert login(client, data.lead_a.email).status_code == 303
    page = client.get("/reports", params={"period": "2026-Q3"})
    assert _de("This quarter has not been submitted yet.") in page.text
    token = csrf_from(page.text)
    sent = client.post(
        "/reports/submissions",
        data={"csrf_token": token, "period": "2026-Q3", "note": ""},
        follow_redirects=False,
    )
    assert sent.status_code == 303, sent.text
    with factory.session() as db:
        first = db.scalars(select(ReportSubmission)).one()
        assert (first.version, first.period, first.centre_id) == (1, "2026-Q3", data.centre_a.id)
        assert first.submitted_by_id == data.lead_a.id
        assert first.sha256 == hashlib.sha256(storage.read(db, ref=first.pdf_ref)).hexdigest()
        assert first.report["suppressed"] is True and first.report["language"] == "de"
        stored_pdf, first_id = storage.read(db, ref=first.pdf_ref), first.id
    unchanged = client.get("/reports", params={"period": "2026-Q3"})
    assert _de("The live figures are the same as the submitted ones.") in unchanged.text
    before = compared(unchanged.text, "persons_counselled")
    assert before[0] == before[1] and before[2] == "" and abs(int(before[0]) - 5) <= 4

    late_contact(factory, data)
    changed = client.get("/reports", params={"period": "2026-Q3"})
    # submitted 5, live 6: both protected (as they leave the centre); a difference below 3
    # is only marked, never shown as a number
    for code, exact in (("persons_counselled", 6), ("contacts", 9)):
        sent_value, live, difference = compared(changed.text, code)[:3]
        assert abs(int(live) - exact) <= 4 and int(live) not in (1, 2)
        change = int(live) - int(sent_value)
        assert difference == ("" if change == 0 else "≠" if abs(change) < 3 else f"{change:+d}")
    assert 'class="changed"' in changed.text

    # a correction needs a note; the typed note is kept with the error
    refused = client.post(
        "/reports/submissions", data={"csrf_token": token, "period": "2026-Q3", "note": " "}
    )
    assert refused.status_code == 422 and 'id="e-note"' in refused.text
    corrected = client.post(
        "/reports/submissions",
        data={"csrf_token": token, "period": "2026-Q3", "note": "Nachtrag: ein später Kontakt"},
        follow_redirects=False,
    )
    assert corrected.status_code == 303
    with factory.session() as db:
        rows = db.scalars(select(ReportSubmission).order_by(ReportSubmission.version)).all()
        assert [r.version for r in rows] == [1, 2]
        assert storage.read(db, ref=rows[0].pdf_ref) == stored_pdf  # the first version is untouched
        assert rows[1].note == "Nachtrag: ein später Kontakt"
        second = rows[1].report["indicators"][0]["period"]
        assert abs(second - 6) <= 4 and second not in (1, 2) and rows[1].report["suppressed"]
        second_id = rows[1].id
    after = client.get("/reports", params={"period": "2026-Q3"})
    assert compared(after.text, "persons_counselled")[:3] == [str(second), str(second), ""]
    assert f"/reports/submissions/{first_id}.pdf" in after.text
    assert f"/reports/submissions/{second_id}.pdf" in after.text

    download = client.get(f"/reports/submissions/{first_id}.pdf")
    assert download.status_code == 200
    assert download.content == stored_pdf  # byte for byte what was sent
    assert download.headers["x-content-sha256"] == hashlib.sha256(stored_pdf).hexdigest()
    assert "_v1.pdf" in download.headers["content-disposition"]

    # another centre's lead cannot fetch it (same answer as for no such submission)
    client.post("/logout", data={"csrf_token": token})
    assert login(client, data.lead_b.email).status_code == 303
    assert client.get(f"/reports/submissions/{first_id}.pdf").status_code == 404
    assert client.get("/reports/submissions/999999.pdf").status_code == 404


def test_small_differences_are_only_marked() -> None:
    assert submissions._diff("x", "x", 10, 12).change is None  # shown as "≠"
    assert submissions._diff("x", "x", 10, 12).changed
    assert submissions._diff("x", "x", 12, 10).change is None
    assert submissions._diff("x", "x", 10, 13).change == 3
    assert submissions._diff("x", "x", 10, 6).change == -4
    assert not submissions._diff("x", "x", 7, 7).changed


def test_only_ended_quarters_and_corrections_need_a_note(
    factory: Factory, data: golden.Golden
) -> None:
    with pytest.raises(FieldErrors) as caught:  # a year is no quarter
        validate(SubmissionIn, {"period": "2026", "note": ""})
    assert set(caught.value.errors) == {"period"}
    sent: list[AllianceReport] = []

    def fake_pdf(
        report: AllianceReport, *, version: int, submitted_at: datetime, note: str
    ) -> bytes:
        sent.append(report)
        return b"%PDF-fake"

    with acting(factory, data.lead_a) as db:
        centre, lead = data.centre_a.id, data.lead_a.id
        assert centre is not None and lead is not None
        with pytest.raises(FieldErrors) as caught:  # not ended yet
            submissions.next_version(
                db, centre_id=centre, data=SubmissionIn(period="2026-Q4"), today=TODAY
            )
        assert set(caught.value.errors) == {"period"}
        q3 = SubmissionIn(period="2026-Q3")
        assert submissions.next_version(db, centre_id=centre, data=q3, today=TODAY) == 1
        first = submissions.submit(
            db, centre_id=centre, user_id=lead, data=q3, today=TODAY, render_pdf=fake_pdf
        )
        assert first.version == 1
        with pytest.raises(FieldErrors) as caught:
            submissions.next_version(db, centre_id=centre, data=q3, today=TODAY)
        assert set(caught.value.errors) == {"note"}
        correction = SubmissionIn(period="2026-Q3", note="again")

        def meanwhile(
            report: AllianceReport, *, version: int, submitted_at: datetime, note: str
        ) -> bytes:  # someone else takes the version while this PDF is rendered
            submissions.submit(
                db, centre_id=centre, user_id=lead, data=correction, today=TODAY,
                render_pdf=fake_pdf,
            )  # fmt: skip
            return b"%PDF-fake"

        with pytest.raises(FieldErrors) as caught:
            submissions.submit(
                db, centre_id=centre, user_id=lead, data=correction, today=TODAY,
                render_pdf=meanwhile,
            )  # fmt: skip
        assert set(caught.value.errors) == {"form"}
        frozen = submissions.frozen_report(submissions.get(db, submission_id=1))
        assert frozen == sent[0]  # the stored JSON gives back the very same report
