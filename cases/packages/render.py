"""HTML from the frozen context (Jinja2, templates/documents/), PDF by WeasyPrint in a pool.

WeasyPrint is CPU-bound: `render_pdf` awaits a worker process so the event loop stays free.
The pool and what its workers run are in cases/packages/pdf.py; its URL fetcher refuses
everything but the app's own static files (no network, no file://). `welcome serve` and the
app's start-up spawn the workers, which warm up at once (`warm_pool`), so the first package
after a start does not wait for them.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
from functools import lru_cache
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from cases.packages.context import PackageContext
from cases.packages.languages import GERMAN, Language
from cases.packages.pdf import (
    STATIC_DIR,
    FetchRefused,
    pool,
    refuse_or_static,
    render_pdf_sync,
    shutdown_pool,
    start_workers,
    url_fetcher,
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
    "start_workers",
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


_TERM = re.compile("\u2068(\\([^\u2068\u2069]*\\))\u2069")


def german_terms(text: str) -> Markup:
    """Escaped text in which each isolated German term in brackets ("⁨(Anmeldung)⁩", see
    context.rtl_terms) becomes a German left-to-right inline block: kept together, its own
    bidi paragraph when it wraps, and `/Lang de` in the PDF's structure tree."""
    escaped = str(escape(text))
    return Markup(_TERM.sub(r'<span class="term" lang="de" dir="ltr">\1</span>', escaped))


env.filters["terms"] = german_terms


def render_html(context: PackageContext) -> str:
    return env.get_template(PACKAGE_TEMPLATE).render(doc=context)


CONTENT_CODE = [Path(__file__).with_name(n) for n in ("items.py", "checklist.py", "texts.py")]


Stamp = tuple[tuple[str, int], ...]


def _stamp(paths: list[Path]) -> Stamp:
    return tuple((str(p), p.stat().st_mtime_ns) for p in paths if p.exists())


def shared_stamp() -> Stamp:
    """The document templates and content code, as they are now (the same for every language)."""
    return _stamp(sorted(DOCUMENT_DIR.rglob("*.html")) + CONTENT_CODE)


def content_version(lang: Language, shared: Stamp | None = None) -> str:
    """Hash of the texts (the language's and German catalogs, the item registry with its
    sources and dates, the rules) and the document templates: what a lead signs off.
    `shared`: `shared_stamp()` taken once for several languages (the person page asks all 12)."""
    catalogs = [
        CATALOG_DIR / code / "LC_MESSAGES" / f"{DOCUMENTS_DOMAIN}.po"
        for code in sorted({lang.catalog, GERMAN.catalog})
    ]
    return _hash((shared if shared is not None else shared_stamp()) + _stamp(catalogs))


@lru_cache(maxsize=64)
def _hash(stamp: Stamp) -> str:
    digest = hashlib.sha256()
    for path, _mtime in stamp:
        digest.update(Path(path).name.encode())
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()


# --- the worker pool (cases/packages/pdf.py) ------------------------------------------------


def warm_pool() -> None:
    """Start-up (the app's WARM_UP): spawn every render worker if `welcome serve` has not
    already, and compile the package template.

    The first package after `welcome serve` took 4.8 s when all this waited for its request.
    """
    start_workers()
    env.get_template(PACKAGE_TEMPLATE)


async def render_pdf(html: str) -> bytes:
    """Render in the worker pool without blocking the event loop."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(pool(), render_pdf_sync, html)
