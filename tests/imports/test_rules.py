"""The issue's "Rules and bad input", each checked: a file that cannot be imported is one clear
error and nothing is written; formulas are their cached values, never evaluated; text starting
with = + - @ is stored as text; a lead never adds a user to another centre or above lead; the
last admin stays."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from fastapi.testclient import TestClient
from openpyxl import Workbook
from sqlalchemy import func, select
from sqlmodel import Session

from cases.imports import service
from cases.imports.models import ImportBatch
from cases.imports.reading import MAX_ROWS
from cases.imports.schemas import UploadIn
from cases.persons.models import Person
from tests.conftest import Factory
from tests.imports.helpers import acting, csv_bytes
from welcome.accounts.models import User
from welcome.audit import AuditEntry
from welcome.errors import FieldErrors
from welcome.i18n import force_locale


def _written(db: Session) -> tuple[int, int]:
    batches = db.scalar(select(func.count()).select_from(ImportBatch)) or 0
    audit = db.scalar(select(func.count()).select_from(AuditEntry)) or 0
    return batches, audit


def _protected() -> bytes:
    """An OLE compound file: what Excel writes for a password-protected workbook (and .xls)."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("report.pdf", b"%PDF-1.7\n\x00\x01\x02", "neither an Excel workbook"),
        ("liste.xlsx", _protected(), "password"),
        ("liste.csv", b"12;13\n14;15\n", "header"),
        ("liste.csv", b"Nachname;Vorname\n" + b"Berg;Anna\n" * (MAX_ROWS + 1),
         "more than"),
        ("liste.csv", b"Nachname;Vorname\n" + b"x" * (20 * 1024 * 1024), "larger"),
    ],
)  # fmt: skip
def test_a_file_that_cannot_be_imported_writes_nothing(
    factory: Factory, name: str, content: bytes, words: str
) -> None:
    lead = factory.user(role="lead", centre=factory.centre())
    with acting(factory, lead) as db:
        before = _written(db)
    with acting(factory, lead) as db, force_locale("en"), pytest.raises(FieldErrors) as caught:
        service.create(db, data=UploadIn(kind="persons"), filename=name, content=content)
    assert list(caught.value.errors) == ["file"]  # one error
    assert words in caught.value.errors["file"]
    with acting(factory, lead) as db:
        assert _written(db) == before


