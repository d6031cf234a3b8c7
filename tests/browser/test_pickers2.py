"""The pickers of issue 18 point 2's second round in a real browser: the employer's sector by
title in the chosen WZ version, and a new recognition procedure's case following the picked
person (htmx fills the select of the person's cases). Screenshots for a look at 1280/390 px."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from playwright.sync_api import Page, expect
from sqlmodel import select

from cases.counselling.models import Case
from cases.employers.models import Employer
from cases.recognition.models import RecognitionProcedure
from tests.browser.conftest import LiveServer
from tests.conftest import PASSWORD
from welcome import clock

SHOTS = Path("/tmp/r3-pickers2-shots")


def _login(page: Page, server: LiveServer, email: str) -> None:
    page.goto(server.url + "/login")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_label("Passwort").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def _shots(page: Page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-1280.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 800})
    page.screenshot(path=str(SHOTS / f"{name}-390.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})


def test_the_sector_is_picked_by_title_in_its_version(page: Page, live_server: LiveServer) -> None:
    user = live_server.factory.user(centre=live_server.factory.centre(), locale="de")
    _login(page, live_server, user.email)
    page.goto(live_server.url + "/employers/new")
    page.locator("#f-name").fill("Metallbau Kühn GmbH")
    page.locator("#f-sector_version").select_option("2025")
    box = page.locator("#f-sector_code")
    expect(box).to_have_attribute("role", "combobox")
    box.press_sequentially("metallerz")
    option = page.get_by_role("option", name="Herstellung von Metallerzeugnissen")
    expect(option).to_be_visible()
    _shots(page, "employer-form-open")
    option.click()
    expect(box).to_have_value("Herstellung von Metallerzeugnissen")
    expect(page.locator("input[type=hidden][name=sector_code]")).to_have_value("25")
    page.locator("form button.primary[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Metallbau Kühn GmbH")
    with live_server.factory.session() as db:
        stored = db.scalars(select(Employer).where(Employer.name == "Metallbau Kühn GmbH")).one()
        assert (stored.sector_code, stored.sector_version) == ("25", "2025")
    page.goto(page.url + "/edit")
    expect(page.locator("#f-sector_code")).to_have_value("Herstellung von Metallerzeugnissen")
    _shots(page, "employer-edit")


def test_the_case_follows_the_picked_person(page: Page, live_server: LiveServer) -> None:
    factory = live_server.factory
    centre = factory.centre()
    user = factory.user(role="counsellor", centre=centre, locale="de")
    today = clock.today()
    _login(page, live_server, user.email)
    page.goto(live_server.url + "/persons/new")  # through the form: the search knows the name
    page.get_by_label("Vorname").fill("Ana")
    page.get_by_label("Nachname").fill("Silvestre")
    page.get_by_label("Zielgruppe").select_option("eu_immigrant")
    page.get_by_role("button", name="Anlegen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ana Silvestre")
    person_id = int(page.url.rstrip("/").rsplit("/", 1)[1])
    assert centre.id is not None
    with factory.session() as db:
        older = Case(centre_id=centre.id, person_id=person_id, opened_on=today - timedelta(200))
        newest = Case(centre_id=centre.id, person_id=person_id, opened_on=today - timedelta(9))
        db.add_all([older, newest])
        db.flush()
        newest_id, older_id = newest.id, older.id
    page.goto(live_server.url + "/recognitions/new")
    expect(page.locator("#case-auto")).to_be_visible()  # before a person: what will be taken
    box = page.locator("#f-person_id")
    box.press_sequentially("silves")
    option = page.get_by_role("option", name="Silvestre, Ana")
    expect(option).to_be_visible()
    box.press("ArrowDown")
    box.press("Enter")
    case = page.locator("#f-case_id")
    expect(case).to_be_visible()  # htmx swapped the person's cases in
    expect(case).to_have_value(str(newest_id))
    expect(page.locator("input[name=case_auto]")).to_have_count(0)
    case.select_option(str(older_id))
    page.locator("#f-reference_occupation").fill("Bauingenieurin")
    page.locator("#f-authority").select_option("ingenieurkammer")
    _shots(page, "recognition-form")
    page.locator("form button.primary[type=submit]").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bauingenieurin")
    with factory.session() as db:
        found = select(RecognitionProcedure).where(RecognitionProcedure.person_id == person_id)
        procedure = db.scalars(found).one()
        assert procedure.case_id == older_id


def test_look_at_the_language_and_person_pickers(page: Page, live_server: LiveServer) -> None:
    factory = live_server.factory
    user = factory.user(role="counsellor", centre=factory.centre(), locale="de")
    _login(page, live_server, user.email)
    page.goto(live_server.url + "/enquiries/new")
    language = page.locator("#f-language")
    language.focus()
    language.press("ArrowDown")
    expect(page.get_by_role("listbox").get_by_role("option").first).to_have_text("Deutsch")
    language.press_sequentially("ukr")
    expect(page.get_by_role("option", name="Ukrainisch")).to_be_visible()
    _shots(page, "enquiry-form")
