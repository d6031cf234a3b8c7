"""Contact persons at employers (personal data: their consent to be contacted is recorded).

Keyword-only functions; they take the validated `ContactPersonIn`, write and flush, never
commit. Every query goes through the centre scope.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session, col

from cases.employers.models import Employer, EmployerContact
from cases.employers.rules import columns
from cases.employers.schemas import ContactPersonIn
from welcome import clock


def create(db: Session, *, employer: Employer, data: ContactPersonIn) -> EmployerContact:
    """A contact person; a consent without a date dates from today, no consent keeps none."""
    assert employer.id is not None
    values = columns(data)
    if not data.consent_to_contact:
        values["consent_on"] = None
    elif data.consent_on is None:
        values["consent_on"] = clock.today()
    contact = EmployerContact(centre_id=employer.centre_id, employer_id=employer.id, **values)
    db.add(contact)
    db.flush()
    return contact


def list_contacts(db: Session, *, employer_id: int) -> list[EmployerContact]:
    return list(
        db.scalars(
            select(EmployerContact)
            .where(col(EmployerContact.employer_id) == employer_id)
            .order_by(col(EmployerContact.name))
        )
    )
