"""Local contacts: the offices of a centre's region that its welcome packages print, kept by
the centre's lead. Keyword-only functions; they flush, never commit."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlmodel import Session, col, select

from cases.packages.models import LocalContact
from cases.packages.schemas import LocalContactIn, note_field
from welcome import deletions, versions
from welcome.db import actor_of, fetch, utcnow
from welcome.deletions import DeleteIn
from welcome.errors import Forbidden, NotFound
from welcome.history import HistoryRow, Related, rows_for
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


def update(
    db: Session, *, contact: LocalContact, data: LocalContactIn, version: int | None = None
) -> LocalContact:
    """Correct a contact (the lead keeps them), if unchanged since `version` was read."""
    versions.check(contact, version, lambda: values_of(contact))
    _write(contact, data)
    db.add(contact)
    versions.save(db, contact)
    return contact


# --- deleting (the lead: a contact of the centre has no other owner) -------------------------


def delete(db: Session, *, contact: LocalContact, data: DeleteIn) -> str:
    """The contact leaves the list and the packages issued from now on; undo for 30 days."""
    deletions.require_may_correct(db, owner_id=None)
    return deletions.delete(db, row=contact, reason=data.reason)


def restore(db: Session, *, contact_id: int) -> LocalContact:
    found = deletions.get_deleted(db, LocalContact, contact_id)
    if found is None:
        raise NotFound(_("No such deleted entry."))
    deletions.undo_delete(db, row=found)
    return found


def deleted(db: Session) -> list[LocalContact]:
    """What a lead can still bring back (deleted in the last 30 days), newest first."""
    since = utcnow() - timedelta(days=deletions.KEEP_DAYS)
    query = (
        select(LocalContact)
        .where(col(LocalContact.deleted_at) >= since)
        .order_by(col(LocalContact.deleted_at).desc())
    )
    return list(db.scalars(deletions.with_deleted(query)))


def labels() -> dict[str, str]:
    return {
        "name": _("Office"),
        "address": _("Address"),
        "opening_hours": _("Opening hours"),
        "phone": _("Phone"),
        "email": _("E-mail address"),
        "position": _("Position in the list"),
        "notes": _("Optional notes per language"),
    }


def history_rows(db: Session) -> list[HistoryRow]:
    """The history of the centre's local contacts (deleted ones included), newest first."""
    ids = list(db.scalars(deletions.with_deleted(select(col(LocalContact.id)))))
    part = Related("local_contacts", ids, lambda: _("Local contact"), labels())
    return rows_for(db, entity="local_contacts_page", entity_id=0, labels={}, related=[part])


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
