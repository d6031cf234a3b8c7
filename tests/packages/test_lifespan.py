"""The render workers start warm and end with the app (the lifespan runs the areas'
STARTUP and SHUTDOWN hooks); in the test environment they start with the first PDF and live
as long as the process; what a worker imports and renders to warm up."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from io import BytesIO

import pytest
from pypdf import PdfReader

from cases.packages import pdf, render
from tests.client import Client
from welcome.app import create_app
from welcome.areas import all_areas
from welcome.config import Settings, SettingsError, get_settings


def test_render_pool_is_shut_down_when_the_app_stops(settings: Settings) -> None:
    render.shutdown_pool()  # this app's workers, not those of an earlier test
    app = create_app(settings.model_copy(update={"env": "development"}))
    try:
        with Client(app):
            assert render.pool().submit(abs, -3).result(timeout=60) == 3
            workers = list(render.pool()._processes.values())
            assert workers and all(w.is_alive() for w in workers)
        assert pdf._pool is None
        assert not any(w.is_alive() for w in workers)
    finally:
        app.state.engine.dispose()


def test_in_the_test_environment_the_workers_outlive_the_app(settings: Settings) -> None:
    """The suite starts hundreds of apps: their first PDF starts the workers, which serve the
    next test's app too (tests/conftest.py ends them with the session)."""
    assert settings.env == "test"
    render.shutdown_pool()
    app = create_app(settings)
    try:
        with Client(app):
            assert render.pool().submit(abs, -3).result(timeout=60) == 3
            workers = list(render.pool()._processes.values())
        assert pdf._pool is not None
        assert workers and all(w.is_alive() for w in workers)
        assert render.pool().submit(abs, -4).result(timeout=60) == 4
    finally:
        app.state.engine.dispose()


def test_start_up_spawns_warm_render_workers(settings: Settings) -> None:
    render.shutdown_pool()  # started by this app's WARM_UP hook, not left by an earlier test
    served = settings.model_copy(update={"env": "development"})
    app = create_app(served)
    try:
        with Client(app):
            assert pdf._pool is not None  # started by the WARM_UP hook, not by a request
            # each worker ran its warm-up (pdf.warm_up) before it answers a task
            pids = {render.pool().submit(os.getpid).result(timeout=120) for _ in range(8)}
            workers = list(render.pool()._processes.values())
            assert len(workers) == (os.cpu_count() or 1)
            assert pids <= {w.pid for w in workers}
        assert pdf._pool is None
    finally:
        app.state.engine.dispose()


def test_the_number_of_render_workers_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    get_settings.cache_clear()
    try:
        assert pdf.pool_size() == (os.cpu_count() or 1)  # the default: one per CPU
        monkeypatch.setenv("WELCOME_RENDER_WORKERS", "3")
        get_settings.cache_clear()
        assert pdf.pool_size() == 3
        monkeypatch.setenv("WELCOME_RENDER_WORKERS", "-1")
        get_settings.cache_clear()
        with pytest.raises(SettingsError, match="RENDER_WORKERS"):
            pdf.pool_size()
    finally:
        monkeypatch.delenv("WELCOME_RENDER_WORKERS", raising=False)
        get_settings.cache_clear()


def test_the_test_environment_starts_no_workers(settings: Settings) -> None:
    assert settings.env == "test"
    render.shutdown_pool()
    app = create_app(settings)
    try:
        with Client(app) as client:
            assert client.get("/healthz").status_code == 200
            assert pdf._pool is None
    finally:
        app.state.engine.dispose()


def test_the_worker_module_stays_light() -> None:
    """A spawned worker imports cases.packages.pdf: not the app, the database or Jinja."""
    heavy = ("sqlalchemy", "sqlmodel", "fastapi", "jinja2", "welcome.app", "cases.packages.render")
    probe = (
        "import sys; import cases.packages.pdf; "
        f"print(' '.join(m for m in {heavy!r} if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert loaded.stdout.strip() == ""


def test_the_warm_up_document_renders_in_the_package_fonts() -> None:
    page = PdfReader(BytesIO(pdf.render_pdf_sync(pdf.WARM_UP_HTML))).pages[0]
    text = page.extract_text()
    assert "Willkommen" in text and "Добро пожаловать" in text
    fonts = page["/Resources"]["/Font"]
    names = {str(fonts[key].get_object()["/BaseFont"]).split("+")[-1] for key in fonts}
    assert {"Noto-Sans", "Noto-Naskh-Arabic"} <= names, names


def test_a_failing_warm_up_does_not_stop_the_app(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import welcome.app as app_module

    failed: list[str] = []

    def broken() -> None:
        failed.append("warm-up")
        raise RuntimeError("no fonts today")

    # the packages area's hooks are fixed when it is imported: the app gets a copy with this one
    areas = tuple(
        replace(area, startup=(broken,)) if area.name == "packages" else area
        for area in all_areas()
    )
    monkeypatch.setattr(app_module, "all_areas", lambda: areas)
    app = create_app(settings.model_copy(update={"env": "development"}))
    try:
        with Client(app) as client:
            assert failed == ["warm-up"]  # it ran, failed, and the app serves
            assert client.get("/healthz").status_code == 200
    finally:
        app.state.engine.dispose()


KILLED_PARENT = """
import multiprocessing.resource_tracker as tracker, sys, time
from cases.packages import pdf
workers = pdf.pool()
pdf.start_workers()
for _ in range(pdf.pool_size()):
    workers.submit(abs, -1).result(timeout=60)
print(" ".join(str(p) for p in workers._processes), tracker._resource_tracker._pid, flush=True)
time.sleep(600)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie waiting for its (dead) parent's reaper counts as gone
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_render_workers_end_when_the_parent_is_killed() -> None:
    """kill -9 of the server leaves no render worker and no resource tracker behind."""
    import signal
    import time

    parent = subprocess.Popen(
        [sys.executable, "-c", KILLED_PARENT], stdout=subprocess.PIPE, text=True
    )
    try:
        assert parent.stdout is not None
        *workers, tracker = (int(p) for p in parent.stdout.readline().split())
        assert workers and all(_alive(p) for p in [*workers, tracker])
    finally:
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        if parent.stdout is not None:
            parent.stdout.close()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(_alive(p) for p in [*workers, tracker]):
        time.sleep(0.2)
    assert not [p for p in [*workers, tracker] if _alive(p)]
