"""The application factory: the HTML app at /, the JSON API mounted at /api/v1."""

from __future__ import annotations

import contextlib
import time
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import structlog
from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session
from starlette.routing import NoMatchFound
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from welcome import i18n, storage, templating
from welcome.areas import Area, all_areas
from welcome.config import Settings, get_settings
from welcome.db import make_engine, session_factory
from welcome.headers import HeadersMiddleware, private_docs
from welcome.limits import LimitsMiddleware, valid_request_id
from welcome.locking import install as install_locking
from welcome.logs import configure_logging
from welcome.migrate import pending
from welcome.problems import CrashGuard, install_api_handlers, install_html_handlers
from welcome.web import LANG_COOKIE, csrf_protect, pending_cookies

log = structlog.get_logger()


class ShellMiddleware:
    """Per request: a correlation id, the locale before login, cookies pages asked for."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        cookie_lang = _cookie(headers.get("cookie", ""), LANG_COOKIE)
        i18n.set_locale(
            cookie_lang
            if cookie_lang in i18n.UI_LOCALES
            else i18n.negotiate(headers.get("accept-language")) or self.settings.default_locale
        )
        # a caller's id only if it is a short token: never 8,000 characters echoed and logged
        request_id = valid_request_id(headers.get("x-request-id")) or uuid.uuid4().hex[:16]
        structlog.contextvars.bind_contextvars(request_id=request_id)
        state: dict[str, object] = scope.setdefault("state", {})
        started = time.perf_counter()
        status = 500

        async def send_with_cookies(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                extra = pending_cookies(state, self.settings)
                message["headers"] = [
                    *message.get("headers", []),
                    *extra,
                    (b"x-request-id", request_id.encode()),
                ]
            await send(message)

        try:
            await self.app(scope, receive, send_with_cookies)
        finally:
            log.info(
                "request",
                method=scope["method"],
                path=scope["path"],
                status=status,
                ms=round((time.perf_counter() - started) * 1000, 1),
            )
            structlog.contextvars.clear_contextvars()


def _cookie(header: str, name: str) -> str | None:
    for part in header.split(";"):
        key, _sep, value = part.strip().partition("=")
        if key == name:
            return value
    return None


def _warm_up(app: FastAPI, hooks: list[Callable[[], None]]) -> None:
    """Work the first requests would otherwise do, done before the server takes them."""
    # FastAPI builds an included router's routes on the first request that reaches it
    # (~0.15 s for the first API call here); asking for a name no route has builds them all
    with contextlib.suppress(NoMatchFound):
        app.url_path_for("-")
    for hook in hooks:
        try:
            hook()
        except Exception:  # a failed warm-up costs time later, it must not stop the app
            log.exception("warm_up_hook_failed", hook=getattr(hook, "__qualname__", hook))


def create_api(settings: Settings, areas: tuple[Area, ...]) -> FastAPI:
    # in production the documentation is for logged-in users only (welcome/headers.py)
    public_docs = settings.env != "production"
    api = FastAPI(
        title="welcome API",
        version="1",
        openapi_url="/openapi.json" if public_docs else None,
        docs_url="/docs" if public_docs else None,
        redoc_url=None,
    )
    install_api_handlers(api)
    if not public_docs:
        private_docs(api, prefix="/api/v1")
    for area in areas:
        for router in area.api:
            api.include_router(router)
    return api


def open_database(settings: Settings) -> tuple[Engine, sessionmaker[Session]]:
    """What an app holds per database: the engine, with SQLite's write locks taken at BEGIN
    and database work on the event loop a failure under test; the file storage for it (the
    database or the object store); the session factory."""
    engine = install_locking(
        make_engine(settings.effective_database_url),
        guard_loop=True if settings.env == "test" else "log",
    )
    storage.install(engine, settings)
    return engine, session_factory(engine)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    configure_logging(settings)
    # a template's file is looked at on every use only while developing (a stat per include,
    # ~60 on the person page)
    templating.env.auto_reload = settings.env == "development"
    engine, sessions = open_database(settings)
    areas = all_areas()
    # what areas release when the app stops, e.g. the PDF render workers, so no child
    # process outlives the server
    on_shutdown = [hook for area in areas for hook in area.shutdown]
    # what areas warm up when the app starts, e.g. the PDF render workers, so that the first
    # request does not wait for them
    on_warm_up = [hook for area in areas for hook in area.startup]

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # not in the test suite: it starts hundreds of apps that serve a few requests each;
        # what the hooks start and stop there (the render workers, started by the first PDF)
        # lives as long as the test process, which the workers end with
        in_suite = settings.env == "test"
        if not in_suite:
            _warm_up(app, on_warm_up)
        # object-store removals that failed after their commit: now, then every minute
        stop_draining = storage.keep_draining(engine) if settings.storage_url else None
        yield
        if stop_draining:
            stop_draining()
        for hook in () if in_suite else on_shutdown:
            try:
                hook()
            except Exception:  # one failing hook must not keep the others from running
                log.exception("shutdown_hook_failed", hook=getattr(hook, "__qualname__", hook))

    app = FastAPI(
        title="welcome", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan
    )
    api = create_api(settings, areas)
    for target in (app, api):
        target.state.settings = settings
        target.state.engine = engine
        target.state.sessions = sessions

    install_html_handlers(app)
    health = APIRouter()

    @health.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @health.get("/readyz", include_in_schema=False)
    def readyz(request: Request) -> JSONResponse:
        try:
            waiting = pending(request.app.state.engine)
        except Exception as exc:  # no database, wrong URL…
            log.warning("not_ready", error=str(exc))
            return JSONResponse({"status": "database unavailable"}, status_code=503)
        if waiting:
            return JSONResponse({"status": "migrations pending"}, status_code=503)
        return JSONResponse({"status": "ready"})

    # the mounts first: an API call is then matched at once instead of after every view
    # router's routes (~1 ms a call with FastAPI 0.165's included routers)
    app.mount("/api/v1", api)
    app.mount("/static", StaticFiles(directory=templating.STATIC_DIR), name="static")
    app.include_router(health)
    for area in areas:
        for router in area.views:
            app.include_router(router, dependencies=[Depends(csrf_protect)])
    app.state.nav = tuple(item for area in areas for item in area.nav)
    app.state.panels = tuple(
        sorted((p for area in areas for p in area.panels), key=lambda p: p.order)
    )
    app.state.search_panels = tuple(
        sorted((p for area in areas for p in area.search_panels), key=lambda p: p.order)
    )
    app.state.person_sections = tuple(
        sorted((s for area in areas for s in area.person_sections), key=lambda s: s.order)
    )
    app.add_middleware(CrashGuard)  # innermost: a crash is answered, the connection lives on
    app.add_middleware(LimitsMiddleware, settings=settings, fastapi_app=app)  # before any route
    app.add_middleware(ShellMiddleware, settings=settings)
    if settings.trusted_proxies.strip():  # only these peers may say who the client is
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxies)
    app.add_middleware(HeadersMiddleware, settings=settings)  # on every answer, errors too
    return app
