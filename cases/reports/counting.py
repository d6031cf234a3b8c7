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
from typing import TYPE_CHECKING, Any, Generic, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Integer, and_, case, func, literal, or_, select
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

if TYPE_CHECKING:
    from cases.reports.record_keys import RecordKeys

BERLIN = ZoneInfo("Europe/Berlin")  # a report day is a day in Saxony

# previous residence when none is recorded: the client group decides (DOMAIN.md)
FROM_GERMANY_GROUPS = ("returnee", "domestic_mover")
FROM_ABROAD_GROUPS = ("eu_immigrant", "third_country_immigrant", "prospect_abroad")


K = TypeVar("K")


class Tally(dict[K, int], Generic[K]):
    """Counts, and for each the sum of the record keys of what was counted (`key_sums`, the
    cell key method of `disclosure`; all 0 when the scope computes no keys)."""

    __slots__ = ("key_sums",)

    def __init__(
        self, counts: Mapping[K, int] | None = None, key_sums: Mapping[K, int] | None = None
    ):
        super().__init__(counts or {})
        self.key_sums: dict[K, int] = dict(key_sums or {})

    def add(self, key: K, n: int, key_sum: int) -> None:
        self[key] = self.get(key, 0) + n
        self.key_sums[key] = self.key_sums.get(key, 0) + key_sum


@dataclass(frozen=True, slots=True)
class Scope:
    """Which centres and which days (both ends inclusive) a count covers.

    `as_of`: the data date; deadlines count as passed only up to it (a period that has not
    ended). `keys`: the record keys to sum per count (protected reports), None for exact ones.
    """

    centre_ids: tuple[int, ...]
    start: date
    end: date
    as_of: date | None = None
    keys: RecordKeys | None = None

    @property
    def deadline_day(self) -> date:
        """Deadlines before this day have passed: the period's end, or the data date if the
        period has not ended yet."""
        return self.end if self.as_of is None else min(self.end, self.as_of)

    def key(self, column: Any, kind: str) -> ColumnElement[int]:
        """The record key of the row with id `column` (0 when no keys are computed)."""
        if self.keys is None:
            return literal(0)
        return self.keys.sql(column, kind)

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
    return and_(open_at_end(scope), due.is_not(None), due < scope.deadline_day)


# --- headline indicators --------------------------------------------------------------------


def _count(model: Any, *conditions: ColumnElement[bool]) -> Any:
    return select(func.count()).select_from(model).where(*conditions).scalar_subquery()


def _key_sum(value: Any, model: Any, *conditions: ColumnElement[bool]) -> Any:
    return (
        select(func.coalesce(func.sum(value), 0)).select_from(model).where(*conditions)
    ).scalar_subquery()


def _distinct(column: Any, model: Any, *conditions: ColumnElement[bool]) -> Any:
    return (
        select(func.count(func.distinct(column))).select_from(model).where(*conditions)
    ).scalar_subquery()


def _distinct_key_sum(
    scope: Scope, kind: str, column: Any, model: Any, *conditions: ColumnElement[bool]
) -> Any:
    ids = select(column.label("id")).select_from(model).where(*conditions).distinct().subquery()
    return select(func.coalesce(func.sum(scope.key(ids.c.id, kind)), 0)).scalar_subquery()


def _persons(db: Session, scope: Scope) -> Tally[str]:
    who = counselled(scope)
    residence = residence_class()
    key = scope.key(Person.id, "person")

    def share(condition: ColumnElement[bool], value: Any = 1) -> Any:
        return func.coalesce(func.sum(case((condition, value), else_=0)), 0)

    shares = {
        "persons_from_germany": residence == "germany",
        "persons_from_abroad": residence == "abroad",
        "residence_unknown": residence == "unknown",
        "returnees": col(Person.client_group) == "returnee",
    }
    row = db.execute(
        select(
            func.count(),
            func.coalesce(func.sum(key), 0),
            *(share(c) for c in shares.values()),
            *(share(c, key) for c in shares.values()),
        )
        .select_from(Person)
        .join(who, who.c.person_id == col(Person.id))
    ).one()
    names = ["persons_counselled", *shares]
    n = len(names)
    counts = [row[0], *row[2 : 2 + n - 1]]
    key_sums = [row[1], *row[2 + n - 1 :]]
    return Tally(
        {k: int(v or 0) for k, v in zip(names, counts, strict=True)},
        {k: int(v or 0) for k, v in zip(names, key_sums, strict=True)},
    )


