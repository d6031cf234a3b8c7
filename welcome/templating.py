"""Jinja2, wired once to gettext and Babel formatting; pages get plain values and helpers."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2_fragments.fastapi import Jinja2Blocks

from welcome import i18n
from welcome.labels import action_names, role_names
from welcome.nav import current, visible
from welcome.roles import flags_for
from welcome.web import csrf_token_for, take_flashes

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"
STATIC_DIR = Path(__file__).resolve().parent / "static"

env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
    autoescape=True,
    extensions=["jinja2.ext.i18n"],
)
templates = Jinja2Blocks(env=env)
env.install_gettext_callables(  # type: ignore[attr-defined]
    gettext=i18n.gettext,
    ngettext=i18n.ngettext,
    pgettext=i18n.pgettext,
    npgettext=i18n.npgettext,
    newstyle=True,
)


@lru_cache(maxsize=256)
def fingerprint(path: str, directory: Path = STATIC_DIR) -> str:
    """The first 12 hex digits of the file's SHA-256: a changed file gets a new URL."""
    return hashlib.sha256((directory / path).read_bytes()).hexdigest()[:12]


def static_url(path: str) -> str:
    """/static/<path>?v=<fingerprint>. Such an answer is kept by the browser for a year
    (welcome/headers.py) instead of asked for again on every page; in development the
    fingerprint is read anew, as the templates are."""
    version = fingerprint.__wrapped__(path) if env.auto_reload else fingerprint(path)
    return f"/static/{path}?v={version}"


env.globals.update(
    static_url=static_url,
    get_locale=i18n.get_locale,
    ui_locales=i18n.UI_LOCALES,
    language_name=i18n.language_name,
    role_names=role_names,
    action_names=action_names,
)
env.filters.update(
    date=i18n.format_date,
    datetime=i18n.format_datetime,
    number=i18n.format_number,
)


def render(
    request: Request,
    name: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
    block_name: str | None = None,
) -> HTMLResponse:
    """A page (or one block of it, for htmx) in the request's language."""
    values: dict[str, Any] = {
        "request": request,
        "user": getattr(request.state, "user", None),
        "csrf_token": csrf_token_for(request),
        "flashes": take_flashes(request),
        "locale": i18n.get_locale(),
    }
    user = values["user"]
    # an error page of the mounted API app has no navigation of its own
    nav = getattr(request.app.state, "nav", ())
    values["nav"] = visible(nav, user.role) if user is not None else []
    values["nav_current"] = current(values["nav"], request.url.path)
    values.update(flags_for(user.role if user is not None else None))
    values.update(context or {})
    response = templates.TemplateResponse(
        request, name, values, status_code=status_code, block_name=block_name
    )
    assert isinstance(response, HTMLResponse)
    return response
