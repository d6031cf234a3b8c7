"""Message catalogs: extract, update, compile, and the check that CI runs.

Wraps Babel's own command line (pybabel) so everyone uses the same options. Three domains:
`messages` (the UI: de, en), `documents` (documents for newcomers, 12 locales; extracted
from `d_(...)` / `dn_(...)` calls with its own `babel-documents.cfg`) and `privacy` (the
information sheet and the person's export, 12 locales; `pd_(...)` / `pdn_(...)`,
`babel-privacy.cfg`). A domain other than `messages` is its keywords here and its cfg file.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from welcome.i18n import CATALOG_DIR, DOCUMENTS_DOMAIN, DOMAIN, PRIVACY_DOMAIN

BABEL_CFG = CATALOG_DIR / "babel.cfg"
POT = CATALOG_DIR / f"{DOMAIN}.pot"
ROOT = CATALOG_DIR.parent
DOMAINS = (DOMAIN, DOCUMENTS_DOMAIN, PRIVACY_DOMAIN)
_UI_KEYWORDS = (
    "-k",
    "_l",
    "-k",
    "lazy_gettext",
    "-k",
    "_lp:1c,2",
    "-k",
    "lazy_pgettext:1c,2",
    "-k",
    "N_",
)
_DOCUMENT_KEYWORDS = ("--no-default-keywords", "-k", "d_", "-k", "dn_:1,2")
_KEYWORDS = {
    DOMAIN: _UI_KEYWORDS,
    DOCUMENTS_DOMAIN: _DOCUMENT_KEYWORDS,
    PRIVACY_DOMAIN: ("--no-default-keywords", "-k", "pd_", "-k", "pdn_:1,2"),
}


def _cfg(domain: str) -> Path:
    return BABEL_CFG if domain == DOMAIN else CATALOG_DIR / f"babel-{domain}.cfg"


def _pot(domain: str) -> Path:
    return POT if domain == DOMAIN else CATALOG_DIR / f"{domain}.pot"


def _pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])  # type: ignore[no-untyped-call]


def extract(output: Path | None = None, domain: str = DOMAIN) -> None:
    _pybabel(
        "extract",
        "-F",
        str(_cfg(domain)),
        "-o",
        str(output or _pot(domain)),
        "--no-location",
        "--sort-output",
        # Babel skips directories starting with "_" unless told which to skip: the shared
        # macros (templates/_macros/) hold messages too
        "--ignore-dirs",
        ".* __pycache__",
        *_KEYWORDS[domain],
        "--project",
        "welcome",
        "--copyright-holder",
        "welcome",
        str(ROOT),
    )


def extract_all() -> None:
    for domain in DOMAINS:
        extract(domain=domain)


def locales(domain: str = DOMAIN) -> list[str]:
    return sorted(p.parent.parent.name for p in CATALOG_DIR.glob(f"*/LC_MESSAGES/{domain}.po"))


def update() -> None:
    for domain in DOMAINS:
        if not _pot(domain).exists():
            continue
        _pybabel(
            "update",
            "-i",
            str(_pot(domain)),
            "-d",
            str(CATALOG_DIR),
            "-D",
            domain,
            "--no-fuzzy-matching",
            "--ignore-obsolete",
        )


def init(locale: str, domain: str = DOMAIN) -> None:
    _pybabel("init", "-i", str(_pot(domain)), "-d", str(CATALOG_DIR), "-D", domain, "-l", locale)


def compile_all() -> None:
    for domain in DOMAINS:
        for locale in locales(domain):
            _pybabel("compile", "-d", str(CATALOG_DIR), "-D", domain, "-l", locale)


def _rel(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def _read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, locale=locale)


def _keys(catalog: Catalog) -> set[tuple[str, str | None]]:
    return {
        (m.id if isinstance(m.id, str) else "\x00".join(m.id), m.context) for m in catalog if m.id
    }


_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]|\{(\w*)\}")


def _placeholders(text: str) -> set[str]:
    return {m.group(0) for m in _PLACEHOLDER.finditer(text)}


@dataclass(frozen=True)
class Problem:
    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"


def check() -> list[Problem]:
    """Stale template, missing/empty/fuzzy translations, placeholder or plural mismatches."""
    problems: list[Problem] = []
    for domain in DOMAINS:
        if domain == DOMAIN or _cfg(domain).exists():
            problems.extend(check_domain(domain))
    return problems


def check_domain(domain: str = DOMAIN) -> list[Problem]:
    """`check` for one domain."""
    problems: list[Problem] = []
    pot = _pot(domain)
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "fresh.pot"
        extract(fresh, domain)
        fresh_keys = _keys(_read(fresh))
    committed = _keys(_read(pot)) if pot.exists() else set()
    if fresh_keys != committed:
        added, gone = len(fresh_keys - committed), len(committed - fresh_keys)
        problems.append(
            Problem(_rel(pot), f"stale ({added} new, {gone} removed): run `welcome i18n extract`")
        )
    for locale in locales(domain):
        path = CATALOG_DIR / locale / "LC_MESSAGES" / f"{domain}.po"
        where = _rel(path)
        catalog = _read(path, locale)
        cldr = get_plural(locale)
        if (catalog.num_plurals, catalog.plural_expr) != (cldr.num_plurals, cldr.plural_expr):
            problems.append(Problem(where, f"Plural-Forms differ from CLDR: {cldr.plural_forms}"))
        keys = _keys(catalog)
        for msgid, _ctx in sorted(fresh_keys - keys, key=str):
            problems.append(Problem(where, f"missing {msgid!r}: run `welcome i18n update`"))
        expected_plurals = catalog.num_plurals
        for message in catalog:
            if not message.id:
                continue
            label = message.id if isinstance(message.id, str) else message.id[0]
            if message.fuzzy:
                problems.append(Problem(where, f"fuzzy {label!r}"))
            strings = (
                message.string if isinstance(message.string, (list, tuple)) else [message.string]
            )
            if not all(strings):
                problems.append(Problem(where, f"untranslated {label!r}"))
                continue
            if isinstance(message.id, (list, tuple)) and len(strings) != expected_plurals:
                problems.append(Problem(where, f"{label!r} needs {expected_plurals} plural forms"))
            ids = message.id if isinstance(message.id, (list, tuple)) else [message.id]
            wanted = set().union(*(_placeholders(i or "") for i in ids))
            for s in strings:
                got = _placeholders(s or "")
                if got - wanted or (wanted - got and not isinstance(message.id, (list, tuple))):
                    problems.append(Problem(where, f"placeholders differ in {label!r}"))
                    break
    return problems
