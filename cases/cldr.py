"""Countries and languages from Babel/CLDR, named in the UI language (no hand-written lists),
and the annotated input types that check them."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Annotated

from babel import Locale, UnknownLocaleError
from babel.localedata import locale_identifiers
from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

from cases.persons import matching
from welcome.i18n import _, get_locale

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
    return str(Locale.parse(get_locale()).territories.get(code, code))


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


def _country(value: str) -> str:
    code = value.strip().upper()
    if code not in country_codes():
        raise PydanticCustomError("rule", _("Unknown country code %(code)s.", code=value[:10]))
    return code


def _language(value: str) -> str:
    tag = value.strip()
    if not valid_language(tag):
        raise PydanticCustomError("rule", _("Unknown language code %(code)s.", code=tag[:35]))
    return str(Locale.parse(tag, sep="-")).replace("_", "-")


# An ISO 3166 alpha-2 country CLDR knows, upper-cased.
Country = Annotated[str, AfterValidator(_country)]
# A BCP 47 language tag CLDR knows, in its canonical form (pt-BR, sr-Latn); at most 20 long.
LanguageTag = Annotated[str, AfterValidator(_language)]
