"""Mixed load against a real `welcome serve` on loopback: writers creating persons through the
API, issuers issuing welcome packages, and a probe of /healthz, for a bounded time.

Shared by the suite (tests/test_load.py, short) and `make bench` (tests/bench/bench_load.py,
60 s with percentiles). Every answer that is not the expected status, and every connection
error, counts as an error; every confirmed write (its id) is kept to be looked up afterwards.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx2 as httpx

from tests.pg import free_port

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class LoadResult:
    seconds: float
    person_ids: list[int] = field(default_factory=list)
    package_ids: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    write_ms: list[float] = field(default_factory=list)
    package_ms: list[float] = field(default_factory=list)
    health_ms: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def error(self, text: str) -> None:
        with self.lock:
            self.errors.append(text)


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


@contextlib.contextmanager
def served(database_url: str, data_dir: Path, **env: str) -> Iterator[str]:
    """`welcome serve` in a subprocess on a free loopback port; yields its base URL."""
    with served_together(database_url, [data_dir], **env) as (base,):
        yield base


@contextlib.contextmanager
def served_together(database_url: str, data_dirs: list[Path], **env: str) -> Iterator[list[str]]:
    """One `welcome serve` per data directory, all started before any is waited for (each
    start is ~3 s of imports and its render workers' warm-up); yields their base URLs."""
    started: list[tuple[subprocess.Popen[bytes], Path, str, Any]] = []
    try:
        for data_dir in data_dirs:
            port = free_port()
            environment = {
                **os.environ,
                "WELCOME_DATABASE_URL": database_url,
                "WELCOME_DATA_DIR": str(data_dir),
                "WELCOME_SECRET_KEY": "load-test-secret-key-that-is-long-enough-0123",
                **env,
            }
            log = (data_dir / "serve.log").open("wb")
            process = subprocess.Popen(
                [sys.executable, "-m", "welcome.cli", "serve", "--port", str(port)],
                cwd=ROOT,
                env=environment,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            started.append((process, data_dir, f"http://127.0.0.1:{port}", log))
        deadline = time.monotonic() + 180  # a loaded CI machine starts slowly
        for process, data_dir, base, _log in started:
            while True:
                if process.poll() is not None:
                    log_text = (data_dir / "serve.log").read_text()
                    raise RuntimeError(f"welcome serve ended: {log_text}")
                with contextlib.suppress(httpx.HTTPError):
                    if httpx.get(f"{base}/healthz", timeout=10).status_code == 200:
                        break
                if time.monotonic() > deadline:
                    raise RuntimeError("welcome serve did not start within 180 s")
                time.sleep(0.2)
        yield [base for _p, _d, base, _l in started]
    finally:
        for process, _d, _b, _l in started:
            process.terminate()
        for process, _d, _b, log in started:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            log.close()


def seed(database_url: str, *, users: int = 4) -> list[str]:
    """A centre with `users` counsellors; their API tokens."""
    from welcome.accounts import service as accounts
    from welcome.db import SYSTEM, make_engine, session_factory, unit_of_work

    engine = make_engine(database_url)
    try:
        with unit_of_work(session_factory(engine), actor=SYSTEM) as db:
            centre = accounts.create_centre(db, name="Lastzentrum")
            tokens = []
            for n in range(users):
                user = accounts.create_user(
                    db,
                    email=f"load{n}@test.example",
                    password="correct horse battery",
                    role="counsellor",
                    centre_id=centre.id,
                )
                tokens.append(accounts.create_token(db, user=user))
    finally:
        engine.dispose()
    return tokens


def persons(base: str, token: str, count: int = 4) -> list[int]:
    """`count` persons created through the API, for the issuers."""
    ids = []
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}) as client:
        for n in range(count):
            body = {"first_name": "Paket", "last_name": f"Person {n}", "client_group": "returnee"}
            answer = client.post("/api/v1/persons", json=body)
            answer.raise_for_status()
            ids.append(int(answer.json()["id"]))
    return ids


def run(
    base: str,
    *,
    tokens: list[str],
    package_person_ids: list[int],
    seconds: float,
    writers: int = 20,
    issuers: int = 4,
) -> LoadResult:
    """`writers` threads create persons, `issuers` threads issue packages, one thread asks
    /healthz every 50 ms, all for `seconds`; then every thread finishes its request."""
    result = LoadResult(seconds=seconds)
    stop = time.monotonic() + seconds
    timeout = httpx.Timeout(60.0)

    def writer(n: int) -> None:
        headers = {"Authorization": f"Bearer {tokens[n % len(tokens)]}"}
        with httpx.Client(base_url=base, timeout=timeout, headers=headers) as client:
            i = 0
            while time.monotonic() < stop:
                i += 1
                body = {"first_name": f"W{n}", "last_name": f"Last{i}", "client_group": "returnee"}
                started = time.perf_counter()
                try:
                    answer = client.post("/api/v1/persons", json=body)
                except httpx.HTTPError as exc:
                    result.error(f"writer {n}: {type(exc).__name__}: {exc}")
                    continue
                elapsed = (time.perf_counter() - started) * 1000
                if answer.status_code != 201:
                    result.error(f"writer {n}: {answer.status_code} {answer.text[:200]}")
                    continue
                with result.lock:
                    result.person_ids.append(int(answer.json()["id"]))
                    result.write_ms.append(elapsed)

    def issuer(n: int) -> None:
        headers = {"Authorization": f"Bearer {tokens[n % len(tokens)]}"}
        with httpx.Client(base_url=base, timeout=timeout, headers=headers) as client:
            i = 0
            while time.monotonic() < stop:
                person = package_person_ids[(n + i) % len(package_person_ids)]
                i += 1
                started = time.perf_counter()
                try:
                    answer = client.post(
                        f"/api/v1/persons/{person}/welcome-packages", json={"language": "de"}
                    )
                except httpx.HTTPError as exc:
                    result.error(f"issuer {n}: {type(exc).__name__}: {exc}")
                    continue
                elapsed = (time.perf_counter() - started) * 1000
                if answer.status_code != 201 or not answer.content.startswith(b"%PDF"):
                    result.error(f"issuer {n}: {answer.status_code} {answer.text[:200]}")
                    continue
                with result.lock:
                    result.package_ids.append(int(answer.headers["X-Welcome-Package-Id"]))
                    result.package_ms.append(elapsed)

    def health() -> None:
        with httpx.Client(base_url=base, timeout=timeout) as client:
            while time.monotonic() < stop:
                started = time.perf_counter()
                try:
                    answer = client.get("/healthz")
                except httpx.HTTPError as exc:
                    result.error(f"healthz: {type(exc).__name__}: {exc}")
                    continue
                if answer.status_code != 200:
                    result.error(f"healthz: {answer.status_code}")
                with result.lock:
                    result.health_ms.append((time.perf_counter() - started) * 1000)
                time.sleep(0.05)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(writers)]
    threads += [threading.Thread(target=issuer, args=(n,)) for n in range(issuers)]
    threads.append(threading.Thread(target=health))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return result


def summary(result: LoadResult) -> str:
    def ms(values: list[float]) -> str:
        return f"p50 {percentile(values, 0.5):.0f} ms, p95 {percentile(values, 0.95):.0f} ms"

    return (
        f"{result.seconds:.0f} s: {len(result.person_ids)} persons written ({ms(result.write_ms)}),"
        f" {len(result.package_ids)} packages ({ms(result.package_ms)}),"
        f" /healthz {ms(result.health_ms)}, {len(result.errors)} errors"
    )
