"""A counsellor issues a welcome package from the person page in a real browser: preview in
Ukrainian, issue the PDF, see it listed and download it."""

from __future__ import annotations

import io
from datetime import date

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.browser.conftest import LiveServer
from tests.conftest import PASSWORD
from tests.counselling.helpers import acting, person

PDF_TIMEOUT = 60_000  # the first PDF also starts the render workers


def test_issue_a_package_from_the_person_page(page: Page, live_server: LiveServer) -> None:
    factory = live_server.factory
    centre = factory.centre()
    user = factory.user(role="counsellor", centre=centre, locale="en")
    with acting(factory, user) as db:
        person(
            db, "Olena", "Koval", client_group="third_country_immigrant",
            preferred_language="vi", arrived_on=date(2026, 3, 2),
        )  # fmt: skip

    page.goto(live_server.url + "/login")
    page.get_by_label("E-Mail-Adresse").fill(user.email)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_label("Passwort").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")

    # open the person
    page.goto(live_server.url + "/persons?q=Koval")
    page.get_by_role("link", name="Koval, Olena").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Olena Koval")
    person_url = page.url
    card = page.locator("section", has=page.get_by_role("heading", name="Welcome package"))
    language = card.get_by_label("Language of the package")
    expect(language).to_have_value("vi")  # the person's preferred language comes first
    expect(card).to_contain_text("No welcome package has been issued yet.")

    # preview in Ukrainian: the document opens in a new tab, in Ukrainian next to German
    language.select_option("uk")
    with page.expect_popup() as opened:
        card.get_by_role("button", name="Preview as HTML").click()
    preview = opened.value
    expect(preview.locator("html")).to_have_attribute("lang", "uk")
    expect(preview.locator("body")).to_contain_text("Ваш список справ")
    expect(preview.locator("body")).to_contain_text("Koval")
    preview.close()

    # issue the PDF: the package page confirms and lists it
    card.get_by_role("button", name="Issue PDF").click(timeout=PDF_TIMEOUT)
    expect(page.get_by_role("status").first).to_contain_text(
        "The welcome package has been issued.", timeout=PDF_TIMEOUT
    )
    listed = page.get_by_role("table")
    expect(listed).to_contain_text("Ukrainian")

    # download it: a real PDF with the name and the Ukrainian headings
    with page.expect_download() as got:
        listed.get_by_role("link", name="Download PDF").click()
    download = got.value
    assert download.suggested_filename.endswith(".pdf")
    data = download.path().read_bytes()
    assert data.startswith(b"%PDF")
    text = "".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)
    assert "Koval" in text and "Ваш список справ" in text

    # back on the person page the issue is listed with its download link
    page.goto(person_url)
    expect(card).to_contain_text("Ukrainian")
    expect(card.get_by_role("link", name="Download PDF")).to_have_count(1)
