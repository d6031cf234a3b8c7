"""The render workers end with the app (the lifespan runs the areas' SHUTDOWN hooks)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from cases.packages import render
from welcome.app import create_app
from welcome.config import Settings


def test_render_pool_is_shut_down_when_the_app_stops(settings: Settings) -> None:
    app = create_app(settings)
    try:
        with TestClient(app):
            assert render.pool().submit(abs, -3).result(timeout=60) == 3
            workers = list(render.pool()._processes.values())
            assert workers and all(w.is_alive() for w in workers)
        assert render._pool is None
        assert not any(w.is_alive() for w in workers)
    finally:
        app.state.engine.dispose()
