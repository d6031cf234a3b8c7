"""Corrections in a real browser (issue 13): a contact's duration corrected in place (htmx,
no reload) and a referral deleted with a reason; the history shows both."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveServer
from tests.conftest import PASSWORD
from tests.counselling.helpers import (
    acting,
    create_case,
    create_contact,
    create_referral,
    person,
)
from welcome import clock

OPENED = clock.today() - timedelta(days=20)


def test_correct_a_contact_and_delete_a_referral(page: Page, live_server: LiveServer) -> None:
    factory = live_server.factory
    user = factory.user(role="counsellor", centre=factory.centre(), locale="en")
    with acting(factory, user) as db:
        p = person(db, "Łukasz", "Wiśniewski")
        case = create_case(db, person_id=p.id, opened_on=OPENED)
        create_contact(db, case=case, date=OPENED + timedelta(days=2), duration_minutes=30,
                       channel="phone", topics=["job_search"])  # fmt: skip
        create_referral(db, case=case, date=OPENED + timedelta(days=3), partner="job_centre")
        case_url = f"{live_server.url}/cases/{case.id}"

    page.goto(live_server.url + "/login")
    page.get_by_label("E-Mail-Adresse").fill(user.email)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_label("Passwort").press("Enter")
    page.goto(case_url)
    contact = page.locator(".timeline .tl-contact")
    expect(contact).to_contain_text("30 minutes")

    # correct the duration in place: the form opens in the entry, the page does not reload
    page.evaluate("window.notReloaded = true")
    contact.get_by_role("link", name="Edit").click()
    form = page.get_by_role("form", name="Correct the entry")
    expect(form.get_by_label("Duration (minutes)")).to_have_value("30")
    form.get_by_label("Duration (minutes)").fill("55")
    form.get_by_role("button", name="Save").click()
    expect(page.locator("#case-contacts").get_by_role("status")).to_contain_text(
        "The entry has been corrected."
    )
    expect(page.locator(".timeline .tl-contact")).to_contain_text("55 minutes")
    assert page.evaluate("window.notReloaded") is True
    expect(page).to_have_url(case_url)

    # delete the referral: a reason is required
    page.locator(".timeline .tl-referral").get_by_role("link", name="Delete").click()
    deleting = page.get_by_role("form", name="Delete the entry")
    deleting.get_by_role("button", name="Delete").click()
    expect(deleting.get_by_text("Please give a reason.")).to_be_visible()
    deleting.get_by_label("Why is this entry deleted?").fill("referred to the wrong partner")
    deleting.get_by_role("button", name="Delete").click()
    expect(page.locator("#case-contacts").get_by_role("status")).to_contain_text(
        "The entry has been deleted."
    )
    expect(page.locator(".timeline .tl-referral")).to_have_count(0)
    history = page.get_by_role("region", name="Change history")
    expect(history).to_contain_text("referred to the wrong partner")
    expect(history).to_contain_text("Duration (minutes): 30 → 55")
    assert page.evaluate("window.notReloaded") is True
