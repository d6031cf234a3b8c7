"""The employer and event API: 201 with ids, problem+json for bad input, 404 across centres."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import Factory
from tests.employers.conftest import add_person
from welcome import clock

TODAY = clock.today()


def _auth(factory: Factory, **kw: object) -> tuple[dict[str, str], object]:
    centre = factory.centre()
    user = factory.user(centre=centre, **kw)  # type: ignore[arg-type]
    return {"Authorization": f"Bearer {factory.token(user)}"}, centre


def _fields(answer: Any) -> set[str]:
    """The fields a problem names (an item of a list, "topics.0", is the list's)."""
    return {e["field"].split(".")[0] for e in answer.json()["errors"]}


def test_employer_consultation_event_and_placement(client: TestClient, factory: Factory) -> None:
    headers, centre = _auth(factory)
    made = client.post(
        "/api/v1/employers",
        json={"name": "Müller GmbH", "sector_code": "25", "size_band": "10-49",
              "municipality": "Aue"},
        headers=headers,
    )  # fmt: skip
    assert made.status_code == 201, made.text
    employer = made.json()
    assert employer["id"] and employer["sector_section"] == "C"
    assert employer["possible_duplicates"] == []

    again = client.post("/api/v1/employers", json={"name": "MÜLLER GMBH & Co. KG"}, headers=headers)
    assert again.status_code == 201
    assert again.json()["possible_duplicates"] == [{"id": employer["id"], "name": "Müller GmbH"}]

    found = client.get("/api/v1/employers", params={"q": "Mueller G.m.b.H."}, headers=headers)
    assert found.status_code == 200
    assert {e["id"] for e in found.json()["items"]} == {employer["id"], again.json()["id"]}

    consultation = client.post(
        f"/api/v1/employers/{employer['id']}/consultations",
        json={"date": TODAY.isoformat(), "duration_minutes": 45, "channel": "video",
              "topics": ["onboarding", "accelerated_procedure"]},
        headers=headers,
    )  # fmt: skip
    assert consultation.status_code == 201, consultation.text
    assert consultation.json()["id"]
    assert consultation.json()["topics"] == ["accelerated_procedure", "onboarding"]

    event = client.post(
        "/api/v1/events",
        json={"date": TODAY.isoformat(), "type": "mailing", "title": "Newsletter",
              "employer_ids": [employer["id"]], "anonymous_companies": 20,
              "persons_reached": 0},
        headers=headers,
    )  # fmt: skip
    assert event.status_code == 201, event.text
    assert event.json()["employer_ids"] == [employer["id"]]
    assert event.json()["anonymous_companies"] == 20
    got = client.get(f"/api/v1/events/{event.json()['id']}", headers=headers)
    assert got.status_code == 200 and got.json()["title"] == "Newsletter"
    listed = client.get("/api/v1/events", params={"type": "mailing"}, headers=headers)
    assert listed.json()["total"] == 1

    person = add_person(factory, centre)  # type: ignore[arg-type]
    placement = client.post(
        f"/api/v1/employers/{employer['id']}/placements",
        json={"person_id": person, "type": "job", "starts_on": TODAY.isoformat(),
              "occupation": "Zerspanungsmechaniker/in"},
        headers=headers,
    )  # fmt: skip
    assert placement.status_code == 201, placement.text
    mine = client.get("/api/v1/placements", params={"person_id": person}, headers=headers)
    assert [p["id"] for p in mine.json()] == [placement.json()["id"]]

    detail = client.get(f"/api/v1/employers/{employer['id']}", headers=headers)
    assert detail.status_code == 200
    assert detail.json()["last_contact"] == TODAY.isoformat()
    patched = client.patch(
        f"/api/v1/employers/{employer['id']}",
        json={"size_band": "50-249", "municipality": None},
        headers=headers,
    )
    assert patched.status_code == 200, patched.text
    assert (patched.json()["size_band"], patched.json()["municipality"]) == ("50-249", None)
    assert patched.json()["name"] == "Müller GmbH"
    unnamed = client.patch(
        f"/api/v1/employers/{employer['id']}", json={"name": None}, headers=headers
    )
    assert unnamed.status_code == 422 and unnamed.json()["errors"][0]["field"] == "name"
    recent = client.get("/api/v1/employers", params={"last_contact": "3m"}, headers=headers)
    assert [e["id"] for e in recent.json()["items"]] == [employer["id"]]


def test_bad_input_is_problem_json_naming_the_fields(client: TestClient, factory: Factory) -> None:
    headers, _centre = _auth(factory)
    bad = client.post(
        "/api/v1/employers",
        json={"name": "Kühn", "sector_code": "45", "sector_version": "2025"},
        headers=headers,
    )
    assert bad.status_code == 422
    assert bad.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in bad.json()["errors"]] == ["sector_code"]
    assert "45" in bad.json()["errors"][0]["message"]

    employer = client.post("/api/v1/employers", json={"name": "Kühn"}, headers=headers).json()
    long = client.post(
        f"/api/v1/employers/{employer['id']}/consultations",
        json={"date": TODAY.isoformat(), "duration_minutes": 601, "channel": "phone",
              "topics": ["gossip"]},
        headers=headers,
    )  # fmt: skip
    assert long.status_code == 422
    assert _fields(long) == {"duration_minutes", "topics"}

    far = client.post(
        "/api/v1/events",
        json={"date": (TODAY + timedelta(days=800)).isoformat(), "type": "webinar",
              "title": "Später", "anonymous_companies": -1},
        headers=headers,
    )  # fmt: skip
    assert far.status_code == 422
    assert {e["field"] for e in far.json()["errors"]} == {"date", "anonymous_companies"}

    garbage = client.post("/api/v1/events", json={"date": "soon"}, headers=headers)
    assert garbage.status_code == 422
    assert garbage.headers["content-type"] == "application/problem+json"
    bad_filter = client.get("/api/v1/employers", params={"last_contact": "x"}, headers=headers)
    assert bad_filter.status_code == 422


