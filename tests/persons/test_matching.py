"""The duplicate matcher's normalisation and distance, with property tests."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from cases.persons import matching

LATIN = st.text(
    alphabet=st.sampled_from(
        "abcdefghijklmnopqrstuvwxyzäöüßéèáàçñøłABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÜ -'"
    ),
    max_size=20,
)
PLAIN = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=15)


def test_german_transliteration_case_and_accents() -> None:
    assert matching.normalise("Müller") == matching.normalise("Mueller") == "muller"
    assert matching.normalise("MULLER") == matching.normalise("müller")
    assert matching.normalise("Straße") == matching.normalise("STRASSE")
    assert matching.normalise("José") == matching.normalise("Jose")
    assert matching.normalise("Łukasz") == "lukasz"
    assert matching.normalise("Anna-Lena") == matching.normalise("Anna Lena") == "annalena"


@given(LATIN)
def test_normalise_is_idempotent(name: str) -> None:
    once = matching.normalise(name)
    assert matching.normalise(once) == once


@given(LATIN)
def test_normalise_ignores_case(name: str) -> None:
    assert matching.normalise(name.upper()) == matching.normalise(name.lower())


@given(LATIN)
def test_normalise_ignores_accents(name: str) -> None:
    stripped = "".join(
        ch
        for ch in unicodedata.normalize("NFKD", name.replace("ß", "ss"))
        if not unicodedata.combining(ch)
    )
    assert matching.normalise(stripped) == matching.normalise(name)


@given(LATIN)
def test_umlaut_equals_its_transliteration(name: str) -> None:
    spelled = name.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    spelled = spelled.replace("Ä", "Ae").replace("Ö", "Oe").replace("Ü", "Ue")
    assert matching.normalise(spelled) == matching.normalise(name)


@given(LATIN)
def test_output_is_lower_case_letters_and_digits(name: str) -> None:
    out = matching.normalise(name)
    assert out == out.lower()
    assert all(ch.isalnum() for ch in out)


@given(PLAIN, st.data())
def test_one_typo_shares_a_key(word: str, data: st.DataObject) -> None:
    i = data.draw(st.integers(0, len(word) - 1))
    kind = data.draw(st.sampled_from(["delete", "insert", "replace", "swap"]))
    letter = data.draw(st.sampled_from("abcdefghijklmnopqrstuvwxyz"))
    if kind == "delete":
        typo = word[:i] + word[i + 1 :]
    elif kind == "insert":
        typo = word[:i] + letter + word[i:]
    elif kind == "replace":
        typo = word[:i] + letter + word[i + 1 :]
    else:
        j = min(i + 1, len(word) - 1)
        chars = list(word)
        chars[i], chars[j] = chars[j], chars[i]
        typo = "".join(chars)
    assert matching.distance(word, typo) <= 1
    if len(typo) > matching.MIN_KEY_LENGTH:
        assert matching.deletions(word) & matching.deletions(typo)


def test_distance() -> None:
    assert matching.distance("muller", "muller") == 0
    assert matching.distance("muller", "mulelr") == 1
    assert matching.distance("muller", "schmidt") == 2
    assert matching.distance("ivanova", "ivanov") == 1


def test_duplicates_in_either_order() -> None:
    assert matching.is_likely_duplicate("olena", "ivanova", "ivanova", "olena")
    assert matching.is_likely_duplicate("olena", "ivanova", "olena", "ivanowa")
    assert not matching.is_likely_duplicate("olena", "ivanova", "oksana", "ivanova")


def test_score_prefers_exact_over_prefix_over_typo() -> None:
    assert matching.score(["ivanova"], "olena", "ivanova") > matching.score(
        ["ivan"], "olena", "ivanova"
    )
    assert matching.score(["ivanowa"], "olena", "ivanova") == 1
    assert matching.score(["schmidt"], "olena", "ivanova") == 0


@given(st.text(alphabet="abcé", max_size=7), st.text(alphabet="abcé", max_size=7))
def test_within_one_is_a_distance_of_at_most_one(a: str, b: str) -> None:
    # the quick check of the duplicate search against the full alignment table; a small
    # alphabet makes swaps, repeats and near misses common
    assert matching.within_one(a, b) == (matching.distance(a, b) <= 1)


def test_within_one_examples() -> None:
    assert matching.within_one("katrin", "katrin")
    assert matching.within_one("katrin", "katrn")  # one removed
    assert matching.within_one("katrin", "kattrin")  # one added
    assert matching.within_one("katrin", "katrim")  # one changed
    assert matching.within_one("katrin", "aktrin")  # neighbours swapped
    assert not matching.within_one("katrin", "aktrni")  # two swaps
    assert not matching.within_one("katrin", "karin x")
    assert not matching.within_one("ab", "ba ")
