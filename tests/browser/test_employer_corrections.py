"""Corrections in a real browser (issue 13): an outreach event edited in place (a wrong title
first, then the right values; the companies reached follow), a hiring need deleted with a
reason in place, and the lead sees the deletion in the employer's history and undoes it."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from cases.employers import hiring_needs
from cases.employers.schemas import HiringNeedIn
from tests.browser.conftest import LiveServer
from tests.conftest import PASSWORD
from tests.employers.conftest import acting
from tests.employers.helpers import employer, event
from welcome.inputs import validate


def _login(page: Page, live_server: LiveServer, email: str) -> None:
    page.context.clear_cookies()
    page.goto(live_server.url + "/login")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_label("Passwort").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")


def test_edit_an_event_and_delete_a_hiring_need(page: Page, live_server: LiveServer) -> None:
    factory = live_server.factory
    centre = factory.centre()
    author = factory.user(role="counsellor", centre=centre, locale="en")
    lead = factory.user(role="lead", centre=centre, locale="en")
    with acting(factory, author) as db:
        company = employer(db, "Kühn Metall GmbH")
        employer(db, "Bäckerei Lange")  # picked by name in the form
        made = event(db, title="Werkstat", type="workshop", employer_ids=[company.id],
                     anonymous_companies=2)  # fmt: skip
        hiring_needs.create(
            db, employer=company,
            data=validate(HiringNeedIn, {"occupation": "Schweißer", "positions": 2}),
        )  # fmt: skip
    _login(page, live_server, author.email)

    # the event, edited in place: the form replaces the details without a page load
    page.goto(f"{live_server.url}/events/{made.id}")
    marker = page.evaluate("() => (window.__stay = 'same page')")
    page.get_by_role("link", name="Edit the event").click()
    form = page.get_by_role("form", name="Correct the entry")
    expect(form.get_by_label("Title")).to_have_value("Werkstat")
    form.get_by_label("Title").fill("")
    form.get_by_role("button", name="Save").click()
    expect(form.locator("p.error", has_text="Please enter a title.")).to_be_visible()
    form.get_by_label("Title").fill("Werkstatt Fachkräfte")
    form.get_by_label("Type").select_option("job_fair")
    companies = form.get_by_role("combobox", name="Named companies reached")  # the picker
    expect(form.locator(".cb-chip", has_text="Kühn Metall GmbH")).to_be_visible()
    companies.press_sequentially("Bäckerei")
    expect(page.get_by_role("option", name="Bäckerei Lange")).to_be_visible()
    companies.press("Enter")
    expect(form.locator(".cb-chip", has_text="Bäckerei Lange")).to_be_visible()
    form.get_by_label(re.compile("^Further companies reached")).fill("5")
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("The event has been saved.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Werkstatt Fachkräfte")
    expect(page.locator("#companies-reached")).to_have_text(
        "2 named and 5 anonymous companies: 7 in all"
    )
    assert page.evaluate("() => window.__stay") == marker  # in place: no page load

    # the hiring need, deleted in place with a reason
    page.goto(f"{live_server.url}/employers/{company.id}")
    need = page.locator('#timeline [data-kind="hiring_need"]')
    expect(need).to_contain_text("2 positions Schweißer")
    need.get_by_role("link", name=re.compile("^Delete")).click()
    ask = page.get_by_role("form", name="Delete the entry")
    ask.get_by_role("button", name="Delete").click()
    expect(ask.get_by_text("Please give a reason.")).to_be_visible()
    ask.get_by_label("Why is this entry deleted?").fill("doppelt erfasst")
    ask.get_by_role("button", name="Delete").click()
    expect(page.get_by_role("status")).to_contain_text("The entry has been deleted.")
    expect(page.locator('#timeline [data-kind="hiring_need"]')).to_have_count(0)
    expect(page.locator('#timeline [data-kind="event"]')).to_contain_text("Werkstatt Fachkräfte")

    # the lead: the deletion in the history, with its reason, and the undo
    _login(page, live_server, lead.email)
    page.goto(f"{live_server.url}/employers/{company.id}")
    history = page.get_by_role("region", name="Change history")
    expect(history).to_contain_text("Hiring need: deleted")
    expect(history).to_contain_text("Reason: – → doppelt erfasst")
    deleted = page.get_by_role("region", name="Deleted in the last 30 days")
    deleted.get_by_role("button", name="Undo the deletion").click()
    expect(page.get_by_role("status")).to_contain_text("The deletion has been undone.")
    expect(page.locator('#timeline [data-kind="hiring_need"]')).to_contain_text("Schweißer")
