"""A throw-away PostgreSQL server for the test run (Debian's postgresql-15 binaries).

pg_ctl refuses to run as root, so as root the server runs as the `postgres` user.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


def find_bindir() -> Path | None:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for candidate in candidates:
        if (Path(candidate) / "initdb").exists() and (Path(candidate) / "pg_ctl").exists():
            return Path(candidate)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class PgServer:
    port: int
    user: str = "postgres"
    host: str = "127.0.0.1"

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{self.user}@{self.host}:{self.port}/{database}"


def _as_server_user(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    return ["runuser", "-u", "postgres", "--", *cmd]


def _scratch_root() -> Path:
    """Where the server keeps its data: in memory (tmpfs) when the machine has one.

    Every test gets its own database copied from a template (about 10 MB). On this machine's
    virtual disk that CREATE DATABASE took 150–250 ms while other work was writing, on tmpfs
    10–15 ms; the data is thrown away after the run anyway.
    """
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK | os.X_OK):
        return Path(tempfile.mkdtemp(prefix="welcome-pg-", dir=shm))
    return Path(tempfile.mkdtemp(prefix="welcome-pg-"))


@contextlib.contextmanager
def running_server(bindir: Path) -> Iterator[PgServer]:
    root = _scratch_root()
    try:
        port = _start(bindir, root)
        try:
            _wait_ready(port)
            yield PgServer(port=port)
        finally:
            subprocess.run(
                _as_server_user(
                    [str(bindir / "pg_ctl"), "-D", str(root / "data"), "-m", "immediate", "stop"]
                ),
                capture_output=True,
                env=_server_env(),
            )
    finally:
        shutil.rmtree(root, ignore_errors=True)  # in memory: never leave it behind


def _server_env() -> dict[str, str]:
    return {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}


def _start(bindir: Path, root: Path) -> int:
    """initdb and start a server in `root`; returns its port."""
    data, sockets = root / "data", root / "sock"
    sockets.mkdir()
    if os.geteuid() == 0:
        ids = pwd.getpwnam("postgres")
        for path in (root, sockets):
            os.chown(path, ids.pw_uid, ids.pw_gid)
    env = _server_env()
    initdb = [str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust"]
    subprocess.run(
        _as_server_user([*initdb, "-E", "UTF8", "--no-sync"]),
        check=True,
        capture_output=True,
        env=env,
    )
    # Parallel test workers each start a server: another may take the free port between
    # free_port() and the server's bind, so a failed start is tried again on a new port.
    for _attempt in range(3):
        port = free_port()
        options = (
            f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        pg_ctl = [str(bindir / "pg_ctl"), "-D", str(data), "-o", options]
        started = subprocess.run(
            _as_server_user([*pg_ctl, "-l", str(root / "server.log"), "-w", "-t", "60", "start"]),
            capture_output=True,
            env=env,
        )
        if started.returncode == 0:
            return port
    raise subprocess.CalledProcessError(
        started.returncode, started.args, started.stdout, started.stderr
    )


def _wait_ready(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.1)
    raise RuntimeError(f"PostgreSQL did not accept connections on port {port}")
