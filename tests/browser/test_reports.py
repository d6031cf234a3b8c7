"""A lead opens the alliance report in a real browser, picks the quarter and submits it."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveServer
from tests.conftest import PASSWORD
from tests.reports import golden

PDF_TIMEOUT = 60_000  # the first PDF also starts the render workers


def test_lead_opens_the_report_and_submits_the_quarter(page: Page, live_server: LiveServer) -> None:
    data = golden.build(live_server.factory)
    lead = live_server.factory.user(role="lead", centre=data.centre_a, locale="en")

    page.goto(live_server.url + "/login")
    page.get_by_label("E-Mail-Adresse").fill(lead.email)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_label("Passwort").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")

    page.get_by_role("navigation").get_by_role("link", name="Alliance report").click()
    page.get_by_label("Quarter").select_option("2026-Q3")
    page.get_by_label("Quarter").locator("xpath=..").get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("2026-Q3")
    key = page.locator('tr[data-indicator="persons_counselled"] td').first
    assert abs(int(key.inner_text()) - 5) <= 4  # protected unless the lead asks
    page.get_by_role("link", name="Exact figures, for internal use only").click()
    expect(key).to_have_text("5")
    expect(page.locator("figure.report-chart svg").first).to_be_visible()

    page.get_by_role("button", name="Submit this quarter").click()
    page.locator("#confirm-dialog-ok").click(timeout=PDF_TIMEOUT)  # it asks first
    expect(page.get_by_role("status").first).to_contain_text(
        "The quarter has been submitted (version 1).", timeout=PDF_TIMEOUT
    )
    versions = page.locator("table", has=page.get_by_text("Versions sent"))
    expect(versions.locator("tr[data-version='1']")).to_be_visible()
    expect(page.get_by_role("button", name="Submit a correction")).to_be_visible()
    with page.expect_download() as downloading:
        page.get_by_role("link", name="Download the PDF as sent").click()
    assert downloading.value.suggested_filename.endswith("_v1.pdf")
