"""KldB 2010 and WZ codes checked against the full official lists (cases/data/)."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter, ValidationError

from cases import codelists
from cases.employers import wz
from cases.employers.rules import KldB as KldBAnyLevel
from cases.persons.schemas import PersonIn
from welcome.i18n import force_locale


@pytest.mark.parametrize(
    ("version", "code", "section"),
    [
        ("2008", "C", "C"),
        ("2008", "25", "C"),
        ("2008", "25.1", "C"),
        ("2008", "25.11", "C"),
        ("2008", "25.11.0", "C"),
        ("2008", "62.01.9", "J"),
        ("2008", "99.99.9", None),  # accepted before: only the division was checked
        ("2008", "45.11.0", "G"),
        ("2025", "45", None),  # division 45 is gone in WZ 2025
        ("2025", "62.10", "K"),
        ("2025", "V", "V"),
        ("2008", "V", None),
        ("2008", "01.99", None),
        ("2009", "01", None),
    ],
)
def test_wz_codes_against_the_full_lists(version: str, code: str, section: str | None) -> None:
    assert wz.section_of(version, code) == section


def test_the_lists_are_complete() -> None:
    assert len(codelists.kldb()) == 2193
    assert sum(e.level == 5 for e in codelists.kldb().values()) == 1300
    assert len(codelists.wz("2008")) == 1835 and len(codelists.wz("2025")) == 2030
    assert codelists.kldb_title("83113").startswith("Berufe in der Kinderbetreuung")
    assert codelists.wz_title("2008", "62.01") == "Programmierungstätigkeiten"


@pytest.mark.parametrize(
    ("typed", "stored", "error"),
    [
        ("83113", "83113", None),
        ("Erzieher/in", "83113", None),  # a title of the BA's index, as typed without JS
        ("29302", "29302", None),
        ("99999", None, "99999 is not a code of KldB 2010 (Fassung 2020)."),
        ("81122", None, "81122 is not a code of KldB 2010 (Fassung 2020)."),  # weggefallen
        ("8311", None, "A KldB 2010 code has five digits."),
        ("Zauberer", None, "A KldB 2010 code has five digits."),
    ],
)
def test_a_persons_occupation_code(typed: str, stored: str | None, error: str | None) -> None:
    base = {"first_name": "A", "last_name": "B", "client_group": "returnee"}
    if error is None:
        assert PersonIn.model_validate({**base, "occupation_kldb": typed}).occupation_kldb == stored
        return
    with force_locale("en"), pytest.raises(Exception) as caught:
        PersonIn.model_validate({**base, "occupation_kldb": typed})
    assert error in str(caught.value)


@pytest.mark.parametrize(
    ("code", "ok"), [("8", True), ("831", True), ("83113", True), ("839", False), ("99999", False)]
)
def test_a_placements_code_of_any_level(code: str, ok: bool) -> None:
    adapter = TypeAdapter(KldBAnyLevel)
    if ok:
        assert adapter.validate_python(code) == code
    else:
        with pytest.raises(ValidationError):
            adapter.validate_python(code)


def test_the_lists_are_read_at_start_up_and_searched_without_rehashing() -> None:
    """The persons area reads every list when the app starts (not on the first picker call);
    a search then finds its list's blob by identity, the same blob every time."""
    from cases.persons.area import AREA

    assert codelists.load_all in AREA.startup
    codelists.load_all()
    titles = codelists.kldb_titles()
    blob = codelists._blob(titles)
    assert codelists._blob(titles)[0] is blob[0]  # found again, not built again
    equal = tuple(list(titles))  # (tuple() of a tuple is the tuple itself)
    assert equal is not titles
    again = codelists._blob(equal)
    assert again[0] == blob[0] and again[0] is not blob[0]  # an equal list: built, the same
    assert [e.code for e in codelists.search(titles, "Koch")][:1] == ["29302"]
