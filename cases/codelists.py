"""The official occupation and sector lists (cases/data/, sources and dates in its README):
KldB 2010 (Fassung 2020) with the BA's 18,838 occupation titles, WZ 2008 and WZ 2025 with
every level. Codes are checked against the full lists; the pickers search them by title.

Loaded once per process (about 25,000 rows, some 40 ms), only when first asked.
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cases.persons import matching

DATA = Path(__file__).resolve().parent / "data"
WZ_FILES = {"2008": "wz2008.csv", "2025": "wz2025.csv"}


@dataclass(frozen=True, slots=True)
class Entry:
    code: str
    title: str
    level: int
    key: str  # the title's search form
    section: str = ""  # WZ: the section letter the code belongs to


def _read(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _key(title: str) -> str:
    """Search form: "Erzieher/in" also as "erzieherin", "Kaufmann/-frau" as "kaufmannfrau"."""
    return " ".join(matching.normalise(w) for w in re.split(r"[\s,()]+", title) if w)


@lru_cache(maxsize=1)
def kldb() -> dict[str, Entry]:
    """Every KldB 2010 code (levels 1–5) -> its entry."""
    return {
        row["code"]: Entry(row["code"], row["title_de"], int(row["level"]), _key(row["title_de"]))
        for row in _read("kldb2010_2020.csv")
    }


@lru_cache(maxsize=1)
def kldb_titles() -> tuple[Entry, ...]:
    """The occupation titles (Berufsbenennungen) and the 5-digit codes' own titles."""
    own = [e for e in kldb().values() if e.level == 5]
    named = [
        Entry(row["kldb"], row["title_de"], 5, _key(row["title_de"]))
        for row in _read("kldb_titles.csv")
    ]
    return (*named, *own)


@lru_cache(maxsize=1)
def _kldb_by_title() -> dict[str, str]:
    found: dict[str, str] = {}
    for entry in reversed(kldb_titles()):  # a title's first code wins, a code's own title
        found[matching.normalise(entry.title)] = entry.code
    for entry in kldb().values():
        if entry.level == 5:
            found[matching.normalise(entry.title)] = entry.code
    return found


def load_all() -> None:
    """Read and index every code list now (~1 s of CPU), so that the first form or picker that
    needs one after a start does not wait for it (the occupation picker's first answer took
    1.2 s): an app start-up hook (cases/persons/area.py), run before the server takes requests."""
    _kldb_by_title()
    _blob(kldb_titles())
    for version in WZ_FILES:
        _wz_by_title(version)
        _blob(wz_entries(version))


def is_kldb(code: str) -> bool:
    """A 5-digit code (Berufsgattung) of KldB 2010, Fassung 2020."""
    entry = kldb().get(code)
    return entry is not None and entry.level == 5


def kldb_of(text: str) -> str | None:
    """A 5-digit code from a code or an exact occupation title ("Koch/Köchin"), else None."""
    text = text.strip()
    if is_kldb(text):
        return text
    return _kldb_by_title().get(matching.normalise(text))


def kldb_title(code: str | None) -> str:
    entry = kldb().get(code or "")
    return entry.title if entry else (code or "")


@lru_cache(maxsize=2)
def wz(version: str) -> dict[str, Entry]:
    """Every code of a WZ version (sections, divisions, groups, classes, subclasses) -> entry;
    a division belongs to the nearest section before it (the official order)."""
    entries: dict[str, Entry] = {}
    section = ""
    for row in _read(WZ_FILES[version]):
        level = int(row["level"])
        if level == 1:
            section = row["code"]
        entries[row["code"]] = Entry(
            row["code"], row["title_de"], level, _key(row["title_de"]), section
        )
    return entries


@lru_cache(maxsize=2)
def wz_entries(version: str) -> tuple[Entry, ...]:
    return tuple(wz(version).values())


def wz_section(version: str, code: str) -> str | None:
    """The section letter of a code in the full list of its version, None for a code that is
    not in it (e.g. "99.99.9")."""
    if version not in WZ_FILES:
        return None
    entry = wz(version).get(code)
    return entry.section if entry else None


@lru_cache(maxsize=2)
def _wz_by_title(version: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for entry in reversed(wz_entries(version)):  # a title shared by levels: the upper code
        found[matching.normalise(entry.title)] = entry.code
    return found


def wz_code_of(version: str, text: str) -> str | None:
    """The code of an exact WZ title of the version ("Gastronomie" -> "I"), else None (what the
    sector picker's text field sends without JavaScript)."""
    if version not in WZ_FILES:
        return None
    return _wz_by_title(version).get(matching.normalise(text.strip()))


def wz_title(version: str | None, code: str | None) -> str:
    entry = wz(version).get(code or "") if version in WZ_FILES else None
    return entry.title if entry else (code or "")


def _words(q: str) -> list[str]:
    return [matching.normalise(w) for w in re.split(r"[\s,()/]+", q) if matching.normalise(w)]


def _score(entry: Entry, words: list[str], whole: str) -> int:
    if not words:
        return 0
    if any(w not in entry.key for w in words):  # the cheap test first
        return 0
    keys = entry.key.split()
    if not all(any(k.startswith(w) for k in keys) or w in entry.key for w in words):
        return 0
    if entry.key.replace(" ", "").startswith(whole):
        return 3
    return 2 if keys and keys[0].startswith(words[0]) else 1


# the blobs by their list's identity (an lru_cache hashed the 20,000 entries on every call:
# 3.6 ms of a 4.2-ms search); the list is kept with its blob, so that its id stays its own
_BLOBS: dict[int, tuple[tuple[Entry, ...], str, list[int]]] = {}


def _blob(entries: tuple[Entry, ...]) -> tuple[str, list[int]]:
    """All search keys in one text, one per line, and where each line starts."""
    found = _BLOBS.get(id(entries))
    if found is None or found[0] is not entries:
        starts, at = [], 0
        for entry in entries:
            starts.append(at)
            at += len(entry.key) + 1
        if len(_BLOBS) >= 8:  # the lists are the cached KldB and WZ ones: a few at most
            _BLOBS.clear()
        found = _BLOBS[id(entries)] = (entries, "\n".join(e.key for e in entries), starts)
    return found[1], found[2]


def _having(entries: tuple[Entry, ...], word: str) -> list[int]:
    """The entries whose key contains `word` (found in C by str.find over one text)."""
    blob, starts = _blob(entries)
    found: list[int] = []
    at = blob.find(word)
    while at != -1:
        line = bisect_right(starts, at) - 1
        found.append(line)
        at = blob.find(word, starts[line + 1] if line + 1 < len(starts) else len(blob))
    return found


def search(entries: tuple[Entry, ...], q: str, limit: int = 20) -> list[Entry]:
    """Entries whose title has every word of the query (as a prefix of one of its words, or
    inside it), best first: title starting with the query, then first word, then any; a code
    typed ("831", "47.1") matches codes that start with it."""
    q = q.strip()
    if re.fullmatch(r"[\d.]+|[A-Za-z]", q):
        hits = [e for e in entries if e.code.startswith(q.upper())]
        return sorted(hits, key=lambda e: (e.code, e.level))[:limit]
    words = _words(q)
    if not words:
        return []
    whole = "".join(words)
    scored = [
        (s, len(entries[i].title), i)
        for i in _having(entries, max(words, key=len))
        if (s := _score(entries[i], words, whole))
    ]
    scored.sort(key=lambda t: (-t[0], t[1], t[2]))
    return [entries[i] for *_rest, i in scored[:limit]]
