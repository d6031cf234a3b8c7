"""Consents per purpose: given with the information sheet's version and language, withdrawn.

The field rules are ConsentIn's and WithdrawIn's; the rules here need the stored consents."""

from __future__ import annotations

from sqlmodel import Session

from cases.counselling import queries
from cases.counselling.models import Consent
from cases.counselling.schemas import ConsentIn, WithdrawIn
from cases.persons.models import Person
from welcome.db import fetch
from welcome.errors import Conflict, FieldErrors, NotFound
from welcome.i18n import _


def create(db: Session, *, person: Person, data: ConsentIn) -> Consent:
    """A consent for one purpose; a purpose can have one consent in force at a time."""
    assert person.id is not None
    if any(
        c.purpose == data.purpose and c.withdrawn_on is None
        for c in queries.list_consents(db, person_id=person.id)
    ):
        raise FieldErrors({"purpose": _("A consent for this purpose is in force already.")})
    consent = Consent(
        person_id=person.id,
        centre_id=person.centre_id,
        purpose=data.purpose,
        given_on=data.given_on,
        sheet_version=data.sheet_version,
        sheet_language=data.sheet_language,
    )
    db.add(consent)
    db.flush()
    return consent


def withdraw(db: Session, *, consent: Consent, data: WithdrawIn) -> Consent:
    if consent.withdrawn_on is not None:
        raise Conflict(_("The consent was withdrawn already."))
    if data.withdrawn_on < consent.given_on:
        raise FieldErrors({"withdrawn_on": _("A consent cannot be withdrawn before it was given.")})
    consent.withdrawn_on = data.withdrawn_on
    db.flush()
    return consent


def get(db: Session, *, consent_id: int) -> Consent:
    """One consent of the actor's centre; NotFound otherwise."""
    consent = fetch(db, Consent, consent_id)
    if consent is None:
        raise NotFound()
    return consent
