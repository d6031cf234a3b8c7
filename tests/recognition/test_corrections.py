"""Corrections of recognition procedures (issue 13), on SQLite and PostgreSQL: the fields by
the responsible counsellor or the lead with the version, suspensions edited and deleted (the
due dates follow), documents and procedures deleted with a reason, a lead's undo; over the
API (PATCH with version, DELETE with reason) and in the page (in place, the shared history)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlmodel import col

from cases.recognition import corrections, service
from cases.recognition.models import RecognitionProcedure, RecognitionSuspension
from cases.recognition.schemas import ProcedureIn, SuspensionIn
from tests.conftest import Factory, csrf_from, login
from tests.recognition.conftest import acting, create, make_person, suspend
from welcome.audit import AuditEntry
from welcome.deletions import DeleteIn
from welcome.errors import FieldErrors, Forbidden, NotFound
from welcome.i18n import force_locale
from welcome.inputs import validate
from welcome.versions import Stale

REASON = validate(DeleteIn, {"reason": "falsch erfasst"})
BASE = {"reference_occupation": "Pflegefachfrau", "authority": "ksv_sachsen",
        "regulated": True, "applied_on": "2025-02-03",
        "documents_complete_on": "2025-02-10"}  # fmt: skip


class Site:
    def __init__(self, factory: Factory) -> None:
        self.centre = factory.centre()
        self.counsellor = factory.user(centre=self.centre, locale="en")
        self.colleague = factory.user(centre=self.centre, locale="en")
        self.lead = factory.user(role="lead", centre=self.centre, locale="en")
        self.person = make_person(factory, self.centre)
        with acting(factory, self.counsellor) as db:
            self.procedure_id = create(db, person_id=self.person, **BASE).id or 0


@pytest.fixture
def site(factory: Factory) -> Site:
    return Site(factory)


def _edit(db: Any, site: Site, version: int | None, **changes: Any) -> RecognitionProcedure:
    procedure = service.get(db, procedure_id=site.procedure_id)
    data = validate(ProcedureIn, {**service.values_of(procedure), **changes})
    return corrections.update_procedure(db, procedure=procedure, data=data, version=version)


def test_the_procedure_is_corrected_by_who_may(factory: Factory, site: Site) -> None:
    with acting(factory, site.counsellor) as db:
        assert _edit(db, site, 1, reference_occupation="Gesundheitspflegerin").version == 2
    with acting(factory, site.counsellor) as db, pytest.raises(Stale):
        _edit(db, site, 1, notes="late")
    with acting(factory, site.colleague) as db, pytest.raises(Forbidden):
        _edit(db, site, None, notes="not mine")
    with acting(factory, site.lead) as db:
        assert _edit(db, site, 2, notes="checked").version == 3
    with acting(factory, site.counsellor) as db, pytest.raises(FieldErrors) as wrong:
        _edit(db, site, None, decided_on="2025-01-01")  # before the application
    assert "decided_on" in wrong.value.errors


def test_a_suspension_is_corrected_and_deleted(factory: Factory, site: Site) -> None:
    with acting(factory, site.counsellor) as db:
        procedure = service.get(db, procedure_id=site.procedure_id)
        due = procedure.decision_due_on
        held = suspend(db, procedure, starts_on="2025-03-01", ends_on="2025-03-10")
        suspension_id = held.id or 0
    with acting(factory, site.counsellor) as db:
        procedure = service.get(db, procedure_id=site.procedure_id)
        suspended_due = procedure.decision_due_on
        assert due is not None and suspended_due is not None and suspended_due > due
        found = corrections.get_suspension(db, procedure=procedure, suspension_id=suspension_id)
        data = validate(SuspensionIn, {"starts_on": "2025-03-01", "ends_on": "2025-03-20",
                                       "reason": "qualification_analysis"})  # fmt: skip
        corrections.update_suspension(db, procedure=procedure, suspension=found, data=data,
                                      version=1)  # fmt: skip
        assert found.version == 2  # ten days longer: the decision is due later
        assert procedure.decision_due_on is not None and procedure.decision_due_on > suspended_due
        early = validate(SuspensionIn, {"starts_on": "2025-01-01"})
        with pytest.raises(FieldErrors) as wrong:
            corrections.update_suspension(db, procedure=procedure, suspension=found, data=early)
        assert set(wrong.value.errors) == {"starts_on"}
    with acting(factory, site.counsellor) as db:
        procedure = service.get(db, procedure_id=site.procedure_id)
        found = corrections.get_suspension(db, procedure=procedure, suspension_id=suspension_id)
        corrections.delete_suspension(db, procedure=procedure, suspension=found, data=REASON)
    with acting(factory, site.counsellor) as db:
        procedure = service.get(db, procedure_id=site.procedure_id)
        assert procedure.decision_due_on == due  # the clock runs through it again
        assert service.suspensions_of(db, procedure_id=site.procedure_id) == []
        with pytest.raises(Forbidden):
            corrections.restore(db, kind="recognition-suspensions", ident=suspension_id)
    with acting(factory, site.lead) as db:
        assert [k for k, _r in corrections.deleted_of(db, procedure_id=site.procedure_id)] == [
            "recognition-suspensions"
        ]
        corrections.restore(db, kind="recognition-suspensions", ident=suspension_id)
    with acting(factory, site.counsellor) as db:
        procedure = service.get(db, procedure_id=site.procedure_id)
        assert procedure.decision_due_on is not None and procedure.decision_due_on > due
        with force_locale("en"):
            rows = corrections.history_rows(db, procedure_id=site.procedure_id)
        assert [r.subject for r in rows if r.action == "deleted"] == ["Suspension"]


def test_a_procedure_is_deleted_with_its_suspensions(factory: Factory, site: Site) -> None:
    with acting(factory, site.counsellor) as db:
        procedure = service.get(db, procedure_id=site.procedure_id)
        suspend(db, procedure, starts_on="2025-03-01")
    with acting(factory, site.colleague) as db:
        procedure = service.get(db, procedure_id=site.procedure_id)
        with pytest.raises(Forbidden):
            corrections.delete_procedure(db, procedure=procedure, data=REASON)
    with acting(factory, site.counsellor) as db:
        procedure = service.get(db, procedure_id=site.procedure_id)
        corrections.delete_procedure(db, procedure=procedure, data=REASON)
    with acting(factory, site.counsellor) as db:
        with pytest.raises(NotFound):
            service.get(db, procedure_id=site.procedure_id)
        assert db.scalars(select(RecognitionSuspension)).all() == []
        assert service.list_procedures(db)[1] == 0
        logged = db.scalars(
            select(AuditEntry.action).where(
                col(AuditEntry.entity).in_(["recognition_procedures", "recognition_suspensions"]),
                col(AuditEntry.action) == "delete",
            )
        ).all()
        assert len(logged) == 2  # the procedure and its suspension, one batch
    with acting(factory, site.lead) as db:
        corrections.restore(db, kind="recognitions", ident=site.procedure_id)
    with acting(factory, site.counsellor) as db:
        assert len(service.suspensions_of(db, procedure_id=site.procedure_id)) == 1


def _api(client: TestClient, factory: Factory, site: Site) -> dict[str, dict[str, str]]:
    def headers(user: Any) -> dict[str, str]:
        return {"Authorization": f"Bearer {factory.token(user)}"}

    stranger = factory.user(role="lead", centre=factory.centre())
    return {"me": headers(site.counsellor), "colleague": headers(site.colleague),
            "lead": headers(site.lead), "stranger": headers(stranger)}  # fmt: skip


def test_the_api(client: TestClient, factory: Factory, site: Site) -> None:
    h = _api(client, factory, site)
    url = f"/api/v1/recognitions/{site.procedure_id}"
    assert client.patch(url, json={"notes": "x"}, headers=h["colleague"]).status_code == 403
    assert client.patch(url, json={"notes": "x"}, headers=h["stranger"]).status_code == 404
    ok = client.patch(url, json={"notes": "geprüft", "version": 1}, headers=h["me"])
    assert ok.status_code == 200, ok.text
    stale = client.patch(url, json={"notes": "spät", "version": 1}, headers=h["me"])
    assert stale.status_code == 409 and stale.json()["version"] == 2
    bad = client.patch(url, json={"decided_on": "2025-13-01"}, headers=h["me"])
    assert bad.status_code == 422 and {e["field"] for e in bad.json()["errors"]} == {"decided_on"}

    made = client.post(f"{url}/suspensions", json={"starts_on": "2025-03-01"}, headers=h["me"])
    sid = made.json()["id"]
    moved = client.patch(f"{url}/suspensions/{sid}",
                         json={"starts_on": "2025-03-02", "reason": "authenticity_check",
                               "version": 1}, headers=h["me"])  # fmt: skip
    assert moved.status_code == 200 and moved.json()["starts_on"] == "2025-03-02"
    wrong = client.patch(f"{url}/suspensions/{sid}", json={"ends_on": "2025-02-01"},
                         headers=h["me"])  # fmt: skip
    assert wrong.status_code == 422
    assert {e["field"] for e in wrong.json()["errors"]} == {"ends_on"}
    assert client.delete(f"{url}/suspensions/{sid}", headers=h["me"]).status_code == 422
    gone = client.delete(f"{url}/suspensions/{sid}?reason=doppelt", headers=h["me"])
    assert gone.status_code == 204
    assert client.get(url, headers=h["me"]).json()["suspensions"] == []
    back = f"/api/v1/deleted/recognition-suspensions/{sid}/restore"
    assert client.post(back, headers=h["me"]).status_code == 403
    assert client.post(back, headers=h["lead"]).status_code == 200
    assert len(client.get(url, headers=h["me"]).json()["suspensions"]) == 1

    assert client.delete(f"{url}?reason=no", headers=h["me"]).status_code == 422
    assert client.delete(f"{url}?reason=doppelt", headers=h["colleague"]).status_code == 403
    assert client.delete(f"{url}?reason=doppelt", headers=h["me"]).status_code == 204
    assert client.get(url, headers=h["me"]).status_code == 404
    restored = client.post(f"/api/v1/deleted/recognitions/{site.procedure_id}/restore",
                           headers=h["lead"])  # fmt: skip
    assert restored.status_code == 200
    assert client.get(url, headers=h["me"]).status_code == 200


def test_the_page_in_place(client: TestClient, factory: Factory, site: Site) -> None:
    with acting(factory, site.counsellor) as db:
        procedure = service.get(db, procedure_id=site.procedure_id)
        sid = suspend(db, procedure, starts_on="2025-03-01", ends_on="2025-03-05").id
    assert login(client, site.counsellor.email).status_code == 303
    page_url = f"/recognitions/{site.procedure_id}"
    page = client.get(page_url).text
    token = csrf_from(page)
    htmx = {"HX-Request": "true", "X-CSRF-Token": token}
    assert "Change history" in page  # the responsible counsellor sees it (the shared card)
    opened = client.get(f"{page_url}?edit=suspension:{sid}&block=suspensions", headers=htmx)
    assert opened.status_code == 200 and "<html" not in opened.text
    assert 'id="suspensions"' in opened.text and 'value="2025-03-05"' in opened.text
    url = f"{page_url}/suspensions/{sid}/edit"

    def form(starts: str, ends: str) -> dict[str, str]:
        return {"version": "1", "starts_on": starts, "ends_on": ends, "reason": "other"}

    wrong = client.post(url, data=form("2025-03-09", "2025-03-05"), headers=htmx)
    assert wrong.status_code == 422 and "cannot end before it starts" in wrong.text
    saved = client.post(url, data=form("2025-03-01", "2025-03-07"), headers=htmx)
    assert saved.status_code == 200 and "The entry has been corrected." in saved.text
    stale = client.post(url, data=form("2025-03-01", "2025-03-08"), headers=htmx)
    assert stale.status_code == 409 and 'value="2025-03-07"' in stale.text
    refused = client.post(f"{page_url}/suspensions/{sid}/delete", data={"reason": ""},
                          headers=htmx)  # fmt: skip
    assert refused.status_code == 422 and "Please give a reason." in refused.text
    gone = client.post(f"{page_url}/suspensions/{sid}/delete", data={"reason": "doppelt"},
                       headers=htmx)  # fmt: skip
    assert gone.status_code == 200 and "2025-03-07" not in gone.text

    assert login(client, site.colleague.email).status_code == 303
    other = client.get(page_url).text
    assert "Change history" not in other and "?delete=procedure" not in other

    assert login(client, site.lead.email).status_code == 303
    lead_page = client.get(page_url).text
    assert "Deleted in the last 30 days" in lead_page and "doppelt" in lead_page
    assert "Suspension: deleted" in lead_page
    token = csrf_from(lead_page)
    back = client.post(f"/recognitions/deleted/recognition-suspensions/{sid}/restore",
                       data={"csrf_token": token}, follow_redirects=False)  # fmt: skip
    assert back.status_code == 303
    asked = client.get(f"{page_url}?delete=procedure").text
    assert f'action="{page_url}/delete"' in asked
    done = client.post(f"{page_url}/delete", data={"csrf_token": token, "reason": "Duplikat"},
                       follow_redirects=False)  # fmt: skip
    assert done.status_code == 303 and done.headers["location"] == f"/persons/{site.person}"
    assert client.get(page_url).status_code == 404


def test_a_document_is_deleted_and_restored(
    client: TestClient, factory: Factory, site: Site
) -> None:
    h = _api(client, factory, site)
    url = f"/api/v1/recognitions/{site.procedure_id}/documents"
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    upload = {"file": ("diploma.pdf", pdf, "application/pdf")}
    made = client.post(url, data={"kind": "certificate"}, files=upload, headers=h["me"])
    assert made.status_code == 201, made.text
    did = made.json()["id"]
    assert client.delete(f"{url}/{did}", headers=h["me"]).status_code == 422
    assert client.delete(f"{url}/{did}?reason=falsch", headers=h["colleague"]).status_code == 403
    assert client.delete(f"{url}/{did}?reason=falsche Datei", headers=h["me"]).status_code == 204
    assert client.get(url, headers=h["me"]).json() == []
    assert client.get(f"{url}/{did}", headers=h["me"]).status_code == 404
    with acting(factory, site.lead) as db, force_locale("en"):
        rows = corrections.history_rows(db, procedure_id=site.procedure_id)
        deleted = [r for r in rows if r.subject == "Document" and r.action == "deleted"]
        assert len(deleted) == 1
        assert ("Reason", "–", "falsche Datei") in [
            (c.field, c.old, c.new) for c in deleted[0].changes
        ]
    back = client.post(f"/api/v1/deleted/recognition-documents/{did}/restore", headers=h["lead"])
    assert back.status_code == 200
    assert client.get(f"{url}/{did}", headers=h["me"]).content == pdf
