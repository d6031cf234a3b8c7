"""The pickers' endpoints: persons and employers searched on the server within the user's
centre, each search one read-audit entry; countries and languages in the UI language with
the document languages and the centre's most used first; KldB and WZ by title."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import col, select

from tests.conftest import Factory, login
from welcome.accounts.models import Centre
from welcome.audit import AuditEntry


def _api(client: TestClient, factory: Factory, centre: Centre) -> dict[str, str]:
    user = factory.user(centre=centre)
    return {"Authorization": f"Bearer {factory.token(user)}"}


def _person(client: TestClient, auth: dict[str, str], first: str, last: str, **extra: Any) -> int:
    body = {"first_name": first, "last_name": last, "client_group": "returnee", **extra}
    answer = client.post("/api/v1/persons", json=body, headers=auth)
    assert answer.status_code == 201, answer.text
    return int(answer.json()["id"])


def _employer(client: TestClient, auth: dict[str, str], name: str) -> int:
    answer = client.post("/api/v1/employers", json={"name": name}, headers=auth)
    assert answer.status_code == 201, answer.text
    return int(answer.json()["id"])


def _searches(factory: Factory, entity: str) -> list[dict[str, Any]]:
    with factory.session() as db:
        stmt = select(AuditEntry).where(
            col(AuditEntry.entity) == entity, col(AuditEntry.action) == "search"
        )
        return [dict(e.changes or {}) for e in db.scalars(stmt)]


def test_person_and_employer_search_is_scoped_and_audited(
    client: TestClient, factory: Factory
) -> None:
    ours, theirs = factory.centre(), factory.centre()
    mine, other = _api(client, factory, ours), _api(client, factory, theirs)
    koval = _person(client, mine, "Olena", "Koval")
    _person(client, other, "Oksana", "Koval")  # another centre's: never offered
    own_firm = _employer(client, mine, "Kühn Metall GmbH")
    _employer(client, other, "Kühn Metallbau GmbH")
    user = factory.user(centre=ours)
    assert login(client, user.email).status_code == 303

    found = client.get("/pickers/persons", params={"q": "kowal"}).json()["items"]
    assert [item["value"] for item in found] == [koval]
    assert found[0]["label"] == "Koval, Olena" and found[0]["hint"] == f"#{koval}"
    firms = client.get("/pickers/employers", params={"q": "kuehn metal"}).json()["items"]
    assert [item["value"] for item in firms] == [own_firm]

    # who was shown is recorded; the typed words are not, only how many (welcome/reads.py)
    person_reads = [c for c in _searches(factory, "persons") if c["query"].get("q") == "1 words"]
    assert person_reads and person_reads[-1]["ids"] == [koval]
    firm_reads = [c for c in _searches(factory, "employers") if c["query"] == {"q": "2 words"}]
    assert firm_reads and firm_reads[-1]["ids"] == [own_firm]
    searches = str(_searches(factory, "persons") + _searches(factory, "employers"))
    assert "kowal" not in searches and "kuehn" not in searches
    # nothing shown, nothing recorded; too short a query asks nothing
    assert client.get("/pickers/persons", params={"q": "zzzzqx"}).json()["items"] == []
    assert client.get("/pickers/employers", params={"q": "k"}).json()["items"] == []


def test_a_statistician_may_not_search_persons(client: TestClient, factory: Factory) -> None:
    user = factory.user(role="statistician")
    assert login(client, user.email).status_code == 303
    assert client.get("/pickers/persons", params={"q": "koval"}).status_code in (403, 404)


def test_languages_put_the_document_and_the_centres_languages_first(
    client: TestClient, factory: Factory
) -> None:
    centre = factory.centre()
    auth = _api(client, factory, centre)
    for n in range(3):
        _person(client, auth, f"Amanuel{n}", "Tesfay", counselling_language="ti")
    user = factory.user(centre=centre)
    assert login(client, user.email).status_code == 303
    items = client.get("/pickers/languages").json()["items"]
    values = [i["value"] for i in items]
    assert values[:12] == [
        "de",
        "en",
        "uk",
        "ru",
        "ar",
        "fa",
        "pl",
        "cs",
        "vi",
        "es",
        "pt-BR",
        "tr",
    ]
    assert values[12] == "ti"  # Tigrinya: the centre's most used after the twelve
    assert items[10]["label"] == "Portugiesisch (Brasilien)"
    assert len(values) == len(set(values)) > 250  # then all, each once
    countries = client.get("/pickers/countries").json()["items"]
    assert {"value": "SY", "label": "Syrien"} in countries and len(countries) > 240


def test_occupations_and_sectors_by_title(client: TestClient, factory: Factory) -> None:
    user = factory.user(centre=factory.centre())
    assert login(client, user.email).status_code == 303
    jobs = client.get("/pickers/occupations", params={"q": "erzieherin"}).json()["items"]
    assert jobs[0] == {"value": "83113", "label": "Erzieher/in", "hint": "83113"}
    sectors = client.get("/pickers/sectors", params={"q": "software", "version": "2025"})
    codes = [i["value"] for i in sectors.json()["items"]]
    assert "58.29" in codes and "62.01" not in codes  # 62.01 is WZ 2008's
    by_code = client.get("/pickers/sectors", params={"q": "62.01"}).json()["items"]
    assert by_code[0]["value"] == "62.01" and "Programmierung" in by_code[0]["label"]
