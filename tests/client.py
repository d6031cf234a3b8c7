"""The tests' HTTP client: Starlette's TestClient with each exchange in one call into its loop.

Starlette's transport crosses from the test's thread into the event loop's eight times per
request (two events, a stream, a cancel scope, the app task, the wait for its start, and once
per body chunk), each crossing two thread switches: about as much CPU as the app itself spends
on a short answer. Here the request, the app's run and the collected answer are one crossing.
What the app sees is the same scope and the same messages; the answer is read to its end before
it is returned (no test reads a stream as it arrives). WebSockets keep Starlette's path.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

import anyio
from starlette.testclient import TestClient, _TestClientTransport
from starlette.types import Message

try:
    import httpx2 as httpx
except ModuleNotFoundError:  # pragma: no cover - the TestClient would not import either
    import httpx


class _OneCrossing(_TestClientTransport):
    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.scheme in ("ws", "wss"):
            return super().handle_request(request)
        host = request.url.raw_host.decode("ascii")
        port = request.url.port or {"http": 80, "https": 443}[request.url.scheme]
        headers = [] if "host" in request.headers else [(b"host", request.url.netloc)]
        headers += [(k.lower().encode(), v.encode()) for k, v in request.headers.multi_items()]
        scope: dict[str, Any] = {
            "type": "http",
            "http_version": "1.1",
            "method": request.method,
            "path": unquote(request.url.path),
            "raw_path": request.url.raw_path.split(b"?", 1)[0],
            "root_path": self.root_path,
            "scheme": request.url.scheme,
            "query_string": request.url.query,
            "headers": headers,
            "client": self.client,
            "server": [host, port],
            "extensions": {"http.response.trailers": {}},
            "state": self.app_state.copy(),
        }
        body = request.read()
        with self.portal_factory() as portal:
            status, answer_headers, content = portal.call(self._exchange, scope, body)
        return httpx.Response(
            status_code=status, headers=answer_headers, content=content, request=request
        )

    async def _exchange(
        self, scope: dict[str, Any], body: bytes
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        started: dict[str, Any] = {}
        chunks: list[bytes] = []
        complete = anyio.Event()
        sent = False

        async def receive() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body}
            await complete.wait()  # as a client that stays until the answer is in
            return {"type": "http.disconnect"}

        async def send(message: Message) -> None:
            if message["type"] == "http.response.start":
                assert not started, 'Received multiple "http.response.start" messages.'
                started.update(message)
            elif message["type"] == "http.response.body":
                assert started, 'Received "http.response.body" without "http.response.start".'
                assert not complete.is_set(), 'Received "http.response.body" after completion.'
                chunks.append(bytes(message.get("body", b"")))
                if not message.get("more_body", False) and not started.get("trailers"):
                    complete.set()
            elif message["type"] == "http.response.trailers" and not message.get("more_trailers"):
                complete.set()

        try:
            await self.app(scope, receive, send)
        except Exception:
            if self.raise_server_exceptions:
                raise
            if not started:
                return 500, [], b""
        finally:
            complete.set()
        if not started:
            if self.raise_server_exceptions:
                raise AssertionError("TestClient did not receive any response.")
            return 500, [], b""
        content = b"" if scope["method"] == "HEAD" else b"".join(chunks)
        pairs = [(k.decode(), v.decode()) for k, v in started.get("headers", [])]
        return int(started["status"]), pairs, content


class Client(TestClient):
    """TestClient with the one-crossing transport; used like it, best inside `with`."""

    __test__ = False

    def __init__(self, app: Any, **options: Any) -> None:
        super().__init__(app, **options)
        old = self._transport
        assert isinstance(old, _TestClientTransport)
        self._transport = _OneCrossing(
            old.app,
            portal_factory=old.portal_factory,
            raise_server_exceptions=old.raise_server_exceptions,
            root_path=old.root_path,
            app_state=old.app_state,
            client=old.client,
        )
