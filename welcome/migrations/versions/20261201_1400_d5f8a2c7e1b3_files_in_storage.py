"""files in storage: documents, issued packages and submitted report PDFs every host reads

Revision ID: d5f8a2c7e1b3
Revises: d5a8e3f1c2b7
Create Date: 2026-12-01 14:00:00

The tables of welcome.storage, then a data migration: every uploaded document
(WELCOME_DATA_DIR/uploads/<storage_key>) and every issued package PDF
(WELCOME_DATA_DIR/<pdf_path>) is copied into the storage configured now (the database, or
WELCOME_STORAGE_URL's object store) and its row gets the reference; the report submissions'
PDF column moves into the storage the same way. A file that is not on disk is reported (a
warning per file and a count) and its row keeps its old path as `missing:<path>`: its download
answers "missing", as it did before — one lost file does not stop the upgrade. The files on
disk are left where they are (delete WELCOME_DATA_DIR/uploads and /packages after checking).
The downgrade writes the files back under WELCOME_DATA_DIR and restores the paths and the
PDF column (objects in an object store are left there).
"""

import logging
import uuid
from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision: str = "d5f8a2c7e1b3"
down_revision: str | None = "d5a8e3f1c2b7"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

log = logging.getLogger("alembic.runtime.migration")

EXTENSIONS = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}

documents = sa.table(
    "recognition_documents",
    sa.column("id", sa.Integer),
    sa.column("centre_id", sa.Integer),
    sa.column("content_type", sa.String),
    sa.column("storage_key", sa.String),
)
packages = sa.table(
    "welcome_packages",
    sa.column("id", sa.Integer),
    sa.column("centre_id", sa.Integer),
    sa.column("person_id", sa.Integer),
    sa.column("pdf_sha256", sa.String),
    sa.column("pdf_path", sa.String),
)
submissions = sa.table(
    "report_submissions",
    sa.column("id", sa.Integer),
    sa.column("pdf", sa.LargeBinary),
    sa.column("pdf_ref", sa.String),
)


def _data_dir() -> Path:
    from welcome.config import get_settings

    return get_settings().data_dir


def upgrade() -> None:
    op.create_table(
        "storage_removals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=600), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_try_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.String(length=500), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_storage_removals")),
    )
    with op.batch_alter_table("storage_removals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_storage_removals_next_try_at"), ["next_try_at"], unique=False
        )
    op.create_table(
        "stored_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("chunks", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stored_files")),
        sa.UniqueConstraint("key", name=op.f("uq_stored_files_key")),
    )
    op.create_table(
        "stored_file_chunks",
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["file_id"],
            ["stored_files.id"],
            name=op.f("fk_stored_file_chunks_file_id_stored_files"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("file_id", "seq", name=op.f("pk_stored_file_chunks")),
    )
    with op.batch_alter_table("report_submissions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pdf_ref", sa.String(length=600), nullable=True))

    from welcome import storage

    conn = op.get_bind()
    data_dir = _data_dir()
    moved = missing = 0
    for ident, key in conn.execute(sa.select(documents.c.id, documents.c.storage_key)).all():
        ref = _move(conn, storage, data_dir / "uploads" / key, f"uploads/{key}")
        missing += ref.startswith("missing:")
        moved += not ref.startswith("missing:")
        conn.execute(documents.update().where(documents.c.id == ident).values(storage_key=ref))
    for ident, path in conn.execute(sa.select(packages.c.id, packages.c.pdf_path)).all():
        ref = _move(conn, storage, data_dir / path, path)
        missing += ref.startswith("missing:")
        moved += not ref.startswith("missing:")
        conn.execute(packages.update().where(packages.c.id == ident).values(pdf_path=ref))
    for (ident,) in conn.execute(sa.select(submissions.c.id)).all():
        pdf = conn.execute(sa.select(submissions.c.pdf).where(submissions.c.id == ident)).scalar()
        ref = storage.put(conn, data=bytes(pdf or b""))
        conn.execute(submissions.update().where(submissions.c.id == ident).values(pdf_ref=ref))
    log.info("files moved into the storage: %d, missing on disk: %d", moved, missing)

    with op.batch_alter_table("report_submissions", schema=None) as batch_op:
        batch_op.alter_column("pdf_ref", existing_type=sa.String(length=600), nullable=False)
        batch_op.drop_column("pdf")


def _move(conn: sa.Connection, storage: object, path: Path, old: str) -> str:
    """The file at `path` put into the storage: its reference, or `missing:<old>`."""
    if old.startswith(("db:", "s3:", "missing:")):
        return old  # already moved (a database restored over a later one)
    try:
        with path.open("rb") as source:
            return str(storage.put(conn, data=source))  # type: ignore[attr-defined]
    except FileNotFoundError:
        log.warning("file missing on disk, row kept as missing: %s", path)
        return f"missing:{old}"


def downgrade() -> None:
    from welcome import storage

    conn = op.get_bind()
    data_dir = _data_dir()
    with op.batch_alter_table("report_submissions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pdf", sa.LargeBinary(), nullable=True))

    rows = conn.execute(
        sa.select(
            documents.c.id, documents.c.centre_id, documents.c.content_type, documents.c.storage_key
        )
    ).all()
    for ident, centre_id, content_type, ref in rows:
        if ref.startswith("missing:"):
            key = ref.removeprefix("missing:").removeprefix("uploads/")
        else:
            key = f"{centre_id}/{uuid.uuid4().hex}{EXTENSIONS.get(content_type, '')}"
            _write(data_dir / "uploads" / key, storage.read(conn, ref=ref))
        conn.execute(documents.update().where(documents.c.id == ident).values(storage_key=key))
    rows = conn.execute(
        sa.select(
            packages.c.id,
            packages.c.centre_id,
            packages.c.person_id,
            packages.c.pdf_sha256,
            packages.c.pdf_path,
        )
    ).all()
    for ident, centre_id, person_id, digest, ref in rows:
        if ref.startswith("missing:"):
            path = ref.removeprefix("missing:")
        else:
            path = f"packages/{centre_id}/{person_id}/{digest}.pdf"
            _write(data_dir / path, storage.read(conn, ref=ref))
        conn.execute(packages.update().where(packages.c.id == ident).values(pdf_path=path))
    for ident, ref in conn.execute(sa.select(submissions.c.id, submissions.c.pdf_ref)).all():
        pdf = storage.read(conn, ref=ref)
        conn.execute(submissions.update().where(submissions.c.id == ident).values(pdf=pdf))

    with op.batch_alter_table("report_submissions", schema=None) as batch_op:
        batch_op.alter_column("pdf", existing_type=sa.LargeBinary(), nullable=False)
        batch_op.drop_column("pdf_ref")
    queued = conn.execute(sa.text("SELECT count(*) FROM storage_removals")).scalar()
    if queued:
        log.warning("%d object-store removals were still queued and are dropped", queued)
    op.drop_table("stored_file_chunks")
    op.drop_table("stored_files")
    with op.batch_alter_table("storage_removals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_storage_removals_next_try_at"))
    op.drop_table("storage_removals")


def _write(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.part")
    temporary.write_bytes(content)
    temporary.replace(path)
