"""The `documents` catalogs: complete, current, CLDR plural forms, kept out of the UI domain."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from cases.packages.languages import LANGUAGES, review_status
from welcome import catalogs
from welcome.i18n import CATALOG_DIR, DOCUMENTS_DOMAIN


def test_documents_catalogs_complete_and_current() -> None:
    problems = catalogs.check_domain(DOCUMENTS_DOMAIN)
    assert problems == [], "\n".join(map(str, problems))


def test_every_document_language_has_a_catalog() -> None:
    assert set(catalogs.locales(DOCUMENTS_DOMAIN)) == {lang.catalog for lang in LANGUAGES.values()}


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_plural_forms_match_cldr(code: str) -> None:
    locale = LANGUAGES[code].catalog
    path = CATALOG_DIR / locale / "LC_MESSAGES" / "documents.po"
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=locale)
    cldr = get_plural(locale)
    assert catalog.num_plurals == cldr.num_plurals
    assert catalog.plural_expr == cldr.plural_expr
    plurals = [m for m in catalog if isinstance(m.id, tuple)]
    assert plurals and all(len(m.string) == cldr.num_plurals for m in plurals)


def test_expected_plural_counts() -> None:
    counts = {code: get_plural(lang.catalog).num_plurals for code, lang in LANGUAGES.items()}
    assert counts["ar"] == 6
    assert counts["ru"] == counts["uk"] == counts["pl"] == counts["cs"] == 3
    assert counts["vi"] == counts["tr"] == counts["fa"] == 1


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_review_status_recorded_in_every_header(code: str) -> None:
    path = CATALOG_DIR / LANGUAGES[code].catalog / "LC_MESSAGES" / "documents.po"
    head = path.read_text(encoding="utf-8").split('msgid "', 2)[:2]
    assert "X-Review-Status: not reviewed" in "".join(head)
    assert review_status(code) == "not reviewed"


def test_document_texts_stay_out_of_the_ui_catalog() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "messages.pot"
        catalogs.extract(fresh)
        ui = fresh.read_text(encoding="utf-8")
    assert 'msgid "Welcome, %(name)s!"' not in ui
    assert "Register your address (Anmeldung)" not in ui
    with (CATALOG_DIR / "documents.pot").open("rb") as fh:
        documents = {m.id for m in read_po(fh) if m.id}
    # the UI strings of the packages pages are not in the documents domain either
    assert "Issue PDF" not in documents


def test_check_notices_an_untranslated_document_text(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import shutil

    copy = tmp_path / "i18n"
    shutil.copytree(CATALOG_DIR, copy)
    po = copy / "uk" / "LC_MESSAGES" / "documents.po"
    po.write_text(re.sub(r'msgstr "Ваш список справ"', 'msgstr ""', po.read_text()))
    monkeypatch.setattr(catalogs, "CATALOG_DIR", copy)
    problems = [str(p) for p in catalogs.check_domain(DOCUMENTS_DOMAIN)]
    assert any("untranslated 'Your checklist'" in p for p in problems), problems


GLOSSARY_TERMS = (
    "Meldebehörde / Bürgerbüro", "Anmeldung", "Meldebescheinigung", "Steuer-ID", "Krankenkasse",
    "Rundfunkbeitrag", "Ausländerbehörde", "Aufenthaltstitel", "Fahrerlaubnisbehörde", "Kita",
    "Kindertagespflege", "Familienkasse", "Kindergeld", "Integrationskurs", "Anerkennung",
    "Jobcenter", "Agentur für Arbeit",
)  # fmt: skip


@pytest.mark.parametrize("code", [c for c in LANGUAGES if c != "de"])
def test_a_glossary_per_language_lists_every_office_term(code: str) -> None:
    path = CATALOG_DIR / "glossary" / f"{LANGUAGES[code].catalog}.md"
    rows = {
        line.split("|")[1].strip(): line.split("|")[2].strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("| ") and not line.startswith("| German")
    }
    assert set(rows) == set(GLOSSARY_TERMS)
    assert all(rows.values())
    assert "not reviewed" in path.read_text(encoding="utf-8")  # honest status


@pytest.mark.parametrize(
    ("code", "wrong"),
    [
        ("uk", "Вид на жительство"),
        ("ru", "Вид на жительство"),
        ("uk", "на яких Ви погодилися"),
        ("ru", "на которых Вы дали согласие"),
        ("pt_BR", "Plano de saúde"),
        ("vi", "nước ngoài EU"),
        ("vi", "Chào mừng Quý vị,"),
        ("en", "Responsible:"),
        # found in this round's review against the glossaries (r3)
        ("uk", "З першого дня народження"),  # "from the day of birth", not "from age one"
        ("ru", "С первого дня рождения"),
        ("ru", "после въезда в квартиру"),
        ("pl", "na których Państwo się zgodzili"),
        ("cs", "se kterými jste souhlasili"),
        ("pt_BR", "o(a) senhor(a)"),  # one form of address: "você"
        ("pt_BR", "O(a) senhor(a)"),
        ("ar", "في دائرتكم"),  # "district" must not read as the office ("دائرة")
    ],
)
def test_the_quoted_translation_errors_are_gone(code: str, wrong: str) -> None:
    with (CATALOG_DIR / code / "LC_MESSAGES" / "documents.po").open("rb") as fh:
        catalog = read_po(fh, locale=code)
    strings = [m.string for m in catalog if m.id and isinstance(m.string, str)]
    assert not [s for s in strings if wrong in s]


BROADCASTING_FEE = "Broadcasting fee (Rundfunkbeitrag)"


@pytest.mark.parametrize("code", [c for c in LANGUAGES if c != "de"])
def test_item_titles_use_the_glossary_translation(code: str) -> None:
    """An item title "<translation> (<German term>)" names the term as the glossary does
    (the broadcasting fee was translated two ways in four languages)."""
    path = CATALOG_DIR / "glossary" / f"{LANGUAGES[code].catalog}.md"
    rows = {
        line.split("|")[1].strip(): line.split("|")[2].strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("| ") and not line.startswith("| German")
    }
    with (CATALOG_DIR / LANGUAGES[code].catalog / "LC_MESSAGES" / "documents.po").open("rb") as fh:
        catalog = read_po(fh, locale=LANGUAGES[code].catalog)
    title = catalog[BROADCASTING_FEE].string
    assert isinstance(title, str)
    term = rows["Rundfunkbeitrag"]
    assert title.lower().startswith(term.lower()), (title, term)
