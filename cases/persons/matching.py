"""Search before create: name normalisation, typo-tolerant keys and ranking.

`normalise` folds case, accents and German transliteration so that Müller, Mueller and
MULLER give the same string. Each normalised name is stored in `persons.search_first` /
`search_last` (indexed, for prefix search) and, with every one-letter deletion of it, in
`person_search_keys` (indexed): two names within one edit share a key, so a typo-tolerant
lookup is one equality query on an index, whatever the size of the centre.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

# letters that NFKD does not decompose into a base letter and an accent
_SPECIAL = {
    "ß": "ss",
    "ẞ": "ss",
    "æ": "ae",
    "ø": "o",
    "œ": "oe",
    "ł": "l",
    "đ": "d",
    "ð": "d",
    "þ": "th",
    "ı": "i",
}
# German transliteration: ä = ae, ö = oe, ü = ue; folded to the bare vowel, so that the
# spelling without umlaut (MULLER) matches too
_DIGRAPHS = (("ae", "a"), ("oe", "o"), ("ue", "u"))
MIN_KEY_LENGTH = 2


def normalise(name: str) -> str:
    """The search form of a name: lower case ASCII-ish letters and digits, nothing else."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = "".join(_SPECIAL.get(ch, ch) for ch in text)
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in decomposed if ch.isalnum() and not unicodedata.combining(ch))
    text = "".join(_SPECIAL.get(ch, ch) for ch in text)
    while any(digraph in text for digraph, _vowel in _DIGRAPHS):  # to a fixpoint (aee -> a)
        for digraph, vowel in _DIGRAPHS:
            text = text.replace(digraph, vowel)
    return text


def tokens(query: str) -> list[str]:
    """The normalised words of a search query (empty words dropped)."""
    parts = query.replace(",", " ").replace("-", " ").split()
    return [t for t in (normalise(p) for p in parts) if t]


def deletions(word: str) -> set[str]:
    """The word itself and every variant with one letter removed."""
    variants = {word}
    if len(word) > MIN_KEY_LENGTH:
        variants.update(word[:i] + word[i + 1 :] for i in range(len(word)))
    return variants


def keys_for(first: str, last: str) -> set[str]:
    """The lookup keys of a person's names as typed: each whole name and, for a name of
    several words, each word (Anna-Lena -> annalena, anna, lena), with one-letter variants."""
    keys: set[str] = set()
    for name in (first, last):
        for form in search_forms(name):
            keys |= deletions(form)
    return keys


def name_parts(name: str) -> list[str]:
    """A name as typed split into its normalised words (Anna-Lena Maria -> anna, lena, maria)."""
    return tokens(name)


def search_forms(name: str) -> set[str]:
    """A name as typed, normalised whole and word by word: what a query word may match."""
    return {form for form in (normalise(name), *name_parts(name)) if form}


def distance(a: str, b: str, limit: int = 2) -> int:
    """Optimal string alignment distance (an adjacent swap counts one), capped at `limit`."""
    if a == b:
        return 0
    if abs(len(a) - len(b)) >= limit:
        return limit
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return min(previous[-1], limit)


def within_one(a: str, b: str) -> bool:
    """`distance(a, b) <= 1` without the table: equal, or one letter changed, added, removed,
    or two neighbours swapped (the person page asks it of up to 400 candidates)."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    i, shorter = 0, min(la, lb)
    while i < shorter and a[i] == b[i]:
        i += 1  # the first difference
    if la > lb:
        return a[i + 1 :] == b[i:]
    if lb > la:
        return a[i:] == b[i + 1 :]
    changed = a[i + 1 :] == b[i + 1 :]
    swapped = i + 1 < la and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]
    return changed or swapped


def word_score(query: str, name: str) -> int:
    """How well one query word fits one name: 3 equal, 2 prefix, 1 one typo, 0 not."""
    if not query or not name:
        return 0
    if query == name:
        return 3
    if name.startswith(query):
        return 2
    if len(query) > MIN_KEY_LENGTH and within_one(query, name):
        return 1
    return 0


def score(words: Iterable[str], first: str, last: str) -> int:
    """The fit of query words to a person; 0 if some word fits no name (order does not matter).

    Each query word is matched against the person's first and last name and their parts;
    so "Ivanova Olena" finds Olena Ivanova.
    """
    names = [n for n in {first, last, *name_parts(first), *name_parts(last)} if n]
    total = 0
    for word in words:
        best = max((word_score(word, name) for name in names), default=0)
        if best == 0:
            return 0
        total += best
    return total


def is_likely_duplicate(first: str, last: str, other_first: str, other_last: str) -> bool:
    """Both names equal within one typo, in either order."""
    if not (first and last):
        return False
    # short-circuit: the swapped order only when the straight one fails (up to 400 candidates
    # per person page)
    return (within_one(first, other_first) and within_one(last, other_last)) or (
        within_one(first, other_last) and within_one(last, other_first)
    )
