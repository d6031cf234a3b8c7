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


def main() -> None:
    code = pytest.main(["-n0", "-p", "no:cacheprovider", "-s", "-q", "-k", "many", __file__])
    if code:
        raise SystemExit(int(code))


if __name__ == "__main__":
    main()
