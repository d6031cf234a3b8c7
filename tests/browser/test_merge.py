"""A lead finds the demo data's duplicate pair "Wiśniewski, Łukasz", compares the two, merges
them keeping the newer birth year, and sees one person with both cases and the merge in the
change history."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from sqlalchemy import select
from sqlmodel import col

from cases.counselling import demo
from cases.persons.models import Person
from tests.browser.conftest import LiveServer
from tests.conftest import PASSWORD
from welcome import clock


def test_merge_the_demo_duplicates(page: Page, live_server: LiveServer) -> None:
    factory = live_server.factory
    centre = factory.centre()
    lead = factory.user(role="lead", centre=centre, locale="en")
    assert centre.id is not None
    with factory.session() as db:
        demo.generate(db, centre_id=centre.id, persons=20, seed=1)
        pair = list(
            db.scalars(
                select(Person)
                .where(col(Person.centre_id) == centre.id, col(Person.last_name) == "Wiśniewski")
                .where(col(Person.first_name) == "Łukasz")
                .order_by(col(Person.id))
            )
        )
    assert len(pair) == 2  # the demo data holds the pair (cases/counselling/demo.py)
    first, second = pair
    newer = max(p.birth_year or 0 for p in pair)
    assert first.birth_year != second.birth_year and newer == clock.today().year - 33

    page.goto(live_server.url + "/login")
    page.get_by_label("E-Mail-Adresse").fill(lead.email)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_label("Passwort").press("Enter")
    search = page.get_by_role("search").first.get_by_role("searchbox")
    search.fill("Wiśniewski Łukasz")
    search.press("Enter")
    results = page.get_by_role("link", name="Wiśniewski, Łukasz")
    expect(results).to_have_count(2)
    results.first.click()
    expect(page).to_have_url(re.compile(rf"/persons/{first.id}$"))

    # the duplicate warning on the person page leads to the comparison
    warning = page.locator("section", has=page.get_by_role("heading", name="Possible duplicates"))
    warning.get_by_role("link", name="Compare and merge").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Merge two records")
    birth = page.get_by_role("row", name=re.compile("Birth year"))
    expect(birth).to_contain_text(str(first.birth_year))
    expect(birth).to_contain_text(str(second.birth_year))
    if (first.birth_year or 0) < newer:  # the other record's year is the newer one: take it
        birth.get_by_role("checkbox").check()
    page.get_by_role("button", name="Merge", exact=True).click()
    page.get_by_role("dialog").get_by_role("button", name="Merge").click()  # asks first

    expect(page).to_have_url(re.compile(rf"/persons/{first.id}$"))
    # the success message, not the person page's standing privacy notice (also role=status)
    saved = page.get_by_role("status").and_(page.locator(".flash-success"))
    expect(saved).to_contain_text("merged")
    details = page.locator("section", has=page.get_by_role("heading", name="Details"))
    expect(details).to_contain_text(str(newer))
    cases = page.locator("section", has=page.get_by_role("heading", name="Cases", exact=True))
    expect(cases.get_by_role("link", name=re.compile(r"^Case \d+"))).to_have_count(2)
    history = page.locator(
        "section", has=page.get_by_role("heading", name="Change history", exact=True)
    )
    expect(history).to_contain_text("merged")
    expect(history).to_contain_text(f"Merged with person no.: – → {second.id}")
    expect(page.get_by_role("button", name=re.compile("Undo the merge"))).to_be_visible()

    # the merged-away record leads here; the search finds one person
    page.goto(f"{live_server.url}/persons/{second.id}")
    expect(page).to_have_url(re.compile(rf"/persons/{first.id}$"))
    search = page.get_by_role("search").first.get_by_role("searchbox")
    search.fill("Wiśniewski Łukasz")
    search.press("Enter")
    expect(page.get_by_role("link", name="Wiśniewski, Łukasz")).to_have_count(1)
