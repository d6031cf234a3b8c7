"""Cases, contacts, referrals, outcomes, closing, consents and enquiries over JSON: each body
is the input model the forms and the services use (schemas.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy import select
from sqlmodel import Session, col

from cases.counselling import consents, enquiries, queries, service
from cases.counselling.codes import CaseStatus
from cases.counselling.models import Case, CaseEvent, Consent, Contact, Outcome, Referral
from cases.counselling.queries import Order, Sort
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
from cases.persons.codes import ClientGroup
from welcome.web import CaseWorkerApi, DbSession, Id, Offset

router = APIRouter(tags=["counselling"])


def _contact_out(contact: Contact, topics: list[str]) -> ContactOut:
    out = ContactOut.model_validate(contact)
    out.topics = topics
    return out


def case_detail(db: Session, case: Case) -> CaseDetail:
    assert case.id is not None
    contacts = service.list_contacts(db, case_id=case.id)
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
def create_case(body: CaseIn, user: CaseWorkerApi, db: DbSession) -> Case:
    return service.create(db, data=body)


@router.get("/cases", response_model=CasePage)
def list_cases(
    user: CaseWorkerApi,
    db: DbSession,
    status: CaseStatus | None = None,
    client_group: ClientGroup | None = None,
    counsellor_id: Id | None = None,
    person_id: Id | None = None,
    idle_days: Annotated[int | None, Query(ge=0, le=3650)] = None,
    sort: Sort = "opened",
    order: Order = "desc",
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
    return CasePage(items=rows, total=total, offset=offset, limit=limit)


@router.get("/cases/{case_id}", response_model=CaseDetail)
def get_case(case_id: Id, user: CaseWorkerApi, db: DbSession) -> CaseDetail:
    return case_detail(db, service.get(db, case_id=case_id))


@router.post("/cases/{case_id}/contacts", status_code=201, response_model=ContactOut)
def add_contact(case_id: Id, body: ContactIn, user: CaseWorkerApi, db: DbSession) -> ContactOut:
    contact = service.create_contact(db, case=service.get(db, case_id=case_id), data=body)
    assert contact.id is not None
    return _contact_out(contact, service.topics_of(db, contact_ids=[contact.id])[contact.id])


@router.post("/cases/{case_id}/referrals", status_code=201, response_model=ReferralOut)
def add_referral(case_id: Id, body: ReferralIn, user: CaseWorkerApi, db: DbSession) -> Referral:
    return service.create_referral(db, case=service.get(db, case_id=case_id), data=body)


@router.post("/cases/{case_id}/outcomes", status_code=201, response_model=OutcomeOut)
def add_outcome(case_id: Id, body: OutcomeIn, user: CaseWorkerApi, db: DbSession) -> Outcome:
    return service.create_outcome(db, case=service.get(db, case_id=case_id), data=body)


@router.post("/cases/{case_id}/close", response_model=CaseDetail)
def close_case(case_id: Id, body: CloseIn, user: CaseWorkerApi, db: DbSession) -> CaseDetail:
    case = service.get(db, case_id=case_id)
    service.close(db, case=case, data=body)
    return case_detail(db, case)


@router.post("/cases/{case_id}/reopen", response_model=CaseDetail)
def reopen_case(case_id: Id, user: CaseWorkerApi, db: DbSession) -> CaseDetail:
    case = service.get(db, case_id=case_id)
    service.reopen(db, case=case)
    return case_detail(db, case)


@router.post("/persons/{person_id}/consents", status_code=201, response_model=ConsentOut)
def give_consent(person_id: Id, body: ConsentIn, user: CaseWorkerApi, db: DbSession) -> Consent:
    return consents.create(db, person=persons.get(db, person_id=person_id), data=body)


@router.get("/persons/{person_id}/consents", response_model=list[ConsentOut])
def list_consents(person_id: Id, user: CaseWorkerApi, db: DbSession) -> list[Consent]:
    person = persons.get(db, person_id=person_id)
    assert person.id is not None
    return queries.list_consents(db, person_id=person.id)


@router.post("/consents/{consent_id}/withdraw", response_model=ConsentOut)
def withdraw_consent(
    consent_id: Id, body: WithdrawIn, user: CaseWorkerApi, db: DbSession
) -> Consent:
    return consents.withdraw(db, consent=consents.get(db, consent_id=consent_id), data=body)


@router.post("/enquiries", status_code=201, response_model=EnquiryOut)
def create_enquiry(body: EnquiryIn, user: CaseWorkerApi, db: DbSession) -> EnquiryOut:
    enquiry = enquiries.create(db, data=body)
    assert enquiry.id is not None
    out = EnquiryOut.model_validate(enquiry)
    out.topics = enquiries.topics_of(db, enquiry_id=enquiry.id)
    return out
