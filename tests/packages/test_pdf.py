"""The PDF of every language: opens, tagged, A4, text extractable in its script, fonts
embedded, no missing glyph, right-to-left where it should be. Rendered once per module."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from functools import cache
from pathlib import Path

import pytest
from fontTools.ttLib import TTCollection, TTFont
from pypdf import PdfReader

from cases.packages.context import PackageContext, build
from cases.packages.languages import LANGUAGES
from cases.packages.render import render_html, render_pdf_sync
from tests.packages.samples import NAME, facts
from tests.shared import Lazy, once, shared_dir

pytestmark = pytest.mark.usefixtures("pdf_tools")  # poppler-utils, never a silent skip
BIDI_CONTROLS = dict.fromkeys(
    map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)
SCRIPT = {
    "uk": "CYRILLIC",
    "ru": "CYRILLIC",
    "ar": "ARABIC",
    "fa": "ARABIC",
}
A4 = (595.28, 841.89)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Lazy[str, tuple[PackageContext, Path]]:
    """Each language's PDF, rendered when a test first asks for it, once per run."""
    where = shared_dir(tmp_path_factory)

    def make(code: str) -> tuple[PackageContext, Path]:
        context = build(facts(), LANGUAGES[code], version="0123456789abcdef")
        path = once(where, f"test_pdf-{code}.pdf", lambda: render_pdf_sync(render_html(context)))
        return context, path

    return Lazy(make, list(LANGUAGES))


def text_of(path: Path) -> str:
    raw = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout
    return unicodedata.normalize("NFC", raw.decode().translate(BIDI_CONTROLS))


def fonts_of(path: Path) -> list[list[str]]:
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True)
    return [line.split() for line in lines.stdout.splitlines()[2:] if line.strip()]


@cache
def font_cmap(family: str, bold: bool) -> frozenset[int]:
    """The code points of the system font fontconfig picks for `family` (no fallback)."""
    style = ":style=Bold" if bold else ":style=Regular"
    found = subprocess.run(
        ["fc-match", "-f", "%{file}\n%{family}", f"{family}{style}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert family in found[1], f"fontconfig has no {family!r}: got {found[1]!r}"
    path = found[0]
    if path.endswith(".ttc"):
        with TTCollection(path) as collection:
            return frozenset(collection.fonts[0].getBestCmap())
    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap())


CODES = list(LANGUAGES)


@pytest.mark.parametrize("code", CODES)
def test_pdf_opens_tagged_a4_with_title_and_language(
    rendered: Lazy[str, tuple[PackageContext, Path]], code: str
) -> None:
    _context, path = rendered[code]
    reader = PdfReader(path)
    assert len(reader.pages) >= 4  # welcome, checklist, contacts, privacy
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - A4[0]) < 1 and abs(height - A4[1]) < 1
    root = reader.trailer["/Root"]
    assert root["/Lang"] == code
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert reader.metadata is not None and NAME in str(reader.metadata.title)
    xmp = root["/Metadata"].get_object().get_data()
    assert b"pdfuaid" in xmp  # PDF/UA identification in the XMP metadata


@pytest.mark.parametrize("code", CODES)
def test_text_has_name_and_translated_headings(
    rendered: Lazy[str, tuple[PackageContext, Path]], code: str
) -> None:
    context, path = rendered[code]
    text = text_of(path)
    flat = " ".join(text.split())
    assert NAME in flat
    labels = context.parts[0].labels
    for key in ("checklist", "contacts", "what", "where", "documents"):
        heading = labels[key].replace("\u200c", "")  # ZWNJ shapes Persian, has no glyph
        assert heading in flat.replace("\u200c", ""), (key, heading)
        if code in SCRIPT:
            assert any(unicodedata.name(c, "").startswith(SCRIPT[code]) for c in heading)
    # German follows for every other language
    assert "Ihre Checkliste" in flat
    assert "\ufffd" not in text


@pytest.mark.parametrize("code", CODES)
def test_every_font_embedded_and_named_for_the_language(
    rendered: Lazy[str, tuple[PackageContext, Path]], code: str
) -> None:
    _context, path = rendered[code]
    fonts = fonts_of(path)
    assert fonts
    allowed = {f.replace(" ", "-") for f in LANGUAGES[code].fonts + LANGUAGES["de"].fonts}
    for row in fonts:
        name, emb = row[0], row[-5]
        assert emb == "yes", row
        family = name.split("+", 1)[1].removesuffix("-Bold")
        assert family in allowed, f"unexpected (fallback) font {name} in {code}"


@pytest.mark.parametrize("code", CODES)
def test_no_missing_glyphs(rendered: Lazy[str, tuple[PackageContext, Path]], code: str) -> None:
    """Every character of every part is in the fonts named for that part's language, so
    neither a fallback font nor .notdef (tofu) is ever needed; the font test above shows no
    other font was embedded."""
    context, _path = rendered[code]
    for part in context.parts:
        fonts = LANGUAGES[part.lang].fonts
        strings = [part.welcome, *part.lines, *part.labels.values(), *part.privacy]
        for item in part.items:
            strings += [item.title, item.what, item.where, item.when, item.documents]
        for contact in part.contacts:
            strings += [contact.name, contact.address, contact.opening_hours, contact.note]
        chars = {c for s in strings for c in s if unicodedata.category(c)[0] not in "CZ"}
        for bold in (False, True):
            covered = frozenset().union(*(font_cmap(f, bold) for f in fonts))
            missing = sorted(c for c in chars if ord(c) not in covered)
            assert not missing, f"{part.lang}: no glyph for {missing}"


def words(path: Path, page: int) -> list[tuple[float, float, float, str]]:
    """(xMin, xMax, yMin, text) of the words of one page."""
    xml = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>'
    return [(float(a), float(c), float(b), t) for a, b, c, t in re.findall(pattern, xml)]


def is_arabic(word: str) -> bool:
    return any(unicodedata.name(c, "").startswith("ARABIC LETTER") for c in word)


@pytest.mark.parametrize("code", ["ar", "fa"])
def test_rtl_pages_read_right_to_left(
    rendered: Lazy[str, tuple[PackageContext, Path]], code: str
) -> None:
    _context, path = rendered[code]
    page = words(path, 1)
    name = next(w for w in page if "Nguyễn-Müller" in w[3])
    line = [w for w in page if abs(w[2] - name[2]) < 3]
    arabic = [w for w in line if is_arabic(w[3])]
    assert arabic, "the greeting is on the name's line"
    # the greeting comes first in reading order, so it stands to the RIGHT of the Latin name
    assert min(w[0] for w in arabic) > name[1]
    # the Arabic-script part is aligned right, the German part left
    right_edge = max(w[1] for w in page if is_arabic(w[3]))
    assert right_edge > A4[0] * 0.85
    german = next(w for w in page if w[3] == "Willkommen,")
    assert german[0] < A4[0] * 0.15


def test_ltr_pages_read_left_to_right(rendered: Lazy[str, tuple[PackageContext, Path]]) -> None:
    page = words(rendered["uk"][1], 1)
    greeting = next(w for w in page if w[3] == "Ласкаво")
    name = next(w for w in page if w[3] == "Anna")
    assert greeting[0] < A4[0] * 0.15 and greeting[1] < name[0]
