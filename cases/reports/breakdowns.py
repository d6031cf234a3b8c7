"""The report's breakdowns as grouped SQL counts: `{(row_code, column_code…): n}`.

Each function builds the keys of the counted things in SQL (labelled k0, k1…, missing values
as `unknown`) and lets the database group them; labels and order are the service's business.
Persons are always the persons counselled in the period (counting.counselled).

Each counted row also carries its record key (column `rk`, `Scope.key`: 0 for exact reports);
the groups then hold the sum of their records' keys next to the count (`Tally.key_sums`), the
input of the cell key method (`disclosure`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import (
    ColumnElement,
    and_,
    case,
    exists,
    func,
    literal_column,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import aliased
from sqlalchemy.sql import CompoundSelect, Select
from sqlmodel import Session, col

from cases.counselling.models import (
    Case,
    Contact,
    ContactTopicRow,
    Enquiry,
    EnquiryTopicRow,
    Outcome,
    Referral,
)
from cases.employers.models import (
    ConsultationTopic,
    Employer,
    EmployerConsultation,
    EventEmployer,
    OutreachEvent,
)
from cases.packages.models import IssuedPackage
from cases.persons.models import Person, PersonNationality
from cases.recognition.models import RecognitionProcedure, RecognitionSuspension
from cases.reports.counting import (
    Scope,
    Tally,
    counselled,
    decided_in,
    decided_late,
    open_at_end,
    open_overdue,
    residence_class,
)

Counts = Tally[tuple[str, ...]]
UNKNOWN = "unknown"


def _known(column: Any) -> ColumnElement[str]:
    return func.coalesce(column, UNKNOWN)


def _tag(code: str) -> ColumnElement[str]:
    return literal_column(f"'{code}'")  # a fixed code of ours, never user input


def grouped(db: Session, inner: Select[Any] | CompoundSelect[Any]) -> Counts:
    """Count the rows of `inner` by all its columns but `rk` (the database groups, not
    Python), and add up `rk`, the rows' record keys, per group."""
    keyed = inner.subquery("keyed")
    columns = [c for c in keyed.c if c.name != "rk"]
    rows = db.execute(
        select(*columns, func.count(), func.coalesce(func.sum(keyed.c.rk), 0)).group_by(*columns)
    ).all()
    found = Counts()
    for row in rows:
        found.add(tuple(str(v) for v in row[:-2]), int(row[-2]), int(row[-1] or 0))
    return found


# --- persons counselled ---------------------------------------------------------------------


FIRST_NATIONALITY = aliased(PersonNationality, name="first_nationality")


def _person_keys(scope: Scope) -> dict[str, tuple[Any, ...]]:
    """Per breakdown, the keys of a person (row, and column for two-dimensional ones)."""
    age = scope.end.year - col(Person.birth_year)  # age reached in the year the period ends
    return {
        "client_group_by_gender": (
            col(Person.client_group),
            func.coalesce(Person.gender, "not_stated"),
        ),
        "age_group": (
            case(
                (col(Person.birth_year).is_(None), UNKNOWN),
                (age < 25, "under_25"),
                (age < 35, "25_34"),
                (age < 45, "35_44"),
                (age < 55, "45_54"),
                else_="55_plus",
            ),
        ),
        "nationality": (_known(FIRST_NATIONALITY.country),),  # a person with two: the first
        "residence_status": (_known(Person.residence_status),),
        "qualification_level": (_known(Person.qualification_level),),
        # KldB 2010 occupational area (Berufsbereich): the code's first digit
        "occupation_area": (_known(func.substr(col(Person.occupation_kldb), 1, 1)),),
        "previous_residence": (residence_class(),),
        "german_level": (_known(Person.german_level),),
    }


