"""Typography of the parts: German terms isolated inside right-to-left text, Persian digits,
opening hours in the part's language, British English dates, long names."""

from __future__ import annotations

import dataclasses

import pytest

from cases.packages.context import FSI, PDI, build, opening_hours, persian_digits, rtl_terms
from cases.packages.languages import LANGUAGES
from cases.packages.render import german_terms, render_html
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
    assert "table { width: 100%; border-collapse: collapse; font-size: 10pt; }" in html
