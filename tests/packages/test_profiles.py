"""The three profiles of issue 16's "Done when", read from the PDF text: a Ukrainian under
§ 24 with a Ukrainian licence, a German returnee from Switzerland with a Swiss licence, a
Syrian family with two children. Each package says the right thing, in German (every package
has the German part) and in the newcomer's language."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

from cases.packages.context import Facts, build
from cases.packages.languages import LANGUAGES
from cases.packages.render import render_html, render_pdf_sync
from tests.packages import samples
from tests.shared import Lazy, once, shared_dir

pytestmark = pytest.mark.usefixtures("pdf_tools")
BIDI = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
PROFILES: dict[str, Callable[[], Facts]] = {
    "ukrainian": samples.ukrainian,
    "returnee": samples.returnee,
    "syrian_family": samples.syrian_family,
}
LANGS = {"ukrainian": "uk", "returnee": "en", "syrian_family": "ar"}


def pdf_text(facts: Facts, code: str, tmp: Path, *, name: str | None = None) -> str:
    """The package's text; `name`: the PDF is rendered once per run under that name in the
    directory every worker shares (tests/shared.py)."""

    def pdf() -> bytes:
        return render_pdf_sync(render_html(build(facts, LANGUAGES[code])))

    if name is None:
        path = tmp / f"{code}.pdf"
        path.write_bytes(pdf())
    else:
        path = once(tmp, name, pdf)
    raw = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout
    text = unicodedata.normalize("NFC", raw.decode().translate(BIDI))
    # a word hyphenated at a line end: WeasyPrint's hyphen is U+2010, typed hyphens are "-"
    text = re.sub("\u2010\\s+", "", text)
    # lines broken after a hyphen ("Anerkennungs-" / "Finder") join again
    return re.sub(r"(\w-) (\w)", r"\1\2", " ".join(text.replace("\u00ad", "").split()))


@pytest.fixture(scope="module")
def texts(tmp_path_factory: pytest.TempPathFactory) -> Lazy[tuple[str, str], str]:
    """Each profile's text in German and the newcomer's language, rendered when a test first
    asks for it, once per run."""
    where = shared_dir(tmp_path_factory)

    def make(key: tuple[str, str]) -> str:
        name, code = key
        return pdf_text(PROFILES[name](), code, where, name=f"test_profiles-{name}-{code}.pdf")

    return Lazy(make, [(name, code) for name in PROFILES for code in ("de", LANGS[name])])


def has(text: str, phrase: str) -> bool:
    """`phrase` in `text`, where pdftotext may have dropped a hyphen at a line break."""
    return phrase.replace("-", "") in text.replace("-", "")


def german(texts: Lazy[tuple[str, str], str], name: str) -> str:
    return texts[name, "de"]


def test_ukrainian_under_temporary_protection(texts: Lazy[tuple[str, str], str]) -> None:
    text = german(texts, "ukrainian")
    # the licence is recognised for the duration of protection, no 6 months, no conversion
    assert "solange Ihr vorübergehender Schutz besteht" in text
    assert "6 Monate ab der Begründung" not in text and "keine Frist" in text
    # the residence permit: check the extended end date with the Ausländerbehörde
    assert "durch eine Verordnung verlängert" in text
    assert has(text, "Ukraine-Aufenthaltserlaubnis-Fortgeltungsverordnung")
    # Leipzig is a kreisfreie Stadt: the city's office, not "Ihres Landkreises"
    assert "Ausländerbehörde der Stadt Leipzig" in text and "Ihres Landkreises" not in text
    # first residence: the tax ID comes by post
    assert "Die Steuer-ID wird einmal vergeben und gilt lebenslang" in text
    # Rundfunkbeitrag monthly, with the exemption
    assert "pro Wohnung monatlich" in text and "Befreiung beantragen" in text
    assert "Kindergeld" not in text  # single
    # the integration course with its access condition and the right hours
    assert "600 Unterrichtseinheiten" in text and "bis zu 900 + 100" in text
    assert "im Rahmen freier Plätze" in text
    ukrainian = texts["ukrainian", "uk"]
    assert "доки діє Ваш тимчасовий захист" in ukrainian
    assert "Ausländerbehörde (відомство у справах іноземців) міста Leipzig" in ukrainian
    assert "Вид на жительство" not in ukrainian


def test_german_returnee_from_switzerland(texts: Lazy[tuple[str, str], str]) -> None:
    text = german(texts, "returnee")
    # a Swiss licence is not an EU/EEA licence: 6 months from taking up residence, then convert
    assert "6 Monate ab der Begründung Ihres Wohnsitzes" in text
    assert "umgeschrieben" in text and "bis 01.04.2027" in text
    # a returnee has a tax ID for life: no tax ID item
    assert "Steuer-Identifikationsnummer" not in text
    # a German: no residence title, no integration course
    assert "Aufenthaltstitel" not in text and "Integrationskurs" not in text
    # registration was due on 15.10.2026, the package is issued on 01.12.2026
    assert "überfällig — bitte jetzt erledigen" in text and "bis 15.10.2026" not in text
    english = texts["returnee", "en"]
    assert "overdue — please do it now" in english
    assert "by 1 Apr 2027" in english  # British English dates
    # the GDPR section from the information sheet's texts (cases/privacy): the controller named
    assert "Who is responsible (controller): Welcome Center Erzgebirge" in english


def test_syrian_family_with_two_children(texts: Lazy[tuple[str, str], str]) -> None:
    text = german(texts, "syrian_family")
    assert "Kindergeld" in text and "Familienkasse der Bundesagentur für Arbeit" in text
    assert "in einer Kita oder in der Kindertagespflege" in text
    assert text.count("Nachweis über den Masernschutz") >= 3  # Kita, school (text, documents)
    assert "In Sachsen besteht Schulpflicht" in text
    assert "Ausländerbehörde der Stadt Chemnitz" in text
    assert "Sie können teilnehmen, wenn die Ausländerbehörde oder das Jobcenter" in text
    # recognition in preparation: find the authority, free counselling
    assert has(text, "Anerkennungs-Finder auf anerkennung-in-deutschland.de")
    assert "IQ Netzwerk Sachsen berät Sie kostenlos" in text
    assert "Studienvertrag" not in text
    arabic = texts["syrian_family", "ar"]
    assert "Kindertagespflege" in arabic and "Familienkasse" in arabic
    assert "الحصبة" in arabic  # measles


@pytest.mark.parametrize("name", list(PROFILES))
def test_every_package_sourced_dated_without_hash(
    texts: Lazy[tuple[str, str], str], name: str
) -> None:
    text = german(texts, name)
    assert "Stand: 01.12.2026" in text
    assert "Quelle: § 17 (1), § 19 Bundesmeldegesetz (BMG) (geprüft am 01.12.2026)" in text
    assert "Rundfunkbeitragsstaatsvertrag" in text and "Art. 13 DSGVO" in text
    assert "Version" not in text and "zahlt den Rundfunkbeitrag einmal" not in text


def test_no_local_contacts_section_when_none_entered(
    texts: Lazy[tuple[str, str], str], tmp_path: Path
) -> None:
    facts = dataclasses.replace(samples.ukrainian(), contacts=())
    text = pdf_text(facts, "de", tmp_path)
    with_contacts = texts["ukrainian", "de"]  # the same facts with their contacts
    assert "Ansprechpartner vor Ort" in with_contacts
    assert "Ansprechpartner vor Ort" not in text and "noch keine" not in text


def test_done_items_are_left_out(tmp_path: Path) -> None:
    lang = LANGUAGES["de"]
    context = build(samples.returnee(), lang, done=("registration", "driving_licence"))
    assert {e.code for e in context.entries} == {
        "health_insurance",
        "bank_account",
        "broadcasting_fee",
    }
    path = tmp_path / "done.pdf"
    path.write_bytes(render_pdf_sync(render_html(context)))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "Wohnung anmelden" not in text and "Führerschein" not in text
    assert "Rundfunkbeitrag" in text


@pytest.mark.parametrize("name", list(PROFILES))
def test_page_one_names_the_centre_and_the_counsellors_contact(name: str, tmp_path: Path) -> None:
    path = tmp_path / "p.pdf"
    path.write_bytes(render_pdf_sync(render_html(build(PROFILES[name](), LANGUAGES[LANGS[name]]))))
    raw = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(path), "-"], capture_output=True, check=True
    ).stdout.decode()
    page_one = " ".join(raw.translate(BIDI).split())
    assert samples.CENTRE_ADDRESS in page_one and samples.CENTRE_PHONE in page_one
    assert samples.CENTRE_EMAIL in page_one
    assert "Petra Schulz" in page_one and "p.schulz@example.org" in page_one


def test_german_only_package_has_no_language_label(texts: Lazy[tuple[str, str], str]) -> None:
    assert "DEUTSCH" not in german(texts, "ukrainian")
    assert "DEUTSCH" in texts["ukrainian", "uk"]
