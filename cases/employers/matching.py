"""Company names for search before create: one key per company, whatever the spelling.

"Müller GmbH", "Mueller G.m.b.H." and "MÜLLER GMBH & Co. KG" all have the key "mueller":
case, accents, German transliteration (ä → ae, ß → ss), punctuation and trailing legal-form
suffixes do not make a new company. A small normaliser of its own (persons have theirs in
cases.persons.matching); the two may be merged later.
"""

from __future__ import annotations

import re
import unicodedata

_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
# letters that NFKD does not decompose into a base letter and an accent
_OTHER = str.maketrans(
    {"æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
)
_NON_WORD = re.compile(r"[^0-9a-z]+")

# legal forms as tokens after normalisation ("G.m.b.H." arrives as g, m, b, h: see below)
_LEGAL_TOKENS = frozenset(
    {
        "gmbh", "ggmbh", "mbh", "ag", "kg", "kgaa", "ohg", "gbr", "ek", "ekfr", "ekfm", "ekkfr",
        "ev", "eg", "ug", "haftungsbeschraenkt", "co", "cokg", "se", "partg", "partgmbb", "mbb",
        "ltd", "limited", "inc", "llc", "plc", "sarl", "sa", "sas", "bv", "nv", "sro", "spzoo",
        "kft", "srl", "spa", "ab", "as", "oy", "aps", "gesmbh",
    }
)  # fmt: skip
# spelled-out legal forms (token sequences)
_LEGAL_PHRASES: tuple[tuple[str, ...], ...] = (
    ("gesellschaft", "mit", "beschraenkter", "haftung"),
    ("mit", "beschraenkter", "haftung"),
    ("eingetragener", "kaufmann"),
    ("eingetragene", "kauffrau"),
    ("eingetragener", "verein"),
    ("eingetragene", "genossenschaft"),
    ("offene", "handelsgesellschaft"),
    ("und", "co"),
    ("u", "co"),
    ("kommanditgesellschaft", "auf", "aktien"),
    ("kommanditgesellschaft",),
    ("aktiengesellschaft",),
    ("sp", "z", "oo"),
    ("sp", "z", "o", "o"),
    ("s", "r", "o"),
    ("e", "k"),
    ("e", "v"),
    ("e", "g"),
)


def tokens(name: str) -> list[str]:
    """Lower-case ASCII words of a name, German transliteration applied.

    Every punctuation mark separates words ("Müller.GmbH" is "mueller gmbh"); dotted
    abbreviations come out as single letters and are joined again by `_strip_legal_forms`.
    """
    text = unicodedata.normalize("NFC", name).casefold().translate(_GERMAN)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.translate(_OTHER)
    return [t for t in _NON_WORD.split(text) if t]


def _strip_legal_forms(words: list[str]) -> list[str]:
    words = list(words)
    changed = True
    while changed and words:
        changed = False
        for phrase in _LEGAL_PHRASES:
            n = len(phrase)
            if len(words) > n and tuple(words[-n:]) == phrase:
                del words[-n:]
                changed = True
                break
        if changed:
            continue
        if len(words) > 1 and words[-1] in _LEGAL_TOKENS:
            words.pop()
            changed = True
            continue
        # a dotted abbreviation: trailing single letters that spell a legal form ("g m b h")
        run = 0
        while run < len(words) - 1 and len(words[-1 - run]) == 1:
            run += 1
        for size in range(run, 1, -1):
            if "".join(words[-size:]) in _LEGAL_TOKENS:
                del words[-size:]
                changed = True
                break
    return words


def normalise(name: str) -> str:
    """The words of a company name without legal form, separated by single spaces."""
    words = tokens(name)
    stripped = _strip_legal_forms(words)
    return " ".join(stripped or words)


# the transliterated umlaut folded to the bare vowel, so that MULLER finds Müller too
_DIGRAPHS = (("ae", "a"), ("oe", "o"), ("ue", "u"))


def key(name: str) -> str:
    """The search key: the normalised name without spaces and with ae/oe/ue folded to a/o/u.

    "Müller-Bau GmbH", "Mueller Bau" and "MULLERBAU KG" share the key "mullerbau".
    """
    text = normalise(name).replace(" ", "")
    for digraph, vowel in _DIGRAPHS:
        text = text.replace(digraph, vowel)
    return text


def distance(a: str, b: str) -> int:
    """Edits (insert, delete, replace, swap of neighbours) from one key to the other."""
    if a == b:
        return 0
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                value = min(value, previous2[j - 2] + 1)
            current.append(value)
        previous2, previous = previous, current
    return previous[-1]


def allowed_edits(length: int) -> int:
    """Typos tolerated in a key of this length: none below 4 letters, 1 below 9, then 2."""
    return 0 if length < 4 else 1 if length < 9 else 2


def similarity(a: str, b: str) -> float:
    """0…1 for two keys, for ranking: 1 when equal."""
    if not a or not b:
        return 0.0
    return 1.0 - distance(a, b) / max(len(a), len(b))


def is_similar(a: str, b: str) -> bool:
    """Two keys of (probably) the same company: equal, a typo apart, or one extends the other."""
    if not a or not b:
        return False
    if a == b:
        return True
    shorter, longer = sorted((a, b), key=len)
    if len(shorter) >= 5 and longer.startswith(shorter):
        return True
    if len(longer) - len(shorter) > 2:
        return False
    return distance(a, b) <= allowed_edits(len(shorter))
