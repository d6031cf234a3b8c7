"""A user of centre A cannot read or write anything of centre B — UI, API and data layer."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update

from tests.client import Client
from tests.conftest import Factory, login
from welcome.accounts.models import Centre, User
from welcome.audit import AuditBypass, AuditEntry
from welcome.db import Actor, CentreScopeError, fetch, unit_of_work


@pytest.fixture
def two_centres(factory: Factory) -> dict[str, User]:
    a, b = factory.centre("Centre A"), factory.centre("Centre B")
    return {
        "lead_a": factory.user(role="lead", centre=a, email="lead@a.example"),
        "counsellor_a": factory.user(role="counsellor", centre=a, email="c@a.example"),
        "lead_b": factory.user(role="lead", centre=b, email="lead@b.example"),
        "counsellor_b": factory.user(role="counsellor", centre=b, email="c@b.example"),
        "admin": factory.user(role="admin", email="admin@all.example"),
    }


def _bearer(factory: Factory, user: User) -> dict[str, str]:
    return {"Authorization": f"Bearer {factory.token(user)}"}


def test_api_user_of_another_centre_is_404(
    client: TestClient, factory: Factory, two_centres: dict[str, User]
) -> None:
    headers = _bearer(factory, two_centres["lead_a"])
    own = client.get(f"/api/v1/users/{two_centres['counsellor_a'].id}", headers=headers)
    other = client.get(f"/api/v1/users/{two_centres['counsellor_b'].id}", headers=headers)
    assert own.status_code == 200
    assert other.status_code == 404
    assert other.headers["content-type"] == "application/problem+json"


def test_api_users_beyond_need(
    client: TestClient, factory: Factory, two_centres: dict[str, User]
) -> None:
    """A counsellor sees a colleague's name only; a statistician no user at all."""
    centre_a = Centre(id=two_centres["counsellor_a"].centre_id, name="Centre A")
    colleague = factory.user(role="lead", centre=centre_a, email="l2@a.example")
    headers = _bearer(factory, two_centres["counsellor_a"])
    seen = client.get(f"/api/v1/users/{colleague.id}", headers=headers)
    assert seen.status_code == 200
    assert seen.json() == {"id": colleague.id, "display_name": colleague.display_name}
    own = client.get(f"/api/v1/users/{two_centres['counsellor_a'].id}", headers=headers)
    assert own.json()["email"] == "c@a.example"  # oneself: everything
    lead = client.get(
        f"/api/v1/users/{colleague.id}", headers=_bearer(factory, two_centres["lead_a"])
    )
    assert lead.json()["email"] == "l2@a.example"  # a manager: everything
    statistician = factory.user(role="statistician", email="stats@all.example")
    for target in (colleague, two_centres["counsellor_b"], two_centres["admin"]):
        answer = client.get(f"/api/v1/users/{target.id}", headers=_bearer(factory, statistician))
        assert answer.status_code == 403
    assert client.get("/api/v1/users", headers=_bearer(factory, statistician)).status_code == 403


def test_api_lists_only_the_own_centre(
    client: TestClient, factory: Factory, two_centres: dict[str, User]
) -> None:
    users = client.get("/api/v1/users", headers=_bearer(factory, two_centres["lead_b"])).json()
    assert {u["email"] for u in users} == {"lead@b.example", "c@b.example"}
    centres = client.get("/api/v1/centres", headers=_bearer(factory, two_centres["lead_b"]))
    assert [c["name"] for c in centres.json()] == ["Centre B"]


def test_api_audit_shows_only_the_own_centre(
    client: TestClient, factory: Factory, two_centres: dict[str, User]
) -> None:
    login(client, "lead@b.example")  # an entry for centre B
    page = client.get("/api/v1/audit?limit=500", headers=_bearer(factory, two_centres["lead_a"]))
    assert page.status_code == 200
    body = page.json()
    assert body["total"] == len(body["items"]) > 0
    ids_a = {two_centres["lead_a"].centre_id}
    assert {item["centre_id"] for item in body["items"]} == ids_a


def test_admin_without_centre_sees_all(
    client: TestClient, factory: Factory, two_centres: dict[str, User]
) -> None:
    users = client.get("/api/v1/users", headers=_bearer(factory, two_centres["admin"])).json()
    assert len(users) == 5


def test_ui_audit_page_shows_only_the_own_centre(
    client: TestClient, factory: Factory, two_centres: dict[str, User]
) -> None:
    other = Client(client.app)
    login(other, "c@b.example")  # logged as centre B
    login(client, "lead@a.example")
    page = client.get("/audit")
    assert page.status_code == 200
    assert "lead@a.example" in page.text
    assert "c@b.example" not in page.text
    users = client.get("/users")
    assert "c@a.example" in users.text and "c@b.example" not in users.text


def test_counsellor_may_not_read_the_audit_log(
    client: TestClient, two_centres: dict[str, User]
) -> None:
    login(client, "c@a.example")
    response = client.get("/audit")
    assert response.status_code == 403
    assert "Ihre Rolle erlaubt diese Seite nicht." in response.text


def test_data_layer_filters_every_query(factory: Factory, two_centres: dict[str, User]) -> None:
    lead_a = two_centres["lead_a"]
    actor = Actor(user_id=lead_a.id, centre_id=lead_a.centre_id, role="lead")
    with unit_of_work(factory.sessions, actor=actor) as db:
        assert db.scalar(select(func.count()).select_from(User)) == 2
        assert db.get(User, two_centres["counsellor_b"].id) is None
        assert fetch(db, User, two_centres["counsellor_b"].id) is None  # type: ignore[arg-type]
        # a bulk update cannot reach the other centre either: an audited table is not
        # written around the ORM at all (welcome.audit), and the other centre stays as it was
        with pytest.raises(AuditBypass):
            db.execute(update(User).values(display_name="renamed"))
    with factory.session() as db:
        names = dict(db.execute(select(User.email, User.display_name)).all())
        assert "renamed" not in names.values()


def test_data_layer_refuses_writes_into_another_centre(
    factory: Factory, two_centres: dict[str, User]
) -> None:
    lead_a = two_centres["lead_a"]
    actor = Actor(user_id=lead_a.id, centre_id=lead_a.centre_id, role="lead")
    with pytest.raises(CentreScopeError), unit_of_work(factory.sessions, actor=actor) as db:
        db.add(
            User(
                email="x@b.example",
                password_hash="x",
                role="counsellor",
                centre_id=two_centres["lead_b"].centre_id,
            )
        )
    with factory.session() as db:
        assert db.scalar(select(User).where(User.email == "x@b.example")) is None


def test_new_rows_get_the_actors_centre(factory: Factory, two_centres: dict[str, User]) -> None:
    lead_a = two_centres["lead_a"]
    actor = Actor(user_id=lead_a.id, centre_id=lead_a.centre_id, role="lead")
    with unit_of_work(factory.sessions, actor=actor) as db:
        user = User(email="new@a.example", password_hash="x", role="counsellor")
        db.add(user)
        db.flush()
        assert user.centre_id == lead_a.centre_id
    with factory.session() as db:
        entry = db.scalars(
            select(AuditEntry)
            .where(AuditEntry.entity == "users", AuditEntry.action == "create")
            .order_by(AuditEntry.id.desc())  # type: ignore[union-attr]
        ).first()
        assert entry is not None and entry.user_id == lead_a.id
        assert entry.centre_id == lead_a.centre_id
