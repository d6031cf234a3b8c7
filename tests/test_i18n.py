"""Translations: catalogs complete and current, locale isolation, Babel formatting."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest

from welcome import catalogs, i18n


def test_catalogs_are_current_and_complete() -> None:
    problems = catalogs.check()
    assert problems == [], "\n".join(map(str, problems))


def test_check_notices_a_missing_translation(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import shutil

    copy = tmp_path / "i18n"
    shutil.copytree(catalogs.CATALOG_DIR, copy)
    po = copy / "de" / "LC_MESSAGES" / "messages.po"
    po.write_text(po.read_text().replace('msgstr "Anmelden"', 'msgstr ""'))
    monkeypatch.setattr(catalogs, "CATALOG_DIR", copy)
    monkeypatch.setattr(catalogs, "POT", copy / "messages.pot")
    monkeypatch.setattr(catalogs, "BABEL_CFG", copy / "babel.cfg")
    problems = [str(p) for p in catalogs.check()]
    assert any("untranslated 'Log in'" in p for p in problems), problems


def test_check_notices_a_stale_template(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import shutil

    copy = tmp_path / "i18n"
    shutil.copytree(catalogs.CATALOG_DIR, copy)
    pot = copy / "messages.pot"
    pot.write_text(pot.read_text().replace('msgid "Log in"', 'msgid "Sign in (old)"'))
    monkeypatch.setattr(catalogs, "POT", pot)
    assert any("stale" in str(p) for p in catalogs.check())


def test_german_and_english() -> None:
    with i18n.force_locale("de"):
        assert i18n._("Log in") == "Anmelden"
        assert i18n.ngettext("%(num)d entry", "%(num)d entries", 1) == "1 Eintrag"
        assert i18n.ngettext("%(num)d entry", "%(num)d entries", 3) == "3 Einträge"
    with i18n.force_locale("en"):
        assert i18n._("Log in") == "Log in"


def test_lazy_strings_follow_the_locale_at_use() -> None:
    label = i18n._l("Log out")
    with i18n.force_locale("de"):
        assert str(label) == "Abmelden"
    with i18n.force_locale("en"):
        assert str(label) == "Log out"


def test_force_locale_restores() -> None:
    i18n.set_locale("en")
    with i18n.force_locale("de"):
        assert i18n.get_locale() == "de"
    assert i18n.get_locale() == "en"


def test_concurrent_tasks_keep_their_own_locale() -> None:
    async def worker(locale: str) -> list[str]:
        i18n.set_locale(locale)
        seen = []
        for _ in range(20):
            await asyncio.sleep(0)
            seen.append(i18n._("Log in"))
        return seen

    async def main() -> tuple[list[str], list[str]]:
        return tuple(await asyncio.gather(worker("de"), worker("en")))  # type: ignore[return-value]

    # own thread: a session-wide Playwright browser may hold this thread's event loop
    with ThreadPoolExecutor(1) as pool:
        german, english = pool.submit(asyncio.run, main()).result()
    assert set(german) == {"Anmelden"} and set(english) == {"Log in"}


def test_dates_and_numbers_by_babel() -> None:
    with i18n.force_locale("de"):
        assert i18n.format_date(date(2026, 3, 1)) == "01.03.2026"
        assert i18n.format_number(1234.5) == "1.234,5"
    with i18n.force_locale("en"):
        assert i18n.format_date(date(2026, 3, 1)) == "1 Mar 2026"  # en-GB by default
        assert i18n.format_number(1234.5) == "1,234.5"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("de-DE,de;q=0.9,en;q=0.8", "de"),
        ("en-US,en;q=0.9", "en"),
        ("fr-FR,en;q=0.5", "en"),
        ("en;q=0.1,de;q=0.9", "de"),
        ("fr", None),
        ("", None),
        ("de;q=garbage", None),  # a malformed weight drops that entry
    ],
)
def test_accept_language_negotiation(header: str, expected: str | None) -> None:
    assert i18n.negotiate(header) == expected


def test_language_names_from_cldr() -> None:
    with i18n.force_locale("de"):
        assert i18n.language_name("uk") == "Ukrainisch"
        assert i18n.language_name("pt-BR") == "Portugiesisch (Brasilien)"


def test_every_page_template_is_extracted_also_in_underscore_folders() -> None:
    """Babel skips folders starting with "_" by default: the shared macros were once left out
    of the catalogs, so the German UI showed their English words."""
    from babel.messages.pofile import read_po
    from jinja2.ext import babel_extract

    with catalogs.POT.open("rb") as fh:
        known = {m.id for m in read_po(fh) if m.id}
    missing = []
    templates = catalogs.ROOT / "templates"
    for path in sorted(templates.rglob("*.html")):
        if "documents" in path.relative_to(templates).parts:
            continue  # the documents' own domain
        with path.open("rb") as fh:
            options = {"extensions": "jinja2.ext.i18n"}
            for _line, _func, message, _comments in babel_extract(fh, ["_"], [], options):
                if message is None:
                    continue  # `_(variable)`: its messages are marked where defined (N_)
                text = message if isinstance(message, str) else message[0]
                if text and text not in known:
                    missing.append((str(path.relative_to(templates)), text))
    assert missing == []
    assert any(p.parent.name == "_macros" for p in templates.rglob("*.html"))
