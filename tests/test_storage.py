"""welcome.storage: files in the database (in pieces, removed with the row's transaction) or in
an S3 object store (moto's server, removed after the commit, retried); and two `welcome serve`
hosts with different WELCOME_DATA_DIR on one PostgreSQL serving each other's files."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx2 as httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text

from tests import load, s3
from tests.conftest import Factory, loud_skip, make_settings
from welcome import storage
from welcome.errors import NotFound
from welcome.storage import CHUNK, StorageRemoval, StoredChunk, StoredFile

BIG = b"%PDF-1.4\n" + os.urandom(2 * CHUNK + 1234)  # three pieces


@pytest.fixture(scope="session")
def s3_server() -> Iterator[s3.S3Server]:
    if not s3.available():
        loud_skip("moto[server] missing (uv sync: it is a test dependency)")
    with s3.running() as server:
        yield server


def _count(factory: Factory, model: Any) -> int:
    with factory.session() as db:
        return int(db.scalar(select(func.count()).select_from(model)) or 0)


def test_database_files_in_pieces_removed_with_the_transaction(factory: Factory) -> None:
    with factory.session() as db:
        ref = storage.put(db, data=BIG)
    assert ref.startswith("db:")
    with factory.session() as db:
        sizes = db.scalars(select(func.length(StoredChunk.data))).all()  # type: ignore[arg-type]
        assert sorted(sizes) == [1234 + 9, CHUNK, CHUNK]  # never more than CHUNK in one piece
        opened = storage.open(db, ref=ref)
        assert opened.size == len(BIG)
        assert b"".join(opened.chunks) == BIG  # each piece read in a transaction of its own
        assert storage.read(db, ref=ref) == BIG

    class Undo(Exception):
        pass

    with pytest.raises(Undo), factory.session() as db:  # the row's transaction rolls back
        storage.remove(db, ref=ref)
        raise Undo()
    with factory.session() as db:
        assert storage.read(db, ref=ref) == BIG
        storage.remove(db, ref=ref)  # and commits: the file is gone with it
    with factory.session() as db, pytest.raises(NotFound):
        storage.open(db, ref=ref)
    assert _count(factory, StoredFile) == _count(factory, StoredChunk) == 0


def test_a_failing_stream_leaves_nothing(factory: Factory) -> None:
    class Limit(Exception):
        pass

    pieces = [b"%PDF-", b"x" * CHUNK, b"y" * CHUNK]

    def stream() -> Iterator[bytes]:
        yield from pieces
        raise Limit("too large")

    with factory.session() as db, pytest.raises(Limit):
        storage.put(db, data=stream())
    assert _count(factory, StoredFile) == _count(factory, StoredChunk) == 0


def test_references() -> None:
    class Nothing:
        def execute(self, *_a: Any, **_k: Any) -> None:
            raise AssertionError("no database work for these")

    for gone in ("missing:uploads/1/x.pdf", ""):  # not found on disk; removed on purpose
        storage.remove(Nothing(), ref=gone)  # type: ignore[arg-type]
        with pytest.raises(NotFound):
            storage.open(Nothing(), ref=gone)  # type: ignore[arg-type]
        with pytest.raises(NotFound):
            storage.read(Nothing(), ref=gone)  # type: ignore[arg-type]
    for wrong in ("uploads/1/x.pdf", "ftp://x", "db:"):
        with pytest.raises(ValueError):
            storage.remove(Nothing(), ref=wrong)  # type: ignore[arg-type]


def _wait(condition: Any, seconds: float = 15.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("not within time")
        time.sleep(0.1)


def test_object_store_files_removed_after_commit_with_retry(
    factory: Factory, db_url: str, tmp_path: Path, s3_server: s3.S3Server
) -> None:
    prefix = f"t{os.getpid()}-{time.monotonic_ns()}"
    good = make_settings(db_url, tmp_path, **s3_server.settings(prefix))
    storage.install(factory.engine, good)
    with factory.session() as db:
        ref = storage.put(db, data=BIG)
    assert ref.startswith(f"s3://{s3.BUCKET}/{prefix}/")
    assert len(s3_server.keys(prefix)) == 1
    assert _count(factory, StoredFile) == 0  # nothing in the database
    with factory.session() as db:
        opened = storage.open(db, ref=ref)
        assert opened.size == len(BIG) and b"".join(opened.chunks) == BIG
        assert storage.read(db, ref=ref) == BIG

    pieces = (BIG[i : i + 1000] for i in range(0, len(BIG), 1000))  # small pieces, as uploads
    with factory.session() as db:
        pieced = storage.put(db, data=pieces)
    with factory.session() as db:
        assert storage.read(db, ref=pieced) == BIG
        storage.remove(db, ref=pieced)
    _wait(lambda: len(s3_server.keys(prefix)) == 1)

    class Undo(Exception):
        pass

    with pytest.raises(Undo), factory.session() as db:  # a put rolled back: object deleted
        storage.put(db, data=b"%PDF-short")
        assert len(s3_server.keys(prefix)) == 2
        raise Undo()
    assert len(s3_server.keys(prefix)) == 1

    # the store is out of reach when the row goes: queued, tried after the commit, kept
    broken = make_settings(
        db_url,
        tmp_path,
        **{**s3_server.settings(prefix), "storage_endpoint_url": "http://127.0.0.1:9"},
    )
    storage.install(factory.engine, broken)
    with factory.session() as db:
        storage.remove(db, ref=ref)

    def attempted() -> bool:
        with factory.session() as db:
            return bool(db.scalar(select(StorageRemoval.attempts)))

    _wait(attempted)
    with factory.session() as db:
        queued = db.scalars(select(StorageRemoval)).one()
        assert queued.ref == ref and queued.attempts == 1 and queued.last_error
        assert queued.next_try_at > storage.utcnow()  # retried later, not in a loop
    assert storage.drain(factory.engine) == 0  # not due yet
    assert len(s3_server.keys(prefix)) == 1

    storage.install(factory.engine, good)  # the store is back: the next pass deletes it
    assert storage.drain(factory.engine, now=storage.utcnow() + timedelta(hours=2)) == 1
    assert s3_server.keys(prefix) == []
    assert _count(factory, StorageRemoval) == 0

    with factory.session() as db:  # and when the store answers, right after the commit
        again = storage.put(db, data=b"%PDF-again")
    with factory.session() as db:
        storage.remove(db, ref=again)
    _wait(lambda: not s3_server.keys(prefix) and _count(factory, StorageRemoval) == 0)
    with factory.session() as db, pytest.raises(NotFound):
        storage.open(db, ref=again)


def test_a_large_document_downloads_in_pieces(client: TestClient, factory: Factory) -> None:
    """Upload and download through the app: several pieces, each read after the request's
    transaction ended (SQLite: a transaction still open would make the reads wait)."""
    centre = factory.centre()
    auth = {"Authorization": f"Bearer {factory.token(factory.user(centre=centre))}"}
    person = client.post(
        "/api/v1/persons",
        json={"first_name": "Olena", "last_name": "Koval", "client_group": "returnee"},
        headers=auth,
    ).json()["id"]
    procedure = client.post(
        "/api/v1/recognitions",
        json={"person_id": person, "reference_occupation": "Koch", "authority": "ihk_fosa"},
        headers=auth,
    ).json()["id"]
    uploaded = client.post(
        f"/api/v1/recognitions/{procedure}/documents",
        files={"file": ("gross.pdf", BIG, "application/pdf")},
        data={"kind": "certificate"},
        headers=auth,
    )
    assert uploaded.status_code == 201, uploaded.text
    started = time.monotonic()
    got = client.get(
        f"/api/v1/recognitions/{procedure}/documents/{uploaded.json()['id']}", headers=auth
    )
    assert got.status_code == 200 and got.content == BIG
    assert got.headers["content-length"] == str(len(BIG))
    assert time.monotonic() - started < 10  # no piece waited for a lock
    assert _count(factory, StoredChunk) == 3


# --- two hosts ------------------------------------------------------------------------------


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
@pytest.mark.parametrize("where", ["database", "s3"])
def test_two_hosts_serve_each_others_files(
    db_url: str, tmp_path: Path, where: str, request: pytest.FixtureRequest
) -> None:
    # one render worker per host: the test issues one package (each worker's warm-up render
    # is ~2 s of CPU at start, four hosts started per run)
    env: dict[str, str] = {"WELCOME_ENV": "test", "WELCOME_RENDER_WORKERS": "1"}
    prefix = f"hosts-{os.getpid()}-{time.monotonic_ns()}"
    server: s3.S3Server | None = None
    if where == "s3":
        server = request.getfixturevalue("s3_server")
        env |= server.environment(prefix)
    token = load.seed(db_url, users=1)[0]
    auth = {"Authorization": f"Bearer {token}"}
    one, two = tmp_path / "host-one", tmp_path / "host-two"
    one.mkdir()
    two.mkdir()
    with load.served_together(db_url, [one, two], **env) as (first, second):
        a = httpx.Client(base_url=first, headers=auth, timeout=60)
        b = httpx.Client(base_url=second, headers=auth, timeout=60)
        body = {"first_name": "Olena", "last_name": "Koval", "client_group": "returnee"}
        made = a.post("/api/v1/persons", json=body)
        assert made.status_code == 201, made.text
        person = made.json()["id"]
        procedure = a.post(
            "/api/v1/recognitions",
            json={"person_id": person, "reference_occupation": "Koch", "authority": "ihk_fosa"},
        )
        assert procedure.status_code == 201, procedure.text
        pid = procedure.json()["id"]
        uploaded = a.post(
            f"/api/v1/recognitions/{pid}/documents",
            files={"file": ("Zeugnis Köln.pdf", BIG, "application/pdf")},
            data={"kind": "certificate"},
        )
        assert uploaded.status_code == 201, uploaded.text
        path = f"/api/v1/recognitions/{pid}/documents/{uploaded.json()['id']}"
        here, there = a.get(path), b.get(path)
        assert there.status_code == 200 and there.content == BIG  # byte-identical
        same = ("content-type", "content-length", "content-disposition", "etag",
                "last-modified", "cache-control", "x-content-type-options")  # fmt: skip
        assert {h: here.headers.get(h) for h in same} == {h: there.headers.get(h) for h in same}

        issued = a.post(f"/api/v1/persons/{person}/welcome-packages", json={"language": "de"})
        assert issued.status_code == 201, issued.text
        again = b.get(f"/api/v1/welcome-packages/{issued.headers['x-welcome-package-id']}")
        assert again.status_code == 200 and again.content == issued.content
        assert (
            again.headers["content-disposition"]
            == a.get(f"/api/v1/welcome-packages/{issued.headers['x-welcome-package-id']}").headers[
                "content-disposition"
            ]
        )
        a.close()
        b.close()
    for host in (one, two):  # nothing on either host's disk
        assert not (host / "uploads").exists() and not (host / "packages").exists()
    from sqlalchemy import create_engine

    engine = create_engine(db_url)
    with engine.connect() as conn:
        files = conn.execute(text("SELECT count(*) FROM stored_files")).scalar()
    engine.dispose()
    if server is None:
        assert files == 2
    else:
        assert files == 0 and len(server.keys(prefix)) == 2
    for host in (one, two):
        log = (host / "serve.log").read_text()
        assert "Traceback" not in log and "database_on_event_loop" not in log, log[-3000:]
