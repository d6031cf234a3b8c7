"""Translation and formatting in the current locale.

The locale lives in a ContextVar, so concurrent requests never see each other's language.
Catalogs are `i18n/<locale>/LC_MESSAGES/messages.po`; the compiled `.mo` is used when it is
up to date, otherwise the `.po` is compiled in memory (a fresh checkout works without a build).
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel import dates as _dates
from babel import numbers as _numbers
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import LazyProxy

CATALOG_DIR = Path(__file__).resolve().parent.parent / "i18n"
DOMAIN = "messages"
DOCUMENTS_DOMAIN = "documents"  # texts of documents for newcomers (welcome package), 12 locales
PRIVACY_DOMAIN = "privacy"  # the information sheet and the Art. 15 export (cases/privacy), 12
UI_LOCALES = ("de", "en")
FALLBACK_LOCALE = "de"

_current: ContextVar[str] = ContextVar("welcome_locale", default=FALLBACK_LOCALE)


def get_locale() -> str:
    return _current.get()


# English dates and numbers: British by default, US if the user chose it (users.date_style)
ENGLISH_STYLES = ("en_GB", "en_US")
_date_style: ContextVar[str] = ContextVar("welcome_date_style", default="en_GB")


def set_date_style(style: str | None) -> None:
    _date_style.set(style if style in ENGLISH_STYLES else "en_GB")


def formats_locale() -> str:
    """The Babel locale for dates and numbers: the UI language, English as en_GB or en_US."""
    locale = get_locale()
    return _date_style.get() if locale == "en" else locale


def set_locale(locale: str) -> None:
    """Set the locale for the rest of the current context (one request, one task)."""
    _current.set(locale)


@contextmanager
def force_locale(locale: str) -> Iterator[None]:
    """Render something in another language (a document for a newcomer), then restore."""
    token = _current.set(locale)
    try:
        yield
    finally:
        _current.reset(token)


@lru_cache(maxsize=64)
def translations(locale: str, domain: str = DOMAIN) -> _gettext.NullTranslations:
    po_path = CATALOG_DIR / locale / "LC_MESSAGES" / f"{domain}.po"
    mo_path = po_path.with_suffix(".mo")
    if mo_path.exists() and (
        not po_path.exists() or mo_path.stat().st_mtime >= po_path.stat().st_mtime
    ):
        with mo_path.open("rb") as fh:
            return _gettext.GNUTranslations(fh)
    if po_path.exists():
        with po_path.open("rb") as fh:
            catalog = read_po(fh, locale=locale)
        buffer = BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        return _gettext.GNUTranslations(buffer)
    return _gettext.NullTranslations()


def gettext(message: str, **variables: Any) -> str:
    text = translations(get_locale()).gettext(message)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, n: int, **variables: Any) -> str:
    text = translations(get_locale()).ngettext(singular, plural, n)
    variables.setdefault("num", n)
    return text % variables


def pgettext(context: str, message: str, **variables: Any) -> str:
    text = translations(get_locale()).pgettext(context, message)
    return text % variables if variables else text


def npgettext(context: str, singular: str, plural: str, n: int, **variables: Any) -> str:
    text = translations(get_locale()).npgettext(context, singular, plural, n)
    variables.setdefault("num", n)
    return text % variables


_ = gettext


def dgettext(domain: str, message: str, **variables: Any) -> str:
    """`gettext` in another domain (e.g. DOCUMENTS_DOMAIN), in the current locale."""
    text = translations(get_locale(), domain).gettext(message)
    return text % variables if variables else text


def dngettext(domain: str, singular: str, plural: str, n: int, **variables: Any) -> str:
    text = translations(get_locale(), domain).ngettext(singular, plural, n)
    variables.setdefault("num", n)
    return text % variables


def lazy_gettext(message: str, **variables: Any) -> Any:
    """A string translated when it is used (for module-level constants)."""
    return LazyProxy(gettext, message, enable_cache=False, **variables)


def lazy_pgettext(context: str, message: str, **variables: Any) -> Any:
    """`pgettext` translated when it is used (for module-level constants)."""
    return LazyProxy(pgettext, context, message, enable_cache=False, **variables)


def N_(message: str) -> str:
    """Marks a message for extraction only; translated where it is shown (`gettext(title)`):
    for labels held in plain data, such as an input field's title."""
    return message


_l = lazy_gettext
_lp = lazy_pgettext


# --- formatting -----------------------------------------------------------------------------

_BERLIN = _dates.get_timezone("Europe/Berlin")


@lru_cache(maxsize=64)
def babel_locale(name: str) -> Locale:
    """The Babel locale of a name, parsed once (Babel parses a name on every call, ~0.1 ms;
    a person page formats ~30 dates and names countries): for Babel's functions and CLDR
    data in the UI language."""
    return Locale.parse(name)


def format_date(value: date | None, fmt: str = "medium") -> str:
    if value is None:
        return ""
    return _dates.format_date(value, fmt, locale=babel_locale(formats_locale()))


def format_datetime(value: datetime | None, fmt: str = "medium") -> str:
    if value is None:
        return ""
    return _dates.format_datetime(value, fmt, tzinfo=_BERLIN, locale=babel_locale(formats_locale()))


def format_number(value: int | float | None) -> str:
    if value is None:
        return ""
    return _numbers.format_decimal(value, locale=babel_locale(formats_locale()))


def language_name(code: str, in_locale: str | None = None) -> str:
    return _language_name(code, in_locale or get_locale())


@lru_cache(maxsize=4096)
def _language_name(code: str, in_locale: str) -> str:
    """CLDR's name of a language, once per language and locale (parsing the locale cost
    ~0.1 ms a call, ~50 calls on a person page)."""
    try:
        return Locale.parse(code.replace("-", "_")).get_display_name(in_locale) or code
    except (ValueError, UnknownLocaleError):
        return code


# --- negotiation ----------------------------------------------------------------------------


def negotiate(accept_language: str | None, available: tuple[str, ...] = UI_LOCALES) -> str | None:
    """The best of `available` for an Accept-Language header, or None."""
    if not accept_language:
        return None
    weighted: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept_language.split(",")):
        tag, _sep, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if tag and quality > 0:
            weighted.append((-quality, index, tag.strip()))
    preferred = [tag for _q, _i, tag in sorted(weighted)]
    chosen = Locale.negotiate(preferred, list(available), sep="-")
    return str(chosen) if chosen else None