def person_breakdowns(db: Session, scope: Scope) -> dict[str, Counts]:
    """Every breakdown of the persons counselled, in one statement: the persons and their
    keys are found once (a CTE, which both backends materialise when it is used more than
    once), then grouped by each breakdown's keys (UNION ALL)."""
    dims = _person_keys(scope)
    who = counselled(scope)
    keyed = (
        select(
            *(key.label(f"{name}_{n}") for name, keys in dims.items() for n, key in enumerate(keys))
        )
        .add_columns(scope.key(Person.id, "person").label("rk"))
        .select_from(Person)
        .join(who, who.c.person_id == col(Person.id))
        .outerjoin(
            FIRST_NATIONALITY,
            and_(
                col(FIRST_NATIONALITY.person_id) == col(Person.id),
                col(FIRST_NATIONALITY.position) == 0,  # the first one entered
            ),
        )
        .cte("keyed")
    )
    branches = []
    for name, keys in dims.items():
        columns: list[Any] = [keyed.c[f"{name}_{n}"] for n in range(len(keys))]
        padded = [*columns, _tag("")][:2]  # every branch answers two key columns
        branches.append(
            select(
                _tag(name).label("d"),
                padded[0].label("k0"),
                padded[1].label("k1"),
                func.count().label("n"),
                func.coalesce(func.sum(keyed.c.rk), 0).label("rk"),
            ).group_by(*columns)
        )
    found: dict[str, Counts] = {name: Counts() for name in dims}
    for name, k0, k1, n, rk in db.execute(union_all(*branches)).all():
        found[name].add((str(k0), str(k1))[: len(dims[name])], int(n), int(rk or 0))
    return found


def person_indicators(found: Mapping[str, Counts]) -> Tally[str]:
    """The person indicators of `counting.indicators`, read off the breakdowns."""
    residence = found["previous_residence"]
    out = Tally[str]()
    for name, code in (
        ("persons_from_germany", "germany"),
        ("persons_from_abroad", "abroad"),
        ("residence_unknown", UNKNOWN),
    ):
        out.add(name, residence.get((code,), 0), residence.key_sums.get((code,), 0))
    out.add("persons_counselled", 0, 0)
    for key, n in residence.items():
        out.add("persons_counselled", n, residence.key_sums.get(key, 0))
    groups = found["client_group_by_gender"]
    out.add("returnees", 0, 0)
    for key, n in groups.items():
        if key[0] == "returnee":
            out.add("returnees", n, groups.key_sums.get(key, 0))
    return out


# --- counselling activity -------------------------------------------------------------------


def contact_breakdowns(db: Session, scope: Scope) -> dict[str, Counts]:
    """Contacts by channel and by language, each split into case contacts (column `contacts`)
    and anonymous enquiries (column `enquiries`): one GROUP BY over both, whose few groups
    are then added up per breakdown."""
    cases: Select[Any] = select(
        col(Contact.channel).label("channel"),
        _known(Contact.language).label("language"),
        _tag("contacts").label("kind"),
        scope.key(Contact.id, "contact").label("rk"),
    ).where(scope.centres(Contact.centre_id), scope.days(Contact.date))
    anonymous: Select[Any] = select(
        col(Enquiry.channel).label("channel"),
        _known(Enquiry.language).label("language"),
        _tag("enquiries").label("kind"),
        scope.key(Enquiry.id, "enquiry").label("rk"),
    ).where(scope.centres(Enquiry.centre_id), scope.days(Enquiry.date))
    found = {"contacts_by_channel": Counts(), "contacts_by_language": Counts()}
    counted = grouped(db, cases.union_all(anonymous))
    for (channel, language, kind), n in counted.items():
        rk = counted.key_sums[(channel, language, kind)]
        for name, key in (("contacts_by_channel", channel), ("contacts_by_language", language)):
            found[name].add((key, kind), n, rk)
    return found


def contacts_by_topic(db: Session, scope: Scope) -> Counts:
    """Multiple answers: a contact with three topics counts in three rows."""
    cases: Select[Any] = (
        select(
            col(ContactTopicRow.topic).label("k0"),
            _tag("contacts").label("k1"),
            scope.key(Contact.id, "contact").label("rk"),
        )
        .join(Contact, col(Contact.id) == col(ContactTopicRow.contact_id))
        .where(scope.centres(Contact.centre_id), scope.days(Contact.date))
    )
    anonymous: Select[Any] = (
        select(
            col(EnquiryTopicRow.topic).label("k0"),
            _tag("enquiries").label("k1"),
            scope.key(Enquiry.id, "enquiry").label("rk"),
        )
        .join(Enquiry, col(Enquiry.id) == col(EnquiryTopicRow.enquiry_id))
        .where(scope.centres(Enquiry.centre_id), scope.days(Enquiry.date))
    )
    return grouped(db, cases.union_all(anonymous))


