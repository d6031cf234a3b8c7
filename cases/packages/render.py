"""HTML from the frozen context (Jinja2, templates/documents/), PDF by WeasyPrint in a pool.

WeasyPrint is CPU-bound: `render_pdf` awaits a worker process so the event loop stays free.
The workers run cases/packages/pdf.py; its URL fetcher refuses everything but the app's own
static files (no network, no file://). The app's start-up spawns and warms the workers
(`warm_pool`), so the first package after `welcome serve` does not wait for them.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from multiprocessing import get_context
from pathlib import Path
from threading import Lock

import jinja2

from cases.packages.context import PackageContext
from cases.packages.languages import GERMAN, Language
from cases.packages.pdf import (
    STATIC_DIR,
    FetchRefused,
    refuse_or_static,
    render_pdf_sync,
    url_fetcher,
    warm_up,
)
from welcome.i18n import CATALOG_DIR, DOCUMENTS_DOMAIN
from welcome.templating import TEMPLATE_DIR

__all__ = [
    "STATIC_DIR",
    "FetchRefused",
    "content_version",
    "pool",
    "refuse_or_static",
    "render_html",
    "render_pdf",
    "render_pdf_sync",
    "shutdown_pool",
    "url_fetcher",
    "warm_pool",
]

DOCUMENT_DIR = TEMPLATE_DIR / "documents"
PACKAGE_TEMPLATE = "documents/welcome_package.html"

env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
)


def render_html(context: PackageContext) -> str:
    return env.get_template(PACKAGE_TEMPLATE).render(doc=context)


def content_version(lang: Language) -> str:
    """Hash of the texts (the language's and German catalogs) and the document templates."""
    paths = sorted(DOCUMENT_DIR.rglob("*.html")) + [
        CATALOG_DIR / code / "LC_MESSAGES" / f"{DOCUMENTS_DOMAIN}.po"
        for code in sorted({lang.catalog, GERMAN.catalog})
    ]
    stamp = tuple((str(p), p.stat().st_mtime_ns) for p in paths if p.exists())
    return _hash(stamp)


@lru_cache(maxsize=64)
def _hash(stamp: tuple[tuple[str, int], ...]) -> str:
    digest = hashlib.sha256()
    for path, _mtime in stamp:
        digest.update(Path(path).name.encode())
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()


# --- the worker pool -----------------------------------------------------------------------

_pool: ProcessPoolExecutor | None = None
_pool_lock = Lock()


def _pool_size() -> int:
    return max(1, os.cpu_count() or 1)


def pool() -> ProcessPoolExecutor:
    """The worker pool, created on first use; one worker per CPU (spawned, warmed up)."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ProcessPoolExecutor(
                max_workers=_pool_size(),
                mp_context=get_context("spawn"),
                initializer=warm_up,
            )
        return _pool


def warm_pool() -> None:
    """Start-up (the app's WARM_UP): spawn every worker now, each warming WeasyPrint and the
    fonts in its initializer while the server already answers, and compile the template.

    The first package after `welcome serve` took 4.8 s when all this waited for its request.
    """
    workers = pool()
    # a worker is spawned per task while none is idle: one trivial task per worker
    for _ in range(_pool_size()):
        workers.submit(os.getpid)
    env.get_template(PACKAGE_TEMPLATE)


def shutdown_pool() -> None:
    global _pool
    with _pool_lock:
        if _pool is not None:
            _pool.shutdown(wait=True, cancel_futures=True)
            _pool = None


async def render_pdf(html: str) -> bytes:
    """Render in the worker pool without blocking the event loop."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(pool(), render_pdf_sync, html)
