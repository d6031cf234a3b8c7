"""The wizard's pages and the API: roles, every step, the file refusals (both backends)."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from cases.persons import service as persons
from cases.persons.models import Person
from cases.persons.schemas import PersonIn
from tests.conftest import Factory, csrf_from, login
from tests.imports.helpers import HEADERS, MESSY_ROWS, acting, csv_bytes, xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def centre_users(factory: Factory) -> dict[str, str]:
    centre = factory.centre("Welcome Center Erzgebirge")
    made = {
        "lead": factory.user(role="lead", centre=centre, email="lead@test.example"),
        "counsellor": factory.user(role="counsellor", centre=centre, email="c@test.example"),
        "admin": factory.user(role="admin", email="admin@test.example"),
    }
    with acting(factory, made["lead"]) as db:  # the person the sheet's row 7 duplicates
        persons.create(
            db, data=PersonIn(first_name="Olena", last_name="Koval", client_group="returnee")
        )
    return {role: user.email for role, user in made.items()}


def _upload(client: TestClient, content: bytes, name: str = "liste.xlsx", **extra: str) -> object:
    page = client.get("/imports")
    assert page.status_code == 200
    return client.post(
        "/imports",
        data={"csrf_token": csrf_from(page.text), "kind": "persons", **extra},
        files={"file": (name, content, XLSX)},
        follow_redirects=False,
    )


def test_a_counsellor_cannot_import(client: TestClient, centre_users: dict[str, str]) -> None:
    login(client, centre_users["counsellor"])
    assert client.get("/imports").status_code == 403
    assert "/imports" not in client.get("/").text


def test_the_wizard_step_by_step(
    client: TestClient, factory: Factory, centre_users: dict[str, str]
) -> None:
    login(client, centre_users["lead"])
    answer = _upload(client, xlsx(MESSY_ROWS))
    assert answer.status_code == 303  # type: ignore[attr-defined]
    columns_url = answer.headers["location"]  # type: ignore[attr-defined]
    page = client.get(columns_url)
    assert page.status_code == 200 and "Staatsangehörigkeit" in page.text
    form = {"csrf_token": csrf_from(page.text)}
    # the suggestions, confirmed as they are; the first column is the row key
    form |= {f"col-{i}": "" for i in range(len(HEADERS))}
    chosen = ["row_key", "last_name", "first_name", "birth_year", "gender", "nationalities",
              "previous_residence_country", "client_group", "opened_on", "channel",
              "duration_minutes", "topics"]  # fmt: skip
    form |= {f"col-{i}": name for i, name in enumerate(chosen)}
    form["save_as"] = "Klientenliste"
    saved = client.post(columns_url, data=form, follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"].endswith("/values")
    values = client.get(saved.headers["location"])
    assert values.status_code == 200 and "Tourist" in values.text
    assert 'value="SY" selected' in values.text  # "Syrien" and "syrisch" suggested as SY
    fixed = {"csrf_token": csrf_from(values.text), "v-client_group:Tourist": "eu_immigrant"}
    to_preview = client.post(saved.headers["location"], data=fixed, follow_redirects=False)
    assert to_preview.status_code == 303
    preview = client.get(to_preview.headers["location"])
    assert preview.status_code == 200
    assert "Possible duplicates" in preview.text or "Mögliche Dubletten" in preview.text
    assert "I (Datum Erstberatung)" in preview.text
    batch_id = int(columns_url.split("/")[2])
    decisions = {"csrf_token": csrf_from(preview.text), "d-7": "skip", "d-8": "create",
                 "then": "commit"}  # fmt: skip
    done = client.post(f"/imports/{batch_id}/decisions", data=decisions, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == f"/imports/{batch_id}"
    result = client.get(f"/imports/{batch_id}")
    assert "4 created" in result.text or "4 angelegt" in result.text
    with factory.session() as db:
        assert db.scalar(select(func.count()).select_from(Person)) == 5
    undo = client.post(
        f"/imports/{batch_id}/undo",
        data={"csrf_token": csrf_from(result.text)},
        follow_redirects=False,
    )
    assert undo.status_code == 303
    with factory.session() as db:
        assert db.scalar(select(func.count()).select_from(Person)) == 1
    # the saved mapping is offered for the next sheet
    assert "Klientenliste" in client.get("/imports").text


@pytest.mark.parametrize(
    ("content", "name", "words"),
    [
        (b"%PDF-1.7 not a sheet\x00\x01", "x.pdf", "CSV"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "secret.xlsx", "passwortgeschützt"),
        (b"1;2;3\n4;5;6\n", "numbers.csv", "keine Kopfzeile"),
        (b"PK\x03\x04broken", "broken.xlsx", "CSV"),
    ],
)
def test_files_that_cannot_be_imported(
    client: TestClient,
    factory: Factory,
    centre_users: dict[str, str],
    content: bytes,
    name: str,
    words: str,
) -> None:
    login(client, centre_users["lead"])
    answer = _upload(client, content, name)  # in the lead's language (German)
    assert answer.status_code == 422  # type: ignore[attr-defined]
    assert words in answer.text  # type: ignore[attr-defined]


def test_an_admin_imports_into_a_chosen_centre(
    client: TestClient, factory: Factory, centre_users: dict[str, str]
) -> None:
    login(client, centre_users["admin"])
    refused = _upload(client, xlsx(MESSY_ROWS))
    assert refused.status_code == 422  # type: ignore[attr-defined]
    with factory.session() as db:
        from welcome.accounts.service import get_centre_by_name

        centre = get_centre_by_name(db, name="Welcome Center Erzgebirge")
        assert centre is not None
    answer = _upload(client, xlsx(MESSY_ROWS), centre_id=str(centre.id))
    assert answer.status_code == 303  # type: ignore[attr-defined]


def test_api_preview_commit_undo(
    client: TestClient, factory: Factory, centre_users: dict[str, str]
) -> None:
    with factory.session() as db:
        from welcome.accounts.service import get_user_by_email

        lead = get_user_by_email(db, email=centre_users["lead"])
        counsellor = get_user_by_email(db, email=centre_users["counsellor"])
    assert lead is not None and counsellor is not None
    headers = {"Authorization": f"Bearer {factory.token(lead)}"}
    rows = [[("Nguyen" if v == "Nguyễn" else v) for v in row] for row in MESSY_ROWS]
    content = csv_bytes(rows, encoding="cp1252")  # German Excel, Windows-1252 (umlauts)
    assert "Müller".encode("cp1252") in content
    mapping = {"values": {"client_group": {"Tourist": "eu_immigrant"}}}
    answer = client.post(
        "/api/v1/imports",
        headers=headers,
        data={"kind": "persons", "mapping": json.dumps(mapping)},
        files={"file": ("liste.csv", content, "text/csv")},
    )
    assert answer.status_code == 201, answer.text
    preview = answer.json()
    assert preview["rows"] == 6 and preview["valid"] == 5
    assert [e["row"] for e in preview["errors"]] == [7]  # the future date (row 7 of the CSV)
    assert {d["row"] for d in preview["duplicates"]} == {5, 6}
    assert preview["columns"]["Nachname"] == "last_name"
    committed = client.post(f"/api/v1/imports/{preview['id']}/commit", headers=headers)
    assert committed.json() == {"created": 3, "skipped": 2, "duplicates": 2, "refused": 1}
    undone = client.post(f"/api/v1/imports/{preview['id']}/undo", headers=headers)
    assert undone.status_code == 200
    assert undone.json()["deleted"]["persons"] == 3
    other = {"Authorization": f"Bearer {factory.token(counsellor)}"}
    assert client.get("/api/v1/imports", headers=other).status_code == 403
