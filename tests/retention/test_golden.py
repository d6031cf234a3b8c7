"""The golden test of the deletion concept (issue 14), on SQLite and PostgreSQL: two years of
data (2025 and the reports' golden 2026), a quarter submitted, every case closed; retention
run as of three years later. Every report of every past quarter and year, exact and
protected, in every format (the page, JSON, CSV for Excel and for programs, XLSX, PDF) is
the same before and after; the anonymised persons' names, notes and documents are nowhere
(every column of every table, the storage's pieces; their files' references no longer
resolve).

How it stays fast (seconds per backend, not minutes): each report is built once per side and
every format is derived from that one object, as the app derives each format from the report.
The pages are rendered by the app itself (`/reports`, `/reports/statistics`, through the
client), their `build_report` answered with the report already built for the same period and
figures (`_same_report`). The PDF is `render_pdf_sync(document.html(report))`, a pure function
of the report object: so the document's HTML is compared for every period and every report, and
the HTML -> PDF step (WeasyPrint, a second or more per document) byte for byte once: the
submitted quarter's PDF, rendered when it was submitted (before the run), against the PDF of
the same quarter built live again after the run as of the submission's data date
(`_submitted_again`). The report objects themselves are compared whole (every field of the
model) as well."""

from __future__ import annotations

import io
import json
import re
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlmodel import col

from cases.persons.models import Person
from cases.reports import document, exports, service, submissions
from cases.reports.models import ReportSubmission
from cases.reports.periods import parse_period
from cases.reports.schemas import AllianceReport, SubmissionIn
from tests.conftest import Factory, login
from tests.counselling.helpers import acting
from tests.reports import golden
from tests.retention import helpers
from welcome.config import Settings
from welcome.db import SYSTEM, unit_of_work
from welcome.inputs import validate

QUARTERS = [f"{y}-Q{q}" for y in (2025, 2026) for q in (1, 2, 3, 4)]
PERIODS = [*QUARTERS, "2025", "2026"]
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)  # the data date of every report built here

Key = tuple[str, bool, str]  # period, protected, "A" (centre A) or "all" (every centre)


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


# the reports there are: a centre's exact (its lead's) and protected figures, and the protected
# figures of every centre (the statistics page); exact figures never cover several centres
SCOPES = (("A", False), ("A", True), ("all", True))


def _reports(factory: Factory, centre_id: int) -> dict[Key, AllianceReport]:
    """Every report once: each period, centre A exact and protected, all centres protected."""
    out = {}
    with unit_of_work(factory.sessions, actor=SYSTEM) as db:
        for label in PERIODS:
            for scope, protected in SCOPES:
                centres = [centre_id] if scope == "A" else None
                out[(label, protected, scope)] = service.build_report(
                    db,
                    centre_ids=centres,
                    period=parse_period(label),
                    language="de",
                    suppress=protected,
                    now=NOW,
                )
    return out


def _files(reports: dict[Key, AllianceReport]) -> dict[tuple[Key, str], object]:
    """Every format of every report, derived from the one report object."""
    out: dict[tuple[Key, str], object] = {}
    for key, report in reports.items():
        out[(key, "model")] = report.model_dump_json()  # the whole object, every field
        out[(key, "json")] = json.dumps(service.to_api_json(report), sort_keys=True).encode()
        out[(key, "csv-excel")] = exports.to_csv(report, profile="excel")
        out[(key, "csv-machine")] = exports.to_csv(report, profile="machine")
        out[(key, "xlsx")] = _xlsx(exports.to_xlsx(report))
        out[(key, "pdf-html")] = document.html(report)  # what the PDF renders
    return out


@contextmanager
def _same_report(
    monkeypatch: pytest.MonkeyPatch, reports: dict[Key, AllianceReport], scope: str
) -> Iterator[None]:
    """The page's `build_report` (every centre the user may see: centre A for its lead,
    every centre for the statistician; in German) answers with the report built for the same
    period and figures; every other call (the submission's live comparison) is built as
    usual."""
    real: Callable[..., AllianceReport] = service.build_report

    def build(db: Any, *, centre_ids: Any, period: Any, language: str, suppress: bool,
              now: Any = None) -> AllianceReport:  # fmt: skip
        if centre_ids is None and now is None:
            assert language == "de"
            return reports[(period.label, suppress, scope)]
        return real(db, centre_ids=centre_ids, period=period, language=language,
                    suppress=suppress, now=now)  # fmt: skip

    with monkeypatch.context() as patch:
        patch.setattr(service, "build_report", build)
        yield


