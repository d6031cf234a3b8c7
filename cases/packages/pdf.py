"""HTML to tagged PDF with WeasyPrint, and the pool of worker processes that render.

Kept apart from render.py and light on purpose: a spawned worker imports this module and
WeasyPrint, not Jinja, SQLModel, FastAPI and the domain models (about half of a worker's
start-up time went to those); and `welcome serve` starts the workers through it before it
imports the app, so they warm up while the app loads.
"""

from __future__ import annotations

import mimetypes
import os
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from multiprocessing import get_context
from pathlib import Path
from threading import Lock
from typing import Any
from urllib.request import url2pathname

STATIC_DIR = Path(__file__).resolve().parents[2] / "welcome" / "static"

# What a worker renders once when it starts: a few words in each script the packages use,
# in their fonts (templates/documents/welcome_package.html, cases/packages/languages.py),
# with a page counter and the PDF/UA tagging. WeasyPrint's import, fontconfig, loading and
# subsetting the Noto fonts are then done before the first package asks for them.
WARM_UP_HTML = """<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>-</title><style>
@page { size: A4; margin: 18mm; @bottom-center { content: counter(page);
  font-family: "Noto Sans"; font-size: 8pt; } }
html { font-family: "Noto Sans"; font-size: 10pt; }
.rtl { font-family: "Noto Naskh Arabic", "Noto Sans Arabic", "Noto Sans"; }
</style></head><body>
<h1>Willkommen – Welcome</h1>
<p><strong>Straße</strong> Добро пожаловать · Chào mừng · Hoş geldiniz · Vítejte</p>
<table><tr><th>Öffnungszeiten</th><td>Mo–Fr 9–12</td></tr></table>
<div class="rtl" lang="ar" dir="rtl"><h2>أهلا وسهلا</h2><p>خوش آمدید</p></div>
</body></html>"""


class FetchRefused(ValueError):
    pass


def refuse_or_static(url: str) -> Path:
    """The static file a `file:` URL names, if it lies inside the app's static directory."""
    if url.startswith("file:"):
        target = Path(url2pathname(url.split("?")[0].removeprefix("file:"))).resolve()
        if target.is_relative_to(STATIC_DIR.resolve()) and target.is_file():
            return target
    raise FetchRefused(f"refused to fetch {url!r}")


@lru_cache(maxsize=1)
def url_fetcher() -> Any:
    """WeasyPrint's URL fetcher, restricted: no network, no data:, only the static files."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnly(URLFetcher):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__(timeout=2, allowed_protocols=("file",), allow_redirects=False)

        def fetch(self, url: str, headers: Any = None) -> Any:
            target = refuse_or_static(url)
            kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            return URLFetcherResponse(target.as_uri(), target.read_bytes(), {"Content-Type": kind})

    return StaticOnly()


def render_pdf_sync(html: str) -> bytes:
    """Render in this process (workers, the CLI, tests)."""
    import weasyprint

    from cases.packages import tagging

    document = weasyprint.HTML(
        string=html, url_fetcher=url_fetcher(), base_url=STATIC_DIR.as_uri() + "/"
    )
    with tagging.tagged():
        pdf = document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
    assert pdf is not None
    return bytes(pdf)


PARENT_CHECK_SECONDS = 0.5


def _end_with_parent(parent: int) -> None:
    """In a worker: end as soon as the process that started it is gone (killed with -9, it
    could not say so). A spawned worker then waits for work forever, and keeps the
    multiprocessing resource tracker alive with it."""
    import threading
    import time

    def watch() -> None:
        while True:
            if os.getppid() != parent:
                os._exit(0)
            time.sleep(PARENT_CHECK_SECONDS)

    threading.Thread(target=watch, name="end-with-parent", daemon=True).start()


def warm_up(parent: int | None = None) -> None:
    """A worker's initializer: end with the parent, render WARM_UP_HTML once."""
    if parent is not None:
        _end_with_parent(parent)
    render_pdf_sync(WARM_UP_HTML)


_pool: ProcessPoolExecutor | None = None
_pool_lock = Lock()


def pool_size() -> int:
    return max(1, os.cpu_count() or 1)


def pool() -> ProcessPoolExecutor:
    """The worker pool, created on first use; one worker per CPU (spawned, warmed up)."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ProcessPoolExecutor(
                max_workers=pool_size(),
                mp_context=get_context("spawn"),
                initializer=warm_up,
                initargs=(os.getpid(),),
            )
        return _pool


def start_workers() -> None:
    """Spawn every worker now; each warms up in its initializer. Returns at once."""
    workers = pool()
    # a worker is spawned per task while none is idle: one trivial task per worker
    for _ in range(pool_size()):
        workers.submit(os.getpid)


def shutdown_pool() -> None:
    global _pool
    with _pool_lock:
        if _pool is not None:
            _pool.shutdown(wait=True, cancel_futures=True)
            _pool = None
