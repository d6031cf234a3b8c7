"""The attack of issue 15 (`tests/reports/test_attack.py`) over many deployment secrets.

The suite's attack test runs a fixed list of secrets; this bench runs SECRETS random ones (env
`BENCH_ATTACK_SECRETS`, default 50; `BENCH_ATTACK_SEED` for the list) on the same data and
prints, per secret, how many counts of 1 or 2 the linear programs pin to (0, 3), and for each
pinned count the figures and the tight relations. Slow (a few seconds per secret); not part of
`make test`. Run: `uv run --frozen pytest -n0 -p no:cacheprovider tests/bench/bench_attack.py -s`
(or `make bench` → main()).
"""

from __future__ import annotations

import os
import random
import sys
import time

import pytest

from cases.reports import ptable
from tests.conftest import Factory
from tests.reports import attack
from tests.reports.test_attack import publications_for

SECRETS = int(os.environ.get("BENCH_ATTACK_SECRETS", "50"))
SEED = int(os.environ.get("BENCH_ATTACK_SEED", "15"))


def secrets() -> list[str]:
    rng = random.Random(SEED)
    return [f"{rng.getrandbits(256):064x}" for _ in range(SECRETS)]


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_attack_over_many_secrets(factory: Factory) -> None:
    chosen = secrets()
    started = time.perf_counter()
    failing = []
    for secret, pubs in publications_for(factory, chosen):
        system = attack.build_system(pubs, ptable.could_be)
        result = attack.solve(system)
        print(f"{secret[:12]} targets={result.targets} disclosed={len(result.disclosed)}")
        for name, truth, low, high in result.disclosed:
            print(f"    {truth} in [{low:.3f}, {high:.3f}]: {name}")
        if result.disclosed:
            failing.append(secret)
    seconds = time.perf_counter() - started
    print(f"{len(failing)} of {len(chosen)} secrets pin a count of 1 or 2 ({seconds:.0f} s)")
    for secret in failing:
        print(f"    {secret}")
    assert not failing


def main() -> None:
    raise SystemExit(pytest.main(["-n0", "-p", "no:cacheprovider", "-s", "-q", __file__]))


if __name__ == "__main__":
    sys.exit(main())


def explain(system: attack.System, target: dict[int, float], sign: float) -> list[str]:
    """Why a target is bounded: the relations and figure bounds with a non-zero dual in the
    program that pushes it down (sign 1) or up (sign -1) — the reader's certificate."""
    import highspy
    import numpy as np

    from tests.reports.attack_lp import _components, _Program

    first = next(iter(target))
    members = next(m for m in _components(system) if first in m)
    program = _Program(system, members)
    program.minimum(sign * program.vector(target))
    solution = program.h.getSolution()
    names = {i: n for n, i in system.index.items()}
    rows = [r for r in system.equalities if next(iter(r)) in program.local]
    rows += [r for r in system.inequalities if next(iter(r)) in program.local]
    out = []

    def label(v: int) -> str:
        place, days, scope, version = names[v]
        lo, hi = system.lower[v], system.upper[v]
        return f"{'/'.join(place)} {days[0]}..{days[1]} {scope} {version} true={system.truth[v]:g} [{lo:g},{hi:g}]"

    for row, dual in zip(rows, solution.row_dual, strict=True):
        if abs(dual) > 1e-9:
            terms = " ".join(f"{c:+g}·#{v}" for v, c in row.items())
            out.append(f"  relation dual={dual:+.3f}: {terms}")
    for v, local in program.local.items():
        dual = solution.col_dual[local]
        if abs(dual) > 1e-9:
            out.append(f"  bound dual={dual:+.3f} #{v} {label(v)}")
    del highspy, np
    return out


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_explain(factory: Factory) -> None:
    """BENCH_ATTACK_EXPLAIN=<secret>: the certificates of what one secret pins."""
    secret = os.environ.get("BENCH_ATTACK_EXPLAIN")
    if not secret:
        pytest.skip("set BENCH_ATTACK_EXPLAIN to a secret")
    for _s, pubs in publications_for(factory, [secret]):
        system = attack.build_system(pubs, ptable.could_be)
        result = attack.solve(system)
        by_name = {name: row for name, row, _t in system.targets}
        for name, truth, low, high in result.disclosed[:4]:
            print(f"{truth} in [{low:.3f}, {high:.3f}]: {name}")
            for sign, what in ((1.0, "lower"), (-1.0, "upper")):
                print(f" {what} bound because:")
                print("\n".join(explain(system, by_name[name], sign)))
