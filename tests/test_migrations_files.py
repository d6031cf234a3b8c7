"""Migration d5f8a2c7e1b3 on a database with files, both directions, on both backends: the
files under WELCOME_DATA_DIR (documents, issued packages) and the report PDFs move into the
storage; a file missing on disk is reported and kept as `missing:`; the downgrade writes every
file back where it was."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from cases.packages import service as packages
from cases.packages.schemas import PackageIn
from cases.recognition import documents
from cases.recognition.schemas import DocumentIn
from cases.reports.models import ReportSubmission
from tests.conftest import Factory, make_settings
from tests.counselling.helpers import acting, person
from tests.recognition.conftest import create
from welcome import migrate, storage
from welcome.config import get_settings

BEFORE = "d5a8e3f1c2b7"  # the revision before the files moved (d5f8a2c7e1b3)
DOC = b"%PDF-1.4\n" + b"d" * (storage.CHUNK + 10)
PACKAGE = b"%PDF-1.7 package\n%%EOF\n"
REPORT = b"%PDF-1.7 report\n%%EOF\n"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """WELCOME_DATA_DIR for the migration (it reads the settings as `welcome db upgrade` does)."""
    where = tmp_path / "data"
    monkeypatch.setenv("WELCOME_DATA_DIR", str(where))
    get_settings.cache_clear()
    yield where
    get_settings.cache_clear()


def _rows(url: str, sql: str) -> list[tuple[object, ...]]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(text(sql))]
    finally:
        engine.dispose()


def test_files_move_into_the_storage_and_back(
    db_url: str, factory: Factory, data_dir: Path
) -> None:
    counsellor = factory.user(centre=factory.centre())
    with acting(factory, counsellor) as db:
        pid = person(db, "Olena", "Koval").id
        procedure = create(db, person_id=pid, reference_occupation="Koch", authority="ihk_fosa")
        documents.create(
            db,
            settings=make_settings(db_url, data_dir),
            procedure=procedure,
            stream=io.BytesIO(DOC),
            filename="Zeugnis.pdf",
            data=DocumentIn(),
        )
        packages.issue(
            db, person_id=pid, data=PackageIn(language="de"), render_pdf=lambda _h: PACKAGE
        )
        db.add(
            ReportSubmission(
                centre_id=counsellor.centre_id,
                period="2026-Q3",
                report={},
                pdf_ref=storage.put(db, data=REPORT),
                sha256="0" * 64,
            )
        )
    factory.engine.dispose()

    migrate.downgrade(db_url, BEFORE)  # the files are written back under WELCOME_DATA_DIR
    engine = create_engine(db_url)
    assert "stored_files" not in inspect(engine).get_table_names()
    engine.dispose()
    ((key,),) = _rows(db_url, "SELECT storage_key FROM recognition_documents")
    ((path,),) = _rows(db_url, "SELECT pdf_path FROM welcome_packages")
    ((pdf,),) = _rows(db_url, "SELECT pdf FROM report_submissions")
    assert (data_dir / "uploads" / str(key)).read_bytes() == DOC
    assert str(key).startswith(f"{counsellor.centre_id}/") and str(key).endswith(".pdf")
    assert (data_dir / str(path)).read_bytes() == PACKAGE
    assert str(path).startswith(f"packages/{counsellor.centre_id}/{pid}/")
    assert bytes(pdf) == REPORT  # type: ignore[arg-type]

    (data_dir / str(path)).unlink()  # one file lost on disk: reported, not fatal
    migrate.upgrade(db_url)
    ((ref,),) = _rows(db_url, "SELECT storage_key FROM recognition_documents")
    ((missing,),) = _rows(db_url, "SELECT pdf_path FROM welcome_packages")
    ((report_ref,),) = _rows(db_url, "SELECT pdf_ref FROM report_submissions")
    assert missing == f"missing:{path}"
    engine = create_engine(db_url)
    with engine.connect() as conn:
        assert storage.read(conn, ref=str(ref)) == DOC
        assert storage.read(conn, ref=str(report_ref)) == REPORT
        with pytest.raises(storage.NotFound):
            storage.read(conn, ref=str(missing))
    engine.dispose()

    migrate.downgrade(db_url, BEFORE)  # and back: the missing file keeps its old path
    assert _rows(db_url, "SELECT pdf_path FROM welcome_packages") == [(path,)]
    ((key,),) = _rows(db_url, "SELECT storage_key FROM recognition_documents")
    assert (data_dir / "uploads" / str(key)).read_bytes() == DOC
    migrate.upgrade(db_url)
    engine = create_engine(db_url)
    assert not migrate.pending(engine)
    engine.dispose()
