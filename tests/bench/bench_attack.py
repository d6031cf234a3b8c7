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