def referral_source(db: Session, scope: Scope) -> Counts:
    """How the persons of the cases opened in the period found the centre."""
    return grouped(
        db,
        select(
            _known(Case.referral_source).label("k0"), scope.key(Case.id, "case").label("rk")
        ).where(scope.centres(Case.centre_id), scope.days(Case.opened_on)),
    )


def referrals_by_partner(db: Session, scope: Scope) -> Counts:
    return grouped(
        db,
        select(
            col(Referral.partner).label("k0"), scope.key(Referral.id, "referral").label("rk")
        ).where(scope.centres(Referral.centre_id), scope.days(Referral.date)),
    )


# --- recognition ----------------------------------------------------------------------------


def recognition_by_decision(db: Session, scope: Scope) -> Counts:
    rp = RecognitionProcedure
    return grouped(
        db,
        select(_known(rp.decision).label("k0"), scope.key(rp.id, "recognition").label("rk")).where(
            scope.centres(rp.centre_id), decided_in(scope)
        ),
    )


def recognition_by_status(db: Session, scope: Scope) -> Counts:
    """Procedures open at the end of the period, by their stage on that day (from the dates)."""
    rp = RecognitionProcedure
    suspended = exists().where(
        col(RecognitionSuspension.procedure_id) == col(rp.id),
        col(RecognitionSuspension.starts_on) <= scope.end,
        or_(
            col(RecognitionSuspension.ends_on).is_(None),
            col(RecognitionSuspension.ends_on) >= scope.end,
        ),
    )
    stage = case(
        (suspended, "suspended"),
        (col(rp.documents_complete_on) <= scope.end, "in_review"),
        (col(rp.documents_requested_on) <= scope.end, "waiting_on_person"),
        else_="applied",
    )
    return grouped(
        db,
        select(stage.label("k0"), scope.key(rp.id, "recognition").label("rk")).where(
            scope.centres(rp.centre_id), open_at_end(scope)
        ),
    )


def recognition_by_authority(db: Session, scope: Scope) -> Counts:
    """Procedures supported in the period: applied by its end, not decided before its start."""
    rp = RecognitionProcedure
    supported = and_(
        col(rp.applied_on).is_not(None),
        col(rp.applied_on) <= scope.end,
        or_(col(rp.decided_on).is_(None), col(rp.decided_on) >= scope.start),
    )
    regulated = case((col(rp.regulated), "regulated"), else_="not_regulated")
    return grouped(
        db,
        select(
            col(rp.authority).label("k0"),
            regulated.label("k1"),
            scope.key(rp.id, "recognition").label("rk"),
        ).where(scope.centres(rp.centre_id), supported),
    )


def recognition_deadlines(db: Session, scope: Scope) -> Counts:
    """Decided in the period and open at its end, each by the decision deadline."""
    rp = RecognitionProcedure
    due = col(rp.decision_due_on)
    row = case(
        (decided_late(scope), "decided_late"),
        (and_(decided_in(scope), due.is_not(None)), "decided_in_time"),
        (decided_in(scope), "decided_no_deadline"),
        (open_overdue(scope), "open_overdue"),
        (due.is_not(None), "open_in_time"),
        else_="open_no_deadline",
    )
    return grouped(
        db,
        select(row.label("k0"), scope.key(rp.id, "recognition").label("rk")).where(
            scope.centres(rp.centre_id), or_(decided_in(scope), open_at_end(scope))
        ),
    )


# --- employers and outreach -----------------------------------------------------------------


def _consultations(scope: Scope) -> list[ColumnElement[bool]]:
    ec = EmployerConsultation
    return [scope.centres(ec.centre_id), scope.days(ec.held_on)]


