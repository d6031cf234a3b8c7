"""Merging two employers: every table pointing to employers moves, an event that reached both
keeps the company once, the pointer is hidden from lists and named by the API, undo."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlmodel import Session, col

from cases.employers import contacts, hiring_needs, merge, placements, service
from cases.employers.models import (
    Employer,
    EmployerConsultation,
    EmployerContact,
    EventEmployer,
    HiringNeed,
    Placement,
)
from cases.employers.schemas import (
    ContactPersonIn,
    EmployerMergeIn,
    EmployerUndoMergeIn,
    HiringNeedIn,
    PlacementIn,
)
from tests.conftest import Factory
from tests.counselling.helpers import acting, person
from tests.employers.helpers import consultation, employer, event
from welcome import clock, merging
from welcome.errors import Forbidden, NotFound
from welcome.inputs import validate


def test_every_table_pointing_to_employers_is_declared() -> None:
    assert merging.references("employers") == set(merge.TREATMENTS)


def _rows(db: Session, company: Employer, pid: int) -> dict[str, int | None]:
    """One row in every table pointing to employers but the events'."""
    person_in = ContactPersonIn.model_validate({"name": "Frau A"})
    contact = contacts.create(db, employer=company, data=person_in)
    need_in = validate(HiringNeedIn, {"recorded_on": clock.today(), "occupation": "Schweißer"})
    need = hiring_needs.create(db, employer=company, data=need_in)
    placed_in = validate(
        PlacementIn,
        {"person_id": pid, "type": "job", "starts_on": clock.today(), "occupation": "Pflege"},
    )
    placed = placements.create(db, employer=company, data=placed_in)
    held = consultation(db, company)
    return {"contact": contact.id, "need": need.id, "placement": placed.id, "consult": held.id}


def test_everything_moves_and_the_pointer_is_hidden(factory: Factory) -> None:
    centre = factory.centre()
    user, lead = factory.user(centre=centre), factory.user(centre=centre, role="lead")
    with acting(factory, user) as db:
        pid = person(db).id
        keep = employer(db, "Erzgebirge Metall GmbH", size_band="50-249")
        dup = employer(db, "Erzgebirge Metall", municipality="Aue", size_band="10-49")
        theirs = _rows(db, dup, pid)
        both = event(db, title="Messe", employer_ids=[keep.id, dup.id]).id
        only = event(db, title="Mailing", employer_ids=[dup.id]).id
        keep_id, dup_id = keep.id, dup.id
    with acting(factory, user) as db:
        survivor = merge.get(db, employer_id=keep_id)
        data = validate(
            EmployerMergeIn, {"duplicate_id": dup_id, "keep": {"size_band": "duplicate"}}
        )
        merge.merge(db, employer=survivor, data=data)
    with acting(factory, user) as db:
        survivor = merge.get(db, employer_id=keep_id)
        assert survivor.size_band == "10-49"  # chosen
        assert survivor.municipality == "Aue"  # empty here: taken
        assert survivor.name == "Erzgebirge Metall GmbH"
        for model, key in (
            (EmployerContact, "contact"),
            (HiringNeed, "need"),
            (Placement, "placement"),
            (EmployerConsultation, "consult"),
        ):
            row = db.get(model, theirs[key])
            assert row is not None and row.employer_id == keep_id, model
        reached = db.execute(select(col(EventEmployer.event_id), col(EventEmployer.employer_id)))
        assert sorted(reached) == sorted([(both, keep_id), (only, keep_id)])
        rows, total = service.list_employers(db)
        assert [r.employer.id for r in rows] == [keep_id] and total == 1
        with pytest.raises(merging.MergedAway) as gone:
            merge.get(db, employer_id=dup_id)
        assert gone.value.merged_into == keep_id
    with acting(factory, lead) as db:
        survivor = merge.get(db, employer_id=keep_id)
        data_undo = validate(EmployerUndoMergeIn, {"duplicate_id": dup_id})
        merge.undo(db, employer=survivor, data=data_undo)
    with acting(factory, user) as db:
        back = merge.get(db, employer_id=dup_id)
        assert (back.name, back.municipality, back.size_band) == (
            "Erzgebirge Metall",
            "Aue",
            "10-49",
        )
        survivor = merge.get(db, employer_id=keep_id)
        assert (survivor.size_band, survivor.municipality) == ("50-249", None)
        assert db.get(Placement, theirs["placement"]).employer_id == dup_id  # type: ignore[union-attr]
        reached = db.execute(select(col(EventEmployer.event_id), col(EventEmployer.employer_id)))
        assert sorted(reached) == sorted([(both, keep_id), (both, dup_id), (only, dup_id)])
        assert service.find_duplicates(db, name="Erzgebirge Metall", exclude_id=keep_id) == [back]


