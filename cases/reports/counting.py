"""The headline counts of the alliance report as SQL aggregates (DOMAIN.md, "The alliance
report"), the same on SQLite and PostgreSQL.

Every query is filtered explicitly to the report's centres and dates; the session's centre
scope (welcome.db) applies on top for users of one centre. Nothing here loops over rows: the
database counts, Python only receives the numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Integer, and_, case, func, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import FunctionElement
from sqlalchemy.sql.selectable import Subquery
from sqlmodel import Session, col

from cases.counselling.models import Case, Contact, Enquiry
from cases.employers.models import EmployerConsultation, EventEmployer, OutreachEvent
from cases.packages.models import IssuedPackage
from cases.persons.models import Person
from cases.recognition.models import RecognitionProcedure

BERLIN = ZoneInfo("Europe/Berlin")  # a report day is a day in Saxony

# previous residence when none is recorded: the client group decides (DOMAIN.md)
FROM_GERMANY_GROUPS = ("returnee", "domestic_mover")
FROM_ABROAD_GROUPS = ("eu_immigrant", "third_country_immigrant", "prospect_abroad")


@dataclass(frozen=True, slots=True)
class Scope:
    """Which centres and which days (both ends inclusive) a count covers."""

    centre_ids: tuple[int, ...]
    start: date
    end: date

    def days(self, column: Any) -> ColumnElement[bool]:
        return and_(column >= self.start, column <= self.end)

    def instants(self, column: Any) -> ColumnElement[bool]:
        """A timestamp column within the days, taken in Saxon local time, compared in UTC."""
        first = datetime.combine(self.start, time(), BERLIN).astimezone(UTC)
        after = datetime.combine(self.end + timedelta(days=1), time(), BERLIN).astimezone(UTC)
        # in UTC: SQLite keeps timestamps as UTC wall-clock text and binds ours the same way
        return and_(column >= first, column < after)

    def centres(self, column: Any) -> ColumnElement[bool]:
        return col(column).in_(self.centre_ids)


# --- portable SQL pieces --------------------------------------------------------------------


class days_between(FunctionElement[int]):
    """Whole days from the second date to the first (`later - earlier`)."""

    type = Integer()
    inherit_cache = True
    name = "days_between"


@compiles(days_between)
def _days_between_default(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    later, earlier = list(element.clauses)
    return f"({compiler.process(later, **kw)} - {compiler.process(earlier, **kw)})"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    later, earlier = list(element.clauses)
    return (
        f"CAST(julianday({compiler.process(later, **kw)}) - "
        f"julianday({compiler.process(earlier, **kw)}) AS INTEGER)"
    )


def residence_class() -> ColumnElement[str]:
    """`germany`, `abroad` or `unknown`: the recorded previous residence, else the client group."""
    country = col(Person.previous_residence_country)
    return case(
        (country == "DE", "germany"),
        (country.is_not(None), "abroad"),
        (col(Person.previous_residence_state).is_not(None), "germany"),
        (col(Person.client_group).in_(FROM_GERMANY_GROUPS), "germany"),
        (col(Person.client_group).in_(FROM_ABROAD_GROUPS), "abroad"),
        else_="unknown",
    )


def counselled(scope: Scope) -> Subquery:
    """The persons counselled: distinct persons with at least one contact in the days.

    The cases are found first from the contacts alone (an index holds centre, date and case),
    so each case is looked up once, not once per contact.
    """
    cases = select(col(Contact.case_id)).where(
        scope.centres(Contact.centre_id), scope.days(Contact.date)
    )
    return (
        select(col(Case.person_id).label("person_id"))
        .where(col(Case.id).in_(cases))
        .distinct()
        .subquery("counselled")
    )


def median(db: Session, values: Any, *conditions: ColumnElement[bool]) -> float | None:
    """The median of an integer expression over the rows matching `conditions`.

    Window functions (both backends): the middle row, or the mean of the two middle rows.
    """
    ranked = (
        select(
            values.label("v"),
            func.row_number().over(order_by=values).label("rn"),
            func.count().over().label("n"),
        )
        .where(*conditions)
        .subquery("ranked")
    )
    middle = and_(ranked.c.rn * 2 >= ranked.c.n, ranked.c.rn * 2 <= ranked.c.n + 2)
    found = db.scalar(select(func.avg(ranked.c.v)).where(middle))
    return None if found is None else round(float(found), 1)


# --- recognition conditions -----------------------------------------------------------------


def decided_in(scope: Scope) -> ColumnElement[bool]:
    return scope.days(RecognitionProcedure.decided_on)


def open_at_end(scope: Scope) -> ColumnElement[bool]:
    """Applied by the end of the days, not decided by then, not withdrawn."""
    decided = col(RecognitionProcedure.decided_on)
    return and_(
        col(RecognitionProcedure.applied_on).is_not(None),
        col(RecognitionProcedure.applied_on) <= scope.end,
        or_(decided.is_(None), decided > scope.end),
        col(RecognitionProcedure.status) != "withdrawn",
    )


def decided_late(scope: Scope) -> ColumnElement[bool]:
    due = col(RecognitionProcedure.decision_due_on)
    return and_(decided_in(scope), due.is_not(None), col(RecognitionProcedure.decided_on) > due)


def open_overdue(scope: Scope) -> ColumnElement[bool]:
    due = col(RecognitionProcedure.decision_due_on)
    return and_(open_at_end(scope), due.is_not(None), due < scope.end)


# --- headline indicators --------------------------------------------------------------------


def _count(model: Any, *conditions: ColumnElement[bool]) -> Any:
    return select(func.count()).select_from(model).where(*conditions).scalar_subquery()


def _distinct(column: Any, model: Any, *conditions: ColumnElement[bool]) -> Any:
    return (
        select(func.count(func.distinct(column))).select_from(model).where(*conditions)
    ).scalar_subquery()


def _persons(db: Session, scope: Scope) -> dict[str, int]:
    who = counselled(scope)
    residence = residence_class()

    def share(condition: ColumnElement[bool]) -> Any:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    row = db.execute(
        select(
            func.count(),
            share(residence == "germany"),
            share(residence == "abroad"),
            share(residence == "unknown"),
            share(col(Person.client_group) == "returnee"),
        )
        .select_from(Person)
        .join(who, who.c.person_id == col(Person.id))
    ).one()
    names = ("persons_counselled", "persons_from_germany", "persons_from_abroad")
    values = dict(zip(names, (int(v) for v in row[:3]), strict=True))
    return {**values, "residence_unknown": int(row[3]), "returnees": int(row[4])}


def _activity(db: Session, scope: Scope) -> dict[str, int]:
    events = scope.centres(OutreachEvent.centre_id), scope.days(OutreachEvent.held_on)
    rec = scope.centres(RecognitionProcedure.centre_id)
    named = (
        select(func.count(func.distinct(col(EventEmployer.employer_id))))
        .select_from(EventEmployer)
        .join(OutreachEvent, col(OutreachEvent.id) == col(EventEmployer.event_id))
        .where(*events)
        .scalar_subquery()
    )
    anonymous = (
        select(func.coalesce(func.sum(col(OutreachEvent.anonymous_companies)), 0))
        .where(*events)
        .scalar_subquery()
    )
    columns = {
        "new_cases": _count(Case, scope.centres(Case.centre_id), scope.days(Case.opened_on)),
        "case_contacts": _count(
            Contact, scope.centres(Contact.centre_id), scope.days(Contact.date)
        ),
        "anonymous_enquiries": _count(
            Enquiry, scope.centres(Enquiry.centre_id), scope.days(Enquiry.date)
        ),
        "companies_counselled": _distinct(
            col(EmployerConsultation.employer_id),
            EmployerConsultation,
            scope.centres(EmployerConsultation.centre_id),
            scope.days(EmployerConsultation.held_on),
        ),
        "employer_consultations": _count(
            EmployerConsultation,
            scope.centres(EmployerConsultation.centre_id),
            scope.days(EmployerConsultation.held_on),
        ),
        "companies_named": named,
        "companies_anonymous": anonymous,
        "events": _count(OutreachEvent, *events),
        "welcome_packages_issued": _count(
            IssuedPackage,
            scope.centres(IssuedPackage.centre_id),
            scope.instants(IssuedPackage.issued_at),
        ),
        "recognitions_new": _count(
            RecognitionProcedure, rec, scope.days(RecognitionProcedure.applied_on)
        ),
        "recognitions_decided": _count(RecognitionProcedure, rec, decided_in(scope)),
        "recognitions_overdue": _count(
            RecognitionProcedure, rec, or_(decided_late(scope), open_overdue(scope))
        ),
    }
    row = db.execute(select(*(c.label(k) for k, c in columns.items()))).one()
    return {k: int(v or 0) for k, v in row._mapping.items()}


def indicators(
    db: Session, scope: Scope, *, persons: Mapping[str, int] | None = None
) -> dict[str, int]:
    """Every headline indicator of API.md, plus `residence_unknown` (for suppression).

    `persons`: the person indicators when the caller has them already (from the breakdowns
    of the same period, see `breakdowns.person_indicators`), else they are counted here.
    """
    values = {**(persons if persons is not None else _persons(db, scope)), **_activity(db, scope)}
    values["contacts"] = values["case_contacts"] + values["anonymous_enquiries"]
    values["companies_made_aware"] = values["companies_named"] + values["companies_anonymous"]
    return values


def recognition_median_days(db: Session, scope: Scope) -> float | None:
    """Median days from documents complete to decision, over the procedures decided."""
    rp = RecognitionProcedure
    return median(
        db,
        days_between(col(rp.decided_on), col(rp.documents_complete_on)),
        scope.centres(rp.centre_id),
        decided_in(scope),
        col(rp.documents_complete_on).is_not(None),
    )
