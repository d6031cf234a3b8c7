"""The frozen context: language decided, bilingual parts, isolates, translated per locale."""

from __future__ import annotations

import dataclasses

import pytest

from cases.packages.context import FSI, PDI, build, isolate
from cases.packages.languages import LANGUAGES, resolve
from cases.packages.render import render_html
from tests.packages.samples import NAME, facts


def test_isolate_wraps_user_text() -> None:
    assert isolate("Anna Müller") == "\u2068Anna Müller\u2069"
    assert isolate("") == ""
    # isolates typed by a user cannot unbalance ours
    assert isolate("a\u2069b\u2068") == "\u2068ab\u2069"


def test_context_is_frozen_plain_values() -> None:
    context = build(facts(), LANGUAGES["ar"], version="abc")
    with pytest.raises(dataclasses.FrozenInstanceError):
        context.language = "de"  # type: ignore[misc]
    assert context.language == "ar" and context.direction == "rtl" and context.version == "abc"


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_parts_newcomer_language_then_german(code: str) -> None:
    context = build(facts(), LANGUAGES[code])
    langs = [p.lang for p in context.parts]
    assert langs == (["de"] if code == "de" else [code, "de"])
    for part in context.parts:
        assert part.dir == ("rtl" if part.lang in {"ar", "fa"} else "ltr")
        # the person's name is isolated wherever it appears
        assert f"{FSI}{NAME}{PDI}" in part.welcome
        assert [i.code for i in part.items] == [e.code for e in context.entries]


def test_names_inside_arabic_text_are_isolated() -> None:
    part = build(facts(), LANGUAGES["ar"]).parts[0]
    assert part.welcome == f"أهلاً وسهلاً بكم، {FSI}{NAME}{PDI}!"
    assert part.contacts[0].name == f"{FSI}Bürgeramt Annaberg-Buchholz{PDI}"
    assert part.contacts[0].note == f"{FSI}يرجى حجز موعد عبر الإنترنت{PDI}"
    # German part of the same package: German note missing -> empty
    assert build(facts(), LANGUAGES["ar"]).parts[1].contacts[0].note == ""


@pytest.mark.parametrize(
    ("code", "checklist_heading"),
    [
        ("de", "Ihre Checkliste"),
        ("en", "Your checklist"),
        ("uk", "Ваш список справ"),
        ("ru", "Ваш список дел"),
        ("ar", "قائمة مهامكم"),
        ("fa", "فهرست کارهای شما"),
        ("pl", "Lista spraw do załatwienia"),
        ("cs", "Váš seznam úkolů"),
        ("vi", "Danh sách việc cần làm của Quý vị"),
        ("es", "Su lista de tareas"),
        ("pt-BR", "Sua lista de tarefas"),
        ("tr", "Yapılacaklar listeniz"),
    ],
)
def test_headings_translated(code: str, checklist_heading: str) -> None:
    part = build(facts(), LANGUAGES[code]).parts[0]
    assert part.labels["checklist"] == checklist_heading


def test_german_office_terms_kept_beside_translation() -> None:
    for code in ("uk", "ar", "vi", "tr"):
        items = {i.code: i for i in build(facts(), LANGUAGES[code]).parts[0].items}
        assert "(Anmeldung)" in items["registration"].title
        assert "Aufenthaltstitel" in items["foreigners_authority"].title
        assert "Ausländerbehörde" in items["foreigners_authority"].where
        assert "Kita" in items["childcare"].title


def test_plural_forms_per_language() -> None:
    no_date = facts(arrived_on=None)

    def when(code: str) -> str:
        items = build(no_date, LANGUAGES[code]).parts[0].items
        return next(i.when for i in items if i.code == "registration")

    assert when("de") == "innerhalb von 2 Wochen nach dem Einzug"
    assert when("ar") == "خلال أسبوعين بعد الانتقال إلى السكن"  # the dual form
    assert when("uk") == "протягом 2 тижнів після переїзду"
    assert when("vi") == "trong vòng 2 tuần sau khi dọn đến"


def test_due_dates_formatted_in_each_locale() -> None:
    items = {i.code: i for i in build(facts(), LANGUAGES["de"]).parts[0].items}
    assert items["registration"].when == "bis 16.03.2026"
    # the receipt deadline is the authority's, and said so
    assert items["recognition"].when == "die Stelle bestätigt den Eingang bis 02.04.2026"
    assert "Landesdirektion Sachsen" in items["recognition"].where
    english = {i.code: i for i in build(facts(), LANGUAGES["en"]).parts[0].items}
    assert english["registration"].when == "by 16 Mar 2026"  # British English dates


def test_html_has_lang_dir_and_title() -> None:
    html = render_html(build(facts(), LANGUAGES["fa"], version="0123456789abcdef"))
    assert '<html lang="fa" dir="rtl">' in html
    assert '<div class="part" lang="fa" dir="rtl"' in html
    assert '<div class="part" lang="de" dir="ltr"' in html
    assert "<title>بستهٔ خوش‌آمدگویی (Willkommenspaket) – Anna Nguyễn-Müller</title>" in html
    assert "0123456789ab" not in html  # no content hash for the newcomer
    assert "Stand: 01.12.2026" in html  # the newest "last checked" date of the items


def test_html_escapes_user_text() -> None:
    html = render_html(build(dataclasses.replace(facts(), person_name="<b>X</b>"), LANGUAGES["en"]))
    assert "<b>X</b>" not in html and "&lt;b&gt;X&lt;/b&gt;" in html


@pytest.mark.parametrize(
    ("tag", "code"),
    [
        ("pt_BR", "pt-BR"),
        ("PT-br", "pt-BR"),
        ("pt", "pt-BR"),
        ("ar-SY", "ar"),
        ("prs", "fa"),
        ("uk", "uk"),
    ],
)
def test_language_tags_resolve(tag: str, code: str) -> None:
    found = resolve(tag)
    assert found is not None and found.code == code


@pytest.mark.parametrize("tag", ["", "fr", "xx-YY", None])
def test_unknown_languages(tag: str | None) -> None:
    assert resolve(tag) is None
