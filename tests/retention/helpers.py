"""Data for the retention tests: the reports' golden data set plus a year before it (2025)
with notes, an uploaded document (through the documents service), package PDFs (in
`welcome.storage`), then every open case closed; and the checks that nothing is left."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select, text
from sqlmodel import col

from cases.counselling.models import Case
from cases.packages.models import IssuedPackage
from cases.recognition import documents
from cases.recognition import service as recognition
from cases.recognition.models import RecognitionDocument
from cases.recognition.schemas import DocumentIn, ProcedureIn
from cases.reports.models import ReportSubmission
from cases.retention.run import Result, run
from tests.conftest import Factory
from tests.counselling.helpers import (
    acting,
    close_case,
    create_case,
    create_contact,
    create_outcome,
    create_referral,
)
from tests.reports import golden
from welcome import storage
from welcome.config import Settings
from welcome.db import SYSTEM, metadata, unit_of_work
from welcome.errors import NotFound
from welcome.inputs import validate

# every text that must be gone after anonymisation (names, notes, the municipality, files)
SECRETS = (
    "Wunderlich",
    "Zsófia",
    "Okonkwo",
    "Chidera",
    "Zwönitz-Testort",
    "Notiz-Geheim-Alpha",
    "Notiz-Geheim-Beta",
    "Notiz-Geheim-Gamma",
    "Zeugnis-Okonkwo",
    "Golden",
)


@dataclass
class Data:
    golden: golden.Golden
    early: list[int]  # the persons of 2025


def _person(db: Any, first: str, last: str, **kw: Any) -> int:
    from cases.persons import service as persons
    from cases.persons.schemas import PersonIn

    person = persons.create(
        db, data=validate(PersonIn, {"first_name": first, "last_name": last, **kw})
    )
    assert person.id is not None
    return person.id


def build(factory: Factory, settings: Settings) -> Data:
    data = golden.build(factory)  # its package PDFs are in the storage ("%PDF-1.7 Golden")
    with acting(factory, data.counsellor_a) as db:
        p1 = _person(
            db,
            "Zsófia",
            "Wunderlich",
            client_group="eu_immigrant",
            previous_residence_country="HU",
            gender="female",
            birth_year=1994,
            nationalities=["HU"],
            municipality="Zwönitz-Testort",
            occupation_kldb="43104",
        )
        c1 = create_case(db, person_id=p1, opened_on=date(2025, 2, 3), referral_source="self")
        create_contact(
            db,
            case=c1,
            date=date(2025, 2, 3),
            duration_minutes=45,
            channel="in_person",
            language="de",
            topics=["job_search"],
            notes="Notiz-Geheim-Alpha",
        )
        create_referral(
            db,
            case=c1,
            date=date(2025, 3, 1),
            partner="employment_agency",
            notes="Notiz-Geheim-Beta",
        )
        create_outcome(db, case=c1, date=date(2025, 5, 2), type="job_taken_up")
        close_case(db, case=c1, closed_on=date(2025, 6, 30), reason="goal_reached")
        p2 = _person(
            db,
            "Chidera",
            "Okonkwo",
            client_group="third_country_immigrant",
            previous_residence_country="NG",
            gender="male",
            birth_year=1988,
            nationalities=["NG"],
        )
        c2 = create_case(
            db, person_id=p2, opened_on=date(2025, 9, 1), referral_source="internet_social_media"
        )
        create_contact(
            db,
            case=c2,
            date=date(2025, 10, 10),
            duration_minutes=30,
            channel="video",
            language="en",
            topics=["recognition"],
            notes="Notiz-Geheim-Gamma",
        )
        procedure = recognition.create(
            db,
            data=ProcedureIn(
                person_id=p2,
                reference_occupation="Elektroniker Okonkwo",
                authority="hwk_chemnitz",
                regulated=True,
                applied_on=date(2025, 9, 15),
                documents_complete_on=date(2025, 9, 30),
                decided_on=date(2025, 12, 1),
                decision="full",
            ),
        )
        documents.create(
            db,
            settings=settings,
            procedure=procedure,
            stream=io.BytesIO(b"%PDF-1.4\n% Zeugnis-Okonkwo\n%%EOF\n"),
            filename="Zeugnis-Okonkwo.pdf",
            data=DocumentIn(),
        )
        close_case(db, case=c2, closed_on=date(2025, 12, 15), reason="referred_on")
    with unit_of_work(factory.sessions, actor=SYSTEM) as db:
        open_cases = list(db.scalars(select(Case).where(col(Case.status) == "open")))
        ids = [(c.id, c.centre_id) for c in open_cases]
    for case_id, centre_id in ids:
        user = data.counsellor_a if centre_id == data.centre_a.id else data.lead_b
        with acting(factory, user) as db:
            case = db.get(Case, case_id)
            assert case is not None
            close_case(db, case=case, closed_on=date(2026, 11, 30), reason="no_further_need")
    return Data(golden=data, early=[p1, p2])


def retention(factory: Factory, as_of: date, **kw: Any) -> Result:
    return run(factory.sessions, as_of=as_of, **kw)


def file_refs(factory: Factory) -> set[str]:
    """Every storage reference a row holds: documents (soft-deleted ones too), package PDFs,
    submitted reports' PDFs."""
    with unit_of_work(factory.sessions, actor=SYSTEM) as db:
        documents = select(col(RecognitionDocument.storage_key)).execution_options(
            include_deleted=True, include_merged=True
        )
        packages = select(col(IssuedPackage.pdf_path)).execution_options(
            include_deleted=True, include_merged=True
        )
        reports = select(col(ReportSubmission.pdf_ref))
        refs = {*db.scalars(documents), *db.scalars(packages), *db.scalars(reports)}
    return {ref for ref in refs if ref}


