"""Record keys of the cell key method, computed by the database.

Every counted record (a person, a contact, an enquiry, a case, an employer…) has a fixed
pseudo-random key in 0 … P-1, derived from its id and the deployment's secret
(`models.ReportSecret`, made once by the migration): the same record has the same key in every
request, period, scope and version, and nobody without the secret can compute it. A cell's key
is the sum of its records' keys modulo P, as a fraction of P (uniform in [0, 1)); a cell of the
same records therefore always gets the same noise (`ptable`), and two cells that differ by a
record get unrelated noise.

The key is a small integer hash that both SQLite and PostgreSQL compute in 64-bit arithmetic:
x = (id·a + b) mod P, key = ((x² mod P)·c + x) mod P, with a, b, c per kind of record from
HMAC-SHA256(secret, kind). P = 2³¹ − 1, so no intermediate value exceeds 2⁶³.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import BigInteger, ColumnElement, cast, literal_column, select
from sqlmodel import Session, col

from cases.reports.models import ReportSecret

P = 2_147_483_647  # 2**31 - 1, a prime

KINDS = (
    "person",
    "contact",
    "enquiry",
    "case",
    "referral",
    "recognition",
    "employer",
    "consultation",
    "event",
    "package",
    "outcome",
)


def _number(value: int) -> ColumnElement[int]:
    return literal_column(str(int(value)), BigInteger)  # our own integers, never input


@dataclass(frozen=True, slots=True)
class RecordKeys:
    """The per-kind constants of the record-key hash (from one secret)."""

    constants: dict[str, tuple[int, int, int]]
    secret: str

    @classmethod
    def from_secret(cls, secret: str) -> RecordKeys:
        out = {}
        for kind in KINDS:
            digest = hmac.new(secret.encode(), f"cell-key/{kind}".encode(), hashlib.sha256)
            raw = digest.digest()
            a, b, c = (int.from_bytes(raw[i : i + 8], "big") % P for i in (0, 8, 16))
            out[kind] = (a or 1, b, c or 1)
        return cls(out, secret)

    def sql(self, column: Any, kind: str) -> ColumnElement[int]:
        """The record key of the row whose id is `column`."""
        a, b, c = self.constants[kind]
        x = (cast(column, BigInteger) * _number(a) + _number(b)) % _number(P)
        return ((x * x) % _number(P) * _number(c) + x) % _number(P)

    def empty_cell_key(self, place: str) -> float:
        """The cell key of a figure that counts nothing (no record keys to add up): fixed per
        place (table, row, column), so an empty cell shows the same in every report."""
        digest = hmac.new(self.secret.encode(), f"empty/{place}".encode(), hashlib.sha256)
        return int.from_bytes(digest.digest()[:8], "big") / 2**64

    def python(self, record_id: int, kind: str) -> int:
        """The same key computed here (for tests and checks)."""
        a, b, c = self.constants[kind]
        x = (record_id * a + b) % P
        return ((x * x) % P * c + x) % P


def cell_key(key_sum: int) -> float:
    """The cell key in [0, 1) of a cell whose records' keys add up to `key_sum`."""
    return (int(key_sum) % P) / P


def secret(db: Session) -> str:
    """The deployment's secret (made on first use if the migration did not)."""
    found = db.scalar(select(col(ReportSecret.secret)).order_by(col(ReportSecret.id)))
    if found:
        return str(found)
    row = ReportSecret(secret=secrets.token_hex(32))
    db.add(row)
    db.flush()
    return row.secret


def for_session(db: Session) -> RecordKeys:
    return RecordKeys.from_secret(secret(db))
