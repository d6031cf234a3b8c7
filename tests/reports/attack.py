"""An outside reader's attack on published reports: every linear relation between the figures
that the reports' own structure offers, solved as linear programs for every small count.

Generic: nothing here names a table, a row or an indicator. From a list of publications (a
report as shown, with the exact report behind it for the truth) it derives
- the quantities: every figure shown, identified by what it measures (an indicator, or a
  table's row × column, totals included), its days, its scope (centres) and its data version —
  the same quantity published twice (a quarter and the year to date of Q1) is one unknown;
- what one figure says alone: its true value is one of `could_be(shown)`;
- the relations a reader can state, each kept only if it holds in the exact data (so the
  attacker is, if anything, stronger than a real one):
  * in a table: row total = sum of its cells; column total = sum of its column (plus the rows
    a report may leave out, ≥ 0, where a table has optional rows); grand total = sum of row
    totals = sum of column totals;
  * in a report: figures that always agree (an indicator and a table total over the same
    records) and indicators that are sums of a table's rows;
  * over time: a period = the sum of consecutive published periods that make it up (year =
    quarters, year to date = quarter + earlier year to date), or for distinct counts the
    bounds max(parts) ≤ whole ≤ sum(parts); nested periods are ordered;
  * over scopes: all centres = sum of the centres (or the bounds of distinct counts);
  * over versions: a later version against an earlier one (ordered).
- the targets: every quantity whose true value is 1 or 2, and every difference of nested
  quantities (one day more, a correction against the first version) that is 1 or 2.
A target is disclosed when the linear programs bound it to (0, 3): the reader then knows, with
certainty, a count of 1 or 2. The programs are the real-valued relaxation (HiGHS).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np
from scipy.optimize import nnls

from cases.reports.schemas import AllianceReport
from tests.reports.attack_lp import Result, solve

Place = tuple[str, ...]  # ("indicator", code) or (table, row, column)
Interval = tuple[date, date]
Quantity = tuple[Place, Interval, str, str]  # measure, days, scope, version
EPS = 1e-6


@dataclass(frozen=True)
class Publication:
    scope: str  # e.g. "A", "B", "all" (the centres in it)
    version: str  # the data state, e.g. "live", "v1"
    shown: AllianceReport
    exact: AllianceReport


def _intervals(report: AllianceReport) -> tuple[Interval, Interval]:
    return (
        (report.period.start, report.period.end),
        (report.year_to_date.start, report.year_to_date.end),
    )


def figures(report: AllianceReport) -> dict[tuple[Place, Interval], int]:
    """Every count of a report with the days it covers (indicators twice: period, YTD)."""
    period, ytd = _intervals(report)
    out: dict[tuple[Place, Interval], int] = {}
    for ind in report.indicators:
        out[(("indicator", ind.code), period)] = int(ind.period)
        out[(("indicator", ind.code), ytd)] = int(ind.year_to_date)
    for table in report.tables:
        for row in table.rows:
            for code, value in zip(table.columns, row.cells, strict=True):
                out[((table.key, row.code, code), period)] = int(value)
            out[((table.key, row.code, "total"), period)] = int(row.total)
        for code, value in zip(table.columns, table.column_totals, strict=True):
            out[((table.key, "total", code), period)] = int(value)
        out[((table.key, "total", "total"), period)] = int(table.total)
    return out


@dataclass
class System:
    """Unknowns with bounds, linear equalities and inequalities (≤ 0), and targets."""

    index: dict[Any, int] = field(default_factory=dict)
    lower: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    truth: list[float] = field(default_factory=list)
    equalities: list[dict[int, float]] = field(default_factory=list)
    inequalities: list[dict[int, float]] = field(default_factory=list)  # Σ ≤ 0
    targets: list[tuple[str, dict[int, float], int]] = field(default_factory=list)

    def var(self, name: Any, truth: float, low: float = 0.0, high: float = np.inf) -> int:
        if name not in self.index:
            self.index[name] = len(self.lower)
            self.lower.append(low)
            self.upper.append(high)
            self.truth.append(truth)
        at = self.index[name]
        self.lower[at] = max(self.lower[at], low)
        self.upper[at] = min(self.upper[at], high)
        return at

    def holds(self, row: dict[int, float], *, equal: bool) -> bool:
        value = sum(c * self.truth[i] for i, c in row.items())
        return abs(value) < EPS if equal else value <= EPS

    def relate(self, row: dict[int, float], *, equal: bool) -> None:
        """Add a relation if it is true of the exact figures (else: not a relation)."""
        row = {i: c for i, c in row.items() if c}
        if len(row) < 2 or not self.holds(row, equal=equal):
            return
        (self.equalities if equal else self.inequalities).append(row)


def build_system(
    publications: list[Publication], could_be: Callable[[int], Iterable[int]]
) -> System:
    system = System()
    seen: dict[Quantity, int] = {}
    by_measure: dict[tuple[Place, str, str], dict[Interval, int]] = defaultdict(dict)
    for pub in publications:
        exact = figures(pub.exact)
        for (place, days), value in figures(pub.shown).items():
            options = list(could_be(value))
            q: Quantity = (place, days, pub.scope, pub.version)
            at = system.var(q, exact[(place, days)], min(options), max(options))
            seen[q] = at
            by_measure[(place, pub.scope, pub.version)][days] = at
    _table_relations(system, publications, seen)
    _report_identities(system, publications, seen)
    _time_relations(system, by_measure)
    _scope_relations(system, seen)
    _version_relations(system, seen)
    _targets(system, seen, by_measure)
    return system


def _table_relations(
    system: System, publications: list[Publication], seen: dict[Quantity, int]
) -> None:
    optional = {
        t.key for p in publications for t in p.exact.tables if any(r.optional for r in t.rows)
    }
    for pub in publications:
        days = (pub.shown.period.start, pub.shown.period.end)
        for table in pub.shown.tables:

            def at(
                row: str,
                column: str,
                key: str = table.key,
                pub: Publication = pub,
                days: Interval = days,
            ) -> int:
                return seen[((key, row, column), days, pub.scope, pub.version)]

            for row in table.rows:
                system.relate(
                    {at(row.code, "total"): 1.0, **{at(row.code, c): -1.0 for c in table.columns}},
                    equal=True,
                )
            for column in [*table.columns, "total"]:
                line = {at("total", column): 1.0}
                for row in table.rows:
                    line[at(row.code, column)] = line.get(at(row.code, column), 0.0) - 1.0
                if table.key in optional:  # rows left out count ≥ 0: total ≥ visible sum
                    system.relate({k: -v for k, v in line.items()}, equal=False)
                else:
                    system.relate(line, equal=True)
            system.relate(
                {at("total", "total"): 1.0, **{at("total", c): -1.0 for c in table.columns}},
                equal=True,
            )


def _report_identities(
    system: System, publications: list[Publication], seen: dict[Quantity, int]
) -> None:
    """Figures that agree in every exact report, and indicators that are sums of a table's
    rows (found by non-negative least squares over all reports, checked exactly)."""
    vectors: dict[Place, list[int]] = defaultdict(list)
    names = [p for p in range(len(publications))]
    per_pub = [figures(p.exact) for p in publications]
    periods = [(p.exact.period.start, p.exact.period.end) for p in publications]
    places = {
        place for fig, d in zip(per_pub, periods, strict=True) for (place, days) in fig if days == d
    }
    for place in places:
        vectors[place] = [fig.get((place, d), -1) for fig, d in zip(per_pub, periods, strict=True)]
    summaries = [p for p in places if p[0] == "indicator" or "total" in p[1:]]
    groups: dict[tuple[int, ...], list[Place]] = defaultdict(list)
    for place in summaries:
        if any(v > 0 for v in vectors[place]):
            groups[tuple(vectors[place])].append(place)
    pairs = [(g[0], other) for g in groups.values() for other in g[1:]]
    # indicator = sum of some row totals of one table
    tables: dict[str, list[Place]] = defaultdict(list)
    for place in places:
        if place[0] != "indicator" and place[1] != "total" and place[2] == "total":
            tables[place[0]].append(place)
    sums: list[tuple[Place, list[Place]]] = []
    for place in summaries:
        if place[0] != "indicator":
            continue
        target = np.array([max(v, 0) for v in vectors[place]], dtype=float)
        for rows in tables.values():
            matrix = np.array([[max(v, 0) for v in vectors[r]] for r in rows], dtype=float).T
            coefficients, residual = nnls(matrix, target)
            chosen = [r for r, c in zip(rows, coefficients, strict=True) if c > 0.5]
            if residual < EPS and 1 < len(chosen) < len(rows):
                exact = matrix[:, [rows.index(r) for r in chosen]].sum(axis=1)
                if np.allclose(exact, target):
                    sums.append((place, chosen))
    for n in names:
        pub = publications[n]
        days = periods[n]

        def q(place: Place, pub: Publication = pub, days: Interval = days) -> int | None:
            return seen.get((place, days, pub.scope, pub.version))

        for a, b in pairs:
            qa, qb = q(a), q(b)
            if qa is not None and qb is not None:
                system.relate({qa: 1.0, qb: -1.0}, equal=True)
        for whole, parts in sums:
            qw, qp = q(whole), [q(p) for p in parts]
            if qw is not None and all(x is not None for x in qp):
                system.relate({qw: 1.0, **{x: -1.0 for x in qp if x is not None}}, equal=True)


def _chains(start: date, end: date, available: list[Interval]) -> list[list[Interval]]:
    """Ways to cut [start, end] into ≥ 2 consecutive published intervals."""
    out: list[list[Interval]] = []

    def walk(at: date, chain: list[Interval]) -> None:
        if at == end + timedelta(days=1):
            if len(chain) > 1:
                out.append(list(chain))
            return
        for a, b in available:
            if a == at and b <= end and (a, b) != (start, end):
                walk(b + timedelta(days=1), [*chain, (a, b)])

    walk(start, [])
    return out[:20]


def _time_relations(
    system: System, by_measure: dict[tuple[Place, str, str], dict[Interval, int]]
) -> None:
    for known in by_measure.values():
        spans = sorted(known)
        for whole in spans:
            for chain in _chains(whole[0], whole[1], spans):
                row = {known[whole]: 1.0}
                for part in chain:
                    row[known[part]] = row.get(known[part], 0.0) - 1.0
                if system.holds(row, equal=True):
                    system.relate(row, equal=True)
                else:  # distinct counts: whole ≤ sum(parts) (and ≥ each part, below)
                    system.relate(row, equal=False)

            # nested periods are ordered (only the closest pairs: the rest follows)
            def within(a: Interval, b: Interval) -> bool:
                return a != b and b[0] <= a[0] and a[1] <= b[1]

            for inner in spans:
                if within(inner, whole) and not any(
                    within(inner, m) and within(m, whole) for m in spans
                ):
                    system.relate({known[inner]: 1.0, known[whole]: -1.0}, equal=False)


def _scope_relations(system: System, seen: dict[Quantity, int]) -> None:
    scopes = sorted({q[2] for q in seen})
    whole = "all"
    parts = [s for s in scopes if s != whole]
    for (place, days, scope, version), at in seen.items():
        if scope != whole:
            continue
        found = [seen.get((place, days, p, version)) for p in parts]
        if any(f is None for f in found):
            continue
        row = {at: 1.0}
        for f in found:
            if f is not None:
                row[f] = row.get(f, 0.0) - 1.0
        if system.holds(row, equal=True):
            system.relate(row, equal=True)
        else:
            system.relate(row, equal=False)
            for f in found:
                if f is not None:
                    system.relate({f: 1.0, at: -1.0}, equal=False)


def _version_relations(system: System, seen: dict[Quantity, int]) -> None:
    for (place, days, scope, version), at in seen.items():
        if version == "live":
            continue
        live = seen.get((place, days, scope, "live"))
        if live is not None:
            system.relate({at: 1.0, live: -1.0}, equal=False)
            system.relate({at: -1.0, live: 1.0}, equal=False)


def _targets(
    system: System,
    seen: dict[Quantity, int],
    by_measure: dict[tuple[Place, str, str], dict[Interval, int]],
) -> None:
    for q, at in seen.items():
        if system.truth[at] in (1, 2):
            system.targets.append((f"{q}", {at: 1.0}, int(system.truth[at])))
    for (place, scope, _version), known in by_measure.items():
        for whole, outer in known.items():
            for inner, nested in known.items():
                short = (whole[1] - whole[0]) - (inner[1] - inner[0]) <= timedelta(days=7)
                if inner != whole and whole[0] <= inner[0] and inner[1] <= whole[1] and short:
                    diff = system.truth[outer] - system.truth[nested]
                    if diff in (1, 2):
                        name = f"{place} {scope} {whole} minus {inner}"
                        system.targets.append((name, {outer: 1.0, nested: -1.0}, int(diff)))
    for (place, days, scope, version), at in seen.items():
        live = seen.get((place, days, scope, "live"))
        if version != "live" and live is not None:
            diff = system.truth[live] - system.truth[at]
            if diff in (1, 2):
                name = f"{place} {scope} {days} live minus {version}"
                system.targets.append((name, {live: 1.0, at: -1.0}, int(diff)))


__all__ = ["Publication", "Result", "System", "build_system", "figures", "solve"]
