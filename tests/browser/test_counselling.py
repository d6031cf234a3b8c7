"""A counsellor's day in a real browser: register, duplicate warning, case, contacts in place
(htmx), referral, outcome, closing; the person page shows it all in order."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveServer
from tests.conftest import PASSWORD


def test_counselling_workflow(page: Page, live_server: LiveServer) -> None:
    centre = live_server.factory.centre()
    user = live_server.factory.user(role="counsellor", centre=centre, locale="en")

    page.goto(live_server.url + "/login")
    page.get_by_label("E-Mail-Adresse").fill(user.email)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_label("Passwort").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")

    # register a person
    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="Persons"
    ).click()
    page.get_by_role("link", name="Register a person").first.click()
    page.get_by_label("First name").fill("Jürgen")
    page.get_by_label("Last name").fill("Müller")
    page.get_by_label("Client group").select_option("returnee")
    page.get_by_label("Birth year").fill("1985")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Jürgen Müller")
    person_url = page.url

    # a variant spelling: the duplicate warning names the person; it links to them
    page.goto(live_server.url + "/persons/new")
    page.get_by_label("First name").fill("Juergen")
    page.get_by_label("Last name").fill("MUELLER")
    page.get_by_label("Client group").select_option("returnee")
    page.get_by_role("button", name="Register").click()
    warning = page.get_by_role("alert")
    expect(warning).to_contain_text("Possible duplicates")
    expect(page.get_by_label("First name")).to_have_value("Juergen")
    expect(page.get_by_role("button", name="Register anyway")).to_be_visible()
    warning.get_by_role("link", name="Müller, Jürgen").click()
    expect(page).to_have_url(person_url)

    # the search box in the top bar finds the person with a typo
    page.get_by_role("search").first.get_by_role("searchbox").fill("Mulelr")
    page.get_by_role("search").first.get_by_role("searchbox").press("Enter")
    page.get_by_role("link", name="Müller, Jürgen").click()
    expect(page).to_have_url(person_url)

    # open a case
    page.get_by_label("How did the person find us?").select_option("employment_agency")
    page.get_by_role("button", name="Open a case").click()
    expect(page).to_have_url(re.compile(r"/cases/\d+$"))
    case_url = page.url

    # two contacts in place: the page does not reload, the form comes back empty
    for minutes, topic in (("45", "job search"), ("30", "housing")):
        page.get_by_label("Duration (minutes)").fill(minutes)
        page.get_by_label("Channel").select_option("in_person")
        page.get_by_label(topic, exact=True).check()
        page.get_by_role("button", name="Save contact").click()
        expect(page.locator("#case-contacts").get_by_role("status")).to_contain_text(
            "The contact has been logged."
        )
        expect(page.get_by_label("Duration (minutes)")).to_have_value("")
    expect(page).to_have_url(case_url)
    expect(page.locator(".timeline .tl-contact")).to_have_count(2)

    # an error in place keeps what was typed
    page.get_by_label("Duration (minutes)").fill("900")
    page.get_by_label("Channel").select_option("phone")
    page.get_by_label("job search", exact=True).check()
    page.get_by_role("button", name="Save contact").click()
    expect(page.locator("#e-duration_minutes")).to_contain_text("between 1 and 600")
    expect(page.get_by_label("Duration (minutes)")).to_have_value("900")

    page.get_by_label("Partner", exact=True).select_option("iq_recognition_counselling")
    page.get_by_role("button", name="Save referral").click()
    # the success message, not the page's standing privacy notices (also role=status)
    saved = page.get_by_role("status").and_(page.locator(".flash-success"))
    expect(saved).to_contain_text("referral has been recorded")
    page.get_by_label("Outcome", exact=True).select_option("job_taken_up")
    page.get_by_role("button", name="Save outcome").click()
    expect(saved).to_contain_text("outcome has been recorded")

    # closing needs a reason
    page.get_by_role("button", name="Close case").click()
    expect(page.locator("#e-reason")).to_be_visible()
    page.get_by_label("Reason for closing").select_option("goal_reached")
    page.get_by_role("button", name="Close case").click()
    expect(page.get_by_role("button", name="Reopen case")).to_be_visible()
    expect(page.get_by_role("button", name="Save contact")).to_have_count(0)

    # the person page shows everything in order
    page.goto(person_url)
    kinds = page.locator(".timeline li").evaluate_all("items => items.map(i => i.className)")
    assert kinds == [
        "tl-opened",
        "tl-contact",
        "tl-contact",
        "tl-referral",
        "tl-outcome",
        "tl-closed",
    ]
