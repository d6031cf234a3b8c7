"""Disclosure control of a built report: the cell key method (consistent random noise).

Every figure that leaves the centre — each indicator (period and year to date), each table
cell, each row and column total and each grand total — is its exact count plus a noise drawn
from the perturbation table (`ptable`) by the figure's cell key: the sum of the record keys of
exactly the records it counts (`record_keys`, computed with the counts). So:
- no figure shown is 1 or 2 (a true 1 or 2 shows as 0, 3 or 4; an empty cell is shown as 3
  or 4 in a few cases, so no single figure proves "at least one" of a small count);
- no figure is off by more than `ptable.MAX_DEVIATION`; the noise is unbiased;
- the same records always give the same figure: a request repeated, the same quarter in a
  year-to-date, an indicator and the table total that counts the same persons all agree, so
  nothing is gained by asking again; figures over different records (one day more, one centre
  less, one person added in a correction) get unrelated noise, so their differences are noisy.
Totals are perturbed like any cell (from their own records), not added up from the perturbed
cells: a table does not add up exactly, and the footnote says so.

`exact` reports (a lead's internal view) are the counts untouched.
"""

from __future__ import annotations

from collections.abc import Callable

from cases.reports import ptable
from cases.reports.record_keys import cell_key
from cases.reports.schemas import AllianceReport, Indicator, Table
from welcome.i18n import _

MASK = "*"  # a figure that is not a count (the median) when too few records stand behind it
MEDIAN_MINIMUM = 5  # the median is shown when the protected number behind it is at least this
METHOD = "cell_key"


def method() -> dict[str, object]:
    """The method and its parameters, as the JSON names them."""
    return {
        "method": METHOD,
        "max_deviation": ptable.MAX_DEVIATION,
        "variance": ptable.VARIANCE,
        "never_shown": list(range(1, ptable.THRESHOLD + 1)),
        "totals": "perturbed_independently",
    }


def footnote() -> str:
    """The method, for the report's footnotes (plain words)."""
    return _(
        "Protection of small numbers (cell key method): every figure has been changed by a "
        "small random amount of at most %(d)d up or down, and no figure is shown as 1 or 2 "
        "(small numbers appear as 0 or as 3 and more; now and then an empty cell appears as 3 "
        "or 4). The same persons or contacts always give "
        "the same figure, so figures from different reports can be compared, but differences "
        "between them are not exact. Totals are protected on their own, so the cells of a "
        "table need not add up exactly to its total.",
        d=ptable.MAX_DEVIATION,
    )


EmptyKey = Callable[[str], float]  # place → cell key of an empty figure


def _shown(n: int, key_sum: int, place: str, empty: EmptyKey) -> int:
    """The protected value of a count n whose records' keys add up to `key_sum`."""
    key = cell_key(key_sum) if n > 0 else empty(place)
    return ptable.perturbed(int(n), key)


def protect_table(table: Table, empty: EmptyKey) -> Table:
    """Every cell and every total of a table perturbed by its own cell key."""
    grid = [[int(c) for c in row.cells] for row in table.rows]
    keys = table.keys or [[0] * len(row.cells) for row in table.rows]
    width = len(table.columns)
    rows = []

    def shown(n: int, key_sum: int, row: str, column: str) -> int:
        return _shown(n, key_sum, f"{table.key}/{row}/{column}", empty)

    for row, counts, row_keys in zip(table.rows, grid, keys, strict=True):
        cells: list[int | str] = [
            shown(n, k, row.code, c)
            for n, k, c in zip(counts, row_keys, table.columns, strict=True)
        ]
        total = shown(sum(counts), sum(row_keys), row.code, "total")
        if row.optional and total == 0 and not any(cells):
            continue  # a row present only because something was counted in it
        rows.append(row.model_copy(update={"cells": cells, "total": total, "optional": False}))
    column_totals: list[int | str] = [
        shown(sum(r[c] for r in grid), sum(k[c] for k in keys), "total", table.columns[c])
        for c in range(width)
    ]
    total = shown(sum(map(sum, grid)), sum(map(sum, keys)), "total", "total")
    return table.model_copy(
        update={"rows": rows, "column_totals": column_totals, "total": total, "keys": []}
    )


def _protect_indicator(ind: Indicator, empty: EmptyKey) -> Indicator:
    place = f"indicator/{ind.code}"
    period = _shown(int(ind.period), ind.period_key, place, empty)
    ytd = _shown(int(ind.year_to_date), ind.year_to_date_key, place, empty)
    achievement = None
    if ind.target:
        achievement = round(ytd / ind.target * 100, 1)
    return ind.model_copy(
        update={
            "period": period,
            "year_to_date": ytd,
            "achievement_percent": achievement,
            "period_key": 0,
            "year_to_date_key": 0,
        }
    )


def _row_total(table: Table, code: str) -> int:
    found = next((r.total for r in table.rows if r.code == code), 0)
    return found if isinstance(found, int) else 0


def protect(report: AllianceReport, *, empty: EmptyKey) -> AllianceReport:
    """The report as it may leave the centre; `empty`: the cell keys of empty figures
    (`record_keys.RecordKeys.empty_cell_key`)."""
    tables = [protect_table(t, empty) for t in report.tables]
    indicators = [_protect_indicator(i, empty) for i in report.indicators]
    figures = dict(report.figures)
    by_key = {t.key: t for t in tables}
    deadlines = by_key.get("recognition_deadlines")
    behind = (
        sum(_row_total(deadlines, c) for c in ("decided_in_time", "decided_late"))
        if deadlines is not None
        else 0
    )
    if figures.get("recognition_median_days") is not None and behind < MEDIAN_MINIMUM:
        figures["recognition_median_days"] = MASK  # a median of a few is a person's figure
    return report.model_copy(
        update={
            "indicators": indicators,
            "tables": tables,
            "suppressed": True,
            "figures": figures,
            "disclosure": method(),
        }
    )
