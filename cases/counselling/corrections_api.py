"""Corrections over JSON (API.md "Corrections, merges, history"): PATCH and DELETE of
contacts, referrals, outcomes and consents, PATCH and cancel of a case, a lead's restore, and
a case's history. A PATCH body is the create's input model with every field optional and an
optional `version` (409 when stale); the merged values are validated as a whole."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel
from sqlalchemy import select
from sqlmodel import Session, col

from cases.counselling import corrections, service
from cases.counselling.models import Case, Consent, Contact, Outcome, Referral
from cases.counselling.schemas import (
    CaseEditIn,
    CaseOut,
    ConsentIn,
    ConsentOut,
    ContactIn,
    ContactOut,
    OutcomeIn,
    OutcomeOut,
    ReferralIn,
    ReferralOut,
)
from welcome.deletions import REASON_MAX, DeleteIn, with_deleted
from welcome.history import HistoryOut, history_out
from welcome.inputs import Output, merged, validate
from welcome.versions import edit_model
from welcome.web import CaseWorkerApi, DbSession, Id

router = APIRouter(tags=["counselling"])

CasePatch = edit_model(CaseEditIn, "CasePatch")
ContactPatch = edit_model(ContactIn, "ContactPatch")
ReferralPatch = edit_model(ReferralIn, "ReferralPatch")
OutcomePatch = edit_model(OutcomeIn, "OutcomePatch")
ConsentPatch = edit_model(ConsentIn, "ConsentPatch")
Reason = Annotated[str | None, Query(max_length=REASON_MAX * 2, description="why (required)")]


class Restored(Output):
    kind: str
    id: int


def _reason(reason: str | None) -> DeleteIn:
    return validate(DeleteIn, {"reason": reason})


def _version(body: BaseModel) -> int | None:
    version: int | None = getattr(body, "version", None)
    return version


def _contact_out(db: Session, contact: Contact) -> ContactOut:
    assert contact.id is not None
    out = ContactOut.model_validate(contact)
    out.topics = service.topics_of(db, contact_ids=[contact.id])[contact.id]
    return out


# --- the case -------------------------------------------------------------------------------


@router.patch("/cases/{case_id}", response_model=CaseOut)
def patch_case(
    case_id: Id,
    body: CasePatch,  # type: ignore[valid-type]
    user: CaseWorkerApi,
    db: DbSession,
) -> Case:
    """Correct `opened_on` (not after the first entry), `counsellor_id`, `referral_source`,
    and of a closed case `closed_on` and `reason`."""
    case = service.get(db, case_id=case_id)
    data = merged(CaseEditIn, corrections.case_values(case), body)
    return corrections.update_case(db, case=case, data=data, version=_version(body))


@router.post("/cases/{case_id}/cancel", response_model=CaseOut)
def cancel_case(case_id: Id, body: DeleteIn, user: CaseWorkerApi, db: DbSession) -> Case:
    """A case opened by mistake: it and its contacts leave every count and list (not a
    closure); a lead can restore it for 30 days."""
    case = service.get(db, case_id=case_id)
    corrections.cancel(db, case=case, data=body)
    return case


@router.get("/cases/{case_id}/history", response_model=HistoryOut)
def case_history(case_id: Id, user: CaseWorkerApi, db: DbSession) -> HistoryOut:
    """The case's history with its contacts', referrals' and outcomes' (deletions included)."""
    case = service.get(db, case_id=case_id)
    assert case.id is not None
    return history_out(db, entity="cases", entity_id=case.id, related=entry_ids(db, case.id))


def entry_ids(db: Session, case_id: int) -> list[tuple[str, list[int]]]:
    """The ids of a case's contacts, referrals and outcomes, deleted ones too."""
    found: list[tuple[str, list[int]]] = []
    for model in (Contact, Referral, Outcome):
        query = with_deleted(select(col(model.id)).where(col(model.case_id) == case_id))
        found.append((model.__tablename__, list(db.scalars(query))))
    return found


# --- entries --------------------------------------------------------------------------------


