"""The 12 document languages: direction, fonts (Debian's Noto, named per script), review state."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from welcome.i18n import CATALOG_DIR, DOCUMENTS_DOMAIN

_REVIEW = re.compile(r"X-Review-Status:\s*([A-Za-z ]+)")
# Arabic-script names inside Latin or Cyrillic text (a German part naming "رامي") find their
# glyphs in Naskh, not in a fallback font
LATIN_CYRILLIC = ("Noto Sans", "Noto Naskh Arabic")
ARABIC_SCRIPT = ("Noto Naskh Arabic", "Noto Sans Arabic", "Noto Sans")


@dataclass(frozen=True, slots=True)
class Language:
    code: str  # BCP 47, as stored and used in the API ("pt-BR")
    catalog: str  # gettext / Babel locale ("pt_BR")
    direction: str  # "ltr" | "rtl"
    fonts: tuple[str, ...]

    @property
    def formats(self) -> str:
        """The Babel locale for dates and numbers: British English for `en`."""
        return "en_GB" if self.code == "en" else self.catalog

    @property
    def font_stack(self) -> str:
        return ", ".join(f'"{f}"' for f in self.fonts)


def _lang(code: str, direction: str = "ltr") -> Language:
    fonts = ARABIC_SCRIPT if direction == "rtl" else LATIN_CYRILLIC
    return Language(code, code.replace("-", "_"), direction, fonts)


LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in (
        _lang("de"),
        _lang("en"),
        _lang("uk"),
        _lang("ru"),
        _lang("ar", "rtl"),
        _lang("fa", "rtl"),
        _lang("pl"),
        _lang("cs"),
        _lang("vi"),
        _lang("es"),
        _lang("pt-BR"),
        _lang("tr"),
    )
}
GERMAN = LANGUAGES["de"]


def resolve(code: str | None) -> Language | None:
    """A supported language for a BCP 47 tag ("pt_br", "PT-BR", "ar-SY", "uk"), else None."""
    if not code:
        return None
    tag = code.strip().replace("_", "-").lower()
    for lang in LANGUAGES.values():
        if tag == lang.code.lower():
            return lang
    base = tag.split("-")[0]
    if base == "pt":
        return LANGUAGES["pt-BR"]
    if base == "prs":  # Dari is read in Persian
        return LANGUAGES["fa"]
    return LANGUAGES.get(base)


@lru_cache(maxsize=16)
def review_status(code: str) -> str:
    """`X-Review-Status` of the language's documents catalog: "reviewed" or "not reviewed"."""
    lang = LANGUAGES[code]
    path = CATALOG_DIR / lang.catalog / "LC_MESSAGES" / f"{DOCUMENTS_DOMAIN}.po"
    if not path.exists():
        return "not reviewed"
    # Babel keeps no custom header fields (`pybabel update` drops them), so the mark is read
    # from the header comment / header text: "X-Review-Status: reviewed" or "not reviewed".
    found = _REVIEW.search(path.read_text(encoding="utf-8"))
    return "reviewed" if found and found.group(1).strip().lower() == "reviewed" else "not reviewed"


def is_reviewed(code: str) -> bool:
    return review_status(code) == "reviewed"
