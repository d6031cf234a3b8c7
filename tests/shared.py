"""Expensive things the tests build once: lazily per key, and once per run across the
parallel workers.

- `Lazy(make)`: a mapping that builds a value the first time a key is asked for. A module's
  fixture that rendered all 12 languages up front cost every worker that ran any one test of
  the module the whole set (pytest-xdist spreads a module's tests over the workers).
- `once(directory, name, make)`: a file built by the first worker that asks for it, read by
  every other (an exclusive lock on the name, so two workers never build the same file).
- `shared_dir(tmp_path_factory)`: a directory every worker of the run sees (the run's base
  temporary directory, the parent of the workers' own).
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Hashable, Iterator, Mapping
from pathlib import Path
from typing import Generic, TypeVar

import pytest

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Lazy(Mapping[K, V], Generic[K, V]):
    def __init__(self, make: Callable[[K], V], keys: list[K] | None = None) -> None:
        self._make = make
        self._keys = keys
        self._built: dict[K, V] = {}

    def __getitem__(self, key: K) -> V:
        if key not in self._built:
            self._built[key] = self._make(key)
        return self._built[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._keys if self._keys is not None else self._built)

    def __len__(self) -> int:
        return len(self._keys if self._keys is not None else self._built)


def shared_dir(factory: pytest.TempPathFactory) -> Path:
    base = factory.getbasetemp()
    root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    directory = root / "shared"
    directory.mkdir(exist_ok=True)
    return directory


def once(directory: Path, name: str, make: Callable[[], bytes]) -> Path:
    path = directory / name
    with (directory / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            part = directory / f"{name}.part"
            part.write_bytes(make())
            part.replace(path)
    return path