@router.patch("/contacts/{contact_id}", response_model=ContactOut)
def patch_contact(
    contact_id: Id,
    body: ContactPatch,  # type: ignore[valid-type]
    user: CaseWorkerApi,
    db: DbSession,
) -> ContactOut:
    contact = corrections.get_entry(db, Contact, contact_id)
    data = merged(ContactIn, corrections.contact_values(db, contact), body)
    corrections.update_contact(db, contact=contact, data=data, version=_version(body))
    return _contact_out(db, contact)


@router.patch("/referrals/{referral_id}", response_model=ReferralOut)
def patch_referral(
    referral_id: Id,
    body: ReferralPatch,  # type: ignore[valid-type]
    user: CaseWorkerApi,
    db: DbSession,
) -> Referral:
    referral = corrections.get_entry(db, Referral, referral_id)
    data = merged(ReferralIn, corrections.referral_values(referral), body)
    return corrections.update_referral(db, referral=referral, data=data, version=_version(body))


@router.patch("/outcomes/{outcome_id}", response_model=OutcomeOut)
def patch_outcome(
    outcome_id: Id,
    body: OutcomePatch,  # type: ignore[valid-type]
    user: CaseWorkerApi,
    db: DbSession,
) -> Outcome:
    outcome = corrections.get_entry(db, Outcome, outcome_id)
    data = merged(OutcomeIn, corrections.outcome_values(outcome), body)
    return corrections.update_outcome(db, outcome=outcome, data=data, version=_version(body))


@router.patch("/consents/{consent_id}", response_model=ConsentOut)
def patch_consent(
    consent_id: Id,
    body: ConsentPatch,  # type: ignore[valid-type]
    user: CaseWorkerApi,
    db: DbSession,
) -> Consent:
    """Correct the date or purpose of a consent (withdrawal: POST …/withdraw)."""
    consent = corrections.get_entry(db, Consent, consent_id)
    data = merged(ConsentIn, corrections.consent_values(consent), body)
    return corrections.update_consent(db, consent=consent, data=data, version=_version(body))


def _delete(db: Session, model: type[Any], ident: int, reason: str | None) -> Response:
    data = _reason(reason)
    entry = corrections.get_entry(db, model, ident)
    if isinstance(entry, Consent):
        corrections.delete_consent(db, consent=entry, data=data)
    else:
        corrections.delete_entry(db, entry=entry, data=data)
    return Response(status_code=204)


@router.delete("/contacts/{contact_id}", status_code=204)
def delete_contact(
    contact_id: Id,
    user: CaseWorkerApi,
    db: DbSession,
    reason: Reason = None,
) -> Response:
    return _delete(db, Contact, contact_id, reason)


@router.delete("/referrals/{referral_id}", status_code=204)
def delete_referral(
    referral_id: Id,
    user: CaseWorkerApi,
    db: DbSession,
    reason: Reason = None,
) -> Response:
    return _delete(db, Referral, referral_id, reason)


@router.delete("/outcomes/{outcome_id}", status_code=204)
def delete_outcome(
    outcome_id: Id,
    user: CaseWorkerApi,
    db: DbSession,
    reason: Reason = None,
) -> Response:
    return _delete(db, Outcome, outcome_id, reason)


@router.delete("/consents/{consent_id}", status_code=204)
def delete_consent(
    consent_id: Id,
    user: CaseWorkerApi,
    db: DbSession,
    reason: Reason = None,
) -> Response:
    return _delete(db, Consent, consent_id, reason)


def _restore_route(kind: str) -> None:
    def restore(ident: Id, user: CaseWorkerApi, db: DbSession) -> Restored:
        corrections.restore(db, kind=kind, ident=ident)
        return Restored(kind=kind, id=ident)

    restore.__doc__ = (
        f"A lead's undo of the deletion of one of the {kind} (for cases: of a cancellation), "
        "within 30 days; the whole batch comes back."
    )
    router.add_api_route(
        f"/{kind}/{{ident}}/restore",
        restore,
        methods=["POST"],
        response_model=Restored,
        name=f"restore_{kind}",
    )


# one path per kind (not /{kind}/…: that would shadow other areas' /events/{id}/restore)
for _kind in corrections.KINDS:
    _restore_route(_kind)
