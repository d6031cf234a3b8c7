"""The combobox in a real browser: a nationality picked with the keyboard only (type, arrow
keys, Enter, a chip), a language from the fetched list, a person from the server's search;
and the same form posted with JavaScript off (the plain text fields)."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import LiveServer
from tests.conftest import PASSWORD

SHOTS = Path("/tmp/r3-pickers-shots")


def _login(page: Page, server: LiveServer, email: str) -> None:
    page.goto(server.url + "/login")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_label("Passwort").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_a_nationality_is_picked_with_the_arrow_keys(page: Page, live_server: LiveServer) -> None:
    centre = live_server.factory.centre()
    user = live_server.factory.user(centre=centre, locale="de")
    _login(page, live_server, user.email)
    page.goto(live_server.url + "/persons/new")
    page.get_by_label("Vorname").fill("Rami")
    page.get_by_label("Nachname").fill("Haddad")
    page.get_by_label("Zielgruppe").select_option("third_country_immigrant")

    box = page.get_by_role("combobox", name="Staatsangehörigkeiten")
    box.focus()
    box.press_sequentially("syr")
    listbox = page.get_by_role("listbox")
    expect(listbox.get_by_role("option", name="Syrien")).to_be_visible()
    box.press("ArrowDown")  # the first is active as one types; down and up again
    box.press("ArrowUp")
    expect(box).to_have_attribute(
        "aria-activedescendant", listbox.get_by_role("option").first.get_attribute("id") or ""
    )
    box.press("Enter")
    expect(page.locator(".cb-chip", has_text="Syrien")).to_be_visible()
    expect(box).to_have_value("")
    expect(box).to_be_focused()
    box.press_sequentially("ukr")
    box.press("Enter")
    expect(page.locator(".cb-chip")).to_have_count(2)
    box.press("Backspace")  # on an empty field: the last chip goes
    expect(page.locator(".cb-chip")).to_have_count(1)

    language = page.get_by_role("combobox", name="Beratungssprache")
    language.focus()
    language.press("ArrowDown")  # opened empty: the document languages first
    expect(page.get_by_role("listbox").get_by_role("option").first).to_have_text("Deutsch")
    language.press_sequentially("arab")
    language.press("Enter")
    expect(language).to_have_value("Arabisch")

    state = page.get_by_role("combobox", name="Vorheriger Wohnort (Bundesland)")
    state.press_sequentially("sachsen-a")
    state.press("Enter")
    expect(state).to_have_value("Sachsen-Anhalt")
    page.get_by_role("combobox", name="Vorheriger Wohnort (Land)").press_sequentially("deutschl")
    page.get_by_role("combobox", name="Vorheriger Wohnort (Land)").press("Enter")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "person-form-1280.png"), full_page=True)
    page.get_by_role("button", name="Anlegen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rami Haddad")
    main = page.locator("main")
    expect(main).to_contain_text("Syrien")
    expect(main).to_contain_text("Sachsen-Anhalt")
    expect(main).to_contain_text("Arabisch")


def test_the_person_form_works_without_javascript(
    browser: Browser, live_server: LiveServer
) -> None:
    centre = live_server.factory.centre()
    user = live_server.factory.user(centre=centre, locale="de")
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    page = context.new_page()
    try:
        _login(page, live_server, user.email)
        page.goto(live_server.url + "/persons/new")
        page.get_by_label("Vorname").fill("Olena")
        page.get_by_label("Nachname").fill("Koval")
        page.get_by_label("Zielgruppe").select_option("eu_immigrant")
        page.get_by_label("Staatsangehörigkeiten").fill("Ukraine, Polen")
        page.get_by_label("Vorheriger Wohnort (Bundesland)").select_option("DE-SN")
        page.get_by_label("Bevorzugte Sprache").fill("Ukrainisch")
        page.get_by_role("button", name="Anlegen").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Olena Koval")
        main = page.locator("main")
        expect(main).to_contain_text("Ukraine")
        expect(main).to_contain_text("Polen")
        expect(main).to_contain_text("Sachsen")
        expect(main).to_contain_text("Ukrainisch")
    finally:
        context.close()


def test_a_person_is_found_by_the_server_at_an_event(page: Page, live_server: LiveServer) -> None:
    centre = live_server.factory.centre()
    user = live_server.factory.user(centre=centre, locale="de")
    _login(page, live_server, user.email)
    page.goto(live_server.url + "/persons/new")
    page.get_by_label("Vorname").fill("Amanuel")
    page.get_by_label("Nachname").fill("Tesfay")
    page.get_by_label("Zielgruppe").select_option("returnee")
    page.get_by_role("button", name="Anlegen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Amanuel Tesfay")
    page.goto(live_server.url + "/events/new")
    box = page.get_by_role("combobox", name="Beratene Personen, die teilgenommen haben (optional)")
    box.press_sequentially("tesf")
    expect(page.get_by_role("option", name="Tesfay, Amanuel")).to_be_visible()
    box.press("ArrowDown")
    box.press("Enter")
    expect(page.locator(".cb-chip", has_text="Tesfay, Amanuel")).to_be_visible()
    page.set_viewport_size({"width": 390, "height": 800})
    page.screenshot(path=str(SHOTS / "event-form-390.png"), full_page=True)
