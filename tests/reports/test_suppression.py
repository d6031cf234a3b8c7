from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cases.reports.suppression import MASK, THRESHOLD, suppress_breakdown, suppress_table


def test_nothing_small_nothing_hidden() -> None:
    table = suppress_table([[5, 7], [3, 10]])
    assert table.cells == [[5, 7], [3, 10]]
    assert table.row_totals == [12, 13] and table.column_totals == [8, 17] and table.total == 25
    assert not table.suppressed


def test_a_small_cell_and_its_partner_are_hidden() -> None:
    counts, total = suppress_breakdown({"female": 10, "male": 2, "diverse": 0, "not_stated": 5})
    # 2 is hidden; 5 (the smallest other positive) too, so 17 - 10 does not reveal the 2
    assert counts == {"female": 10, "male": MASK, "diverse": 0, "not_stated": MASK}
    assert total == 17


def test_a_small_total_is_hidden_too() -> None:
    counts, total = suppress_breakdown({"a": 1, "b": 0})
    assert counts == {"a": MASK, "b": 0} and total == MASK


def test_two_by_two_with_one_small_cell() -> None:
    table = suppress_table([[1, 8], [9, 20]])
    # row 0 [1, 8 | 9]: 1 hidden → 8 hidden; column 0 [1, 9 | 10]: → 9 hidden; column 1
    # [8, 20 | 28]: 8 hidden alone → 20 hidden. Every line now hides two entries or none.
    assert table.cells == [[MASK, MASK], [MASK, MASK]]
    assert table.row_totals == [9, 29] and table.column_totals == [10, 28]
    assert table.total == 38


def _lines(table, rows: int, cols: int):  # type: ignore[no-untyped-def]
    grid = [[*table.cells[r], table.row_totals[r]] for r in range(rows)]
    grid.append([*table.column_totals, table.total])
    yield from grid
    for c in range(cols + 1):
        yield [grid[r][c] for r in range(rows + 1)]


matrices = st.integers(1, 4).flatmap(
    lambda cols: st.lists(
        st.lists(st.integers(0, 12), min_size=cols, max_size=cols), min_size=1, max_size=4
    )
)


@given(matrices)
def test_no_small_value_is_published_and_none_can_be_derived(cells: list[list[int]]) -> None:
    table = suppress_table(cells)
    rows, cols = len(cells), len(cells[0])
    for line in _lines(table, rows, cols):
        shown = [v for v in line if v != MASK]
        assert all(not (0 < v <= THRESHOLD) for v in shown)  # type: ignore[operator]
        assert sum(1 for v in line if v == MASK) != 1  # a single hidden entry is derivable


@given(matrices)
def test_published_values_are_the_true_ones(cells: list[list[int]]) -> None:
    table = suppress_table(cells)
    for r, row in enumerate(cells):
        for c, value in enumerate(row):
            assert table.cells[r][c] in (value, MASK)
        assert table.row_totals[r] in (sum(row), MASK)
    assert table.total in (sum(map(sum, cells)), MASK)
