"""Message catalogs: extract, update, compile, and the check that CI runs.

Wraps Babel's own command line (pybabel) so everyone uses the same options.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from welcome.i18n import CATALOG_DIR, DOMAIN

BABEL_CFG = CATALOG_DIR / "babel.cfg"
POT = CATALOG_DIR / f"{DOMAIN}.pot"
ROOT = CATALOG_DIR.parent


def _pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])  # type: ignore[no-untyped-call]


def extract(output: Path = POT) -> None:
    _pybabel(
        "extract",
        "-F",
        str(BABEL_CFG),
        "-o",
        str(output),
        "--no-location",
        "--sort-output",
        "-k",
        "_l",
        "-k",
        "lazy_gettext",
        "--project",
        "welcome",
        "--copyright-holder",
        "welcome",
        str(ROOT),
    )


def locales() -> list[str]:
    return sorted(p.parent.parent.name for p in CATALOG_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def update() -> None:
    _pybabel(
        "update",
        "-i",
        str(POT),
        "-d",
        str(CATALOG_DIR),
        "-D",
        DOMAIN,
        "--no-fuzzy-matching",
        "--ignore-obsolete",
    )


def init(locale: str) -> None:
    _pybabel("init", "-i", str(POT), "-d", str(CATALOG_DIR), "-D", DOMAIN, "-l", locale)


def compile_all() -> None:
    for locale in locales():
        _pybabel("compile", "-d", str(CATALOG_DIR), "-D", DOMAIN, "-l", locale)


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
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "fresh.pot"
        extract(fresh)
        fresh_keys = _keys(_read(fresh))
    committed = _keys(_read(POT)) if POT.exists() else set()
    if fresh_keys != committed:
        added, gone = len(fresh_keys - committed), len(committed - fresh_keys)
        problems.append(
            Problem(_rel(POT), f"stale ({added} new, {gone} removed): run `welcome i18n extract`")
        )
    for locale in locales():
        path = CATALOG_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
        where = _rel(path)
        catalog = _read(path, locale)
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
