"""Mixed load for 60 s on a real server (loopback), SQLite and PostgreSQL: 20 writers creating
persons through the API and 4 issuing welcome packages, /healthz asked every 50 ms.

Prints per backend the persons and packages written, p50/p95 of writes, packages and
/healthz, and the errors (target: none, and /healthz p95 well under 100 ms). The suite runs
the same for a few seconds (tests/test_load.py). BENCH_LOAD_SECONDS changes the duration.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from sqlalchemy import create_engine, text

from tests import load
from tests.bench import seed
from welcome import migrate

SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", "60"))


def _one(name: str, url: str, data_dir: Path) -> None:
    migrate.upgrade(url)
    tokens = load.seed(url)
    with load.served(url, data_dir) as base:
        seeded = load.persons(base, tokens[0])
        result = load.run(base, tokens=tokens, package_person_ids=seeded, seconds=SECONDS)
    engine = create_engine(url)
    with engine.connect() as conn:
        stored = set(conn.execute(text("SELECT id FROM persons")).scalars())
    engine.dispose()
    lost = len(set(result.person_ids) - stored)
    print(f"{name:10} {load.summary(result)}; confirmed but not stored: {lost}", flush=True)
    for error in result.errors[:5]:
        print(f"    {error}")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "sqlite").mkdir()
        _one("sqlite", f"sqlite:///{root / 'sqlite' / 'load.db'}", root / "sqlite")
        with seed.postgres("welcome_load", migrated=False) as url:  # _one migrates
            if url is None:
                print("postgresql: skipped (no PostgreSQL server binaries)")
                return
            (root / "postgresql").mkdir()
            _one("postgresql", url, root / "postgresql")


if __name__ == "__main__":
    main()
