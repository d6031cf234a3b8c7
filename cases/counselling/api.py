"""Cases, contacts, referrals, outcomes, closing, consents and enquiries over JSON."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from sqlalchemy import select
from sqlmodel import Session, col

from cases.counselling import consents, enquiries, queries, service
from cases.counselling.models import Case, CaseEvent, Contact, Outcome, Referral
from cases.counselling.schemas import (
    CaseDetail,
    CaseEventOut,
    CaseIn,
    CaseOut,
    CasePage,
    CloseIn,
    ConsentIn,
    ConsentOut,
    ContactIn,
    ContactOut,
    EnquiryIn,
    EnquiryOut,
    OutcomeIn,
    OutcomeOut,
    ReferralIn,
    ReferralOut,
    WithdrawIn,
)
from cases.persons import service as persons
from welcome.accounts.models import Role, User
from welcome.web import DbSession, Id, Offset, require_api_role

router = APIRouter(tags=["counselling"])
CaseWorker = Annotated[User, Depends(require_api_role(Role.COUNSELLOR, Role.LEAD, Role.ADMIN))]


def _contact_out(contact: Contact, topics: list[str]) -> ContactOut:
    out = ContactOut.model_validate(contact)
    out.topics = topics
    return out


def case_detail(db: Session, case: Case) -> CaseDetail:
    assert case.id is not None
    contacts = service.contacts_of(db, case_id=case.id)
    topics = service.topics_of(db, contact_ids=[c.id for c in contacts if c.id is not None])
    detail = CaseDetail(**CaseOut.model_validate(case).model_dump())
    detail.contacts = [_contact_out(c, topics.get(c.id or 0, [])) for c in contacts]
    detail.referrals = [
        ReferralOut.model_validate(r)
        for r in db.scalars(
            select(Referral).where(col(Referral.case_id) == case.id).order_by(col(Referral.date))
        )
    ]
    detail.outcomes = [
        OutcomeOut.model_validate(o)
        for o in db.scalars(
            select(Outcome).where(col(Outcome.case_id) == case.id).order_by(col(Outcome.date))
        )
    ]
    detail.events = [
        CaseEventOut.model_validate(e)
        for e in db.scalars(
            select(CaseEvent).where(col(CaseEvent.case_id) == case.id).order_by(col(CaseEvent.id))
        )
    ]
    return detail


@router.post("/cases", status_code=201, response_model=CaseOut)
def create_case(body: CaseIn, user: CaseWorker, db: DbSession) -> Case:
    return service.create(
        db,
        person_id=body.person_id,
        opened_on=body.opened_on,
        referral_source=body.referral_source,
        counsellor_id=body.counsellor_id,
    )


@router.get("/cases", response_model=CasePage)
def list_cases(
    user: CaseWorker,
    db: DbSession,
    status: Annotated[str | None, Query(max_length=20)] = None,
    client_group: Annotated[str | None, Query(max_length=40)] = None,
    counsellor_id: Id | None = None,
    person_id: Id | None = None,
    idle_days: Annotated[int | None, Query(ge=0, le=3650)] = None,
    sort: Annotated[str, Query(max_length=20)] = "opened",
    order: Annotated[str, Query(pattern="^(asc|desc)$")] = "desc",
    offset: Offset = 0,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> CasePage:
    """The centre's cases; filters: status, client group, counsellor, no contact for N days."""
    rows, total = queries.list_cases(
        db,
        status=status,
        client_group=client_group,
        counsellor_id=counsellor_id,
        person_id=person_id,
        idle_days=idle_days,
        sort=sort,
        descending=order == "desc",
        offset=offset,
        limit=limit,
    )
    return CasePage(
        items=rows,
        total=total,
        offset=offset,
        limit=limit,
    )


@router.get("/cases/{case_id}", response_model=CaseDetail)
def get_case(case_id: Id, user: CaseWorker, db: DbSession) -> CaseDetail:
    return case_detail(db, service.get(db, case_id=case_id))


@router.post("/cases/{case_id}/contacts", status_code=201, response_model=ContactOut)
def add_contact(case_id: Id, body: ContactIn, user: CaseWorker, db: DbSession) -> ContactOut:
    case = service.get(db, case_id=case_id)
    contact = service.add_contact(
        db,
        case=case,
        date=body.date,
        duration_minutes=body.duration_minutes,
        channel=body.channel,
        language=body.language,
        topics=body.topics,
        notes=body.notes,
    )
    assert contact.id is not None
    return _contact_out(contact, service.topics_of(db, contact_ids=[contact.id])[contact.id])


@router.post("/cases/{case_id}/referrals", status_code=201, response_model=ReferralOut)
def add_referral(case_id: Id, body: ReferralIn, user: CaseWorker, db: DbSession) -> Referral:
    case = service.get(db, case_id=case_id)
    return service.add_referral(
        db, case=case, date=body.date, partner=body.partner, notes=body.notes
    )


@router.post("/cases/{case_id}/outcomes", status_code=201, response_model=OutcomeOut)
def add_outcome(case_id: Id, body: OutcomeIn, user: CaseWorker, db: DbSession) -> Outcome:
    case = service.get(db, case_id=case_id)
    return service.add_outcome(db, case=case, date=body.date, type=body.type)


@router.post("/cases/{case_id}/close", response_model=CaseDetail)
def close_case(case_id: Id, body: CloseIn, user: CaseWorker, db: DbSession) -> CaseDetail:
    case = service.get(db, case_id=case_id)
    service.close(db, case=case, closed_on=body.closed_on, reason=body.reason)
    return case_detail(db, case)


@router.post("/cases/{case_id}/reopen", response_model=CaseDetail)
def reopen_case(case_id: Id, user: CaseWorker, db: DbSession) -> CaseDetail:
    case = service.get(db, case_id=case_id)
    service.reopen(db, case=case)
    return case_detail(db, case)


@router.post("/persons/{person_id}/consents", status_code=201, response_model=ConsentOut)
def give_consent(person_id: Id, body: ConsentIn, user: CaseWorker, db: DbSession) -> object:
    person = persons.get(db, person_id=person_id)
    return consents.give_consent(
        db,
        person=person,
        purpose=body.purpose,
        given_on=body.given_on,
        sheet_version=body.sheet_version,
        sheet_language=body.sheet_language,
    )


@router.get("/persons/{person_id}/consents", response_model=list[ConsentOut])
def list_consents(person_id: Id, user: CaseWorker, db: DbSession) -> object:
    person = persons.get(db, person_id=person_id)
    return consents.consents_of(db, person_id=person.id or 0)


@router.post("/consents/{consent_id}/withdraw", response_model=ConsentOut)
def withdraw_consent(consent_id: Id, body: WithdrawIn, user: CaseWorker, db: DbSession) -> object:
    consent = consents.get_consent(db, consent_id=consent_id)
    return consents.withdraw_consent(db, consent=consent, withdrawn_on=body.withdrawn_on)


@router.post("/enquiries", status_code=201, response_model=EnquiryOut)
def create_enquiry(body: EnquiryIn, user: CaseWorker, db: DbSession) -> EnquiryOut:
    enquiry = enquiries.create_enquiry(
        db,
        date=body.date,
        channel=body.channel,
        topics=body.topics,
        language=body.language,
        duration_minutes=body.duration_minutes,
    )
    assert enquiry.id is not None
    out = EnquiryOut.model_validate(enquiry)
    out.topics = enquiries.enquiry_topics(db, enquiry_id=enquiry.id)
    return out
