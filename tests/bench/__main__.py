"""`make bench`: runs every `tests/bench/bench_*.py` module's `main()`.

Benchmarks print their figures as ratios against a baseline measured in the same run, with
medians (these machines are noisy). They are not part of `make test`.
"""

from __future__ import annotations

import importlib
import pkgutil
import signal
import sys
from types import FrameType

import tests.bench


def _stop(signum: int, _frame: FrameType | None) -> None:
    # a bench ended by a signal unwinds like one that ended on its own, so that the servers
    # it started (the throw-away PostgreSQL of tests/pg.py) are stopped by their `finally`
    raise SystemExit(128 + signum)


def main() -> int:
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _stop)
    selected = set(sys.argv[1:])
    for module in sorted(pkgutil.iter_modules(tests.bench.__path__), key=lambda m: m.name):
        if not module.name.startswith("bench_"):
            continue
        if selected and module.name not in selected:
            continue
        print(f"== {module.name}", flush=True)
        importlib.import_module(f"tests.bench.{module.name}").main()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