def _pages(
    client: TestClient,
    monkeypatch: pytest.MonkeyPatch,
    reports: dict[Key, AllianceReport],
    g: golden.Golden,
) -> dict[tuple[str, str, bool], str]:
    """The lead's report page (exact and protected) and the statistician's statistics page
    (every centre, protected) for every period."""
    pages = {}
    assert login(client, g.lead_a.email).status_code == 303
    with _same_report(monkeypatch, reports, "A"):
        for label in PERIODS:
            for exact in (False, True):
                answer = client.get(f"/reports?period={label}" + ("&exact=true" if exact else ""))
                assert answer.status_code == 200, answer.text[:300]
                pages[("A", label, exact)] = helpers.normalised_page(answer.text)
    assert login(client, g.statistician.email).status_code == 303
    with _same_report(monkeypatch, reports, "all"):
        for label in PERIODS:
            answer = client.get(f"/reports/statistics?period={label}")
            assert answer.status_code == 200, answer.text[:300]
            pages[("all", label, False)] = helpers.normalised_page(answer.text)
    return pages


def _diff(before: dict[Any, str], after: dict[Any, str], keys: list[Any]) -> str:
    import difflib

    first = keys[0]
    lines = difflib.unified_diff(before[first].splitlines(), after[first].splitlines(), lineterm="")
    return "\n".join(list(lines)[:80])


def _frozen(factory: Factory) -> list[tuple[str, str, bytes]]:
    """The submitted quarters: checksum, report and the stored PDF itself."""
    from welcome import storage

    with unit_of_work(factory.sessions, actor=SYSTEM) as db:
        return [
            (s.sha256, json.dumps(s.report, sort_keys=True), storage.read(db, ref=s.pdf_ref))
            for s in db.scalars(select(ReportSubmission))
        ]


def _submitted_again(factory: Factory, centre_id: int) -> list[tuple[bool, bytes, bytes]]:
    """Each submitted quarter built live again as of its data date: whether the report is
    the one frozen, and the PDF rendered now beside the PDF stored when it was submitted."""
    from welcome import storage

    out = []
    with unit_of_work(factory.sessions, actor=SYSTEM) as db:
        for row in db.scalars(select(ReportSubmission)):
            frozen = submissions.frozen_report(row)
            again = service.build_report(
                db,
                centre_ids=[centre_id],
                period=parse_period(row.period),
                language=submissions.SUBMISSION_LANGUAGE,
                suppress=True,
                now=frozen.generated_at,
            )
            pdf = exports.to_pdf(again, version=row.version, submitted_at=row.submitted_at,
                                 note=row.note)  # fmt: skip
            out.append((again == frozen, pdf, storage.read(db, ref=row.pdf_ref)))
    return out


def test_every_past_report_is_identical_and_nobody_is_left(
    factory: Factory, settings: Settings, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    started = time.perf_counter()
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
    frozen = _frozen(factory)
    assert helpers.leaks(factory)  # the data set holds the secrets to look for
    files = helpers.file_refs(factory)
    with unit_of_work(factory.sessions, actor=SYSTEM) as db:
        submitted = set(db.scalars(select(col(ReportSubmission.pdf_ref))))
    personal = files - submitted  # the persons' document and package PDFs
    assert len(personal) >= 4 and helpers.resolving(factory, personal) == sorted(personal)
    pieces = helpers.stored_file_ids(factory, personal)
    assert helpers.chunk_rows(factory, pieces) >= len(personal)
    print(f"\nbuilt {time.perf_counter() - started:.1f} s")

    before = _reports(factory, g.centre_a.id)
    before_files = _files(before)
    print(f"reports and files {time.perf_counter() - started:.1f} s")
    before_pages = _pages(client, monkeypatch, before, g)
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
    assert result.counts["case_file"] >= 9 and left == 0, (result.counts, persons, left)
    assert result.counts["recognition_documents"] + result.counts["package_pdfs"] >= 1
    assert result.failures == 0
    after = _reports(factory, g.centre_a.id)
    after_files = _files(after)
    after_pages = _pages(client, monkeypatch, after, g)  # logs in again
    print(f"after {time.perf_counter() - started:.1f} s")
    assert len(before_files) == len(after_files) == len(PERIODS) * len(SCOPES) * 6
    changed = [key for key in before_files if before_files[key] != after_files[key]]
    assert not changed, changed
    changed_pages = [key for key in before_pages if before_pages[key] != after_pages[key]]
    assert len(before_pages) == len(after_pages) == len(PERIODS) * 3
    assert not changed_pages, (changed_pages, _diff(before_pages, after_pages, changed_pages))
    assert _frozen(factory) == frozen  # the submitted quarter stays as it was sent
    # and built again after the run, it is the same report with a byte-identical PDF
    assert [
        (same, pdf == stored) for same, pdf, stored in _submitted_again(factory, g.centre_a.id)
    ] == [(True, True)]
    # nothing of the anonymised persons is left: no name, note or document text in any
    # column of any table (the storage's pieces too), no stored file without its row, and
    # their files' references resolve no more, with no piece of them left
    assert helpers.leaks(factory) == []
    assert helpers.resolving(factory, personal) == []
    assert helpers.chunk_rows(factory, pieces) == 0
    assert helpers.file_refs(factory) == submitted
