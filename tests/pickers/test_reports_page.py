"""The report page made to be read: a table of contents with anchors, sections that fold,
rows of zeros hidden behind a switch that works without JavaScript, sub-totals that say what
they leave out; and the targets refuse a part larger than its whole."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from cases.reports.schemas import YearTargets
from tests.conftest import Factory, login
from tests.reports import golden
from welcome.errors import FieldErrors
from welcome.i18n import force_locale
from welcome.inputs import validate

Q3 = {"period": "2026-Q3"}


@pytest.fixture
def data(factory: Factory) -> golden.Golden:
    return golden.build(factory)


def test_contents_folding_sections_and_the_empty_rows_switch(
    client: TestClient, data: golden.Golden
) -> None:
    assert login(client, data.lead_a.email).status_code == 303
    html = client.get("/reports", params={**Q3, "exact": "1"}).text
    toc = re.search(r'<nav class="card report-toc".*?</nav>', html, re.S)
    assert toc
    anchors = re.findall(r'href="#(s-[a-z_]+)"', toc.group(0))
    assert anchors[0] == "s-key" and anchors[-1] == "s-notes" and len(anchors) >= 5
    for anchor in anchors:  # every entry leads to its section
        assert f'id="{anchor}"' in html
    assert html.count("<details open>") >= len(anchors) - 1  # every section but the notes folds
    # the switch: a checkbox before the sections, the rule in a stylesheet (strict CSP)
    assert html.index('id="show-empty-rows"') < html.index('id="s-key"')
    assert 'href="/static/css/report-page.css?v=' in html
    empty = re.findall(r'<tr data-row="([^"]+)" class="empty-row">(.*?)</tr>', html, re.S)
    assert empty  # the 21 WZ sections, most with nothing in them
    for _code, row in empty:
        assert set(re.findall(r'<td class="num[^"]*">([^<]*)</td>', row)) == {"0"}
    full = re.findall(r'<tr data-row="[^"]+">(.*?)</tr>', html, re.S)
    assert any(set(re.findall(r'<td class="num[^"]*">([^<]*)</td>', r)) - {"0"} for r in full)
    # the lead's page is German (the catalog translates the note)
    hidden = r"\d+ (Zeile nur mit Nullen ist|Zeilen nur mit Nullen sind) ausgeblendet\."
    assert re.search(hidden, html)
    css = client.get("/static/css/report-page.css").text
    assert ".show-empty-rows:checked ~ .report-section tr.empty-row" in css


def test_sub_totals_say_what_they_leave_out(client: TestClient, data: golden.Golden) -> None:
    assert login(client, data.lead_a.email).status_code == 303
    html = client.get("/reports", params={**Q3, "exact": "1"}).text
    line = re.search(r'<p class="subtotals" id="subtotal-persons">(.*?)</p>', html, re.S)
    assert line
    numbers = [int(n) for n in re.findall(r"\d+", line.group(1))]
    total, germany, abroad, rest = numbers
    assert rest == total - germany - abroad and "Wohnort ohne Angabe" in line.group(1)  # German
    # protected figures: no difference computed (it would be neither protected nor right)
    protected = client.get("/reports", params=Q3).text
    line = re.search(r'<p class="subtotals" id="subtotal-persons">(.*?)</p>', protected, re.S)
    assert line and not re.search(r"\d", line.group(1))


@pytest.mark.parametrize(
    ("targets", "wrong"),
    [
        ({"persons_counselled": 100, "returnees": 101}, {"returnees"}),
        ({"persons_counselled": 100, "persons_from_germany": 200}, {"persons_from_germany"}),
        ({"persons_counselled": 100, "persons_from_germany": 60, "persons_from_abroad": 50},
         {"persons_from_abroad"}),
        ({"contacts": 10, "anonymous_enquiries": 11}, {"anonymous_enquiries"}),
        ({"persons_counselled": 100, "persons_from_germany": 60, "persons_from_abroad": 40}, set()),
        ({"returnees": 500}, set()),  # no whole given: nothing to compare with
    ],
)  # fmt: skip
def test_a_sub_target_larger_than_its_total_is_refused(
    targets: dict[str, int], wrong: set[str]
) -> None:
    with force_locale("en"):
        if not wrong:
            validate(YearTargets, {"year": 2026, **targets})
            return
        with pytest.raises(FieldErrors) as caught:
            validate(YearTargets, {"year": 2026, **targets})
    assert set(caught.value.errors) == wrong
    assert "cannot be" in next(iter(caught.value.errors.values()))
