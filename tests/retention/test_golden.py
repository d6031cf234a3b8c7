"""The golden test of the deletion concept (issue 14), on SQLite and PostgreSQL: two years of
data (2025 and the reports' golden 2026), a quarter submitted, every case closed; retention
run as of three years later. Every report of every past quarter and year, exact and
protected, in every format (the page, JSON, CSV for Excel and for programs, XLSX, PDF) is
the same before and after; the anonymised persons' names, notes and documents are nowhere
(every column of every table, the stored files)."""

from __future__ import annotations

import io
import json
import re
import time
import zipfile
from datetime import UTC, date, datetime
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlmodel import col

from cases.persons.models import Person
from cases.reports import exports, service, submissions
from cases.reports.models import ReportSubmission
from cases.reports.periods import parse_period
from cases.reports.schemas import SubmissionIn
from tests.conftest import Factory, login
from tests.counselling.helpers import acting
from tests.retention import helpers
from welcome.config import Settings
from welcome.db import SYSTEM, unit_of_work
from welcome.inputs import validate

QUARTERS = [f"{y}-Q{q}" for y in (2025, 2026) for q in (1, 2, 3, 4)]
PERIODS = [*QUARTERS, "2025", "2026"]
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)  # the data date of every file built here
FILE_FORMATS = ("json", "csv-excel", "csv-machine", "xlsx")
PDF_PERIODS = ("2025", "2026-Q3")  # PDFs (slow to render): a year and the submitted quarter


def _xlsx(data: bytes) -> dict[str, bytes]:
    """The workbook's parts; only the creation time in docProps/core.xml is normalised."""
    parts = {}
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        for name in book.namelist():
            part = book.read(name)
            if name == "docProps/core.xml":
                part = re.sub(rb"<dcterms:(created|modified)[^<]*</dcterms:\1>", b"", part)
            parts[name] = part
    return parts


def _files(factory: Factory, centre_id: int) -> dict[tuple[str, bool, str], object]:
    out: dict[tuple[str, bool, str], object] = {}
    with unit_of_work(factory.sessions, actor=SYSTEM) as db:
        for label in PERIODS:
            for suppress in (False, True):
                for centres in ([centre_id], None):
                    report = service.build_report(
                        db,
                        centre_ids=centres,
                        period=parse_period(label),
                        language="de",
                        suppress=suppress,
                        now=NOW,
                    )
                    scope = "A" if centres else "all"
                    out[(label, suppress, f"json-{scope}")] = json.dumps(
                        service.to_api_json(report), sort_keys=True
                    ).encode()
                    if centres is None:
                        continue
                    out[(label, suppress, "csv-excel")] = exports.to_csv(report, profile="excel")
                    out[(label, suppress, "csv-machine")] = exports.to_csv(
                        report, profile="machine"
                    )
                    out[(label, suppress, "xlsx")] = _xlsx(exports.to_xlsx(report))
                    if label in PDF_PERIODS:
                        out[(label, suppress, "pdf")] = exports.to_pdf(report)
    return out


def _pages(client: TestClient) -> dict[tuple[str, bool], str]:
    pages = {}
    for label in PERIODS:
        for exact in (False, True):
            answer = client.get(f"/reports?period={label}" + ("&exact=true" if exact else ""))
            assert answer.status_code == 200, answer.text[:300]
            pages[(label, exact)] = helpers.normalised_page(answer.text)
    return pages


def _diff(before: dict[Any, str], after: dict[Any, str], keys: list[Any]) -> str:
    import difflib

    first = keys[0]
    lines = difflib.unified_diff(before[first].splitlines(), after[first].splitlines(), lineterm="")
    return "\n".join(list(lines)[:80])


def test_every_past_report_is_identical_and_nobody_is_left(
    factory: Factory, settings: Settings, client: TestClient
) -> None:
    data = helpers.build(factory, settings)
    g = data.golden
    assert g.centre_a.id is not None and g.lead_a.id is not None
    with acting(factory, g.lead_a) as db:
        submissions.submit(
            db,
            centre_id=g.centre_a.id,
            user_id=g.lead_a.id,
            data=validate(SubmissionIn, {"period": "2026-Q3"}),
            today=date(2026, 12, 1),
            render_pdf=exports.to_pdf,
        )
    with unit_of_work(factory.sessions, actor=SYSTEM) as db:
        frozen = [
            (s.sha256, json.dumps(s.report, sort_keys=True))
            for s in db.scalars(select(ReportSubmission))
        ]
    assert helpers.leaks(factory)  # the data set holds the secrets to look for
    assert login(client, g.lead_a.email).status_code == 303
    started = time.perf_counter()
    before_files = _files(factory, g.centre_a.id)
    print(f"files {time.perf_counter() - started:.1f} s")
    before_pages = _pages(client)
    print(f"pages {time.perf_counter() - started:.1f} s")

    result = helpers.retention(factory, date(2030, 1, 2))
    print(f"run {time.perf_counter() - started:.1f} s")

    with unit_of_work(factory.sessions, actor=SYSTEM) as db:
        persons = db.scalar(
            select(func.count()).select_from(Person).where(col(Person.merged_into_id).is_(None))
        )
        left = db.scalar(
            select(func.count()).select_from(Person).where(col(Person.anonymised_at).is_(None))
        )
        after_frozen = [
            (s.sha256, json.dumps(s.report, sort_keys=True))
            for s in db.scalars(select(ReportSubmission))
        ]
    assert result.counts["case_file"] >= 9 and left == 0, (result.counts, persons, left)
    assert result.counts["recognition_documents"] + result.counts["package_pdfs"] >= 1
    assert result.failures == 0
    assert login(client, g.lead_a.email).status_code == 303  # sessions of 2026 are gone
    after_files, after_pages = _files(factory, g.centre_a.id), _pages(client)
    changed = [key for key in before_files if before_files[key] != after_files[key]]
    assert not changed, changed
    changed_pages = [key for key in before_pages if before_pages[key] != after_pages[key]]
    assert not changed_pages, (changed_pages, _diff(before_pages, after_pages, changed_pages))
    assert after_frozen == frozen  # the submitted quarter stays as it was sent
    assert helpers.leaks(factory) == []
