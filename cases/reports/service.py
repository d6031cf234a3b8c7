"""Build the alliance report (counts → labelled tables → protection by the cell key method,
with the yearly targets of `targets`) and give the report the JSON shape of API.md."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from babel.numbers import format_decimal
from sqlalchemy import select
from sqlmodel import Session, col

from cases.reports import breakdowns, counting, disclosure, record_keys, tables
from cases.reports.periods import Period
from cases.reports.schemas import (
    INDICATORS,
    AllianceReport,
    Cell,
    Indicator,
    PeriodOut,
    Table,
)
from cases.reports.targets import get as targets_of
from welcome.accounts.models import Centre
from welcome.db import actor_of, utcnow
from welcome.errors import FieldErrors, NotFound
from welcome.i18n import _, force_locale


def indicator_labels() -> dict[str, str]:
    return {
        "persons_counselled": _("Persons counselled individually"),
        "persons_from_germany": _("– of whom from Germany (returnees and movers)"),
        "persons_from_abroad": _("– of whom from abroad"),
        "returnees": _("Returnees"),
        "new_cases": _("New cases"),
        "contacts": _("Counselling contacts (including anonymous enquiries)"),
        "anonymous_enquiries": _("– of which anonymous enquiries"),
        "companies_counselled": _("Companies counselled individually"),
        "companies_made_aware": _("Companies made aware (events, mailings)"),
        "employer_consultations": _("Employer consultations"),
        "events": _("Events and mailings"),
        "welcome_packages_issued": _("Welcome packages issued"),
        "recognitions_new": _("Recognition procedures applied for"),
        "recognitions_decided": _("Recognition procedures decided"),
        "recognitions_overdue": _("Recognition procedures past the decision deadline"),
    }


def counting_footnotes() -> list[str]:
    return [
        _(
            "A person counselled is a person with at least one counselling contact in the "
            "period, counted once however many contacts; a new case is a case opened in the "
            "period. Anonymous enquiries count as contacts, never as persons."
        ),
        _(
            "From Germany / from abroad: by the previous residence; where none is recorded, "
            "by the client group (returnees and movers from Germany: Germany; immigrants and "
            "prospects: abroad; family members: not known)."
        ),
        _(
            "Companies counselled are distinct companies with a consultation in the period. "
            "Companies made aware are the distinct named companies reached by events plus the "
            "companies reached anonymously (e.g. by mailings)."
        ),
        _(
            "Recognition: new = applied in the period; decided = decided in the period; past "
            "the deadline = decided in the period after the decision deadline, or still "
            "undecided at the end of the period with the deadline passed."
        ),
        _("Year to date: from 1 January up to the end of the period."),
    ]


def provisional_footnote(data_date: date) -> str:
    return _(
        "Provisional: the period has not ended yet. Deadlines count as passed up to the data "
        "date (%(day)s), not up to the end of the period.",
        day=data_date.isoformat(),
    )


def data_date_of(now: datetime) -> date:
    """The data date (Datenstand) as a day in Saxony."""
    return now.astimezone(counting.BERLIN).date()


# --- which centres ---------------------------------------------------------------------------


def visible_centres(db: Session, centre_ids: list[int] | None) -> list[Centre]:
    """The centres asked for, limited to those the acting user may see (never a leak)."""
    actor = actor_of(db)
    allowed = [actor.centre_id] if actor is not None and actor.centre_id is not None else None
    query = select(Centre).order_by(col(Centre.name))
    if allowed is not None:
        query = query.where(col(Centre.id).in_(allowed))
    found = list(db.scalars(query))
    if centre_ids is None:
        return found
    chosen = [c for c in found if c.id in set(centre_ids)]
    if len(chosen) != len(set(centre_ids)):
        raise NotFound(_("There is no such centre."))
    return chosen


def centre_ids_named(db: Session, name: str) -> list[int]:
    """The id of the centre of that name, if the actor may see it (else NotFound)."""
    wanted = name.strip().casefold()
    found = [c.id for c in visible_centres(db, None) if c.name.casefold() == wanted]
    if not found or found[0] is None:
        raise NotFound(_("There is no such centre."))
    return [found[0]]


def one_centre_id(db: Session, name: str | None) -> int:
    """The named centre, or the actor's own; a user of all centres must name one."""
    if name:
        return centre_ids_named(db, name)[0]
    actor = actor_of(db)
    if actor is None or actor.centre_id is None:
        raise FieldErrors({"centre": _("Please name the centre.")})
    return actor.centre_id


# --- building ---------------------------------------------------------------------------------


def _achievement(value: Cell, target: int | None) -> float | None:
    if target is None or target <= 0 or not isinstance(value, int):
        return None
    return round(value / target * 100, 1)


