"""A recognition procedure in a real browser: create it, upload a PDF, mark the documents
complete, and find the decision due date on the dashboard."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from playwright.sync_api import Page, expect

from cases.persons.models import Person
from cases.recognition import deadlines, due_lists
from tests.browser.conftest import LiveServer
from tests.conftest import PASSWORD


def test_procedure_from_creation_to_dashboard(
    page: Page, live_server: LiveServer, tmp_path: Path
) -> None:
    factory = live_server.factory
    centre = factory.centre()
    user = factory.user(role="counsellor", centre=centre, locale="en")
    with factory.session() as db:
        person = Person(
            centre_id=centre.id, client_group="eu_immigrant", first_name="Ana", last_name="Silva"
        )
        db.add(person)
        db.flush()
        person_id = person.id

    today = due_lists.today()
    applied = today - timedelta(days=100)
    complete = today - timedelta(days=85)
    due = deadlines.decision_due_on(documents_complete_on=complete, accelerated=False)
    assert due is not None and today <= due <= today + timedelta(days=14)

    page.goto(live_server.url + "/login")
    page.locator("#f-email").fill(user.email)
    page.locator("#f-password").fill(PASSWORD)
    page.locator("#f-password").press("Enter")
    expect(page.get_by_role("navigation", name="Main navigation")).to_be_visible()

    # create: first with a missing authority (the typed values stay), then complete
    page.get_by_role("navigation").get_by_role("link", name="Recognition", exact=True).click()
    page.get_by_role("link", name="New procedure").click()
    page.get_by_role("combobox", name="Person", exact=True).fill(str(person_id))  # the picker
    page.get_by_label("Reference occupation").fill("Civil engineer")
    page.get_by_label("Application submitted").fill(applied.isoformat())
    page.get_by_label("Receipt confirmed").fill((applied + timedelta(days=5)).isoformat())
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#e-authority")).to_be_visible()
    expect(page.get_by_label("Reference occupation")).to_have_value("Civil engineer")
    page.get_by_label("Competent authority").select_option("ingenieurkammer")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Civil engineer")
    expect(page.locator("#decision-due")).to_contain_text("starts when the documents")

    # upload a PDF
    pdf = tmp_path / "diploma.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page.get_by_label("File (PDF, JPEG or PNG").set_input_files(str(pdf))
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("link", name="diploma.pdf", exact=True)).to_be_visible()

    # mark the documents complete: the decision due date appears
    step = page.locator("form:has(#f-documents_complete_on)")
    step.get_by_label("Documents complete").fill(complete.isoformat())
    step.get_by_role("button", name="Save date").click()
    expect(page.locator(f'#decision-due time[datetime="{due.isoformat()}"]')).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("saved")

    # the dashboard shows it among the deadlines of the next 14 days
    page.get_by_role("navigation").get_by_role("link", name="Dashboard").click()
    panel = page.locator(".panel-deadlines")
    expect(panel.get_by_role("heading", name="Recognition deadlines")).to_be_visible()
    soon = panel.locator("section:has(#dl-soon-panel)")
    expect(soon.get_by_role("link", name="Ana Silva · Civil engineer")).to_be_visible()
    expect(soon.locator(f'time[datetime="{due.isoformat()}"]')).to_be_visible()
