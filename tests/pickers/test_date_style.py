"""English dates: British by default, US when the user chooses it (stored per user)."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient

from tests.conftest import Factory, csrf_from, login
from welcome.i18n import force_locale, format_date, set_date_style

DAY = date(2026, 12, 1)


def test_formats_follow_the_style() -> None:
    with force_locale("en"):
        set_date_style(None)
        assert format_date(DAY) == "1 Dec 2026"
        set_date_style("en_US")
        assert format_date(DAY) == "Dec 1, 2026"
        set_date_style("xx")  # anything else: British
        assert format_date(DAY, "short") == "01/12/2026"
    with force_locale("de"):
        set_date_style("en_US")  # only for English
        assert format_date(DAY) == "01.12.2026"
        set_date_style(None)


def test_the_choice_is_stored_per_user(client: TestClient, factory: Factory) -> None:
    user = factory.user(centre=factory.centre(), locale="en")
    assert login(client, user.email).status_code == 303
    form = client.get("/settings").text
    assert '<option value="en_GB" selected>' in form
    token = csrf_from(form)
    saved = client.post(
        "/settings", data={"csrf_token": token, "locale": "en", "date_style": "en_US"},
        follow_redirects=False,
    )  # fmt: skip
    assert saved.status_code == 303
    assert '<option value="en_US" selected>' in client.get("/settings").text
    bad = client.post("/settings", data={"csrf_token": token, "locale": "en", "date_style": "fr"})
    assert bad.status_code == 422