def build_report(
    db: Session,
    *,
    centre_ids: list[int] | None,
    period: Period,
    language: str,
    suppress: bool,
    now: datetime | None = None,
) -> AllianceReport:
    """The report for `period` over the centres (None = all the actor may see).

    `suppress`: protected figures (the cell key method, `disclosure`), as everything that
    leaves the centre; False: the exact counts (a lead's internal view). `now`: the data
    date's moment (default: now); a period not ended by then is provisional."""
    counted = build_counted(
        db, centre_ids=centre_ids, period=period, language=language, keys=suppress, now=now
    )
    if suppress:
        with force_locale(language):
            footnotes = [*counted.footnotes, disclosure.footnote()]
        counted = disclosure.protect(
            counted.model_copy(update={"footnotes": footnotes}),
            empty=record_keys.for_session(db).empty_cell_key,
        )
    with force_locale(language):
        return _median_note(counted)


def build_counted(
    db: Session,
    *,
    centre_ids: list[int] | None,
    period: Period,
    language: str,
    keys: bool,
    now: datetime | None = None,
) -> AllianceReport:
    """The exact report; with `keys`, every figure carries the sum of its records' keys (the
    input of `disclosure.protect`, never shown)."""
    centres = visible_centres(db, centre_ids)
    ids = tuple(c.id for c in centres if c.id is not None)
    ytd = period.year_to_date()
    generated = now or utcnow()
    as_of = data_date_of(generated)
    record = record_keys.for_session(db) if keys else None
    scope = counting.Scope(ids, period.start, period.end, as_of=as_of, keys=record)
    ytd_scope = counting.Scope(ids, ytd.start, ytd.end, as_of=as_of, keys=record)
    persons = breakdowns.person_breakdowns(db, scope)
    current = counting.indicators(db, scope, persons=breakdowns.person_indicators(persons))
    so_far = counting.indicators(db, ytd_scope)
    median_days = counting.recognition_median_days(db, scope)
    single = centres[0] if len(centres) == 1 else None
    targets = (
        targets_of(db, centre_id=single.id, year=period.end.year) if single and single.id else {}
    )
    with force_locale(language):
        built = tables.build_all(db, scope, persons, protected=keys)
        labels = indicator_labels()
        indicators = [
            Indicator(
                code=code,
                label=labels[code],
                period=current[code],
                year_to_date=so_far[code],
                period_key=current.key_sums.get(code, 0),
                year_to_date_key=so_far.key_sums.get(code, 0),
                target=targets.get(code),
                achievement_percent=_achievement(so_far[code], targets.get(code)),
            )
            for code in INDICATORS
        ]
        footnotes = counting_footnotes()
        provisional = period.end >= as_of
        if provisional:
            footnotes.insert(0, provisional_footnote(as_of))
        return AllianceReport(
            period=PeriodOut(label=period.label, start=period.start, end=period.end),
            year_to_date=PeriodOut(label=ytd.label, start=ytd.start, end=ytd.end),
            centre=single.name if single else None,
            centres=[c.name for c in centres],
            language=language,
            generated_at=generated,
            indicators=indicators,
            tables=built,
            suppressed=False,
            footnotes=footnotes,
            figures={"recognition_median_days": median_days},
            provisional=provisional,
        )


def _median_note(report: AllianceReport) -> AllianceReport:
    """State the median processing time under the deadline table (as shown: maybe "*")."""
    days = report.figures.get("recognition_median_days")
    if days is None:
        return report
    shown = days if isinstance(days, str) else format_decimal(days, locale=report.language)
    note = _("Median days from documents complete to decision: %(days)s", days=shown)
    tables_ = [
        t.model_copy(update={"note": note}) if t.key == "recognition_deadlines" else t
        for t in report.tables
    ]
    return report.model_copy(update={"tables": tables_})


# --- JSON (API.md) ------------------------------------------------------------------------------


def _table_json(table: Table) -> dict[str, Any]:
    return table.model_dump(mode="json", exclude={"key"})


def to_api_json(report: AllianceReport) -> dict[str, Any]:
    """The API.md shape, plus labels, targets, tables with labels and the footnotes."""
    return {
        "period": report.period.model_dump(mode="json"),
        "centre": report.centre,
        "centres": report.centres,
        "indicators": report.indicator_values("period"),
        "year_to_date": report.indicator_values("year_to_date"),
        "year_to_date_period": report.year_to_date.model_dump(mode="json"),
        "indicator_labels": {i.code: i.label for i in report.indicators},
        "targets": {
            i.code: {"target": i.target, "achievement_percent": i.achievement_percent}
            for i in report.indicators
            if i.target is not None
        },
        "tables": {t.key: _table_json(t) for t in report.tables},
        "figures": report.figures,
        "suppressed": report.suppressed,
        "disclosure": report.disclosure or {"method": "none"},
        "provisional": report.provisional,
        "language": report.language,
        "generated_at": report.generated_at.isoformat(),
        "footnotes": report.footnotes,
    }
