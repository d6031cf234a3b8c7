"""Every file the deletion concept removes goes through `remove_file`, one small function
(stored files move behind `welcome/storage.py` in another branch: only this body changes
then, to `welcome.storage.remove(db, ref=path)`).

Today a file is a path relative to the data directory (an upload:
`uploads/<storage_key>`, a package PDF: its `pdf_path`). It is unlinked only once the
transaction that stopped pointing at it has committed: a rolled-back anonymisation keeps its
files, and a file that is gone already (a rerun) is no error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlmodel import Session

PENDING = "retention_files"


def remove_file(db: Session, *, path: str, data_dir: Path) -> None:
    """Remove the stored file `path` (relative to `data_dir`) when `db` commits."""
    if not path:
        return
    if not event.contains(db, "after_commit", _unlink_pending):
        event.listen(db, "after_commit", _unlink_pending)
        event.listen(db, "after_rollback", _forget_pending)
    pending: list[Path] = db.info.setdefault(PENDING, [])
    root = data_dir.resolve()
    target = (root / path).resolve()
    if root in target.parents:  # never outside the data directory
        pending.append(target)


def _unlink_pending(session: Any) -> None:
    for target in session.info.pop(PENDING, []):
        target.unlink(missing_ok=True)


def _forget_pending(session: Any) -> None:
    session.info.pop(PENDING, None)


def upload_path(storage_key: str) -> str:
    """An uploaded document's path relative to the data directory."""
    return f"uploads/{storage_key}"