def test_other_centre_refused_and_undo_for_leads_only(factory: Factory) -> None:
    here, there = factory.centre(), factory.centre()
    user, stranger = factory.user(centre=here), factory.user(centre=there)
    with acting(factory, user) as db:
        keep, dup = employer(db, "Sonne GmbH").id, employer(db, "Sonne").id
    with acting(factory, stranger) as db:
        foreign = employer(db, "Sonne GmbH").id
    with acting(factory, user) as db:
        survivor = merge.get(db, employer_id=keep)
        with pytest.raises(NotFound):
            merge.merge(
                db, employer=survivor, data=validate(EmployerMergeIn, {"duplicate_id": foreign})
            )
        merge.merge(db, employer=survivor, data=validate(EmployerMergeIn, {"duplicate_id": dup}))
    with acting(factory, user) as db, pytest.raises(Forbidden):
        merge.undo(
            db,
            employer=merge.get(db, employer_id=keep),
            data=validate(EmployerUndoMergeIn, {"duplicate_id": dup}),
        )


def test_api_merge_404_merged_into_history_and_undo(client: TestClient, factory: Factory) -> None:
    centre, other = factory.centre(), factory.centre()
    user, lead = factory.user(centre=centre), factory.user(centre=centre, role="lead")
    stranger = factory.user(centre=other)
    mine = {"Authorization": f"Bearer {factory.token(user)}"}
    boss = {"Authorization": f"Bearer {factory.token(lead)}"}
    theirs = {"Authorization": f"Bearer {factory.token(stranger)}"}
    keep = client.post("/api/v1/employers", json={"name": "Sonne GmbH"}, headers=mine).json()["id"]
    dup = client.post(
        "/api/v1/employers", json={"name": "Sonne", "municipality": "Aue"}, headers=mine
    ).json()["id"]
    foreign = client.post("/api/v1/employers", json={"name": "Sonne"}, headers=theirs).json()["id"]
    refused = client.post(
        f"/api/v1/employers/{keep}/merge", json={"duplicate_id": foreign}, headers=mine
    )
    assert refused.status_code == 404
    done = client.post(f"/api/v1/employers/{keep}/merge", json={"duplicate_id": dup}, headers=mine)
    assert done.status_code == 200, done.text
    assert done.json()["id"] == keep and done.json()["municipality"] == "Aue"
    gone = client.get(f"/api/v1/employers/{dup}", headers=mine)
    assert gone.status_code == 404 and gone.json()["merged_into"] == keep
    assert gone.headers["content-type"].startswith("application/problem+json")
    listed = client.get("/api/v1/employers", headers=mine).json()
    assert [e["id"] for e in listed["items"]] == [keep]
    assert client.get(f"/api/v1/employers/{dup}", headers=theirs).json().get("merged_into") is None
    history = client.get(f"/api/v1/employers/{keep}/history", headers=boss).json()["items"]
    merged = [i for i in history if i["action"] == "merge"]
    assert merged and {"field": "merged_from", "old": None, "new": dup} in merged[0]["changes"]
    undo = {"duplicate_id": dup}
    assert (
        client.post(f"/api/v1/employers/{keep}/merge/undo", json=undo, headers=mine).status_code
        == 403
    )
    assert (
        client.post(f"/api/v1/employers/{keep}/merge/undo", json=undo, headers=boss).status_code
        == 200
    )
    assert client.get(f"/api/v1/employers/{dup}", headers=mine).json()["municipality"] == "Aue"
