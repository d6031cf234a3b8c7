"""Corrections over JSON (API.md "Corrections, merges, history"): PATCH and DELETE of
contacts, referrals, outcomes and consents, PATCH and cancel of a case, a lead's restore, and
a case's history. A PATCH body is the create's input model with every field optional and an
optional `version` (409 when stale); the merged values are validated as a whole. The routes
are made by the one mechanism, `welcome/corrections.py`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends
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
from welcome import roles
from welcome.corrections import delete_route, patch_route, patched, restore_routes
from welcome.deletions import DeleteIn, with_deleted
from welcome.history import HistoryOut, history_out
from welcome.versions import edit_model
from welcome.web import DbSession, Id, require_api_role

router = APIRouter(
    tags=["counselling"], dependencies=[Depends(require_api_role(roles.CASE_WORKERS))]
)

CasePatch = edit_model(CaseEditIn, "CasePatch")
ContactPatch = edit_model(ContactIn, "ContactPatch")
ReferralPatch = edit_model(ReferralIn, "ReferralPatch")
OutcomePatch = edit_model(OutcomeIn, "OutcomePatch")
ConsentPatch = edit_model(ConsentIn, "ConsentPatch")


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
    db: DbSession,
) -> Case:
    """Correct `opened_on` (not after the first entry), `counsellor_id`, `referral_source`,
    and of a closed case `closed_on` and `reason`."""
    case = service.get(db, case_id=case_id)
    return patched(
        CaseEditIn,
        corrections.case_values(case),
        body,
        lambda data, version: corrections.update_case(db, case=case, data=data, version=version),
    )


@router.post("/cases/{case_id}/cancel", response_model=CaseOut)
def cancel_case(case_id: Id, body: DeleteIn, db: DbSession) -> Case:
    """A case opened by mistake: it and its contacts leave every count and list (not a
    closure); a lead can restore it for 30 days."""
    case = service.get(db, case_id=case_id)
    corrections.cancel(db, case=case, data=body)
    return case


@router.get("/cases/{case_id}/history", response_model=HistoryOut)
def case_history(case_id: Id, db: DbSession) -> HistoryOut:
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


# --- entries: one PATCH and one DELETE per kind ---------------------------------------------


def _patch(
    model: type[Any], model_in: type[BaseModel], shown: Callable[[Session, Any], Any]
) -> Callable[[Session, int, Any], Any]:
    def act(db: Session, ident: int, body: Any) -> Any:
        entry = corrections.get_entry(db, model, ident)
        return shown(
            db,
            patched(
                model_in,
                corrections.stored_values(db, entry),
                body,
                lambda data, version: corrections.update_entry(
                    db, entry=entry, data=data, version=version
                ),
            ),
        )

    return act


def _as_stored(db: Session, row: Any) -> Any:
    return row


def _deleting(model: type[Any]) -> Callable[[Session, int, DeleteIn], None]:
    return lambda db, ident, data: corrections.delete_entry(
        db, entry=corrections.get_entry(db, model, ident), data=data
    )


# path, name, model, input, PATCH body, answer, what is answered, PATCH docstring
_ENTRIES: list[tuple[str, str, type[Any], type[BaseModel], Any, Any, Any, str | None]] = [
    ("/contacts/{contact_id}", "contact", Contact, ContactIn, ContactPatch, ContactOut,
     _contact_out, None),
    ("/referrals/{referral_id}", "referral", Referral, ReferralIn, ReferralPatch, ReferralOut,
     _as_stored, None),
    ("/outcomes/{outcome_id}", "outcome", Outcome, OutcomeIn, OutcomePatch, OutcomeOut,
     _as_stored, None),
    ("/consents/{consent_id}", "consent", Consent, ConsentIn, ConsentPatch, ConsentOut,
     _as_stored, "Correct the date or purpose of a consent (withdrawal: POST …/withdraw)."),
]  # fmt: skip

for _path, _name, _model, _in, _body, _out, _shown, _doc in _ENTRIES:
    patch_route(
        router, _path, name=f"patch_{_name}", body=_body, response_model=_out,
        act=_patch(_model, _in, _shown), doc=_doc,
    )  # fmt: skip
for _path, _name, _model, *_rest in _ENTRIES:
    delete_route(router, _path, name=f"delete_{_name}", act=_deleting(_model))


# one path per kind (not /{kind}/…: that would shadow other areas' /events/{id}/restore)
restore_routes(
    router,
    {kind: kind for kind in corrections.KINDS},
    lambda db, kind, ident: corrections.restore(db, kind=kind, ident=ident),
    path="/{kind}/{{ident}}/restore",
    doc=lambda kind: (
        f"A lead's undo of the deletion of one of the {kind} (for cases: of a cancellation), "
        "within 30 days; the whole batch comes back."
    ),
)
