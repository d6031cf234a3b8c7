"""Typography of the parts: German terms isolated inside right-to-left text, Persian digits,
opening hours in the part's language, British English dates, long names."""

from __future__ import annotations

import dataclasses
import re
import subprocess
from pathlib import Path

import pytest

from cases.packages.context import FSI, PDI, build, opening_hours, persian_digits, rtl_terms
from cases.packages.languages import LANGUAGES
from cases.packages.render import german_terms, render_html, render_pdf_sync
from tests.packages import samples


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("شهادة التسجيل (Meldebescheinigung)", f"شهادة التسجيل {FSI}(Meldebescheinigung){PDI}"),
        ("(Meldebehörde / Bürgerbüro) في", f"{FSI}(Meldebehörde / Bürgerbüro){PDI} في"),
        # Arabic inside the brackets is not a German term; isolated user text stays as it is
        ("(قبل انتهاء)", "(قبل انتهاء)"),
        (f"{FSI}Anna (Müller){PDI}", f"{FSI}Anna (Müller){PDI}"),
        ("(§ 24 AufenthG)", f"{FSI}(§ 24 AufenthG){PDI}"),
    ],
)
def test_rtl_terms(text: str, expected: str) -> None:
    assert rtl_terms(text) == expected


def test_persian_digits_outside_isolates() -> None:
    assert persian_digits(f"ظرف 2 هفته {FSI}§ 17 BMG{PDI}") == f"ظرف ۲ هفته {FSI}§ 17 BMG{PDI}"


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("de", "Mo–Fr 9–12"), ("uk", "пн–пт 9–12"), ("en_GB", "Mon–Fri 9–12"), ("tr", "Pzt–Cum 9–12")],
)
def test_opening_hours_localised(locale: str, expected: str) -> None:
    assert opening_hours("Mo–Fr 9–12", locale) == expected


def test_parts_are_typeset_for_their_script() -> None:
    arabic = build(samples.syrian_family(), LANGUAGES["ar"]).parts
    first = {i.key: i for i in arabic[0].items}
    assert f"{FSI}(Anmeldung){PDI}" in first["registration"].title
    # the German part is left as it is
    assert FSI not in {i.key: i for i in arabic[1].items}["registration"].title
    persian = build(samples.syrian_family(), LANGUAGES["fa"]).parts[0]
    registration = next(i for i in persian.items if i.code == "registration")
    assert "۲ هفته" in registration.what and "2 هفته" not in registration.what
    assert "۲۰۲۶" in registration.when
    uk = build(samples.facts(), LANGUAGES["uk"]).parts[0]
    assert uk.contacts[0].opening_hours == f"{FSI}пн–пт 9–12{PDI}"


def test_german_terms_become_german_ltr_blocks() -> None:
    html = render_html(build(samples.syrian_family(), LANGUAGES["ar"]))
    assert '<span class="term" lang="de" dir="ltr">(Anmeldung)</span>' in html
    german = html.split('lang="de" dir="ltr" style=', 1)[1]  # the German part: no blocks
    assert 'class="term"' not in german.split("</section>")[0]
    assert "<b>" not in str(german_terms("\u2068(<b>)\u2069"))  # escaped


def test_long_names_break_and_body_text_is_10pt() -> None:
    long = dataclasses.replace(samples.facts(), person_name="Nguyễn-" + "Müller" * 13)
    html = render_html(build(long, LANGUAGES["vi"]))
    assert "overflow-wrap: anywhere" in html
    assert "font-size: 8.5pt; }" not in html.split(".source")[0]  # the table is 10 pt
    table = "table { table-layout: fixed; width: 100%; border-collapse: collapse; "
    assert table + "font-size: 10pt; }" in html


def _words(pdf: bytes, tmp: Path) -> list[tuple[int, float, float, str]]:
    """(page, xMin, xMax, word) of every word, from poppler's bounding boxes."""
    path = tmp / "words.pdf"
    path.write_bytes(pdf)
    html = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    found, page = [], 0
    for line in html.splitlines():
        if "<page " in line:
            page += 1
        match = re.search(r'xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)".*>(.*)</word>', line)
        if match:
            found.append((page, float(match.group(1)), float(match.group(2)), match.group(3)))
    return found


A4_WIDTH, MARGIN = 595.28, 16 * 72 / 25.4


@pytest.mark.usefixtures("pdf_tools")
@pytest.mark.parametrize("code", ["vi", "ar"])
def test_an_80_character_surname_stays_on_the_page(code: str, tmp_path: Path) -> None:
    surname = "Nguyễn-" + "Müller" * 12 + "-Tran"  # 84 characters
    long = dataclasses.replace(samples.facts(), person_name=f"Minh {surname}")
    words = _words(render_pdf_sync(render_html(build(long, LANGUAGES[code]))), tmp_path)
    assert words
    outside = [w for w in words if w[1] < MARGIN - 1 or w[2] > A4_WIDTH - MARGIN + 1]
    assert not outside, outside[:5]
    # the name is there, broken over lines rather than cut off
    assert sum(len(w[3]) for w in words if "Müller" in w[3]) >= 72


@pytest.mark.usefixtures("pdf_tools")
@pytest.mark.parametrize("code", [c for c in LANGUAGES if c != "de"])
def test_the_german_label_is_never_left_alone_at_a_page_end(code: str, tmp_path: Path) -> None:
    """The "DEUTSCH" label starts the German part: on its page the German heading follows."""
    facts = samples.syrian_family()
    path = tmp_path / "p.pdf"
    path.write_bytes(render_pdf_sync(render_html(build(facts, LANGUAGES[code]))))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    pages = text.split("\f")
    labels = 0
    for page in pages:
        lines = [x.strip() for x in page.splitlines() if x.strip()]
        lines = [x for x in lines if not x.isdigit()]  # the page number (an artefact)
        for index, line in enumerate(lines):
            if line == "DEUTSCH":
                labels += 1
                assert index + 1 < len(lines), "DEUTSCH alone at the end of a page"
    assert labels == 4  # welcome, checklist, contacts, privacy
