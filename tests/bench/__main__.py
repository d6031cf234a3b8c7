"""`make bench`: runs every `tests/bench/bench_*.py` module's `main()`.

Benchmarks print their figures as ratios against a baseline measured in the same run, with
medians (these machines are noisy). They are not part of `make test`.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

import tests.bench


def main() -> int:
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