def test_other_centres_are_not_found(client: TestClient, factory: Factory) -> None:
    mine, _centre = _auth(factory)
    theirs, other = _auth(factory)
    foreign = client.post("/api/v1/employers", json={"name": "Fremd AG"}, headers=theirs).json()
    foreign_person = add_person(factory, other)  # type: ignore[arg-type]
    own = client.post("/api/v1/employers", json={"name": "Eigen AG"}, headers=mine).json()

    for path in (
        f"/api/v1/employers/{foreign['id']}",
        f"/api/v1/employers/{foreign['id']}/consultations",
    ):
        answer = client.get(path, headers=mine)
        assert answer.status_code == 404, path
        assert answer.headers["content-type"] == "application/problem+json"
    posted = client.post(
        f"/api/v1/employers/{foreign['id']}/consultations",
        json={"date": TODAY.isoformat(), "duration_minutes": 30, "channel": "phone"},
        headers=mine,
    )
    assert posted.status_code == 404
    event = client.post(
        "/api/v1/events",
        json={"date": TODAY.isoformat(), "type": "workshop", "title": "W",
              "employer_ids": [own["id"], foreign["id"]]},
        headers=mine,
    )  # fmt: skip
    assert event.status_code == 422
    assert event.json()["errors"][0]["field"] == "employer_ids"
    placement = client.post(
        f"/api/v1/employers/{own['id']}/placements",
        json={"person_id": foreign_person, "type": "job", "starts_on": TODAY.isoformat(),
              "occupation": "Koch"},
        headers=mine,
    )  # fmt: skip
    assert placement.status_code == 422
    assert [e["field"] for e in placement.json()["errors"]] == ["person_id"]
    assert client.get("/api/v1/employers", headers=mine).json()["total"] == 1
    assert client.get("/api/v1/employers").status_code == 401


def test_statisticians_may_not_read_employers(client: TestClient, factory: Factory) -> None:
    statistician = factory.user(role="statistician")
    headers = {"Authorization": f"Bearer {factory.token(statistician)}"}
    assert client.get("/api/v1/employers", headers=headers).status_code == 403


def test_absurd_numbers_are_4xx_not_500(client: TestClient, factory: Factory) -> None:
    headers, _centre = _auth(factory)
    huge = 10**20
    own = client.post("/api/v1/employers", json={"name": "Eigen AG"}, headers=headers).json()
    answers = [
        client.get(f"/api/v1/employers/{huge}", headers=headers),
        client.get(f"/events/{huge}", follow_redirects=False),
        client.post(
            "/api/v1/events",
            json={
                "date": TODAY.isoformat(),
                "type": "workshop",
                "title": "W",
                "employer_ids": [huge],
                "person_ids": [huge],
                "persons_reached": huge,
            },
            headers=headers,
        ),
        client.post(
            f"/api/v1/employers/{own['id']}/placements",
            json={
                "person_id": huge,
                "type": "job",
                "starts_on": TODAY.isoformat(),
                "occupation": "Koch",
            },
            headers=headers,
        ),
        client.post(
            f"/api/v1/employers/{own['id']}/consultations",
            json={
                "date": "9999-12-31",
                "duration_minutes": huge,
                "channel": "phone",
                "counsellor_id": huge,
            },
            headers=headers,
        ),
        client.get("/api/v1/placements", params={"person_id": huge}, headers=headers),
    ]
    assert [a.status_code for a in answers] == [404, 303, 422, 422, 422, 422]
    # an id no row can have is refused by name, as a filter too
    assert [e["field"] for e in answers[-1].json()["errors"]] == ["person_id"]
    assert _fields(answers[2]) == {
        "employer_ids",
        "person_ids",
        "persons_reached",
    }
    assert {e["field"] for e in answers[4].json()["errors"]} == {
        "date",
        "duration_minutes",
        "counsellor_id",
    }
