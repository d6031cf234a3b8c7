"""Uploads: checked by content, size-limited, stored outside the web root, audited on download;
a rejected upload leaves neither a file nor a row."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlmodel import Session

from cases.recognition import documents
from cases.recognition.models import RecognitionDocument
from cases.recognition.schemas import DocumentIn
from tests.conftest import Factory, make_settings
from tests.recognition.conftest import make_person
from welcome import storage
from welcome.audit import AuditEntry
from welcome.config import Settings
from welcome.storage import StoredFile

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    return make_settings(db_url, tmp_path / "data", upload_max_mb=1)


@pytest.fixture
def world(client: TestClient, factory: Factory) -> dict[str, Any]:
    centre = factory.centre("Erzgebirge")
    other = factory.centre("Dresden")
    me = {"Authorization": f"Bearer {factory.token(factory.user(centre=centre))}"}
    them = {"Authorization": f"Bearer {factory.token(factory.user(centre=other))}"}

    def procedure(headers: dict[str, str], person: int) -> int:
        response = client.post(
            "/api/v1/recognitions",
            json={"person_id": person, "reference_occupation": "Koch", "authority": "ihk_fosa"},
            headers=headers,
        )
        assert response.status_code == 201, response.text
        return int(response.json()["id"])

    return {
        "me": me,
        "them": them,
        "centre": centre,
        "mine": procedure(me, make_person(factory, centre)),
        "theirs": procedure(them, make_person(factory, other)),
    }


def _upload(client: TestClient, world: dict[str, Any], content: bytes, name: str, **kw: Any) -> Any:
    pid = kw.pop("pid", world["mine"])
    return client.post(
        f"/api/v1/recognitions/{pid}/documents",
        files={"file": (name, content, kw.pop("mime", "application/pdf"))},
        data={"kind": kw.pop("kind", "certificate")},
        headers=kw.pop("headers", world["me"]),
    )


def _files(source: Factory | Session) -> list[bytes]:
    """The contents kept in the storage (the database by default), oldest first."""
    if isinstance(source, Factory):
        with source.session() as db:
            return _files(db)
    keys = source.scalars(select(StoredFile.key).order_by(StoredFile.id)).all()  # type: ignore[arg-type]
    return [storage.read(source, ref=f"db:{key}") for key in keys]


def _rows(factory: Factory) -> int:
    with factory.session() as db:
        return int(db.scalar(select(func.count()).select_from(RecognitionDocument)) or 0)


def test_pdf_is_stored_with_hash_and_downloaded_with_audit(
    client: TestClient, world: dict[str, Any], settings: Settings, factory: Factory
) -> None:
    response = _upload(client, world, PDF, "../../Zeugnis  Köln.pdf")
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert body["content_type"] == "application/pdf"
    assert body["size"] == len(PDF)
    assert body["filename"] == "Zeugnis Köln.pdf"
    assert _files(factory) == [PDF]
    assert not (settings.data_dir / "uploads").exists()  # nothing on this host's disk

    path = f"/api/v1/recognitions/{world['mine']}/documents/{body['id']}"
    download = client.get(path, headers=world["me"])
    assert download.status_code == 200
    assert download.content == PDF
    assert download.headers["content-type"] == "application/pdf"
    assert download.headers["content-disposition"].startswith("attachment")
    assert download.headers["x-content-type-options"] == "nosniff"
    assert download.headers["content-length"] == str(len(PDF))
    assert download.headers["etag"] == f'"{body["sha256"]}"'  # the same on every host
    assert download.headers["last-modified"].endswith(" GMT")
    with factory.session() as db:
        views = db.scalars(
            select(AuditEntry).where(
                AuditEntry.entity == "recognition_documents",  # type: ignore[arg-type]
                AuditEntry.action == "view",  # type: ignore[arg-type]
            )
        ).all()
        assert [v.entity_id for v in views] == [body["id"]]

    png = _upload(client, world, PNG, "photo.pdf", mime="application/pdf")
    assert png.status_code == 201
    assert png.json()["content_type"] == "image/png"  # by content, not by name or header


@pytest.mark.parametrize(
    ("content", "name", "status"),
    [
        (b"%PDF-" + b"0" * (1024 * 1024), "too-large.pdf", 413),
        (EXE, "certificate.pdf", 422),  # a renamed executable
        (b"", "empty.pdf", 422),
        (b"GIF89a" + b"\x00" * 20, "image.png", 422),
    ],
)
def test_rejected_upload_leaves_nothing(
    client: TestClient,
    world: dict[str, Any],
    settings: Settings,
    factory: Factory,
    content: bytes,
    name: str,
    status: int,
) -> None:
    response = _upload(client, world, content, name)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert [e["field"] for e in response.json()["errors"]] == ["file"]
    assert _files(factory) == []
    assert _rows(factory) == 0


def test_other_centre_cannot_upload_or_download(
    client: TestClient, world: dict[str, Any], settings: Settings, factory: Factory
) -> None:
    theirs = _upload(client, world, PDF, "a.pdf", pid=world["theirs"], headers=world["them"])
    assert theirs.status_code == 201
    doc = theirs.json()["id"]
    # a file of another centre: not downloadable, neither via their procedure nor via ours
    for pid in (world["theirs"], world["mine"]):
        response = client.get(f"/api/v1/recognitions/{pid}/documents/{doc}", headers=world["me"])
        assert response.status_code == 404
    # nor can we upload into their procedure
    response = _upload(client, world, PDF, "b.pdf", pid=world["theirs"])
    assert response.status_code == 404
    assert len(_files(factory)) == 1
    assert _rows(factory) == 1


def test_file_is_removed_when_the_database_work_fails(
    world: dict[str, Any],
    settings: Settings,
    factory: Factory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import io

    from cases.recognition import service

    def broken(*_args: Any, **_kw: Any) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr(documents, "note_document", broken)
    with pytest.raises(RuntimeError), factory.session() as db:
        procedure = service.get(db, procedure_id=world["mine"])
        documents.create(
            db,
            settings=settings,
            procedure=procedure,
            stream=io.BytesIO(PDF),
            filename="x.pdf",
            data=DocumentIn(),
        )
    assert _files(factory) == []
    assert _rows(factory) == 0


def test_file_is_removed_when_the_commit_rolls_back(
    world: dict[str, Any], settings: Settings, factory: Factory
) -> None:
    import io

    from cases.recognition import service

    class Boom(Exception):
        pass

    with pytest.raises(Boom), factory.session() as db:
        procedure = service.get(db, procedure_id=world["mine"])
        documents.create(
            db,
            settings=settings,
            procedure=procedure,
            stream=io.BytesIO(PDF),
            filename="x.pdf",
            data=DocumentIn(),
        )
        assert _files(db) == [PDF]
        raise Boom()
    assert _files(factory) == []
    assert _rows(factory) == 0


def test_clean_filename() -> None:
    assert documents.clean_filename("..\\..\\evil\x00\x1b.pdf") == "evil.pdf"
    assert documents.clean_filename("") == "document"
    assert documents.clean_filename("a" * 300 + ".pdf") == "a" * 200


def test_upload_names_end_in_the_type_found() -> None:
    pdf = "application/pdf"
    assert documents.clean_filename("x.html", pdf) == "x.html.pdf"
    assert documents.clean_filename("Zeugnis.PDF", pdf) == "Zeugnis.PDF"
    assert documents.clean_filename("photo.jpeg", "image/jpeg") == "photo.jpeg"
    assert documents.clean_filename("photo.png", "image/jpeg") == "photo.png.jpg"
    assert documents.clean_filename("", pdf) == "document.pdf"
    # a right-to-left override made "invoice\u202egpj.exe" look like "invoiceexe.jpg"
    assert documents.clean_filename("invoice\u202egpj.exe", pdf) == "invoicegpj.exe.pdf"
    long = documents.clean_filename("a" * 300 + ".html", pdf)
    assert len(long) == 200 and long.endswith(".pdf")
