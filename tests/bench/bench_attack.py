"""The attack of issue 15 (`tests/reports/test_attack.py`) over many deployment secrets.

The suite's attack test runs a fixed list of secrets; this bench runs SECRETS random ones on
the same data (env `BENCH_ATTACK_SECRETS`, default 50; `BENCH_ATTACK_SEED` for the list;
`BENCH_ATTACK_SKIP` leaves out the first so many, to split a long run) and prints per secret
how many counts of 1 or 2 the linear programs pin to (0, 3), and which. `BENCH_ATTACK_EXPLAIN=
<secret>` prints, for what that secret pins, the certificate (the relations and figure bounds
with a non-zero dual); `BENCH_ATTACK_BEFORE=1` uses the perturbation table as it was before
2026-12-01 (to compare). Slow (10–30 s per secret); not part of `make test`. Run:
`uv run --frozen pytest -n0 -p no:cacheprovider tests/bench/bench_attack.py -s -k many`
(or `make bench` → main()).
"""

from __future__ import annotations

import os
import random
import time

import pytest

from cases.reports import ptable
from tests.conftest import Factory
from tests.reports import attack
from tests.reports.test_attack import publications_for

SECRETS = int(os.environ.get("BENCH_ATTACK_SECRETS", "50"))
SEED = int(os.environ.get("BENCH_ATTACK_SEED", "15"))


def _allowed_before(
    n: int, *, d: int = ptable.MAX_DEVIATION, js: int = ptable.THRESHOLD
) -> list[int]:
    """The perturbation table's support before 2026-12-01: a true 1 or 2 could show 5 or 6."""
    if n == 0:
        return [0]
    return [v for v in range(-d, d + 1) if n + v == 0 or n + v > js]


@pytest.fixture(autouse=True)
def table_before(monkeypatch: pytest.MonkeyPatch) -> None:
    """BENCH_ATTACK_BEFORE=1: run with the table as it was (to compare)."""
    if os.environ.get("BENCH_ATTACK_BEFORE"):
        monkeypatch.setattr(ptable, "allowed", _allowed_before)
    ptable.distribution.cache_clear()
    ptable._bounds.cache_clear()


def secrets() -> list[str]:
    rng = random.Random(SEED)
    chosen = [f"{rng.getrandbits(256):064x}" for _ in range(SECRETS)]
    return chosen[int(os.environ.get("BENCH_ATTACK_SKIP", "0")) :]  # to split a long run


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_attack_over_many_secrets(factory: Factory) -> None:
    chosen = secrets()
    started = time.perf_counter()
    failing = []
    built = time.perf_counter()
    for secret, pubs in publications_for(factory, chosen):
        solving = time.perf_counter()
        system = attack.build_system(pubs, ptable.could_be)
        result = attack.solve(system)
        done = time.perf_counter()
        print(
            f"{secret[:12]} targets={result.targets} disclosed={len(result.disclosed)}"
            f" (reports {solving - built:.1f} s, attack {done - solving:.1f} s)"
        )
        built = done
        for name, truth, low, high in result.disclosed:
            print(f"    {truth} in [{low:.3f}, {high:.3f}]: {name}")
        if result.disclosed:
            failing.append(secret)
    seconds = time.perf_counter() - started
    print(f"{len(failing)} of {len(chosen)} secrets pin a count of 1 or 2 ({seconds:.0f} s)")
    for secret in failing:
        print(f"    {secret}")
    assert not failing


def explain(system: attack.System, target: dict[int, float], sign: float) -> list[str]:
    """Why a target is bounded: the relations and figure bounds with a non-zero dual in the
    program that pushes it down (sign 1) or up (sign -1) — the reader's certificate."""
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
        where = f"{'/'.join(place)} {days[0]}..{days[1]} {scope} {version}"
        return f"{where} true={system.truth[v]:g} [{lo:g},{hi:g}]"

    for row, dual in zip(rows, solution.row_dual, strict=True):
        if abs(dual) > 1e-9:
            terms = " ".join(f"{c:+g}·#{v}" for v, c in row.items())
            out.append(f"  relation dual={dual:+.3f}: {terms}")
    for v, local in program.local.items():
        dual = solution.col_dual[local]
        if abs(dual) > 1e-9:
            out.append(f"  bound dual={dual:+.3f} #{v} {label(v)}")
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


def main() -> None:
    code = pytest.main(["-n0", "-p", "no:cacheprovider", "-s", "-q", "-k", "many", __file__])
    if code:
        raise SystemExit(int(code))


if __name__ == "__main__":
    main()