def stored_keys(factory: Factory) -> set[str]:
    """The references of every file in the database storage (`stored_files`)."""
    with factory.engine.connect() as connection:
        rows = connection.execute(text("SELECT key FROM stored_files")).scalars()
        return {f"db:{key}" for key in rows}


def stored_file_ids(factory: Factory, refs: set[str]) -> list[int]:
    """The `stored_files` ids behind these database references."""
    keys = [ref.removeprefix("db:") for ref in refs if ref.startswith("db:")]
    with factory.engine.connect() as connection:
        query = select(col(storage.StoredFile.id)).where(col(storage.StoredFile.key).in_(keys))
        return [i for i in connection.execute(query).scalars() if i is not None]


def chunk_rows(factory: Factory, file_ids: list[int]) -> int:
    """How many stored pieces these files still have."""
    with factory.engine.connect() as connection:
        query = select(func.count()).select_from(storage.StoredChunk)
        query = query.where(col(storage.StoredChunk.file_id).in_(file_ids))
        return int(connection.execute(query).scalar() or 0)


def resolving(factory: Factory, refs: set[str]) -> list[str]:
    """Those of `refs` that can still be read."""
    found = []
    with unit_of_work(factory.sessions, actor=SYSTEM) as db:
        for ref in sorted(refs):
            try:
                storage.read(db, ref=ref)
            except NotFound:
                continue
            found.append(ref)
    return found


def _text(value: Any) -> str:
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).decode("utf-8", "replace")
    return str(value)


def leaks(factory: Factory, secrets: tuple[str, ...] = SECRETS) -> list[str]:
    """Where any secret is still found: every text, JSON and binary column of every table,
    the stored files' pieces (`stored_file_chunks`) among them; and every stored file no row
    refers to any more (a file removal that was forgotten)."""
    found = []
    with factory.engine.connect() as connection:
        for table in metadata.sorted_tables:
            for row in connection.execute(text(f'SELECT * FROM "{table.name}"')):
                blob = " ".join(_text(v) for v in row if v is not None)
                for secret in secrets:
                    if secret in blob:
                        found.append(f"{table.name}: {secret}")
    orphans = stored_keys(factory) - file_refs(factory)
    found += [f"stored file no row refers to: {ref}" for ref in sorted(orphans)]
    return found


def normalised_page(html: str) -> str:
    """A report page without what changes per login or request (the session's CSRF token)
    and the time of day of its data date ("Datenstand 01.12.2026, 15:25:33"): nothing else."""
    html = re.sub(r'name="csrf_token" value="[^"]*"', 'name="csrf_token" value=""', html)
    html = re.sub(r'"X-CSRF-Token": "[^"]*"', '"X-CSRF-Token": ""', html)
    return re.sub(r"(Datenstand \d\d\.\d\d\.\d{4}), \d\d:\d\d:\d\d", r"\1", html)
