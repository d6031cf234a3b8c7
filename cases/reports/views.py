"""Pages of the alliance report: the centre's report (lead; counsellors read), downloads,
the statistician's aggregate over centres, submission of a quarter, the counting rules.

Who sees what: everyone gets the protected figures (the cell key method, `disclosure`) on
screen and in every download — counsellors, admins and statisticians always. Only a lead, for
the own centre, gets exact figures, and only by choosing them: on screen `exact=1`
("Exact figures, for internal use only"), as a file `internal=1` (file name `…_internal`).
Statisticians (and admins) see aggregates only, never a person. Every download is audited as
an export.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlmodel import Session

from cases.reports import document, exports, picker, rules, service, submissions
from cases.reports.layout import column_labels, figure_labels, filename
from cases.reports.models import ReportSubmission
from cases.reports.schemas import AllianceReport, SubmissionIn
from cases.reports.targets_views import router as targets_router
from welcome import clock, roles, storage
from welcome.accounts.models import User
from welcome.audit import AuditAction, record
from welcome.errors import FieldErrors
from welcome.forms import form_post, off_loop, redirect
from welcome.i18n import _, get_locale
from welcome.locking import end_transaction, released
from welcome.nav import DashboardPanel, NavItem
from welcome.templating import render
from welcome.web import DbSession, Id, UserView, require_role

router = APIRouter()
router.include_router(targets_router)

CentreStaff = Annotated[User, Depends(require_role(roles.CENTRE_STAFF))]
Reader = Annotated[User, Depends(require_role(roles.REPORT_READERS))]
Overall = Annotated[User, Depends(require_role(roles.OVERALL))]
Submitter = Annotated[User, Depends(require_role(roles.SUBMITTERS))]

NAV = [
    NavItem(
        "/reports", lambda: _("Alliance report"), order=70, roles=roles.names(roles.CENTRE_STAFF)
    ),
    NavItem(
        "/reports/statistics", lambda: _("Statistics"), order=70, roles=roles.names(roles.OVERALL)
    ),
]

FORMATS: dict[str, tuple[str, str]] = {  # format → (file extension, media type)
    "csv-excel": ("csv", "text/csv; charset=utf-8"),
    "csv-machine": ("csv", "text/csv; charset=utf-8"),
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "pdf": ("pdf", "application/pdf"),
    "json": ("json", "application/json"),
}

PeriodQ = Annotated[str, Query(max_length=40)]
DateQ = Annotated[str, Query(max_length=10, alias="from")]
EndQ = Annotated[str, Query(max_length=10, alias="to")]


def _panel(db: Session, user: UserView) -> dict[str, object]:
    """Dashboard: has the last completed quarter been submitted?"""
    quarter = picker.last_completed_quarter(clock.today())
    found = (
        submissions.latest(db, centre_id=user.centre_id, period=quarter)
        if user.centre_id is not None
        else None
    )
    return {
        "quarter": quarter,
        "version": found.version if found else None,
        "submitted_at": found.submitted_at if found else None,
    }


PANELS = [
    DashboardPanel(
        template="reports/_panel.html",
        load=_panel,
        order=70,
        roles=roles.names(roles.CENTRE_STAFF),
    )
]


def _picker(choice: picker.Choice) -> dict[str, Any]:
    today = clock.today()
    return {
        "text": choice.text,
        "from": choice.start,
        "to": choice.end,
        "quarters": picker.quarter_options(today),
        "years": picker.year_options(today),
        "error": _("Please choose a quarter, a year or a date range (from, to).")
        if choice.error
        else None,
    }


def _common(report: AllianceReport | None) -> dict[str, Any]:
    return {
        "report": report,
        "columns": column_labels(),
        "figure_labels": figure_labels(),
        "sections": document.chart_sections(report) if report else [],
        "key_chart": document.key_chart(report) if report else None,
    }


def _submission_state(db: Session, user: User, choice: picker.Choice) -> dict[str, Any] | None:
    """Versions sent for this quarter and, once sent, the latest against the live figures."""
    period = choice.period
    if period is None or user.centre_id is None or not submissions.is_quarter(period):
        return None
    versions = submissions.list_submissions(db, centre_id=user.centre_id, period=period.label)
    comparison = None
    if versions:
        live = submissions.build_frozen(db, centre_id=user.centre_id, period=period)
        comparison = submissions.compare(submissions.frozen_report(versions[-1]), live)
    return {
        "versions": list(reversed(versions)),
        "names": submissions.submitter_names(db, versions),
        "comparison": comparison,
        "may_submit": user.role in roles.SUBMITTERS and period.end < clock.today(),
    }


@router.get("/reports")
def report_page(
    request: Request,
    user: CentreStaff,
    db: DbSession,
    period: PeriodQ = "",
    start: DateQ = "",
    end: EndQ = "",
    exact: Annotated[bool, Query()] = False,
) -> Response:
    choice = picker.choose(period=period, start=start, end=end, today=clock.today())
    exact = exact and user.role in roles.EXACT_FIGURES  # a lead, who asked for them
    report = None
    if choice.period is not None:
        report = service.build_report(
            db, centre_ids=None, period=choice.period, language=get_locale(), suppress=not exact
        )
    return render(
        request,
        "reports/page.html",
        {
            **_common(report),
            "picker": _picker(choice),
            "exact": exact,
            "formats": list(FORMATS),
            "submission": _submission_state(db, user, choice) if report else None,
            "errors": {},
            "note": "",
        },
        status_code=422 if choice.error else 200,
    )


@router.get("/reports/statistics")
def statistics_page(
    request: Request,
    user: Overall,
    db: DbSession,
    period: PeriodQ = "",
    start: DateQ = "",
    end: EndQ = "",
    centre: Annotated[list[Id] | None, Query()] = None,
) -> Response:
    choice = picker.choose(period=period, start=start, end=end, today=clock.today())
    all_centres = service.visible_centres(db, None)
    chosen = [c for c in centre or [] if any(c == x.id for x in all_centres)] or None
    report = None
    if choice.period is not None and all_centres:
        report = service.build_report(
            db, centre_ids=chosen, period=choice.period, language=get_locale(), suppress=True
        )
    return render(
        request,
        "reports/statistics.html",
        {
            **_common(report),
            "picker": _picker(choice),
            "centres": [{"id": c.id, "name": c.name} for c in all_centres],
            "chosen": set(chosen or []),
            "formats": list(FORMATS),
        },
        status_code=422 if choice.error else 200,
    )


@router.get("/reports/rules")
def rules_page(request: Request, user: Reader) -> Response:
    return render(
        request,
        "reports/rules.html",
        {
            "labels": service.indicator_labels(),
            "indicator_rules": rules.indicator_rules(),
            "general_rules": rules.general_rules(),
        },
    )


# --- downloads ------------------------------------------------------------------------------


def _file(report: AllianceReport, kind: str, pdf: bytes | None, internal: bool) -> Response:
    extension, media = FORMATS[kind]
    if kind == "json":
        body = json.dumps(service.to_api_json(report), ensure_ascii=False, indent=2).encode()
    elif kind == "pdf":
        assert pdf is not None
        body = pdf
    elif kind == "xlsx":
        body = exports.to_xlsx(report)
    else:
        body = exports.to_csv(report, profile="excel" if kind == "csv-excel" else "machine")
    name = filename(report, extension, internal=internal)
    if kind == "csv-machine":
        name = name.replace(".csv", "_machine.csv")
    return Response(
        body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@router.get("/reports/export")
async def export(
    user: Reader,
    db: DbSession,
    format: Annotated[str, Query(max_length=20)],
    period: PeriodQ = "",
    start: DateQ = "",
    end: EndQ = "",
    centre: Annotated[list[Id] | None, Query()] = None,
    internal: Annotated[bool, Query()] = False,
) -> Response:
    if format not in FORMATS:
        raise FieldErrors({"format": _("Unknown format.")})
    if internal and user.role not in roles.EXACT_FIGURES:
        internal = False  # only a lead may take exact figures out, and says so by asking
    choice = picker.choose(period=period, start=start, end=end, today=clock.today())
    if choice.period is None:
        raise FieldErrors({"period": str(choice.error)})
    centre_ids = centre if user.role in roles.OVERALL and centre else None
    chosen, language = choice.period, get_locale()

    def build() -> AllianceReport:  # in a worker thread, committed before the PDF renders
        report = service.build_report(
            db, centre_ids=centre_ids, period=chosen, language=language, suppress=not internal
        )
        record(db, action=AuditAction.EXPORT, entity="alliance_report")
        end_transaction(db)
        return report

    report = await off_loop(build)
    pdf = await document.render(report) if format == "pdf" else None
    return _file(report, format, pdf, internal)


# --- submission -----------------------------------------------------------------------------


@router.post("/reports/submissions")
async def submit(request: Request, user: Submitter, db: DbSession) -> Response:
    """Submit the quarter (or a correction): frozen report and PDF as the next version."""
    assert user.centre_id is not None and user.id is not None
    centre_id, user_id = user.centre_id, user.id

    def act(data: SubmissionIn) -> ReportSubmission:
        return submissions.submit(
            db,
            centre_id=centre_id,
            user_id=user_id,
            data=data,
            today=clock.today(),
            render_pdf=released(db, document.pdf_in_pool),  # no transaction while it renders
        )

    def done(row: ReportSubmission) -> Response:
        message = _("The quarter has been submitted (version %(n)d).", n=row.version)
        return redirect(request, f"/reports?period={row.period}", message)

    def again(errors: dict[str, str], values: dict[str, Any]) -> Response:
        choice = picker.choose(
            period=values.get("period", ""), start="", end="", today=clock.today()
        )
        return _page_with_errors(request, db, user, choice, errors, values.get("note", ""))

    return await form_post(request, db, SubmissionIn, act, done=done, invalid=again)


def _page_with_errors(
    request: Request,
    db: Session,
    user: User,
    choice: picker.Choice,
    errors: dict[str, str],
    note: str,
) -> Response:
    report = None
    if choice.period is not None:
        report = service.build_report(
            db, centre_ids=None, period=choice.period, language=get_locale(), suppress=True
        )
    return render(
        request,
        "reports/page.html",
        {
            **_common(report),
            "picker": _picker(choice),
            "exact": False,
            "formats": list(FORMATS),
            "submission": _submission_state(db, user, choice) if report else None,
            "errors": errors,
            "note": note,
        },
    )


@router.get("/reports/submissions/{submission_id}.pdf")
def submitted_pdf(submission_id: Id, user: CentreStaff, db: DbSession) -> Response:
    """The PDF exactly as it was sent (the stored bytes)."""
    found = submissions.get(db, submission_id=submission_id)
    record(db, action=AuditAction.EXPORT, entity="report_submissions", entity_id=found.id)
    report = submissions.frozen_report(found)
    name = filename(report, "pdf").replace(".pdf", f"_v{found.version}.pdf")
    return Response(
        storage.read(db, ref=found.pdf_ref),
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "X-Content-SHA256": found.sha256,
        },
    )
