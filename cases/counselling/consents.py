"""Consents per purpose: given with the information sheet's version and language, withdrawn."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlmodel import Session, col

from cases import codes
from cases.counselling import checks
from cases.counselling.models import (
    Consent,
)
from cases.persons.models import Person
from welcome.db import fetch
from welcome.errors import Conflict, FieldErrors, NotFound
from welcome.i18n import _


def give_consent(
    db: Session,
    *,
    person: Person,
    purpose: str | None,
    given_on: date | None,
    sheet_version: str | None,
    sheet_language: str | None,
    today: date | None = None,
) -> Consent:
    """A consent for one purpose; a purpose can have one consent in force at a time."""
    today = today or checks.today()
    errors: dict[str, str] = {}
    checks.known(errors, "purpose", purpose, codes.ConsentPurpose)
    checks.not_future(errors, "given_on", given_on, today)
    sheet_version = (sheet_version or "").strip() or None
    if sheet_version is None:
        errors["sheet_version"] = _("Please enter the version of the information sheet.")
    elif len(sheet_version) > 30:
        errors["sheet_version"] = _("At most %(n)d characters.", n=30)
    language = checks.language(errors, "sheet_language", sheet_language)
    if language is None and "sheet_language" not in errors:
        errors["sheet_language"] = _("Please choose the language of the information sheet.")
    if "purpose" not in errors and any(
        c.purpose == purpose and c.withdrawn_on is None
        for c in consents_of(db, person_id=person.id or 0)
    ):
        errors["purpose"] = _("A consent for this purpose is in force already.")
    if errors:
        raise FieldErrors(errors)
    assert purpose and given_on and sheet_version and language and person.id
    consent = Consent(
        person_id=person.id,
        centre_id=person.centre_id,
        purpose=purpose,
        given_on=given_on,
        sheet_version=sheet_version,
        sheet_language=language,
    )
    db.add(consent)
    db.flush()
    return consent


def withdraw_consent(
    db: Session, *, consent: Consent, withdrawn_on: date | None, today: date | None = None
) -> Consent:
    today = today or checks.today()
    errors: dict[str, str] = {}
    if consent.withdrawn_on is not None:
        raise Conflict(_("The consent was withdrawn already."))
    checks.not_future(errors, "withdrawn_on", withdrawn_on, today)
    if (
        withdrawn_on is not None
        and "withdrawn_on" not in errors
        and withdrawn_on < consent.given_on
    ):
        errors["withdrawn_on"] = _("A consent cannot be withdrawn before it was given.")
    if errors:
        raise FieldErrors(errors)
    consent.withdrawn_on = withdrawn_on
    db.flush()
    return consent


def consents_of(db: Session, *, person_id: int) -> list[Consent]:
    return list(
        db.scalars(
            select(Consent)
            .where(col(Consent.person_id) == person_id)
            .order_by(col(Consent.given_on), col(Consent.id))
        )
    )


def get_consent(db: Session, *, consent_id: int) -> Consent:
    consent = fetch(db, Consent, consent_id)
    if consent is None:
        raise NotFound()
    return consent
