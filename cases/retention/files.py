"""Every file the deletion concept removes goes through `remove_file`, one small function:
a call of `welcome.storage.remove` with the row's storage reference (a document's
`storage_key`, a package's `pdf_path`).

A file kept in the database goes in the caller's transaction (a rolled-back anonymisation
keeps its files); an object-store file is queued in it and deleted after the commit, retried
until it is (`welcome.storage`). An empty reference (a PDF removed before) and a
`missing:` one (a file the migration did not find) are no error: a rerun removes nothing.
"""

from __future__ import annotations

from sqlmodel import Session

from welcome import storage


def remove_file(db: Session, *, ref: str) -> None:
    """Remove the stored file behind `ref` together with `db`'s transaction."""
    if ref:
        storage.remove(db, ref=ref)