def employers_by_sector_size(db: Session, scope: Scope) -> Counts:
    """Companies counselled (distinct) by WZ section and size band."""
    counselled_ids = select(col(EmployerConsultation.employer_id)).where(*_consultations(scope))
    return grouped(
        db,
        select(
            _known(Employer.sector_section).label("k0"),
            _known(Employer.size_band).label("k1"),
            scope.key(Employer.id, "employer").label("rk"),
        ).where(col(Employer.id).in_(counselled_ids)),
    )


def employer_topics(db: Session, scope: Scope) -> Counts:
    return grouped(
        db,
        select(
            col(ConsultationTopic.topic).label("k0"),
            scope.key(EmployerConsultation.id, "consultation").label("rk"),
        )
        .join(
            EmployerConsultation,
            col(EmployerConsultation.id) == col(ConsultationTopic.consultation_id),
        )
        .where(*_consultations(scope)),
    )


def events_by_type(db: Session, scope: Scope) -> Counts:
    return grouped(
        db,
        select(
            col(OutreachEvent.type).label("k0"), scope.key(OutreachEvent.id, "event").label("rk")
        ).where(scope.centres(OutreachEvent.centre_id), scope.days(OutreachEvent.held_on)),
    )


def companies_made_aware(db: Session, scope: Scope) -> Counts:
    """Named companies (distinct over all events) and the anonymous counts, mailings apart.

    An anonymous count of N companies of an event weighs the event's record key N times."""
    events = scope.centres(OutreachEvent.centre_id), scope.days(OutreachEvent.held_on)
    is_mailing = col(OutreachEvent.type) == "mailing"
    weight = col(OutreachEvent.anonymous_companies)
    event_key = scope.key(OutreachEvent.id, "event")

    def anonymous(condition: ColumnElement[bool], value: Any) -> Any:
        return func.coalesce(func.sum(case((condition, value), else_=0)), 0)

    named_ids = (
        select(col(EventEmployer.employer_id).label("id"))
        .join(OutreachEvent, col(OutreachEvent.id) == col(EventEmployer.event_id))
        .where(*events)
        .distinct()
        .subquery("named")
    )
    named = [
        select(func.count()).select_from(named_ids).scalar_subquery(),
        select(func.coalesce(func.sum(scope.key(named_ids.c.id, "employer")), 0)).scalar_subquery(),
    ]
    sums = (
        select(
            anonymous(is_mailing, weight),
            anonymous(~is_mailing, weight),
            anonymous(is_mailing, weight * event_key),
            anonymous(~is_mailing, weight * event_key),
        )
        .where(*events)
        .subquery()
    )
    row = db.execute(select(*named, *sums.c)).one()
    found = Counts()
    found.add(("named",), int(row[0] or 0), int(row[1] or 0))
    found.add(("anonymous_mailings",), int(row[2] or 0), int(row[4] or 0))
    found.add(("anonymous_events",), int(row[3] or 0), int(row[5] or 0))
    return found


def packages_by_language(db: Session, scope: Scope) -> Counts:
    return grouped(
        db,
        select(
            col(IssuedPackage.language).label("k0"),
            scope.key(IssuedPackage.id, "package").label("rk"),
        ).where(scope.centres(IssuedPackage.centre_id), scope.instants(IssuedPackage.issued_at)),
    )


# --- outcomes -------------------------------------------------------------------------------


def outcomes_by_type(db: Session, scope: Scope) -> Counts:
    """Outcomes dated in the period, by type and the person's client group."""
    return grouped(
        db,
        select(
            col(Outcome.type).label("k0"),
            col(Person.client_group).label("k1"),
            scope.key(Outcome.id, "outcome").label("rk"),
        )
        .join(Case, col(Case.id) == col(Outcome.case_id))
        .join(Person, col(Person.id) == col(Case.person_id))
        .where(scope.centres(Outcome.centre_id), scope.days(Outcome.date)),
    )


def closed_cases_by_reason(db: Session, scope: Scope) -> Counts:
    return grouped(
        db,
        select(
            _known(Case.closure_reason).label("k0"), scope.key(Case.id, "case").label("rk")
        ).where(scope.centres(Case.centre_id), scope.days(Case.closed_on)),
    )