def _with_cached_values() -> bytes:
    """A sheet whose formulas carry the value Excel computed (openpyxl writes none: added to
    the sheet's XML as Excel would)."""
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.append(["Nachname", "Vorname", "Geb.-Jahr", "Zielgruppe", "Wohnort"])
    ws.append(["Berg", "Anna", "=1980+5", "Rückkehrer", '=CONCATENATE("Chem","nitz")'])
    out = io.BytesIO()
    book.save(out)
    source = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    patched = io.BytesIO()
    with zipfile.ZipFile(patched, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                text = re.sub(r'(<c r="C2"[^>]*>)<f>([^<]*)</f><v\s*/?>(</v>)?',
                              r"\1<f>\2</f><v>1984</v>", text)  # fmt: skip
                cached = r'<c r="E2" t="str"><f>\1</f><v>Chemnitz (cached)</v>'
                text = re.sub(r'<c r="E2"[^>]*><f>([^<]*)</f><v\s*/?>(</v>)?', cached, text)
                data = text.encode()
            target.writestr(item, data)
    return patched.getvalue()


def test_formulas_are_their_cached_values(factory: Factory) -> None:
    """1984, not 1985: the cached value is read; the formula is never computed."""
    lead = factory.user(role="lead", centre=factory.centre())
    with acting(factory, lead) as db:
        batch = service.create(db, data=UploadIn(kind="persons"), filename="f.xlsx",
                               content=_with_cached_values())  # fmt: skip
        plan = service.preview(db, batch=batch)
        person = plan.rows[0].models["person"]
        assert person.birth_year == 1984
        assert person.municipality == "Chemnitz (cached)"


def test_text_starting_with_formula_characters_is_stored_as_text(factory: Factory) -> None:
    lead = factory.user(role="lead", centre=factory.centre())
    headers = ("Nachname", "Vorname", "Zielgruppe", "Wohnort", "Beruf")
    texts = ["=1+2", "+49 371 1234", "-5", "@home", '=HYPERLINK("http://x.example")']
    names = ["Berg", "Schulze", "Okafor", "Nakamura", "Lindqvist"]  # no two alike
    rows = [(names[i], "Anna", "Rückkehrer", text, text) for i, text in enumerate(texts)]
    with acting(factory, lead) as db:
        batch = service.create(db, data=UploadIn(kind="persons"), filename="t.csv",
                               content=csv_bytes(rows, headers))  # fmt: skip
        assert service.commit(db, batch=batch)["created"] == len(texts)
    with acting(factory, lead) as db:
        stored = {
            p.last_name: (p.municipality, p.occupation_title) for p in db.scalars(select(Person))
        }
    assert stored == {names[i]: (text, text) for i, text in enumerate(texts)}


def _api(client: TestClient, factory: Factory, user: User) -> dict[str, str]:
    return {"Authorization": f"Bearer {factory.token(user)}"}


def test_a_lead_never_adds_users_elsewhere_or_above_lead(
    client: TestClient, factory: Factory
) -> None:
    centre, other = factory.centre("Erzgebirge"), factory.centre("Leipzig")
    lead = factory.user(role="lead", centre=centre)
    stranger = factory.user(role="counsellor", centre=other)
    headers = _api(client, factory, lead)
    for body in (
        {"email": "a@test.example", "role": "counsellor", "centre_id": other.id},
        {"email": "b@test.example", "role": "admin"},
        {"email": "c@test.example", "role": "admin", "centre_id": centre.id},
    ):
        answer = client.post("/api/v1/users", headers=headers, json=body)
        assert answer.status_code == 422, body
    made = client.post("/api/v1/users", headers=headers,
                       json={"email": "d@test.example", "role": "lead"})  # fmt: skip
    assert made.status_code == 201
    # another centre's user is not found; an own counsellor is not made admin
    assert client.patch(f"/api/v1/users/{stranger.id}", headers=headers,
                        json={"role": "lead"}).status_code == 404  # fmt: skip
    own = factory.user(role="counsellor", centre=centre)
    assert client.patch(f"/api/v1/users/{own.id}", headers=headers,
                        json={"role": "admin"}).status_code == 422  # fmt: skip
    from welcome.db import SYSTEM, unit_of_work

    with unit_of_work(factory.sessions, actor=SYSTEM) as db:
        users = {u.email: (u.role, u.centre_id) for u in db.scalars(select(User))}
    assert "a@test.example" not in users and "b@test.example" not in users
    assert "c@test.example" not in users
    assert users["d@test.example"] == ("lead", centre.id)
    assert users[stranger.email] == ("counsellor", other.id)
    assert users[own.email] == ("counsellor", centre.id)


def test_the_last_admin_cannot_be_deactivated(client: TestClient, factory: Factory) -> None:
    from welcome.accounts import admin
    from welcome.accounts.schemas import UserChangeIn
    from welcome.db import Actor, unit_of_work

    first, second = factory.user(role="admin"), factory.user(role="admin")
    headers = _api(client, factory, first)
    assert client.patch(f"/api/v1/users/{second.id}", headers=headers,
                        json={"active": False}).status_code == 200  # fmt: skip
    refused = client.patch(f"/api/v1/users/{first.id}", headers=headers,
                           json={"active": False})  # fmt: skip
    assert refused.status_code == 422  # (the message: nobody deactivates themselves)
    # nor by anyone else acting as admin (the command line), nor by taking the role away
    someone = Actor(user_id=None, centre_id=None, role="admin")
    for change in (UserChangeIn(active=False), UserChangeIn(role="lead")):
        with unit_of_work(factory.sessions, actor=someone) as db, force_locale("en"):
            user = admin.get_user(db, user_id=first.id or 0)
            with pytest.raises(FieldErrors) as caught:
                admin.update_user(db, user=user, data=change)
            assert "last administrator" in caught.value.errors["active"]
    with unit_of_work(factory.sessions, actor=someone) as db:
        admins = [u.id for u in db.scalars(select(User)) if u.role == "admin" and u.active]
    assert admins == [first.id]
