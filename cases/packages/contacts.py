"""Local contacts: the offices of a centre's region that its welcome packages print, kept by
the centre's lead. Keyword-only functions; they flush, never commit."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from cases.packages.models import LocalContact
from cases.packages.schemas import LocalContactIn, note_field
from welcome.db import actor_of, fetch
from welcome.errors import Forbidden, NotFound
from welcome.i18n import _


def list_all(db: Session) -> list[LocalContact]:
    """The centre's contacts in their order."""
    return list(
        db.scalars(select(LocalContact).order_by(col(LocalContact.position), col(LocalContact.id)))
    )


def get(db: Session, *, contact_id: int) -> LocalContact:
    found = fetch(db, LocalContact, contact_id)
    if found is None:
        raise NotFound(_("No such local contact."))
    return found


def _write(contact: LocalContact, data: LocalContactIn) -> None:
    contact.name = data.name
    contact.address = data.address or ""
    contact.opening_hours = data.opening_hours or ""
    contact.phone = data.phone or ""
    contact.email = data.email or ""
    contact.position = data.position or 0
    contact.notes = data.notes


def create(db: Session, *, data: LocalContactIn, centre_id: int | None = None) -> LocalContact:
    """A new local contact; the centre is the acting lead's (or `centre_id` for the system)."""
    owner = centre_id if centre_id is not None else getattr(actor_of(db), "centre_id", None)
    if owner is None:
        raise Forbidden(_("Local contacts belong to a centre: sign in as the centre's lead."))
    contact = LocalContact(centre_id=owner, name=data.name)
    _write(contact, data)
    db.add(contact)
    db.flush()
    return contact


def update(db: Session, *, contact: LocalContact, data: LocalContactIn) -> LocalContact:
    _write(contact, data)
    db.add(contact)
    db.flush()
    return contact


def values_of(contact: LocalContact) -> dict[str, Any]:
    """The stored contact as the form's values (the fields of LocalContactIn)."""
    values: dict[str, Any] = {
        "name": contact.name,
        "address": contact.address,
        "opening_hours": contact.opening_hours,
        "phone": contact.phone,
        "email": contact.email,
        "position": contact.position,
    }
    values.update({note_field(code): text for code, text in (contact.notes or {}).items()})
    return values
