"""The employer side in a real browser: register a company (the duplicate warning for a
variant spelling), log a consultation in place (htmx), record a mailing that reached it and
20 anonymous companies, record the placement of a counselled person."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from cases.persons.models import Person
from tests.browser.conftest import LiveServer
from tests.conftest import PASSWORD


def test_employer_workflow(page: Page, live_server: LiveServer) -> None:
    centre = live_server.factory.centre()
    user = live_server.factory.user(role="counsellor", centre=centre, locale="en")
    assert centre.id is not None
    with live_server.factory.session() as db:
        person = Person(
            centre_id=centre.id,
            client_group="third_country_immigrant",
            first_name="Olena",
            last_name="Koval",
        )
        db.add(person)
        db.flush()
        person_id = person.id

    page.goto(live_server.url + "/login")
    page.get_by_label("E-Mail-Adresse").fill(user.email)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_label("Passwort").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")

    # register a company
    nav = page.get_by_role("navigation", name="Main navigation")
    nav.get_by_role("link", name="Employers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Employers")
    page.get_by_role("link", name="Register an employer").click()
    page.get_by_label("Name of the company").fill("Müller GmbH")
    sector = page.get_by_role("combobox", name="Sector (WZ)")  # the sector picker (by title)
    sector.press_sequentially("metallerzeugnis")
    page.get_by_role("option", name="Herstellung von Metallerzeugnissen").click()
    page.get_by_label("Size").select_option("10-49")
    page.get_by_label("Chamber").select_option("hwk")
    page.get_by_label("Municipality").fill("Annaberg-Buchholz")
    page.get_by_role("button", name="Register").click()
    expect(page).to_have_url(re.compile(r"/employers/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Müller GmbH")
    employer_url = page.url

    # a variant spelling: the warning names the company, the typed values stay
    page.goto(live_server.url + "/employers/new")
    page.get_by_label("Name of the company").fill("MUELLER G.m.b.H. & Co. KG")
    page.get_by_label("Municipality").fill("Aue")
    page.get_by_role("button", name="Register").click()
    warning = page.get_by_role("alert").filter(has_text="may be registered already")
    expect(warning).to_be_visible()
    expect(page.get_by_label("Name of the company")).to_have_value("MUELLER G.m.b.H. & Co. KG")
    expect(page.get_by_label("Municipality")).to_have_value("Aue")
    warning.get_by_role("link", name="Müller GmbH").click()
    expect(page).to_have_url(employer_url)

    # log a consultation in place: a wrong duration first, then the right one
    page.get_by_label("Duration in minutes").fill("700")
    page.get_by_label("Channel").select_option("phone")
    page.get_by_label("onboarding").check()
    page.get_by_label("recruiting abroad").check()
    page.get_by_role("button", name="Save consultation").click()
    at_field = page.locator("p.error", has_text="The duration must be between 1 and 600 minutes.")
    expect(at_field).to_be_visible()  # and in the error summary above the form
    expect(page.get_by_label("recruiting abroad")).to_be_checked()
    expect(page.get_by_label("Duration in minutes")).to_have_value("700")
    page.get_by_label("Duration in minutes").fill("45")
    page.get_by_role("button", name="Save consultation").click()
    expect(
        page.get_by_role("status").filter(has_text="consultation has been saved")
    ).to_be_visible()
    expect(page).to_have_url(employer_url)  # in place, no page load
    timeline = page.locator("#timeline")
    expect(timeline.locator('[data-kind="consultation"]')).to_have_count(1)
    expect(timeline).to_contain_text("Consultation (phone, 45 minutes)")
    expect(timeline).to_contain_text("onboarding")
    expect(page.get_by_label("Duration in minutes")).to_have_value("")  # a fresh form

    # record a mailing that reached the company and 20 anonymous companies
    page.get_by_role("link", name="Record an event that reached this company").click()
    expect(page.locator(".cb-chip", has_text="Müller GmbH")).to_be_visible()  # the picker's chip
    page.get_by_label("Type").select_option("mailing")
    page.get_by_label("Title").fill("Rundbrief Fachkräfteeinwanderung")
    page.get_by_label("Format").select_option("written")
    page.get_by_label("Further companies reached without a name").fill("20")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(re.compile(r"/events/\d+$"))
    expect(page.locator("#companies-reached")).to_have_text(
        "1 named and 20 anonymous companies: 21 in all"
    )
    page.get_by_role("link", name="Müller GmbH").click()
    expect(page).to_have_url(employer_url)
    expect(page.locator("#timeline")).to_contain_text("Rundbrief Fachkräfteeinwanderung")

    # record the placement of a counselled person
    page.get_by_role("link", name="Record a placement").click()
    # the picker takes the person's number as typed (a person without search keys here)
    page.get_by_role("combobox", name="Counselled person").fill(str(person_id))
    page.get_by_label("Starts").select_option("job")
    page.get_by_label("Occupation", exact=True).fill("Zerspanungsmechaniker/in")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(employer_url)
    expect(page.get_by_role("status")).to_contain_text("The placement has been saved.")
    expect(page.locator('#timeline [data-kind="placement"]')).to_contain_text(
        "Olena Koval – job, Zerspanungsmechaniker/in"
    )

    # the list finds the company by its last contact
    page.goto(live_server.url + "/employers")
    page.get_by_label("Last contact").select_option("3m")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("link", name="Müller GmbH")).to_be_visible()
    expect(page.get_by_text("1 employer", exact=True)).to_be_visible()
