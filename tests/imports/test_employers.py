"""Employers with a consultation from a sheet; a named row key; both backends."""

from __future__ import annotations

from sqlalchemy import func, select

from cases.employers import service as employers
from cases.employers.models import Employer, EmployerConsultation
from cases.employers.schemas import EmployerIn
from cases.imports import service
from cases.imports.schemas import UploadIn
from tests.conftest import Factory
from tests.imports.helpers import acting, csv_bytes

HEADERS = ("Firmennummer", "Firma", "Branche (WZ)", "Größe", "Ort", "Beratungsdatum", "Dauer",
           "Kanal", "Themen")  # fmt: skip
ROWS = [
    ("F-1", "Bäckerei Schulze GmbH", "C", "10-49", "Annaberg-Buchholz", "02.04.2025", 60,
     "persönlich", "Onboarding"),
    ("F-2", "Erzgebirgs-Klinik gGmbH", "Q", "250-499", "Zschopau", "05.04.2025", 45, "Telefon",
     "Willkommenskultur"),
    ("F-3", "Maschinenbau Lötzsch KG", "ZZ", "", "Olbernhau", "07.04.2025", 30, "Telefon", ""),
]  # fmt: skip


def test_employers_with_consultations_and_a_row_key(factory: Factory) -> None:
    lead = factory.user(role="lead", centre=factory.centre())
    with acting(factory, lead) as db:
        employers.create(db, data=EmployerIn(name="Bäckerei Schulze"))
    content = csv_bytes(ROWS, HEADERS)
    with acting(factory, lead) as db:
        batch = service.create(db, data=UploadIn(kind="employers"), filename="firmen.csv",
                               content=content)  # fmt: skip
        plan = service.preview(db, batch=batch)
        assert plan.columns[0] == "row_key" and plan.columns[1] == "name"
        assert [r.status for r in plan.rows] == ["duplicate", "new", "refused"]
        assert plan.rows[0].duplicates[0].name == "Bäckerei Schulze"
        assert {e.column for e in plan.errors} == {"C (Branche (WZ))"}
        counts = service.commit(db, batch=batch)
    assert counts == {"created": 1, "skipped": 1, "duplicates": 1, "refused": 1}
    with acting(factory, lead) as db:
        assert db.scalar(select(func.count()).select_from(Employer)) == 2
        consultation = db.scalars(select(EmployerConsultation)).one()
        assert consultation.channel == "phone" and consultation.duration_minutes == 45
    # the same firms again, one renamed: the row key recognises it, nothing new is made
    renamed = [("F-2", "Erzgebirgsklinik gGmbH", *ROWS[1][2:])]
    with acting(factory, lead) as db:
        again = service.create(db, data=UploadIn(kind="employers"), filename="firmen2.csv",
                               content=csv_bytes(renamed, HEADERS))  # fmt: skip
        assert service.commit(db, batch=again)["created"] == 0
    with acting(factory, lead) as db:
        service.undo(db, batch=service.get(db, batch_id=batch.id or 0))
    with acting(factory, lead) as db:
        assert db.scalar(select(func.count()).select_from(Employer)) == 1
        assert db.scalar(select(func.count()).select_from(EmployerConsultation)) == 0
