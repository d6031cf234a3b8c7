"""The company-name normaliser: examples and properties (Hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cases.employers import matching

LEGAL_FORMS = [
    "GmbH", "G.m.b.H.", "gmbh", "GmbH & Co. KG", "GmbH & Co.KG", "GmbH und Co. KG", "AG", "KG",
    "OHG", "e.K.", "e. K.", "UG (haftungsbeschränkt)", "e.V.", "eG", "mbH", "& Co.", "KGaA",
    "Gesellschaft mit beschränkter Haftung", "Ltd.", "SE", "gGmbH",
]  # fmt: skip
LETTERS = "abcdefghijklmnopqrstuvwxyzäöüßéèçñšłABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÜ"
words = st.text(alphabet=LETTERS + "0123456789", min_size=1, max_size=12)
names = st.lists(words, min_size=1, max_size=4).map(" ".join)
noise = st.sampled_from(["", ".", ",", "-", " ", "'", " - ", "  "])


@pytest.mark.parametrize(
    "variant",
    ["Müller GmbH", "Mueller G.m.b.H.", "MÜLLER GMBH & Co. KG", "Muller", "müller kg",
     "Müller GmbH und Co. KG", "Mueller UG (haftungsbeschränkt)", " müller  e.K. "],
)  # fmt: skip
def test_the_examples_of_the_issue_are_one_company(variant: str) -> None:
    assert matching.key(variant) == matching.key("Müller GmbH") == "muller"


def test_words_that_are_part_of_the_name_stay() -> None:
    assert matching.normalise("Müller und Söhne GmbH") == "mueller und soehne"
    assert matching.normalise("Bäckerei Schulze e.K.") == "baeckerei schulze"
    assert matching.normalise("AG") == "ag"  # nothing but a legal form: kept
    assert matching.key("Müller-Bau GmbH") == matching.key("Mueller Bau")
    assert matching.key("Müller GmbH") != matching.key("Müller Bau GmbH")


def test_typos_and_prefixes_are_similar_but_other_names_are_not() -> None:
    assert matching.is_similar(matching.key("Mülelr"), matching.key("Müller GmbH"))
    assert matching.is_similar(matching.key("Erzgebirgsbäckerei"), "erzgebirgsbackerei")
    assert not matching.is_similar(matching.key("Müller"), matching.key("Schulze"))
    assert not matching.is_similar(matching.key("ABC"), matching.key("ABD"))  # short: exact
    assert not matching.is_similar("", "")


@given(names)
def test_the_key_is_plain_ascii(name: str) -> None:
    key = matching.key(name)
    assert key == "".join(ch for ch in key if ch.isascii() and ch.isalnum())
    assert key == key.lower()


@given(names)
def test_normalising_is_idempotent(name: str) -> None:
    once = matching.normalise(name)
    assert matching.normalise(once) == once
    assert matching.key(once) == matching.key(name)


@given(names)
def test_case_does_not_matter(name: str) -> None:
    assert matching.key(name.upper()) == matching.key(name) == matching.key(name.lower())


@given(names, st.sampled_from(LEGAL_FORMS), noise)
def test_a_legal_form_does_not_make_a_new_company(name: str, form: str, sep: str) -> None:
    assert matching.key(f"{name}{sep} {form}") == matching.key(name)


@given(names)
def test_umlauts_and_their_transliteration_are_the_same(name: str) -> None:
    spelled = (
        name.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
        .replace("Ä", "Ae").replace("Ö", "Oe").replace("Ü", "Ue")
    )  # fmt: skip
    assert matching.key(spelled) == matching.key(name)


@given(names, noise)
def test_punctuation_between_words_does_not_matter(name: str, sep: str) -> None:
    assert matching.key(name.replace(" ", sep or " ")) == matching.key(name)


@given(st.text(max_size=40))
def test_any_text_is_handled(text: str) -> None:
    matching.key(text)
    assert matching.similarity(matching.key(text), matching.key(text)) in (0.0, 1.0)


@given(words, words)
def test_distance_is_symmetric_and_zero_only_for_equal(a: str, b: str) -> None:
    assert matching.distance(a, b) == matching.distance(b, a)
    assert (matching.distance(a, b) == 0) == (a == b)
