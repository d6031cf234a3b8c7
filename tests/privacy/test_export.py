"""Art. 15 export: the JSON lists every row that belongs to the person, found generically by
walking the tables that reference the person (and its cases, contacts…) in the database, so a
new table without export coverage fails here; the audit entry; the 404s."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Table, select

from cases.privacy.export import HIDDEN, plain
from tests.conftest import Factory
from tests.privacy.samples import DELETED_NOTE, NOTE, World, build
from welcome.audit import AuditEntry
from welcome.db import metadata

# table -> the JSON key whose lists hold its rows (tables with an `id`), or how it is shown
IN_LISTS = {
    "cases": "cases",
    "case_events": "events",
    "contacts": "contacts",
    "referrals": "referrals",
    "outcomes": "outcomes",
    "consents": "consents",
    "information_records": "information_records",
    "recognition_procedures": "recognitions",
    "recognition_documents": "documents",
    "recognition_suspensions": "suspensions",
    "welcome_packages": "welcome_packages",
    "placements": "placements",
    "import_rows": "imports",
}
SHOWN_IN_PARENT = {  # rows without an id of their own: (JSON list, its key, the row's column)
    "contact_topics": ("contacts", "topics", "topic", "contact_id"),
    "person_nationalities": ("person", "nationalities", "country", "person_id"),
}
BY_OTHER_ID = {"outreach_event_persons": ("events", "event_id")}  # the event, by its id
NOT_EXPORTED = {"person_search_keys": "the names folded for the search (the names are)"}
# columns that name a parent without a foreign key (import rows, a merge)
LOOSE = {"person_id": "persons", "case_id": "cases", "contact_id": "contacts"}


def belonging(db: Any, person_id: int) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table that holds something about the person: the tables reaching
    the person through foreign keys (or a loose `person_id`/`case_id`/`contact_id`), to a
    fixed point; deleted rows included (a core select sees them)."""
    reached: dict[str, set[int]] = {"persons": {person_id}}
    found: dict[str, list[dict[str, Any]]] = {}
    changed = True
    while changed:
        changed = False
        for table in metadata.sorted_tables:
            if table.name in ("persons", "audit_log", "record_merges"):
                continue
            links = [(fk.parent.name, fk.column.table.name) for fk in table.foreign_keys]
            links += [(c, t) for c, t in LOOSE.items() if c in table.c and (c, t) not in links]
            links = [(c, t) for c, t in links if t in reached]
            if not links:
                continue
            rows = []
            for column, target in links:
                query = select(table).where(table.c[column].in_(reached[target]))
                rows += [dict(r._mapping) for r in db.execute(query)]
            unique = {tuple(sorted((k, str(v)) for k, v in r.items())): r for r in rows}
            if len(unique) != len(found.get(table.name, [])):
                found[table.name] = list(unique.values())
                changed = True
            if "id" in table.c:
                ids = {r["id"] for r in unique.values()}
                if not ids <= reached.get(table.name, set()):
                    reached[table.name] = reached.get(table.name, set()) | ids
                    changed = True
    return {name: rows for name, rows in found.items() if rows}


def lists(data: Any, key: str) -> Iterator[dict[str, Any]]:
    """Every dict in every list under `key`, anywhere in the JSON."""
    if isinstance(data, dict):
        for k, v in data.items():
            if k == key and isinstance(v, list):
                yield from (x for x in v if isinstance(x, dict))
            yield from lists(v, key)
    elif isinstance(data, list):
        for item in data:
            yield from lists(item, key)


@pytest.fixture
def world(factory: Factory) -> World:
    return build(factory)


def api(
    factory: Factory, client: TestClient, centre_id: int, role: str = "counsellor"
) -> dict[str, str]:
    user = factory.user(role=role, centre=_centre(factory, centre_id), locale="en")
    return {"Authorization": f"Bearer {factory.token(user)}"}


def _centre(factory: Factory, centre_id: int) -> Any:
    from welcome.accounts.models import Centre

    with factory.session() as db:
        return db.get(Centre, centre_id)


