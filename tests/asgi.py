"""A synchronous test client that calls the app in this thread's own event loop.

Starlette's TestClient runs the app on an event loop in a second thread and hands every
request and every message of it across (about 8 thread hand-overs per request); for the tests
that send thousands of requests (tests/test_api_robustness.py, tests/test_forms_robustness.py)
that was a fifth of their time. `AsgiClient` drives httpx's ASGITransport from a loop of its
own in the test's thread instead: the same app, middleware and handlers, the app's sync
endpoints still in the thread pool (so the loop guard of welcome/locking.py still sees every
statement run on the event loop), the lifespan started and stopped like TestClient does, and
the same defaults (base URL http://testserver, redirects followed, cookies kept, a crash
answered with the app's own 500 rather than raised).
"""

from __future__ import annotations

import asyncio
from types import TracebackType
from typing import Any

import httpx2 as httpx
from starlette.types import ASGIApp, Message


class AsgiClient:
    def __init__(self, app: ASGIApp, base_url: str = "http://testserver") -> None:
        self._app = app
        self._runner = asyncio.Runner()
        self._client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app, raise_app_exceptions=False),
            base_url=base_url,
            follow_redirects=True,
        )
        self._to_app: asyncio.Queue[Message] | None = None
        self._from_app: asyncio.Queue[Message] | None = None
        self._lifespan: asyncio.Task[None] | None = None

    # --- lifespan, as uvicorn and TestClient run it ----------------------------------------

    async def _start(self) -> None:
        self._to_app, self._from_app = asyncio.Queue(), asyncio.Queue()
        scope = {"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}}
        self._lifespan = asyncio.create_task(
            self._app(scope, self._to_app.get, self._from_app.put)  # type: ignore[arg-type]
        )
        await self._to_app.put({"type": "lifespan.startup"})
        answer = await self._from_app.get()
        if answer["type"] != "lifespan.startup.complete":
            raise RuntimeError(f"app did not start: {answer}")

    async def _stop(self) -> None:
        assert self._to_app is not None and self._from_app is not None
        await self._to_app.put({"type": "lifespan.shutdown"})
        answer = await self._from_app.get()
        if answer["type"] != "lifespan.shutdown.complete":
            raise RuntimeError(f"app did not stop: {answer}")
        if self._lifespan is not None:
            await self._lifespan
        await self._client.aclose()

    def __enter__(self) -> AsgiClient:
        self._runner.run(self._start())
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        try:
            self._runner.run(self._stop())
        finally:
            self._runner.close()

    # --- requests, with TestClient's signatures ---------------------------------------------

    @property
    def cookies(self) -> httpx.Cookies:
        return self._client.cookies

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        return self._runner.run(self._client.request(method, url, **kwargs))

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)
