"""Submitting a quarter: frozen JSON and PDF, later changes shown as a difference, a
correction as version 2, the stored PDF downloaded byte for byte."""

from __future__ import annotations

import hashlib
import re
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from cases.reports import submissions
from cases.reports.models import ReportSubmission
from cases.reports.periods import parse_period
from tests.conftest import Factory, csrf_from, login
from tests.counselling.helpers import acting, create_case, create_contact, person
from tests.reports import golden
from welcome.errors import FieldErrors
from welcome.i18n import _, force_locale

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
        assert first.sha256 == hashlib.sha256(first.pdf).hexdigest()
        assert first.report["suppressed"] is True and first.report["language"] == "de"
        stored_pdf, first_id = first.pdf, first.id
    unchanged = client.get("/reports", params={"period": "2026-Q3"})
    assert _de("The live figures are the same as the submitted ones.") in unchanged.text
    assert compared(unchanged.text, "persons_counselled")[:3] == ["5", "5", ""]

    late_contact(factory, data)
    changed = client.get("/reports", params={"period": "2026-Q3"})
    # submitted 5, live 6, difference +1 (the page's own figures are live and exact)
    assert compared(changed.text, "persons_counselled")[:3] == ["5", "6", "+1"]
    assert compared(changed.text, "contacts")[:3] == ["8", "9", "+1"]
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
        assert rows[0].pdf == stored_pdf  # the first version is untouched
        assert rows[1].note == "Nachtrag: ein später Kontakt"
        assert rows[1].report["indicators"][0]["period"] == 6
        second_id = rows[1].id
    after = client.get("/reports", params={"period": "2026-Q3"})
    assert compared(after.text, "persons_counselled")[:3] == ["6", "6", ""]
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


def test_only_ended_quarters_and_corrections_need_a_note(
    factory: Factory, data: golden.Golden
) -> None:
    with acting(factory, data.lead_a) as db:
        centre = data.centre_a.id
        assert centre is not None
        for text, field in (("2026", "period"), ("2026-Q4", "period")):
            with pytest.raises(FieldErrors) as caught:
                submissions.next_version(
                    db, centre_id=centre, period=parse_period(text), note="", today=TODAY
                )
            assert set(caught.value.errors) == {field}
        q3 = parse_period("2026-Q3")
        assert submissions.next_version(db, centre_id=centre, period=q3, note="", today=TODAY) == 1
        report = submissions.build_frozen(db, centre_id=centre, period=q3)
        submissions.submit(
            db,
            centre_id=centre,
            period=q3,
            report=report,
            pdf=b"%PDF-fake",
            version=1,
            submitted_at=report.generated_at,
            user_id=data.lead_a.id,  # type: ignore[arg-type]
            today=TODAY,
        )
        with pytest.raises(FieldErrors) as caught:
            submissions.next_version(db, centre_id=centre, period=q3, note="", today=TODAY)
        assert set(caught.value.errors) == {"note"}
        with pytest.raises(FieldErrors):  # version 1 is taken
            submissions.submit(
                db,
                centre_id=centre,
                period=q3,
                report=report,
                pdf=b"%PDF-fake",
                version=1,
                submitted_at=report.generated_at,
                user_id=data.lead_a.id,  # type: ignore[arg-type]
                note="again",
                today=TODAY,
            )
        frozen = submissions.frozen_report(submissions.get_submission(db, submission_id=1))
        assert frozen == report  # the stored JSON gives back the very same report
