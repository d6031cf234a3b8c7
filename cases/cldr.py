"""Countries and languages from Babel/CLDR, named in the UI language (no hand-written lists),
and the annotated input types that check them."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Annotated

from babel import Locale, UnknownLocaleError
from babel.localedata import locale_identifiers
from pydantic import AfterValidator, BeforeValidator
from pydantic_core import PydanticCustomError

from cases.persons import matching
from welcome.i18n import _, babel_locale, get_locale
from welcome.i18n import language_name as i18n_language_name

# CLDR territories with two letters that are not countries (EU, euro zone, UN, unknown…)
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"})


@lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    return frozenset(
        str(code)
        for code in Locale("en").territories
        if isinstance(code, str)
        and len(code) == 2
        and code.isalpha()
        and code not in _NOT_COUNTRIES
    )


@lru_cache(maxsize=8)
def _country_names(locale: str) -> tuple[tuple[str, str], ...]:
    names = Locale.parse(locale).territories
    pairs = [(code, names.get(code, code)) for code in country_codes()]
    return tuple(sorted(pairs, key=lambda p: matching.normalise(p[1])))


def country_names() -> dict[str, str]:
    """ISO alpha-2 code -> country name in the UI language, sorted by name."""
    return dict(_country_names(get_locale()))


def country_name(code: str | None) -> str:
    if not code:
        return ""
    return str(babel_locale(get_locale()).territories.get(code, code))


@lru_cache(maxsize=8)
def _language_names(locale: str) -> tuple[tuple[str, str], ...]:
    ui = Locale.parse(locale)
    pairs = []
    for ident in locale_identifiers():
        if "_" in ident or ident == "root":
            continue
        name = ui.languages.get(ident)
        if name:
            pairs.append((ident, name))
    return tuple(sorted(pairs, key=lambda p: matching.normalise(p[1])))


def language_names() -> dict[str, str]:
    """BCP 47 language code -> language name in the UI language, sorted by name."""
    return dict(_language_names(get_locale()))


def valid_language(tag: str) -> bool:
    """A BCP 47 tag that CLDR knows (de, en, pt-BR, fa-AF, sr-Latn…)."""
    if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", tag):
        return False
    try:
        Locale.parse(tag, sep="-")
    except (ValueError, UnknownLocaleError):
        return False
    return True


# The UI languages whose names a form's text field understands besides the current one
_NAME_LOCALES = ("de", "en")


@lru_cache(maxsize=8)
def _country_by_name(locale: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for lang in (*_NAME_LOCALES, locale):
        for code, name in _country_names(lang):
            found[matching.normalise(name)] = code
    return found


@lru_cache(maxsize=8)
def _language_by_name(locale: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for lang in (*_NAME_LOCALES, locale):
        for code, name in _language_names(lang):
            found[matching.normalise(name)] = code
        for code in document_languages():
            found[matching.normalise(language_name(code, lang))] = code
    return found


def country_of(text: str) -> str | None:
    """A country code from a code or a name ("SY", "Syrien", "Syria"), else None."""
    code = text.strip().upper()
    if code in country_codes():
        return code
    return _country_by_name(get_locale()).get(matching.normalise(text))


def language_of(text: str) -> str | None:
    """A BCP 47 tag from a tag or a name ("uk", "Ukrainisch", "Portugiesisch (Brasilien)")."""
    named = _language_by_name(get_locale()).get(matching.normalise(text))
    return named


def language_name(tag: str | None, locale: str | None = None) -> str:
    """A language's name in the UI language; a regional tag with its region (pt-BR)."""
    return i18n_language_name(tag, locale) if tag else ""  # cached per tag and locale


def document_languages() -> tuple[str, ...]:
    """The 12 languages of the welcome package, first in the language pickers."""
    from cases.packages.languages import LANGUAGES  # the package area owns the list

    return tuple(LANGUAGES)


def split_list(value: object) -> object:
    """A text field of several names or codes ("Syrien, Ukraine") as a list."""
    items = value if isinstance(value, list) else [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        return value
    out: list[object] = []
    for item in items:
        out += [p for p in re.split(r"[,;]", item)] if isinstance(item, str) else [item]
    return out


def _country(value: str) -> str:
    code = country_of(value)
    if code is None:
        raise PydanticCustomError("rule", _("Unknown country code %(code)s.", code=value[:40]))
    return code


def _language(value: str) -> str:
    tag = value.strip()
    named = language_of(tag) if not valid_language(tag) or len(tag) > 3 else None
    if named is not None:
        tag = named
    if not valid_language(tag):
        raise PydanticCustomError("rule", _("Unknown language code %(code)s.", code=tag[:35]))
    return str(Locale.parse(tag, sep="-")).replace("_", "-")


# An ISO 3166 alpha-2 country CLDR knows, upper-cased.
Country = Annotated[str, AfterValidator(_country)]
# A BCP 47 language tag CLDR knows, in its canonical form (pt-BR, sr-Latn); at most 20 long.
LanguageTag = Annotated[str, AfterValidator(_language)]
# Several countries: a list, or one text of names or codes separated by commas.
Countries = Annotated[list[Country], BeforeValidator(split_list)]


@lru_cache(maxsize=8)
def _state_names(locale: str) -> tuple[tuple[str, str], ...]:
    import gettext

    import pycountry  # ISO 3166-2 names with Debian iso-codes' translations

    language = locale.split("_")[0]
    names = gettext.translation(
        "iso3166-2", pycountry.LOCALES_DIR, languages=[language], fallback=True
    )
    states = pycountry.subdivisions.get(country_code="DE")  # type: ignore[no-untyped-call]
    pairs = [(str(s.code), names.gettext(str(s.name))) for s in states]
    return tuple(sorted(pairs, key=lambda p: matching.normalise(p[1])))


def state_names() -> dict[str, str]:
    """The 16 German states: ISO 3166-2 code ("DE-SN") -> name ("Sachsen"), by name."""
    return dict(_state_names(get_locale()))


def state_name(code: str | None) -> str:
    return state_names().get(code or "", code or "")