def test_the_json_lists_every_row_that_belongs_to_the_person(
    factory: Factory, client: TestClient, world: World
) -> None:
    headers = api(factory, client, world.centre_id)
    answer = client.get(f"/api/v1/persons/{world.person_id}/export", headers=headers)
    assert answer.status_code == 200, answer.text
    data = answer.json()
    assert {"person", "cases", "consents", "recognitions", "welcome_packages"} <= set(data)
    assert all({"contacts", "referrals", "outcomes"} <= set(c) for c in data["cases"])
    with factory.session() as db:
        held = belonging(db, world.person_id)
        persons = _table("persons")
        query = select(persons).where(persons.c.id == world.person_id)
        person = dict(db.execute(query).one()._mapping)
    # the sample has a row in every table reached (else this test would prove nothing)
    expected = set(IN_LISTS) | set(SHOWN_IN_PARENT) | set(BY_OTHER_ID) | set(NOT_EXPORTED)
    assert set(held) == expected, f"tables holding the person's data: {sorted(held)}"
    for name, rows in held.items():
        assert name in expected, f"{name}: not exported; add it to the export (cases/privacy)"
        for db_row in rows:
            if name in IN_LISTS:
                candidates = [d for d in lists(data, IN_LISTS[name]) if d.get("id") == db_row["id"]]
                assert candidates, f"{name} {db_row['id']} missing from the export"
                shown = candidates[0]
                for column, value in db_row.items():
                    if column not in HIDDEN:
                        assert shown[column] == plain(_py(value)), (name, column)
            elif name in SHOWN_IN_PARENT:
                where, key, column, parent = SHOWN_IN_PARENT[name]
                owners = [data["person"]] if where == "person" else list(lists(data, where))
                owner = next(o for o in owners if o["id"] == db_row[parent])
                assert db_row[column] in owner[key], (name, db_row)
            elif name in BY_OTHER_ID:
                where, column = BY_OTHER_ID[name]
                assert db_row[column] in [e["id"] for e in data[where]], (name, db_row)
    for column, value in person.items():
        if column not in HIDDEN:
            assert data["person"][column] == plain(_py(value)), column
    # the deleted contact (in its undo window) is there, with the day it goes for good
    deleted = [c for c in lists(data, "contacts") if c["deleted_at"]]
    assert deleted and deleted[0]["deleted_reason"] == DELETED_NOTE and deleted[0]["purged_after"]
    assert NOTE in [c["notes"] for c in lists(data, "contacts")]
    assert data["source"]["merges"][0]["duplicate_id"] == world.duplicate_id
    assert data["source"]["imports"][0]["batch"]["filename"] == "liste.xlsx"
    assert data["retention"][0]["data_class"] == "case_file"
    assert data["placements"][0]["employer"]["name"] == "Pflegeheim Sonnenschein GmbH"
    refs = list(lists(data, "referrals"))
    assert refs[0]["partner"] == "foreigners_authority" and refs[0]["partner_name"]


def _table(name: str) -> Table:
    return metadata.tables[name]


def _py(value: Any) -> Any:
    """A value read by core as the ORM would hand it over (aware datetimes in UTC)."""
    from datetime import datetime

    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def test_the_export_is_audited(factory: Factory, client: TestClient, world: World) -> None:
    headers = api(factory, client, world.centre_id)
    assert (
        client.get(f"/api/v1/persons/{world.person_id}/export", headers=headers).status_code == 200
    )
    with factory.session() as db:
        entries = list(
            db.scalars(
                select(AuditEntry).where(
                    AuditEntry.action == "export", AuditEntry.entity_id == world.person_id
                )
            )
        )
    assert len(entries) == 1
    assert entries[0].changes == {"format": "json", "language": "uk", "article": "15"}
    assert entries[0].user_id is not None


def test_merged_away_and_other_centre_are_404(
    factory: Factory, client: TestClient, world: World
) -> None:
    headers = api(factory, client, world.centre_id)
    gone = client.get(f"/api/v1/persons/{world.duplicate_id}/export", headers=headers)
    assert gone.status_code == 404
    assert gone.json()["merged_into"] == world.person_id
    other = client.get(f"/api/v1/persons/{world.other_person_id}/export", headers=headers)
    assert other.status_code == 404
    assert "merged_into" not in other.json()
    pdf = client.get(f"/api/v1/persons/{world.other_person_id}/export?format=pdf", headers=headers)
    assert pdf.status_code == 404
    bad = client.get(f"/api/v1/persons/{world.person_id}/export?language=xx", headers=headers)
    assert bad.status_code == 422
    with factory.session() as db:
        assert not list(db.scalars(select(AuditEntry).where(AuditEntry.action == "export")))
