"""HTML to tagged PDF with WeasyPrint, and the pool of worker processes that render.

Kept apart from render.py and light on purpose: a spawned worker imports this module and
WeasyPrint, not Jinja, SQLModel, FastAPI and the domain models (about half of a worker's
start-up time went to those); and `welcome serve` starts the workers through it before it
imports the app, so they warm up while the app loads.
"""

from __future__ import annotations

import base64
import binascii
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


# the centre's logo travels inside the HTML (the worker has no database): a base64 `data:`
# URL of a PNG or JPEG image, recognised by its bytes (welcome.accounts.admin.set_logo)
IMAGE_MAGIC = {"image/png": b"\x89PNG\r\n\x1a\n", "image/jpeg": b"\xff\xd8\xff"}
_DATA_IMAGE = "data:{kind};base64,"


def image_data_url(content: bytes, kind: str | None) -> str:
    """A `data:` URL for a logo the fetcher accepts, or "" if it is not a PNG or JPEG."""
    if kind not in IMAGE_MAGIC or not content.startswith(IMAGE_MAGIC[kind]):
        return ""
    return _DATA_IMAGE.format(kind=kind) + base64.b64encode(content).decode("ascii")


def image_from_data_url(url: str) -> tuple[bytes, str]:
    """The image of a `data:` URL made by `image_data_url`; anything else is refused."""
    for kind, magic in IMAGE_MAGIC.items():
        prefix = _DATA_IMAGE.format(kind=kind)
        if url.startswith(prefix):
            try:
                content = base64.b64decode(url.removeprefix(prefix), validate=True)
            except (binascii.Error, ValueError):
                break
            if content.startswith(magic):
                return content, kind
            break
    raise FetchRefused(f"refused to fetch {url[:40]!r}")


@lru_cache(maxsize=1)
def url_fetcher() -> Any:
    """WeasyPrint's URL fetcher, restricted: no network, only the static files and a PNG or
    JPEG image given as a base64 `data:` URL (the centre's logo)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnly(URLFetcher):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__(timeout=2, allowed_protocols=("file",), allow_redirects=False)

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                content, kind = image_from_data_url(url)
                return URLFetcherResponse(url, content, {"Content-Type": kind})
            target = refuse_or_static(url)
            kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            return URLFetcherResponse(target.as_uri(), target.read_bytes(), {"Content-Type": kind})

    return StaticOnly()


PDF_OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/ua-1", "pdf_tags": True}
KEEP_ROUNDS = 3  # layouts at most, when rows are left alone on a page


def render_pdf_sync(html: str) -> bytes:
    """Render in this process (workers, the CLI, tests).

    No page may hold a single row of a table whose rows carry `id` and `data-rows` (the
    package's checklist): the layout is looked at before the PDF is written, and a row left
    alone is kept with its neighbour (`break-before/after: avoid`) in one more layout. Most
    packages need none (the template keeps the first and the last two rows together)."""
    import weasyprint

    from cases.packages import tagging

    kept: dict[str, str] = {}
    with tagging.tagged():
        for _ in range(KEEP_ROUNDS):
            document = weasyprint.HTML(
                string=_with_kept_rows(html, kept),
                url_fetcher=url_fetcher(),
                base_url=STATIC_DIR.as_uri() + "/",
            ).render(**PDF_OPTIONS)
            alone = single_rows(document)
            if not alone or alone.keys() <= kept.keys():
                break
            kept.update(alone)
        pdf = document.write_pdf(**PDF_OPTIONS)
    assert pdf is not None
    return bytes(pdf)


def single_rows(document: Any) -> dict[str, str]:
    """Rows alone on their page (of tables of more than one row whose rows have an `id` and
    `data-rows`): row id -> the break to avoid (after the first row, else before the row)."""
    from weasyprint.formatting_structure import boxes

    alone: dict[str, str] = {}
    for page in document.pages:
        rows: dict[str, list[tuple[str, int, int]]] = {}
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            if isinstance(box, boxes.TableRowBox):
                element = box.element
                row_id, total = element.get("id", ""), element.get("data-rows", "")
                if row_id.count("-") >= 2 and total.isdigit():
                    table, _, index = row_id.rpartition("-")
                    if index.isdigit():
                        rows.setdefault(table, []).append((row_id, int(index), int(total)))
                continue
            stack.extend(getattr(box, "children", ()))
        for found in rows.values():
            if len(found) == 1 and found[0][2] > 1:
                row_id, index, _total = found[0]
                alone[row_id] = "after" if index == 1 else "before"
    return alone


def _with_kept_rows(html: str, kept: dict[str, str]) -> str:
    if not kept:
        return html
    rules = "".join(f"#{row} {{ break-{side}: avoid; }}" for row, side in sorted(kept.items()))
    return html.replace("</head>", f"<style>{rules}</style></head>", 1)


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
    """WELCOME_RENDER_WORKERS, else one per CPU."""
    from welcome.config import get_settings  # not at import: a spawned worker never asks

    return get_settings().render_workers or max(1, os.cpu_count() or 1)


def pool() -> ProcessPoolExecutor:
    """The worker pool, created on first use; pool_size() workers (spawned, warmed up)."""
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
