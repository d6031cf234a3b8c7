"""The demo site the interface tests walk: the demo data of `welcome demo --scale`, a user of
each role, and every HTML page of the app with its path parameters filled from that data.

The pages come from the areas' routers (`welcome.areas.all_areas()`, the list the app factory
mounts), so a new page is visited without editing the tests; a path parameter nobody knows
how to fill fails the test (`PARAMETERS`, `DOWNLOADS`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from fastapi.routing import APIRoute
from sqlalchemy import select
from sqlmodel import col

from cases.counselling.models import Case, Consent, Contact
from cases.employers.models import EmployerConsultation, OutreachEvent
from cases.imports import service as imports
from cases.imports.schemas import UploadIn
from cases.packages import contacts as local_contacts
from cases.packages.schemas import LocalContactIn
from cases.recognition.models import RecognitionProcedure
from tests.conftest import Factory
from tests.imports.helpers import acting, csv_bytes
from welcome.accounts import admin
from welcome.accounts.models import Centre, User
from welcome.accounts.schemas import InviteIn
from welcome.areas import all_areas
from welcome.cli.accounts import _scale_demo

ROLES = ("counsellor", "lead", "statistician", "admin")

# pages that are files, not HTML: their links are checked by the areas' own tests
DOWNLOADS = re.compile(
    r"(\.pdf|\.ics|/logo|/documents/\{document_id(:int)?\}|/reports/export|/preview)$"
)
PARAM = re.compile(r"\{([a-z_]+)(?::[a-z]+)?\}")


@dataclass
class Site:
    centre_id: int
    users: dict[str, User]
    ids: dict[str, int | str]
    anonymous: list[str] = field(default_factory=list)

    def pages(self) -> list[str]:
        """Every GET page of the app's areas, parameters filled (sorted, no duplicates)."""
        found: set[str] = set()
        for area in all_areas():
            for router in area.views:
                for route in router.routes:
                    if not isinstance(route, APIRoute) or "GET" not in (route.methods or ()):
                        continue
                    if DOWNLOADS.search(route.path) or route.path in self.anonymous:
                        continue
                    found.add(self.fill(route.path))
        return sorted(found)

    def fill(self, path: str) -> str:
        def value(match: re.Match[str]) -> str:
            name = match.group(1)
            assert name in self.ids, (
                f"{path}: no demo value for the path parameter {name!r}: "
                "add one in tests/browser/site.py (seed)"
            )
            return str(self.ids[name])

        return PARAM.sub(value, path)


def seed(factory: Factory, tmp: Path) -> Site:
    """The demo centre with 20 persons and what the demo builds around them, one user per role,
    a local contact, an import batch waiting for its columns and an invitation link."""
    centre = factory.centre("Welcome Center Erzgebirge")
    assert centre.id is not None
    users = {
        role: factory.user(
            role=role,
            centre=centre if role in ("counsellor", "lead") else None,
            email=f"{role}@interface.example",
        )
        for role in ROLES
    }
    with factory.session() as db:
        _scale_demo(db, centre_id=centre.id, persons=20)
    lead = users["lead"]
    with acting(factory, lead) as db:
        contact = local_contacts.create(
            db, data=LocalContactIn(name="Ausländerbehörde Annaberg-Buchholz")
        )
        batch = imports.create(
            db,
            data=UploadIn(kind="persons"),
            filename="liste.csv",
            content=csv_bytes([["1", "Nowak", "Anna"]], headers=["Nr", "Nachname", "Vorname"]),
        )
        invited = admin.invite(
            db, data=InviteIn(email="neu@interface.example", role="counsellor", name="Neu")
        )
        ids: dict[str, int | str] = {
            "contact_id": _id(contact.id),
            "batch_id": _id(batch.id),
            "centre_id": centre.id,
            "user_id": _id(users["counsellor"].id),
        }
    with factory.session() as db:
        case = db.scalars(
            select(Case).where(col(Case.centre_id) == centre.id).order_by(col(Case.id))
        ).first()
        assert case is not None
        # the docs' screenshots show an open case of their own, with contacts, which no test of
        # the module changes (the keyboard test logs a contact on `case_id`): the same
        # pictures whichever tests ran before them
        shot = db.scalars(
            select(Case)
            .where(col(Case.centre_id) == centre.id, col(Case.id) != case.id)
            .where(col(Case.status) == "open")  # with the form to log a contact
            .where(col(Case.id).in_(select(col(Contact.case_id))))
            .order_by(col(Case.id))
        ).first()
        assert shot is not None
        consultation = db.scalars(select(EmployerConsultation)).first()
        assert consultation is not None
        ids |= {
            "case_id": _id(case.id),
            "person_id": case.person_id,
            "shot_case_id": _id(shot.id),
            "shot_person_id": shot.person_id,
            "consent_id": _first(db, Consent),
            "procedure_id": _first(db, RecognitionProcedure),
            "employer_id": consultation.employer_id,
            "consultation_id": _id(consultation.id),
            "event_id": _first(db, OutreachEvent),
        }
        assert db.get(Centre, centre.id) is not None
    token = invited.url.rsplit("/", 1)[-1]
    ids["token"] = token
    return Site(centre_id=centre.id, users=users, ids=ids, anonymous=["/account/{token}"])


def _id(value: int | None) -> int:
    assert value is not None
    return value


def _first(db: object, model: type) -> int:
    found = db.scalars(select(col(model.id)).order_by(col(model.id))).first()  # type: ignore[attr-defined]
    assert found is not None, f"the demo data has no {model.__name__}"
    return int(found)
