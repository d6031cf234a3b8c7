"""HTML from the frozen context (Jinja2, templates/documents/), PDF by WeasyPrint in a pool.

WeasyPrint is CPU-bound: `render_pdf` awaits a worker process so the event loop stays free.
The URL fetcher refuses everything but the app's own static files (no network, no file://).
"""

from __future__ import annotations

import asyncio
import hashlib
import mimetypes
import os
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from multiprocessing import get_context
from pathlib import Path
from threading import Lock
from typing import Any
from urllib.request import url2pathname

import jinja2

from cases.packages.context import PackageContext
from cases.packages.languages import GERMAN, Language
from welcome.i18n import CATALOG_DIR, DOCUMENTS_DOMAIN
from welcome.templating import TEMPLATE_DIR

STATIC_DIR = Path(__file__).resolve().parents[2] / "welcome" / "static"
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


# --- PDF ------------------------------------------------------------------------------------


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

    document = weasyprint.HTML(
        string=html, url_fetcher=url_fetcher(), base_url=STATIC_DIR.as_uri() + "/"
    )
    pdf = document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
    assert pdf is not None
    return bytes(pdf)


def _warm_up() -> None:
    render_pdf_sync('<html lang="de"><head><title>-</title></head><body><p>-</p></body></html>')


_pool: ProcessPoolExecutor | None = None
_pool_lock = Lock()


def pool() -> ProcessPoolExecutor:
    """The worker pool, created on first use; one worker per CPU (spawned, warmed up)."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ProcessPoolExecutor(
                max_workers=max(1, os.cpu_count() or 1),
                mp_context=get_context("spawn"),
                initializer=_warm_up,
            )
        return _pool


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
