"""Submitting a quarter to the alliance, and what has changed since.

A submission freezes what left the centre: the report as sent (always protected by the cell
key method, always in German, the alliance's language), its PDF bytes and their SHA-256, who
and when. It is never changed; a correction is a new row with the next version and a note
saying why. The page then compares the latest submission with the live figures built the same
way (protected), so the difference is what a correction would change in what the alliance
sees; a difference below `MIN_SHOWN_CHANGE` is shown only as "changed", never as a number.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from sqlalchemy import func, select
from sqlmodel import Session, col

from cases.reports import ptable, service
from cases.reports.models import ReportSubmission
from cases.reports.periods import Period
from cases.reports.schemas import AllianceReport, Cell, SubmissionIn
from welcome import storage
from welcome.accounts.models import User
from welcome.db import fetch, utcnow
from welcome.errors import FieldErrors, NotFound
from welcome.i18n import _

SUBMISSION_LANGUAGE = "de"


def is_quarter(period: Period) -> bool:
    return "-Q" in period.label


def build_frozen(db: Session, *, centre_id: int, period: Period) -> AllianceReport:
    """The report as it would be sent now: the centre alone, protected, in German."""
    return service.build_report(
        db, centre_ids=[centre_id], period=period, language=SUBMISSION_LANGUAGE, suppress=True
    )


def list_submissions(db: Session, *, centre_id: int, period: str) -> list[ReportSubmission]:
    """All versions of the centre's quarter, oldest first."""
    return list(
        db.scalars(
            select(ReportSubmission)
            .where(col(ReportSubmission.centre_id) == centre_id)
            .where(col(ReportSubmission.period) == period)
            .order_by(col(ReportSubmission.version))
        )
    )


def latest(db: Session, *, centre_id: int, period: str) -> ReportSubmission | None:
    found = list_submissions(db, centre_id=centre_id, period=period)
    return found[-1] if found else None


def get(db: Session, *, submission_id: int) -> ReportSubmission:
    found = fetch(db, ReportSubmission, submission_id)  # scoped to the actor's centre
    if found is None:
        raise NotFound(_("There is no such submission."))
    return found


def next_version(db: Session, *, centre_id: int, data: SubmissionIn, today: date) -> int:
    """The version a submission now would get; FieldErrors if it may not be made yet (the
    quarter has not ended) or without a note (a correction says what it changes)."""
    errors: dict[str, str] = {}
    if data.quarter.end >= today:
        errors["period"] = _("A quarter can be submitted once it has ended.")
    current = db.scalar(
        select(func.max(ReportSubmission.version)).where(
            col(ReportSubmission.centre_id) == centre_id,
            col(ReportSubmission.period) == data.period,
        )
    )
    if current and not data.note:
        errors["note"] = _("Please say what the correction changes.")
    if errors:
        raise FieldErrors(errors)
    return int(current or 0) + 1


class RenderPdf(Protocol):
    """The PDF of a report as submitted (document.pdf_in_pool on the web)."""

    def __call__(
        self, report: AllianceReport, *, version: int, submitted_at: datetime, note: str
    ) -> bytes: ...


def submit(
    db: Session,
    *,
    centre_id: int,
    user_id: int,
    data: SubmissionIn,
    today: date,
    render_pdf: RenderPdf,
) -> ReportSubmission:
    """Freeze the centre's quarter as the next version: the report as it leaves the centre,
    its PDF (printing the version) and the PDF's SHA-256. Refused if another submission took
    that version while the PDF was rendered."""
    version = next_version(db, centre_id=centre_id, data=data, today=today)
    report = build_frozen(db, centre_id=centre_id, period=data.quarter)
    submitted_at = utcnow()
    note = data.note or ""
    pdf = render_pdf(report, version=version, submitted_at=submitted_at, note=note)
    if next_version(db, centre_id=centre_id, data=data, today=today) != version:
        raise FieldErrors({"form": _("Someone else submitted this quarter meanwhile.")})
    row = ReportSubmission(
        centre_id=centre_id,
        period=data.period,
        version=version,
        submitted_by_id=user_id,
        submitted_at=submitted_at,
        report=report.model_dump(mode="json"),
        pdf_ref=storage.put(db, data=pdf),
        sha256=hashlib.sha256(pdf).hexdigest(),
        note=note,
    )
    db.add(row)
    db.flush()
    return row


def frozen_report(submission: ReportSubmission) -> AllianceReport:
    return AllianceReport.model_validate(submission.report)


def submitter_names(db: Session, submissions: list[ReportSubmission]) -> dict[int, str]:
    ids = {s.submitted_by_id for s in submissions if s.submitted_by_id is not None}
    if not ids:
        return {}
    users = db.execute(
        select(col(User.id), col(User.display_name), col(User.email)).where(col(User.id).in_(ids))
    ).all()
    return {int(uid): name or email for uid, name, email in users}


# --- the difference -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Difference:
    code: str
    label: str
    submitted: Cell | None
    live: Cell | None
    change: int | None  # live - submitted, when both are numbers

    @property
    def changed(self) -> bool:
        return self.submitted != self.live


# A difference between two protected figures is shown as a number only from this size on;
# a smaller one (which might read as "one person added") is only marked as changed.
MIN_SHOWN_CHANGE = ptable.THRESHOLD + 1


def _diff(code: str, label: str, before: Cell | None, after: Cell | None) -> Difference:
    change = after - before if isinstance(before, int) and isinstance(after, int) else None
    if change is not None and abs(change) < MIN_SHOWN_CHANGE:
        change = None  # the template shows "≠" where the figures differ
    return Difference(code, label, before, after, change)


def compare(submitted: AllianceReport, live: AllianceReport) -> dict[str, list[Difference]]:
    """Indicators (period, year to date) and the total of every table, submitted vs. live."""
    live_ind = {i.code: i for i in live.indicators}
    period, ytd = [], []
    for ind in submitted.indicators:
        now = live_ind.get(ind.code)
        period.append(_diff(ind.code, ind.label, ind.period, now.period if now else None))
        ytd.append(_diff(ind.code, ind.label, ind.year_to_date, now.year_to_date if now else None))
    live_tables = {t.key: t for t in live.tables}
    tables = []
    for table in submitted.tables:
        now_table = live_tables.get(table.key)
        tables.append(
            _diff(table.key, table.title, table.total, now_table.total if now_table else None)
        )
    return {"period": period, "year_to_date": ytd, "tables": tables}
