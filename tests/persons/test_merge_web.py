"""Merging persons over JSON and in the browser: 404 with merged_into, the field choice sent
as `keep`, cross-centre refusal, the compare page, the old page leading to the survivor, the
merge in the survivor's history, undo by a lead."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import Factory, csrf_from, login
from tests.counselling.helpers import acting, create_case, person
from welcome import clock


def _api(client: TestClient, factory: Factory) -> dict[str, dict[str, str]]:
    centre, other = factory.centre(), factory.centre()
    user, lead = factory.user(centre=centre), factory.user(centre=centre, role="lead")
    stranger = factory.user(centre=other)
    return {
        "mine": {"Authorization": f"Bearer {factory.token(user)}"},
        "boss": {"Authorization": f"Bearer {factory.token(lead)}"},
        "theirs": {"Authorization": f"Bearer {factory.token(stranger)}"},
    }


def test_api_merge_keep_404_merged_into_and_undo(client: TestClient, factory: Factory) -> None:
    h = _api(client, factory)
    mine, boss, theirs = h["mine"], h["boss"], h["theirs"]
    body = {"first_name": "Łukasz", "last_name": "Wiśniewski", "client_group": "eu_immigrant"}
    keep = client.post(
        "/api/v1/persons", json={**body, "birth_year": 1990, "nationalities": ["PL"]}, headers=mine
    ).json()["id"]
    dup = client.post(
        "/api/v1/persons", json={**body, "birth_year": 1992, "nationalities": ["DE"]}, headers=mine
    ).json()["id"]
    foreign = client.post("/api/v1/persons", json=body, headers=theirs).json()["id"]
    url = f"/api/v1/persons/{keep}/merge"
    assert client.post(url, json={"duplicate_id": foreign}, headers=mine).status_code == 404
    bad = client.post(
        url, json={"duplicate_id": dup, "keep": {"shoe_size": "duplicate"}}, headers=mine
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "keep"
    done = client.post(
        url, json={"duplicate_id": dup, "keep": {"birth_year": "duplicate"}}, headers=mine
    )
    assert done.status_code == 200, done.text
    merged = done.json()
    assert (merged["id"], merged["birth_year"], merged["nationalities"]) == (
        keep,
        1992,
        ["PL", "DE"],
    )
    gone = client.get(f"/api/v1/persons/{dup}", headers=mine)
    assert gone.status_code == 404 and gone.json()["merged_into"] == keep
    assert "merged_into" not in client.get(f"/api/v1/persons/{dup}", headers=theirs).json()
    found = client.get("/api/v1/persons", params={"q": "Wisniewski"}, headers=mine).json()
    assert [p["id"] for p in found["items"]] == [keep]
    # merging into a merged-away record is refused the same way
    again = client.post(f"/api/v1/persons/{dup}/merge", json={"duplicate_id": keep}, headers=mine)
    assert again.status_code == 404 and again.json()["merged_into"] == keep
    history = client.get(f"/api/v1/persons/{keep}/history", headers=boss).json()["items"]
    merge_items = [i for i in history if i["action"] == "merge"]
    assert {"field": "merged_from", "old": None, "new": dup} in merge_items[0]["changes"]
    undo = f"/api/v1/persons/{keep}/merge/undo"
    assert client.post(undo, json={"duplicate_id": dup}, headers=mine).status_code == 403
    back = client.post(undo, json={"duplicate_id": dup}, headers=boss)
    assert back.status_code == 200 and back.json()["birth_year"] == 1990
    assert client.get(f"/api/v1/persons/{dup}", headers=mine).json()["birth_year"] == 1992


def test_compare_merge_redirect_history_and_undo_in_the_browser(
    client: TestClient, factory: Factory
) -> None:
    centre = factory.centre()
    factory.user(centre=centre, email="c@m.example", locale="en")
    lead = factory.user(centre=centre, role="lead", email="l@m.example", locale="en")
    with acting(factory, lead) as db:
        keep = person(db, "Łukasz", "Wiśniewski", birth_year=1990, nationalities=["PL"]).id
        dup = person(db, "Lukasz", "Wisniewski", birth_year=1992, municipality="Aue").id
        for pid in (keep, dup):
            create_case(db, person_id=pid, opened_on=clock.today())
    login(client, "c@m.example")
    page = client.get(f"/persons/{keep}").text
    assert "Possible duplicates" in page and f"/persons/{keep}/merge?other={dup}" in page
    picker = client.get(f"/persons/{keep}/merge").text
    assert f"/persons/{keep}/merge?other={dup}" in picker
    compare = client.get(f"/persons/{keep}/merge", params={"other": dup})
    assert compare.status_code == 200
    html = compare.text
    assert "1990" in html and "1992" in html and 'value="birth_year"' in html
    assert 'value="municipality" checked' in html  # empty on the kept side: ticked already
    assert "Cases: 1" in html
    sent = client.post(
        f"/persons/{keep}/merge",
        data={"csrf_token": csrf_from(html), "duplicate_id": str(dup), "keep": ["birth_year"]},
        follow_redirects=False,
    )
    assert sent.status_code == 303 and sent.headers["location"] == f"/persons/{keep}"
    old = client.get(f"/persons/{dup}", follow_redirects=False)
    assert old.status_code == 303 and old.headers["location"] == f"/persons/{keep}"
    survivor = client.get(f"/persons/{keep}").text
    assert "This record was merged into another one" in survivor  # where the old page went
    assert "<dd>1992</dd>" in survivor
    assert survivor.count("/cases/") >= 2  # both cases on one person
    assert "Undo the merge" not in survivor  # a counsellor: no undo, no history
    search = client.get("/persons", params={"q": "Wisniewski"}).text
    assert f"/persons/{keep}" in search and f'href="/persons/{dup}"' not in search
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/").text)})
    login(client, "l@m.example")
    survivor = client.get(f"/persons/{keep}").text
    assert f"Merged with person no.: – → {dup}" in survivor
    assert "Birth year: 1990 → 1992" in survivor
    assert "Undo the merge" in survivor
    undone = client.post(
        f"/persons/{keep}/merge/undo",
        data={"csrf_token": csrf_from(survivor), "duplicate_id": str(dup)},
        follow_redirects=False,
    )
    assert undone.status_code == 303
    assert client.get(f"/persons/{dup}", follow_redirects=False).status_code == 200


def test_a_counsellor_may_not_undo_in_the_browser(client: TestClient, factory: Factory) -> None:
    centre = factory.centre()
    counsellor = factory.user(centre=centre, email="c2@m.example", locale="en")
    with acting(factory, counsellor) as db:
        keep, dup = person(db, "Anna", "Nowak").id, person(db, "Ana", "Nowak").id
    login(client, "c2@m.example")
    html = client.get(f"/persons/{keep}/merge", params={"other": dup}).text
    token = csrf_from(html)
    client.post(f"/persons/{keep}/merge", data={"csrf_token": token, "duplicate_id": str(dup)})
    refused = client.post(
        f"/persons/{keep}/merge/undo", data={"csrf_token": token, "duplicate_id": str(dup)}
    )
    assert refused.status_code == 403
