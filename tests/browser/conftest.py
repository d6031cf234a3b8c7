"""Real-browser tests: the app served by uvicorn in a thread, driven by Debian's Chromium."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
from playwright.sync_api import Browser, Page, sync_playwright

from tests.conftest import Factory, loud_skip, make_settings, reused_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)


_live_apps: dict[str, FastAPI] = {}


@dataclass(frozen=True)
class LiveServer:
    url: str
    factory: Factory


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def live_server(
    sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """One server per test module on its own copy of the migrated database.

    Tests share it, so each creates its own centre and users (the factory numbers them);
    the per-address login throttle (20 failures) is shared too — keep failed logins few.
    """
    data_dir = tmp_path_factory.mktemp("live")
    db_path = data_dir / "welcome.db"
    shutil.copyfile(sqlite_template, db_path)
    settings = make_settings(f"sqlite:///{db_path}", data_dir)
    # one app per worker for the modules' servers in turn (not the `app` fixture's: a test
    # may use both at once), pointed at this module's database
    with reused_app(_live_apps, settings) as app:
        config = uvicorn.Config(
            app,
            host="127.0.0.1",
            port=_free_port(),
            log_level="warning",
            ws="none",  # no websockets import: its deprecation warnings would fail the run
            lifespan="off",
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, name="live-server", daemon=True)
        thread.start()
        deadline = time.monotonic() + 10
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("live server did not start")
            time.sleep(0.02)
        factory = Factory(settings)
        try:
            yield LiveServer(url=f"http://127.0.0.1:{config.port}", factory=factory)
        finally:
            server.should_exit = True
            thread.join(timeout=10)
            factory.engine.dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        loud_skip("Chromium not installed (apt-get install chromium)")
    with sync_playwright() as p:
        launched = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 800})
    context.set_default_timeout(10_000)
    opened = context.new_page()
    yield opened
    context.close()
