"""The login workflow in a real browser: German page, wrong password, login, logout."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveServer
from tests.conftest import PASSWORD

LOGIN_URL = re.compile(r"/login(\?next=/)?$")


def _no_horizontal_scroll(page: Page) -> None:
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"horizontal scrollbar: scrollWidth/clientWidth = {widths}"


def _log_in(page: Page, email: str, password: str) -> None:
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort").fill(password)
    page.get_by_label("Passwort").press("Enter")


def test_counsellor_logs_in_and_out(page: Page, live_server: LiveServer) -> None:
    centre = live_server.factory.centre("Nord")
    user = live_server.factory.user(role="counsellor", centre=centre, locale="de")

    page.goto(live_server.url + "/")
    expect(page).to_have_url(re.compile(r"/login\?next=/$"))
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("heading", name="Anmelden", level=1)).to_be_visible()
    expect(page.get_by_role("navigation")).to_have_count(0)

    # wrong password: the form comes back with the error and what was typed
    email_field = page.get_by_label("E-Mail-Adresse")
    email_field.click()
    page.keyboard.type(user.email)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Passwort")).to_be_focused()
    page.keyboard.type("not the password")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_have_text("E-Mail-Adresse oder Passwort ist falsch.")
    expect(page.get_by_role("heading", name="Anmelden", level=1)).to_be_visible()
    expect(page.get_by_label("E-Mail-Adresse")).to_have_value(user.email)
    expect(page.get_by_label("Passwort")).to_have_value("")

    # right password: the dashboard with the navigation
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page).to_have_url(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Willkommen, {user.display_name or user.email}"
    )
    nav = page.get_by_role("navigation", name="Hauptnavigation")
    expect(nav).to_be_visible()
    expect(nav.get_by_role("link", name="Übersicht")).to_have_attribute("aria-current", "page")
    expect(nav.get_by_role("link", name="Benutzerkonten")).to_have_count(0)  # counsellor only
    expect(page.get_by_text("Nord · Beratung")).to_be_visible()  # centre and role

    # log out: back on the login page with the flash, and logged out for real
    page.get_by_role("button", name="Abmelden").click()
    expect(page).to_have_url(LOGIN_URL)
    expect(page.get_by_role("status")).to_have_text("Sie wurden abgemeldet.")
    expect(page.get_by_role("heading", name="Anmelden", level=1)).to_be_visible()
    expect(page.get_by_role("button", name="Abmelden")).to_have_count(0)

    page.goto(live_server.url + "/")
    expect(page).to_have_url(re.compile(r"/login\?next=/$"))
    expect(page.get_by_role("heading", name="Anmelden", level=1)).to_be_visible()
    expect(page.get_by_role("status")).to_have_count(0)  # the flash was shown once


def test_tablet_layout_has_no_horizontal_scroll(
    page: Page, live_server: LiveServer, tmp_path: Path
) -> None:
    centre = live_server.factory.centre()
    user = live_server.factory.user(role="counsellor", centre=centre, locale="de")
    page.set_viewport_size({"width": 768, "height": 1024})

    page.goto(live_server.url + "/login")
    expect(page.get_by_role("heading", name="Anmelden", level=1)).to_be_visible()
    _no_horizontal_scroll(page)

    _log_in(page, user.email, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Willkommen, {user.display_name or user.email}"
    )
    expect(page.get_by_role("navigation", name="Hauptnavigation")).to_be_visible()
    _no_horizontal_scroll(page)

    shot = tmp_path / "dashboard-tablet.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.exists()
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > 1000
