"""Sheets written in the test (openpyxl writes real XLSX files) and the import's actors."""

from __future__ import annotations

import io
from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import date
from typing import Any

from openpyxl import Workbook
from sqlmodel import Session

from tests.conftest import Factory
from welcome.accounts.models import User
from welcome.db import Actor, unit_of_work

HEADERS = (
    "Lfd. Nr.", "Nachname", "Vorname", "Geb.-Jahr", "Geschlecht", "Staatsangehörigkeit",
    "Herkunftsland", "Zielgruppe", "Datum Erstberatung", "Kontaktart", "Dauer", "Themen",
)  # fmt: skip

# the messy sheet of the golden test: a merged title, merged group headings above the header,
# an empty row, umlauts, TT.MM.JJJJ and serial dates, "Syrien", a duplicate of an existing
# person (Olena Koval) and one within the file (Amal Haddad), a future date, an unknown code
MESSY_ROWS: list[Sequence[Any]] = [
    (1, "Müller", "Jürgen", 1985, "m", "deutsch", "Österreich", "Rückkehrer", "15.03.2025",
     "Telefon", 45, "Arbeitssuche"),
    (),
    (2, "Haddad", "Amal", 1992, "w", "Syrien", "Syrien", "Drittstaat", 45700, "persönlich",
     "60", "Anerkennung, Arbeitssuche"),
    (3, "Koval", "Olena", 1990, "weiblich", "UA", "Ukraine", "Drittstaat", date(2025, 4, 2),
     "tel.", 30, "Wohnen"),
    (4, "Haddad", "Amal", 1992, "w", "syrisch", "Syrien", "Drittstaat", "2025-05-06", "E-Mail",
     "20,0", "Arbeitssuche"),
    (5, "Nguyễn", "Minh", 1999, "d", "Vietnam", "Vietnam", "EU", "01.01.2099", "Video", 30,
     "Arbeitssuche"),
    (6, "Schmidt", "Anna", 1980, "w", "Deutschland", "Polen", "Tourist", "10.02.2025",
     "Telefon", 30, "Arbeitssuche"),
]  # fmt: skip


def xlsx(
    rows: Sequence[Sequence[Any]], headers: Sequence[str] = HEADERS, *, title: bool = True
) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    if title:
        sheet.append(["Klientenliste Welcome Center 2025"])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
        sheet.append(["", "Person", "", "", "", "", "", "", "Beratung"])
        sheet.merge_cells("B2:H2")
        sheet.merge_cells("I2:L2")
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(
    rows: Sequence[Sequence[Any]],
    headers: Sequence[str] = HEADERS,
    *,
    encoding: str = "utf-8-sig",
    delimiter: str = ";",
) -> bytes:
    lines = [delimiter.join(headers)]
    for row in rows:
        lines.append(delimiter.join("" if v is None else str(v) for v in row))
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def acting(factory: Factory, user: User) -> AbstractContextManager[Session]:
    assert user.id is not None
    return unit_of_work(
        factory.sessions, actor=Actor(user_id=user.id, centre_id=user.centre_id, role=user.role)
    )


# tables an import and its undo leave as they were (the import's own tables, the audit log
# and the login bookkeeping excepted)
NOT_COMPARED = frozenset({
    "audit_log", "import_batches", "import_rows", "import_mappings", "login_sessions",
    "login_failures", "api_tokens",
})  # fmt: skip


def contents(db: Session, *, ignore: Sequence[str] = ()) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (but NOT_COMPARED), sorted; `ignore`: columns left out (the
    bookkeeping a merge and its undo change: version, updated_at)."""
    from sqlalchemy import select
    from sqlmodel import SQLModel

    found: dict[str, list[tuple[Any, ...]]] = {}
    for name, table in sorted(SQLModel.metadata.tables.items()):
        if name in NOT_COMPARED:
            continue
        columns = [c for c in table.columns if c.name not in ignore]
        rows = db.connection().execute(select(*columns)).all()
        found[name] = sorted((tuple(r) for r in rows), key=repr)
    return found
