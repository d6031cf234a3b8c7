"""Small-cell suppression for figures that leave the centre.

Primary: every count of 1 or 2 (`THRESHOLD`) is hidden. Secondary: a table is a grid of cells
with row totals, column totals and a grand total; in every line (row or column, its total
included) that has exactly one hidden entry, the value could be recovered by subtraction, so the
smallest other positive entry of that line is hidden as well; repeated until no line has a single
hidden entry. Zero cells stay visible: they disclose nobody. A one-dimensional breakdown is a
table with one row.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

THRESHOLD = 2
MASK = "*"

Cell = int | str


def _primary(value: int) -> bool:
    return 0 < value <= THRESHOLD


@dataclass(frozen=True)
class SuppressedTable:
    cells: list[list[Cell]]
    row_totals: list[Cell]
    column_totals: list[Cell]
    total: Cell
    suppressed: bool  # whether anything was hidden


def suppress_table(cells: Sequence[Sequence[int]]) -> SuppressedTable:
    """Hide small cells of a grid (totals are computed here, so they always add up)."""
    grid = [list(row) for row in cells]
    n_rows = len(grid)
    n_cols = len(grid[0]) if grid else 0
    if any(len(row) != n_cols for row in grid):
        raise ValueError("all rows need the same number of cells")
    row_totals = [sum(row) for row in grid]
    col_totals = [sum(grid[r][c] for r in range(n_rows)) for c in range(n_cols)]
    grand = sum(row_totals)

    # positions: (r, c) cells; (r, n_cols) row totals; (n_rows, c) column totals; grand at corner
    values: dict[tuple[int, int], int] = {}
    for r in range(n_rows):
        for c in range(n_cols):
            values[(r, c)] = grid[r][c]
        values[(r, n_cols)] = row_totals[r]
    for c in range(n_cols):
        values[(n_rows, c)] = col_totals[c]
    values[(n_rows, n_cols)] = grand

    hidden = {pos for pos, value in values.items() if _primary(value)}
    lines = [[(r, c) for c in range(n_cols + 1)] for r in range(n_rows + 1)] + [
        [(r, c) for r in range(n_rows + 1)] for c in range(n_cols + 1)
    ]
    changed = True
    while changed:
        changed = False
        for line in lines:
            masked = [pos for pos in line if pos in hidden]
            if len(masked) != 1:
                continue
            candidates = [pos for pos in line if pos not in hidden and values[pos] > 0]
            if not candidates:
                continue  # the rest is zero: the hidden value equals the total, hidden too
            hidden.add(min(candidates, key=lambda pos: (values[pos], pos)))
            changed = True

    def shown(pos: tuple[int, int]) -> Cell:
        return MASK if pos in hidden else values[pos]

    return SuppressedTable(
        cells=[[shown((r, c)) for c in range(n_cols)] for r in range(n_rows)],
        row_totals=[shown((r, n_cols)) for r in range(n_rows)],
        column_totals=[shown((n_rows, c)) for c in range(n_cols)],
        total=shown((n_rows, n_cols)),
        suppressed=bool(hidden),
    )


def suppress_breakdown(counts: Mapping[str, int]) -> tuple[dict[str, Cell], Cell]:
    """A one-dimensional breakdown and its total."""
    keys = list(counts)
    table = suppress_table([[counts[k] for k in keys]])
    return dict(zip(keys, table.cells[0] if keys else [], strict=True)), table.total
