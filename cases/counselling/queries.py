"""The case list (filters, sorting, pages), a person's consents and timeline, read-only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

from sqlalchemy import func, or_, select
from sqlmodel import Session, col

from cases.counselling import checks
from cases.counselling.models import (
    Case,
    CaseEvent,
    Consent,
    Contact,
    ContactTopicRow,
    Outcome,
    Referral,
)
from cases.persons.models import Person
from welcome import clock
from welcome.accounts.models import User
from welcome.deletions import with_deleted
from welcome.memo import remember
from welcome.reads import audited_list

Sort = Literal["opened", "last_contact", "name", "status"]
Order = Literal["asc", "desc"]
SORTS: dict[str, Any] = {
    "opened": col(Case.opened_on),
    "last_contact": col(Case.last_contact_on),
    "name": col(Person.search_last),
    "status": col(Case.status),
}


@dataclass(frozen=True, slots=True)
class CaseRow:
    id: int
    person_id: int
    first_name: str
    last_name: str
    client_group: str
    status: str
    opened_on: date
    closed_on: date | None
    last_contact_on: date | None
    counsellor_id: int | None
    counsellor_name: str | None
    anonymised: bool = False  # the name is gone (retention run, erasure): the case stays


@audited_list("cases")
def list_cases(
    db: Session,
    *,
    status: str | None = None,
    client_group: str | None = None,
    counsellor_id: int | None = None,
    idle_days: int | None = None,
    person_id: int | None = None,
    sort: Sort = "opened",
    descending: bool = True,
    offset: int = 0,
    limit: int = 50,
    today: date | None = None,
) -> tuple[list[CaseRow], int]:
    """One page of the centre's cases with the person's name, and the total. The filters are
    checked by their types (the page's CaseFilter, the API's query parameters)."""
    conditions: list[Any] = []
    if status:
        conditions.append(col(Case.status) == status)
    if client_group:  # on the joined person: the planner can start from either table
        conditions.append(col(Person.client_group) == client_group)
    if counsellor_id is not None:
        conditions.append(col(Case.counsellor_id) == counsellor_id)
    if person_id is not None:
        conditions.append(col(Case.person_id) == person_id)
    if idle_days is not None:
        cutoff = (today or clock.today()) - timedelta(days=idle_days)
        conditions.append(
            or_(
                col(Case.last_contact_on) < cutoff,
                (col(Case.last_contact_on).is_(None)) & (col(Case.opened_on) < cutoff),
            )
        )
    tie = col(Case.id).desc() if descending else col(Case.id).asc()
    # only the columns a row shows, the counsellor's name joined in: one query per page
    rows_query = (
        select(
            col(Case.id),
            col(Case.person_id),
            col(Person.first_name),
            col(Person.last_name),
            col(Person.client_group),
            col(Case.status),
            col(Case.opened_on),
            col(Case.closed_on),
            col(Case.last_contact_on),
            col(Case.counsellor_id),
            col(User.display_name),
            col(Person.anonymised_at).is_not(None),
        )
        .join(Person, col(Person.id) == col(Case.person_id))
        .outerjoin(User, col(User.id) == col(Case.counsellor_id))
        .where(*conditions)
    )
    counted = select(func.count(col(Case.id))).where(*conditions)
    if client_group:
        counted = counted.join(Person, col(Person.id) == col(Case.person_id))

    def fetch(extra: tuple[Any, ...], order: Any, skip: int, take: int) -> list[CaseRow]:
        query = rows_query.where(*extra).order_by(order, tie).offset(skip).limit(take)
        return [CaseRow(*row) for row in db.execute(query)]

    def count(*extra: Any) -> int:
        return int(db.scalar(counted.where(*extra)) or 0)

    if sort != "last_contact":
        key = SORTS[sort]
        rows = fetch((), key.desc() if descending else key.asc(), offset, limit)
        if 0 < len(rows) < limit or (offset == 0 and not rows):
            return rows, offset + len(rows)  # the last page: no need to count
        return rows, count()
    # the only nullable sort key: cases without contact go last, in either direction. No
    # index gives NULLS LAST both ways on both backends, so the dated cases come first in
    # plain index order, then the undated ones
    last = col(Case.last_contact_on)
    dated = fetch((last.is_not(None),), last.desc() if descending else last.asc(), offset, limit)
    if len(dated) == limit:
        return dated, count()
    n_dated = offset + len(dated) if dated or offset == 0 else count(last.is_not(None))
    skip = offset - n_dated if not dated else 0
    undated = fetch((last.is_(None),), tie, skip, limit - len(dated))
    rows = dated + undated
    if len(rows) == limit or (not undated and skip > 0):
        return rows, count()
    return rows, n_dated + skip + len(undated)


def list_consents(db: Session, *, person_id: int, deleted: bool | None = False) -> list[Consent]:
    """A person's consents in the order they were given: the live ones, the `deleted` ones
    (the lead's undo) or, with None, all (the history). The person page asks five times (the
    timeline, the consents card, its history and undo, the privacy card): one read of all of
    them (welcome.memo)."""

    def read() -> list[Consent]:
        query = select(Consent).where(col(Consent.person_id) == person_id)
        query = query.order_by(col(Consent.given_on), col(Consent.id))
        return list(db.scalars(with_deleted(query)))

    every = remember(db, ("consents", person_id), read)
    return [c for c in every if deleted is None or (c.deleted_at is not None) == deleted]


def person_cases(db: Session, *, person_id: int, cancelled: bool = False) -> list[Case]:
    """A person's cases by id: the live ones (the timeline's, and whom they name as counsellor:
    who may correct the consents, read the history) or the `cancelled` ones (the case card's
    undo). One read of all of them per page."""

    def read() -> list[Case]:
        query = select(Case).where(col(Case.person_id) == person_id).order_by(col(Case.id))
        return list(db.scalars(with_deleted(query)))

    every = remember(db, ("cases", person_id), read)
    return [c for c in every if (c.deleted_at is not None) == cancelled]


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    on: date
    kind: str  # opened, contact, referral, outcome, closed, reopened, consent, withdrawn
    case_id: int | None
    item: Any
    topics: tuple[str, ...] = ()


_KIND_ORDER = {
    "opened": 0,
    "reopened": 1,
    "consent": 2,
    "contact": 3,
    "referral": 4,
    "outcome": 5,
    "withdrawn": 6,
    "closed": 7,
}


def timeline(db: Session, *, person_id: int, case_id: int | None = None) -> list[TimelineEntry]:
    """Everything that happened with a person (or one case), in date order."""
    cases = [c for c in person_cases(db, person_id=person_id) if case_id is None or c.id == case_id]
    ids = [c.id for c in cases if c.id is not None]
    entries: list[TimelineEntry] = [TimelineEntry(c.opened_on, "opened", c.id, c) for c in cases]
    if ids:
        # contacts with their topics in one query (a row per topic)
        contacts: dict[int, Contact] = {}
        topics: dict[int, list[str]] = {}
        for contact, topic in db.execute(
            select(Contact, col(ContactTopicRow.topic))
            .outerjoin(ContactTopicRow, col(ContactTopicRow.contact_id) == col(Contact.id))
            .where(col(Contact.case_id).in_(ids))
        ):
            contacts[contact.id] = contact
            topics.setdefault(contact.id, [])
            if topic is not None:
                topics[contact.id].append(topic)
        entries += [
            TimelineEntry(c.date, "contact", c.case_id, c, checks.in_code_order(topics[key]))
            for key, c in contacts.items()
        ]
        entries += [
            TimelineEntry(r.date, "referral", r.case_id, r)
            for r in db.scalars(select(Referral).where(col(Referral.case_id).in_(ids)))
        ]
        entries += [
            TimelineEntry(o.date, "outcome", o.case_id, o)
            for o in db.scalars(select(Outcome).where(col(Outcome.case_id).in_(ids)))
        ]
        entries += [
            TimelineEntry(e.on, e.kind, e.case_id, e)
            for e in db.scalars(select(CaseEvent).where(col(CaseEvent.case_id).in_(ids)))
        ]
    if case_id is None:
        for consent in list_consents(db, person_id=person_id):
            entries.append(TimelineEntry(consent.given_on, "consent", None, consent))
            if consent.withdrawn_on is not None:
                entries.append(TimelineEntry(consent.withdrawn_on, "withdrawn", None, consent))
    entries.sort(
        key=lambda e: (
            e.on,
            _KIND_ORDER.get(e.kind, 9),
            getattr(e.item, "created_at", None) is not None and e.item.created_at.timestamp(),
            getattr(e.item, "id", 0) or 0,
        )
    )
    return entries


def counsels(db: Session, person_id: int, user_id: int) -> bool:
    """Whether `user_id` counsels the person in one of their cases (open or closed, not
    cancelled): then they may read the person's change history, as a lead may."""
    return any(c.counsellor_id == user_id for c in person_cases(db, person_id=person_id))
