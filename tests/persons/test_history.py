"""A person's history (from the audit log) on the person page: for leads, not counsellors; and
what other areas show on the persons search page."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import Factory, csrf_from, login
from tests.counselling.helpers import acting, person
from welcome import clock


def test_a_lead_sees_who_changed_what_a_counsellor_does_not(
    client: TestClient, factory: Factory
) -> None:
    centre = factory.centre()
    counsellor = factory.user(centre=centre, email="c@x.example", locale="en")
    factory.user(role="lead", centre=centre, email="lead@x.example", locale="en")
    with acting(factory, counsellor) as db:
        pid = person(db, "Olena", "Koval", nationalities=["UA"], gender="female").id
    login(client, "c@x.example")
    form = client.get(f"/persons/{pid}/edit")
    saved = client.post(
        f"/persons/{pid}/edit",
        data={
            "csrf_token": csrf_from(form.text),
            "first_name": "Olena",
            "last_name": "Kowal",
            "client_group": "eu_immigrant",
            "gender": "female",
            "nationalities": ["UA", "PL"],
        },
        follow_redirects=False,
    )
    assert saved.status_code == 303
    assert "Change history" not in client.get(f"/persons/{pid}").text  # a counsellor: none
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/").text)})
    login(client, "lead@x.example")
    page = client.get(f"/persons/{pid}").text
    assert "Change history" in page
    # a name is personal text: the history says it changed, never the words (issue 14)
    assert "Last name: changed (text not recorded)" in page
    assert "Nationalities: Ukraine → Ukraine, Poland" in page
    assert "Gender: – → female" in page  # the create lists what was set, as labels


def test_the_history_over_json_for_leads(client: TestClient, factory: Factory) -> None:
    centre = factory.centre()
    counsellor = factory.user(centre=centre)
    lead = factory.user(role="lead", centre=centre)
    with acting(factory, counsellor) as db:
        pid = person(db, "Olena", "Koval").id
    mine = {"Authorization": f"Bearer {factory.token(counsellor)}"}
    changed = client.patch(f"/api/v1/persons/{pid}", json={"last_name": "Kowal"}, headers=mine)
    assert changed.status_code == 200
    assert client.get(f"/api/v1/persons/{pid}/history", headers=mine).status_code == 403
    boss = {"Authorization": f"Bearer {factory.token(lead)}"}
    items = client.get(f"/api/v1/persons/{pid}/history", headers=boss).json()["items"]
    assert [i["action"] for i in items] == ["create", "update"]
    assert items[1]["changes"] == [{"field": "last_name", "old": "changed", "new": "changed"}]
    assert items[1]["user_id"] == counsellor.id and items[1]["entity"] == "persons"


def test_the_search_page_lists_my_open_cases_before_a_search(
    client: TestClient, factory: Factory
) -> None:

    from tests.counselling.helpers import create_case

    centre = factory.centre()
    counsellor = factory.user(centre=centre, email="c@y.example", locale="en")
    with acting(factory, counsellor) as db:
        found = person(db, "Olena", "Koval")
        create_case(db, person_id=found.id, opened_on=clock.today())
    login(client, "c@y.example")
    page = client.get("/persons").text
    assert "My open cases" in page and "Koval, Olena" in page  # from the counselling area
    assert "My open cases" not in client.get("/persons", params={"q": "Koval"}).text


def test_the_counsellor_of_a_case_reads_the_history_a_colleague_does_not(
    client: TestClient, factory: Factory
) -> None:
    """Issue 13, point 7: leads and the counsellor of the case (an area names who else)."""

    from tests.counselling.helpers import create_case

    centre = factory.centre()
    mine = factory.user(centre=centre, email="mine@z.example", locale="en")
    colleague = factory.user(centre=centre, email="other@z.example", locale="en")
    with acting(factory, mine) as db:
        pid = person(db, "Olena", "Koval").id
        create_case(db, person_id=pid, opened_on=clock.today(), counsellor_id=mine.id)
    as_mine = {"Authorization": f"Bearer {factory.token(mine)}"}
    as_colleague = {"Authorization": f"Bearer {factory.token(colleague)}"}
    assert client.patch(f"/api/v1/persons/{pid}", json={"last_name": "Kowal"}, headers=as_mine)
    read = client.get(f"/api/v1/persons/{pid}/history", headers=as_mine)
    assert read.status_code == 200 and [i["action"] for i in read.json()["items"]][-1] == "update"
    assert client.get(f"/api/v1/persons/{pid}/history", headers=as_colleague).status_code == 403
    login(client, "mine@z.example")
    assert "Last name: changed (text not recorded)" in client.get(f"/persons/{pid}").text
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/").text)})
    login(client, "other@z.example")
    assert "Change history" not in client.get(f"/persons/{pid}").text
