"""Start-up: how quickly the command line answers, and the first welcome package after
`welcome serve` starts.

CLI: median wall time of `welcome --help` and `welcome db --help` against `python -c pass`
in the same run (target: `welcome --help` < 0.3 s). First package: a real `welcome serve` on
a fresh SQLite database, `POST /api/v1/persons/{id}/welcome-packages` (German) as soon as
`/healthz` answers, and in other rounds 5 s after it (the render workers warm up meanwhile);
the baseline is the same request once the server is warm (target: first package < 1.5 s).
`BENCH_ROUNDS=1` for a quick trial, `BENCH_LATER=S` for another wait. Not part of `make test`.
"""

from __future__ import annotations

import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
CLI_RUNS = 10
WARM_REQUESTS = 4
# seconds between the server answering and the first package, in the second kind of rounds
LATER = float(os.environ.get("BENCH_LATER", "5"))


def _median_run(cmd: list[str], runs: int = CLI_RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, timeout=120)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _welcome() -> str:
    script = Path(sys.executable).parent / "welcome"
    return str(script) if script.exists() else "welcome"


def cli_start() -> None:
    baseline = _median_run([sys.executable, "-c", "pass"])
    print(f"python -c pass (baseline): median {baseline:.3f} s")
    for args in (["--help"], ["db", "--help"]):
        took = _median_run([_welcome(), *args])
        print(
            f"welcome {' '.join(args)}: median {took:.3f} s "
            f"({took - baseline:+.3f} s over the baseline)"
        )


def _prepare(data_dir: Path) -> tuple[str, int, str]:
    """A migrated SQLite database with a counsellor, an API token and one person."""
    from cases.persons.models import Person
    from welcome import migrate
    from welcome.accounts import service as accounts
    from welcome.db import SYSTEM, make_engine, session_factory, unit_of_work

    url = f"sqlite:///{data_dir / 'welcome.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    try:
        with unit_of_work(session_factory(engine), actor=SYSTEM) as db:
            centre = accounts.create_centre(db, name="Bench Centre")
            user = accounts.create_user(
                db,
                email="bench@centre.example",
                password="bench password 1",
                role="counsellor",
                centre_id=centre.id,
            )
            token = accounts.create_token(db, user=user)
            assert centre.id is not None
            person = Person(
                centre_id=centre.id,
                client_group="third_country_immigrant",
                first_name="Olena",
                last_name="Koval",
            )
            db.add(person)
            db.flush()
            assert person.id is not None
            return url, person.id, token
    finally:
        engine.dispose()


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=2) as answer:
            return int(answer.status)
    except (urllib.error.URLError, OSError):
        return 0


def _issue(base: str, person_id: int, token: str) -> float:
    request = urllib.request.Request(
        f"{base}/api/v1/persons/{person_id}/welcome-packages",
        data=json.dumps({"language": "de"}).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as answer:
        assert answer.status == 201
        assert answer.read().startswith(b"%PDF")
    return time.perf_counter() - start


def _served(data_dir: Path, url: str, measure: Callable[[str], None]) -> float:
    """Start `welcome serve`, wait until it answers, run `measure`; returns the start time."""
    from tests.pg import free_port

    port = free_port()
    env = {
        **os.environ,
        "WELCOME_ENV": "development",  # the test environment skips the warm-up
        "WELCOME_DATA_DIR": str(data_dir),
        "WELCOME_DATABASE_URL": url,
    }
    started = time.perf_counter()
    server = subprocess.Popen(
        [_welcome(), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while _get(f"{base}/healthz") != 200:
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("welcome serve did not start")
            time.sleep(0.02)
        ready = time.perf_counter() - started
        measure(base)
        return ready
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def first_package() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        url, person_id, token = _prepare(data_dir)
        at_once: list[float] = []
        later: list[float] = []
        warm: list[float] = []
        starts: list[float] = []

        def first_at_once(base: str) -> None:
            at_once.append(_issue(base, person_id, token))
            warm.extend(_issue(base, person_id, token) for _ in range(WARM_REQUESTS))

        def first_later(base: str) -> None:
            time.sleep(LATER)
            later.append(_issue(base, person_id, token))

        for _ in range(ROUNDS):
            starts.append(_served(data_dir, url, first_at_once))
            starts.append(_served(data_dir, url, first_later))
    baseline = statistics.median(warm)
    print(f"welcome serve answers /healthz after: median {statistics.median(starts):.2f} s")
    print(f"warm package (baseline): median {baseline:.3f} s")
    for label, values in (
        ("first package, asked as soon as the server answers", at_once),
        (f"first package, asked {LATER:.0f} s after the server answers", later),
    ):
        took = statistics.median(values)
        print(
            f"{label}: median {took:.3f} s ({took / baseline:.1f}× warm; "
            f"{', '.join(f'{v:.2f}' for v in values)})"
        )


def main() -> None:
    cli_start()
    first_package()


if __name__ == "__main__":
    main()
