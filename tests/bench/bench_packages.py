"""Welcome packages: seconds per package per language, against plain WeasyPrint in the same run.

Prints, per language, the median seconds to issue one package (context + HTML + tagged PDF
with the restrictive fetcher) and its ratio to plain `weasyprint.HTML(string=html).write_pdf()`
of the very same HTML (target ≤ 1.15), the median of a one-line document as a floor, the
throughput of 100 packages through the worker pool, and the p95 latency of a light page
(`GET /login`) while 4 packages render (target < 100 ms). Target median < 1.5 s per package.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import wait
from pathlib import Path

from cases.packages import render
from cases.packages.context import build
from cases.packages.languages import LANGUAGES
from tests.packages.samples import facts

ROUNDS = 5


def _median(fn: Callable[[], object], rounds: int = ROUNDS) -> float:
    return _medians(fn, rounds)[0]


def _medians(fn: Callable[[], object], rounds: int = ROUNDS) -> tuple[float, float]:
    """Median wall and median CPU seconds of this process (the CPU figure holds when other
    work shares the machine; the wall figure is the one the target is about)."""
    walls, cpus = [], []
    for _ in range(rounds):
        start, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def _plain(html: str) -> bytes:
    import weasyprint

    return bytes(weasyprint.HTML(string=html).write_pdf() or b"")


def _issue(code: str) -> bytes:
    context = build(facts(), LANGUAGES[code], version="bench")
    return render.render_pdf_sync(render.render_html(context))


def per_language() -> None:
    one_line = '<html lang="de"><head><title>x</title></head><body><p>Hallo</p></body></html>'
    render.render_pdf_sync(one_line)  # warm up fonts
    floor = _median(lambda: render.render_pdf_sync(one_line))
    print(f"one-line document (floor): median {floor:.3f} s")
    print(f"{'lang':6} {'issue s':>8} {'CPU s':>6} {'plain s':>8} {'ratio':>6} {'x floor':>8}")
    medians, cpus, ratios = [], [], []
    for code in LANGUAGES:
        html = render.render_html(build(facts(), LANGUAGES[code], version="bench"))
        _issue(code)  # warm up this language's fonts
        ours, cpu = _medians(lambda code=code: _issue(code))  # type: ignore[misc]
        plain = _median(lambda html=html: _plain(html))  # type: ignore[misc]
        medians.append(ours)
        cpus.append(cpu)
        ratios.append(ours / plain)
        print(
            f"{code:6} {ours:8.3f} {cpu:6.3f} {plain:8.3f} {ours / plain:6.2f} {ours / floor:8.1f}"
        )
    print(
        f"median over languages: {statistics.median(medians):.3f} s per package "
        f"(CPU {statistics.median(cpus):.3f} s), "
        f"ratio to plain WeasyPrint {statistics.median(ratios):.2f}"
    )


def throughput(n: int = 100) -> None:
    pool = render.pool()
    html = [
        render.render_html(build(facts(), lang, version="bench")) for lang in LANGUAGES.values()
    ]
    wait([pool.submit(render.render_pdf_sync, h) for h in html])  # start and warm the workers
    start = time.perf_counter()
    wait([pool.submit(render.render_pdf_sync, html[i % len(html)]) for i in range(n)])
    elapsed = time.perf_counter() - start
    print(f"throughput: {n} packages in {elapsed:.1f} s = {n / elapsed:.2f} packages/s (pool)")


def light_page_while_rendering() -> None:
    import logging

    import structlog
    from fastapi.testclient import TestClient

    from tests.conftest import make_settings
    from welcome import migrate
    from welcome.app import create_app

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        migrate.upgrade(url)
        app = create_app(make_settings(url, Path(tmp)))
        html = render.render_html(build(facts(), LANGUAGES["ar"], version="bench"))
        with TestClient(app) as client:
            client.get("/login")
            idle = []
            for _ in range(50):
                start = time.perf_counter()
                client.get("/login")
                idle.append(time.perf_counter() - start)
            busy: list[float] = []
            futures = [render.pool().submit(render.render_pdf_sync, html) for _ in range(4)]
            while not all(f.done() for f in futures):
                start = time.perf_counter()
                client.get("/login")
                busy.append(time.perf_counter() - start)
        app.state.engine.dispose()

    def p95(values: list[float]) -> float:
        return sorted(values)[max(0, int(len(values) * 0.95) - 1)] * 1000

    print(
        f"GET /login p95: {p95(idle):.1f} ms idle, {p95(busy):.1f} ms while 4 packages render "
        f"({len(busy)} requests)"
    )


def main() -> None:
    try:
        per_language()
        throughput()
        light_page_while_rendering()
    finally:
        render.shutdown_pool()


if __name__ == "__main__":
    main()