def _activity(db: Session, scope: Scope) -> Tally[str]:
    events = scope.centres(OutreachEvent.centre_id), scope.days(OutreachEvent.held_on)
    rec = scope.centres(RecognitionProcedure.centre_id)
    rp = RecognitionProcedure
    named_ids = (
        select(col(EventEmployer.employer_id).label("id"))
        .join(OutreachEvent, col(OutreachEvent.id) == col(EventEmployer.event_id))
        .where(*events)
        .distinct()
        .subquery("named_ids")
    )
    named = select(func.count()).select_from(named_ids).scalar_subquery()
    anonymous = (
        select(func.coalesce(func.sum(col(OutreachEvent.anonymous_companies)), 0))
        .where(*events)
        .scalar_subquery()
    )
    contacts = scope.centres(Contact.centre_id), scope.days(Contact.date)
    enquiries = scope.centres(Enquiry.centre_id), scope.days(Enquiry.date)
    consultations = (
        scope.centres(EmployerConsultation.centre_id),
        scope.days(EmployerConsultation.held_on),
    )
    cases = scope.centres(Case.centre_id), scope.days(Case.opened_on)
    packages = (
        scope.centres(IssuedPackage.centre_id),
        scope.instants(IssuedPackage.issued_at),
    )
    overdue = or_(decided_late(scope), open_overdue(scope))
    # each indicator: (its count, the sum of its records' keys)
    columns: dict[str, tuple[Any, Any]] = {
        "new_cases": (
            _count(Case, *cases),
            _key_sum(scope.key(Case.id, "case"), Case, *cases),
        ),
        "case_contacts": (
            _count(Contact, *contacts),
            _key_sum(scope.key(Contact.id, "contact"), Contact, *contacts),
        ),
        "anonymous_enquiries": (
            _count(Enquiry, *enquiries),
            _key_sum(scope.key(Enquiry.id, "enquiry"), Enquiry, *enquiries),
        ),
        "companies_counselled": (
            _distinct(col(EmployerConsultation.employer_id), EmployerConsultation, *consultations),
            _distinct_key_sum(
                scope,
                "employer",
                col(EmployerConsultation.employer_id),
                EmployerConsultation,
                *consultations,
            ),
        ),
        "employer_consultations": (
            _count(EmployerConsultation, *consultations),
            _key_sum(
                scope.key(EmployerConsultation.id, "consultation"),
                EmployerConsultation,
                *consultations,
            ),
        ),
        "companies_named": (
            named,
            select(
                func.coalesce(func.sum(scope.key(named_ids.c.id, "employer")), 0)
            ).scalar_subquery(),
        ),
        "companies_anonymous": (
            anonymous,
            _key_sum(
                col(OutreachEvent.anonymous_companies) * scope.key(OutreachEvent.id, "event"),
                OutreachEvent,
                *events,
            ),
        ),
        "events": (
            _count(OutreachEvent, *events),
            _key_sum(scope.key(OutreachEvent.id, "event"), OutreachEvent, *events),
        ),
        "welcome_packages_issued": (
            _count(IssuedPackage, *packages),
            _key_sum(scope.key(IssuedPackage.id, "package"), IssuedPackage, *packages),
        ),
        "recognitions_new": (
            _count(rp, rec, scope.days(rp.applied_on)),
            _key_sum(scope.key(rp.id, "recognition"), rp, rec, scope.days(rp.applied_on)),
        ),
        "recognitions_decided": (
            _count(rp, rec, decided_in(scope)),
            _key_sum(scope.key(rp.id, "recognition"), rp, rec, decided_in(scope)),
        ),
        "recognitions_overdue": (
            _count(rp, rec, overdue),
            _key_sum(scope.key(rp.id, "recognition"), rp, rec, overdue),
        ),
    }
    if scope.keys is None:  # exact figures: the counts alone
        row = db.execute(select(*(c.label(k) for k, (c, _s) in columns.items()))).one()
        return Tally({k: int(v or 0) for k, v in row._mapping.items()})
    row = db.execute(
        select(
            *(c.label(k) for k, (c, _s) in columns.items()),
            *(s.label(f"{k}__key") for k, (_c, s) in columns.items()),
        )
    ).one()
    values = row._mapping
    return Tally(
        {k: int(values[k] or 0) for k in columns},
        {k: int(values[f"{k}__key"] or 0) for k in columns},
    )


def indicators(db: Session, scope: Scope, *, persons: Tally[str] | None = None) -> Tally[str]:
    """Every headline indicator of API.md, plus `residence_unknown`; with the key sums of
    each when the scope computes keys.

    `persons`: the person indicators when the caller has them already (from the breakdowns
    of the same period, see `breakdowns.person_indicators`), else they are counted here.
    """
    values = Tally[str]()
    for tally in (persons if persons is not None else _persons(db, scope), _activity(db, scope)):
        for k, n in tally.items():
            values.add(k, n, tally.key_sums.get(k, 0))
    for total, parts in (
        ("contacts", ("case_contacts", "anonymous_enquiries")),
        ("companies_made_aware", ("companies_named", "companies_anonymous")),
    ):
        for name in parts:
            values.add(total, values[name], values.key_sums.get(name, 0))
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
