"""The information sheet in all 12 languages (controller, DPO, supervisory authority, the
periods) and the export PDF in the person's language next to German; their PDF/UA structure
(one part per language with its `Lang`, walked with the package structure test's helpers);
the package's GDPR section made of the sheet's texts. SQLite only (rendering)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from cases.packages.context import build as build_package
from cases.packages.context import persian_digits
from cases.packages.languages import LANGUAGES, Language
from cases.privacy import render, service, sheet
from tests.conftest import Factory, make_settings
from tests.counselling.helpers import acting
from tests.packages.samples import facts as package_facts
from tests.packages.test_structure import document, kids, walk
from tests.privacy.samples import NOTE, build
from welcome.config import Settings

CODES = list(LANGUAGES)
CENTRE = sheet.CentreFacts(
    name="Welcome Center Erzgebirge",
    address="Markt 1, 09456 Annaberg-Buchholz",
    email="welcome@erzgebirge.example",
    phone="03733 1234",
    controller="Landkreis Erzgebirgskreis, Paulus-Jenisius-Straße 24, 09456 Annaberg-Buchholz",
    data_protection_officer="Frau Datenschutz, dsb@erzgebirge.example",
)


@pytest.fixture
def settings(sqlite_url: str, tmp_path: Path) -> Settings:
    return make_settings(sqlite_url, tmp_path)


def text_of(pdf: bytes) -> str:
    """The PDF's text without white space (lines wrap anywhere) and brackets (extraction
    mirrors them in a left-to-right part of a right-to-left document)."""
    reader = PdfReader(io.BytesIO(pdf))
    return squeeze("".join(page.extract_text() or "" for page in reader.pages))


def squeeze(text: str) -> str:
    return re.sub(r"[\s()\u2068\u2069\u200c]+", "", text)


def period(months: int, lang: Language) -> str:
    found = sheet.duration(months, lang)
    return persian_digits(found) if lang.code == "fa" else found


@pytest.fixture(scope="module")
def sheets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[sheet.SheetContext, Path]]:
    out = tmp_path_factory.mktemp("sheets")
    found = {}
    for code, lang in LANGUAGES.items():
        context = sheet.build(CENTRE, sheet.DEFAULTS, lang)
        path = out / f"{code}.pdf"
        path.write_bytes(render.render_pdf_sync(render.sheet_html(context)))
        found[code] = (context, path)
    return found


@pytest.mark.parametrize("code", CODES)
def test_the_sheet_holds_what_art_13_asks(
    sheets: dict[str, tuple[sheet.SheetContext, Path]], code: str
) -> None:
    context, path = sheets[code]
    text = text_of(path.read_bytes())
    lang = LANGUAGES[code]
    for fact in (CENTRE.controller, CENTRE.data_protection_officer, CENTRE.phone, CENTRE.email):
        assert squeeze(fact) in text, (code, fact)
    assert squeeze(sheet.AUTHORITY) in text and squeeze(sheet.AUTHORITY_ADDRESS) in text
    items = [i for s in context.parts[0].sections for i in s.items]
    for months in (36, 6, 12):  # case file, recognition documents, package PDFs
        found = squeeze(period(months, lang))
        assert any(squeeze(period(months, lang)) in squeeze(i) for i in items), (code, months)
        if lang.direction == "rtl":  # poppler and pypdf move a number inside RTL text
            found = re.sub(r"[0-9۰-۹]", "", found)
        assert found in text, (code, months)
    # the German part is there too, after the person's language
    assert [p.lang for p in context.parts] == ([code] if code == "de" else [code, "de"])
    assert squeeze("Datenschutzinformation (Art. 13 DSGVO)") in text
    assert squeeze(period(36, LANGUAGES["de"])) in text
    if code not in ("de", "en"):  # translated, not the English source
        assert squeeze(context.parts[0].sections[-1].heading) in text
        assert context.parts[0].sections[-1].heading != "Do you have to give us your data?"


@pytest.mark.parametrize("code", ["ar", "fa", "uk", "de"])
def test_the_sheet_has_one_part_per_language(
    sheets: dict[str, tuple[sheet.SheetContext, Path]], code: str
) -> None:
    context, path = sheets[code]
    expected = [p.lang for p in context.parts]
    with pikepdf.open(path) as pdf:
        assert str(pdf.Root.Lang) == code
        parts = [k for k in kids(document(pdf)) if str(k.S) == "/Sect"]
        assert [str(p.Lang) for p in parts] == expected
        for element, lang in walk(document(pdf)):
            if str(element.S) != "/Document":
                assert lang in expected, (element.S, lang)
        items = [e for e, _ in walk(document(pdf)) if str(e.S) == "/LI"]
        assert items  # the purposes, periods and rights are lists


def test_a_public_task_names_art_6_1_e_and_the_law() -> None:
    public = sheet.build(
        sheet.CentreFacts(name="WC", public_task="§ 2 SächsXYZ"), sheet.DEFAULTS, LANGUAGES["de"]
    )
    purposes = public.parts[0].sections[2].items[0]
    assert "Art. 6 Abs. 1 lit. e DSGVO" in purposes and "§ 2 SächsXYZ" in purposes
    consent = sheet.build(sheet.CentreFacts(name="WC"), sheet.DEFAULTS, LANGUAGES["de"])
    assert "lit. e" not in consent.parts[0].sections[2].items[0]
    assert "Bitte fragen Sie" in consent.parts[0].sections[1].paragraphs[0]  # no DPO entered


def test_the_version_follows_what_the_sheet_prints() -> None:
    de = LANGUAGES["de"]
    first = sheet.version(CENTRE, sheet.DEFAULTS, de)
    assert first == sheet.version(CENTRE, sheet.DEFAULTS, de)
    assert len(first) <= 30 and first.startswith(sheet.STAND.isoformat())
    moved = sheet.CentreFacts(name=CENTRE.name, data_protection_officer="neu@example.org")
    assert sheet.version(moved, sheet.DEFAULTS, de) != first


def test_the_package_privacy_section_is_made_of_the_sheet_texts() -> None:
    context = build_package(package_facts(), LANGUAGES["uk"])
    uk, de = context.parts
    assert any(sheet.AUTHORITY in p for p in uk.privacy)
    assert any("Devrientstraße 5" in p for p in de.privacy)
    assert any(sheet.duration(36, LANGUAGES["uk"]) in p for p in uk.privacy)
    assert any("Ihre Rechte" in p for p in de.privacy)


@pytest.mark.parametrize("code", ["uk", "ar", "fa", "de"])
def test_the_export_pdf_holds_the_rows_in_the_persons_language(
    factory: Factory, tmp_path: Path, code: str
) -> None:
    world = build(factory, language=code)
    user = factory.user(role="counsellor", centre=_centre(factory, world.centre_id))
    with acting(factory, user) as db:
        lang, pdf = service.export_pdf(db, person_id=world.person_id)
    assert lang.code == code
    (tmp_path / f"export-{code}.pdf").write_bytes(pdf)
    text = text_of(pdf)
    for value in ("Олена", "Коваленко", NOTE, "diplom.pdf", "Pflegeheim Sonnenschein GmbH",
                  "Jobmesse Annaberg", "liste.xlsx", "Termin 12.3."):  # fmt: skip
        assert squeeze(value) in text, (code, value)
    with _locale(code):
        from cases.privacy.texts import pd_

        for label in ("Notes", "Recognition procedure", "Where your data came from"):
            assert squeeze(_typeset(pd_(label), LANGUAGES[code])) in text, (code, label)
    assert squeeze("Woher Ihre Daten stammen") in text  # the German part
    with pikepdf.open(io.BytesIO(pdf)) as found:
        assert str(found.Root.Lang) == code
        parts = [k for k in kids(document(found)) if str(k.S) == "/Sect"]
        assert [str(p.Lang) for p in parts] == ([code] if code == "de" else [code, "de"])
        headers = [e for e, _ in walk(document(found)) if str(e.S) == "/TH"]
        assert headers and all(str(h.A.Scope) == "/Row" for h in headers)


def _typeset(text: str, lang: Language) -> str:
    from cases.privacy.export_doc import _fix

    return _fix(text, lang)


def _locale(code: str) -> object:
    from welcome.i18n import force_locale

    return force_locale(LANGUAGES[code].catalog)


def _centre(factory: Factory, centre_id: int) -> object:
    from welcome.accounts.models import Centre

    with factory.session() as db:
        return db.get(Centre, centre_id)
