"""The attack's linear programs (`attack.py` builds the system): per connected component of
the relations, one HiGHS model whose objective changes; each target is pushed down and up."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import highspy
import numpy as np

if TYPE_CHECKING:
    from tests.reports.attack import System

EPS = 1e-6


def _components(system: System) -> list[list[int]]:
    parent = list(range(len(system.lower)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for row in [*system.equalities, *system.inequalities, *(t[1] for t in system.targets)]:
        first, *rest = row
        for other in rest:
            parent[find(other)] = find(first)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(parent)):
        groups[find(i)].append(i)
    return list(groups.values())


@dataclass
class Result:
    targets: int
    disclosed: list[tuple[str, int, float, float]]  # name, true value, lowest, highest
    programs: int


class _Program:
    """One component's linear program in HiGHS; objectives change, the basis is kept (each
    solve after the first starts from the last one)."""

    def __init__(self, system: System, members: list[int]) -> None:
        self.local = {v: i for i, v in enumerate(members)}
        self.size = len(members)
        self.h = highspy.Highs()
        self.h.setOptionValue("output_flag", False)
        inf = highspy.kHighsInf
        low = np.array([system.lower[v] for v in members], dtype=float)
        high = np.array([min(system.upper[v], inf) for v in members], dtype=float)
        self.h.addVars(self.size, low, high)
        rows = [(r, 0.0) for r in system.equalities if next(iter(r)) in self.local]
        rows += [(r, -inf) for r in system.inequalities if next(iter(r)) in self.local]
        if rows:
            starts, index, values = [], [], []
            for row, _low in rows:
                starts.append(len(index))
                for v, c in row.items():
                    index.append(self.local[v])
                    values.append(c)
            self.h.addRows(
                len(rows),
                np.array([lo for _r, lo in rows], dtype=float),
                np.zeros(len(rows)),
                len(index),
                np.array(starts, dtype=np.int32),
                np.array(index, dtype=np.int32),
                np.array(values, dtype=float),
            )
        self.all = np.arange(self.size, dtype=np.int32)

    def vector(self, row: dict[int, float]) -> Any:
        vec = np.zeros(self.size)
        for v, c in row.items():
            vec[self.local[v]] = c
        return vec

    def minimum(self, objective: Any) -> Any:
        self.h.changeColsCost(self.size, self.all, objective.astype(float))
        self.h.run()
        assert self.h.getModelStatus() == highspy.HighsModelStatus.kOptimal  # truth feasible
        return np.array(self.h.getSolution().col_value)


def _solve_component(
    system: System, members: list[int], mine: list[int], disclosed: list[Any], limit: int
) -> int:
    """Bound the targets `mine` of one component; returns how many programs were solved."""
    program = _Program(system, members)
    vectors = {n: program.vector(system.targets[n][1]) for n in mine}
    open_ = set(mine)
    programs = 0

    def clear(x: Any) -> None:
        for n in list(open_):
            value = float(vectors[n] @ x)
            if value <= EPS or value >= 3 - EPS:
                open_.discard(n)

    # batches first: push all open targets down together, then up together
    for sign in (1.0, -1.0):
        if open_:
            programs += 1
            clear(program.minimum(sign * sum(vectors[n] for n in open_)))
    for n in sorted(open_):
        if n not in open_:
            continue
        if len(disclosed) >= limit:
            break
        programs += 2
        x = program.minimum(vectors[n])
        low = float(vectors[n] @ x)
        clear(x)
        if low <= EPS:
            continue
        x = program.minimum(-vectors[n])
        high = float(vectors[n] @ x)
        clear(x)
        if high < 3 - EPS:
            name, _row, truth = system.targets[n]
            disclosed.append((name, truth, low, high))
            open_.discard(n)
    return programs


def solve(system: System, *, limit: int = 10**9) -> Result:
    """Bound every target; disclosed = provably within 1 … 2 (stop after `limit` found)."""
    disclosed: list[tuple[str, int, float, float]] = []
    programs = 0
    by_var: dict[int, list[int]] = defaultdict(list)
    for n, (_name, row, _t) in enumerate(system.targets):
        by_var[next(iter(row))].append(n)
    for members in _components(system):
        mine = sorted({n for v in members for n in by_var.get(v, [])})
        if mine and len(disclosed) < limit:
            programs += _solve_component(system, members, mine, disclosed, limit)
    return Result(len(system.targets), disclosed, programs)
