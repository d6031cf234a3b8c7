"""Welcome-package tests run on SQLite only (PDF rendering does not depend on the backend)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import make_settings
from welcome.config import Settings


@pytest.fixture
def settings(sqlite_url: str, tmp_path: Path) -> Settings:
    return make_settings(sqlite_url, tmp_path)
