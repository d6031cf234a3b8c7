"""What the case page shows for corrections: who may correct, the entry being edited or
deleted in place, a lead's list of deleted entries (with undo), and the field history of
the case with its contacts, referrals and outcomes (for the lead and the case's counsellor)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from cases import cldr
from cases.counselling import corrections, queries
from cases.counselling.codes import (
    Channel,
    ClosureReason,
    ConsentPurpose,
    ContactTopic,
    OutcomeType,
    ReferralPartner,
    ReferralSource,
)
from cases.counselling.models import Case, Consent, Contact, Outcome, Referral
from welcome import roles
from welcome.accounts.models import User
from welcome.db import actor_of
from welcome.deletions import with_deleted
from welcome.history import HistoryRow, Related, rows_for
from welcome.i18n import _
from welcome.web import UserView

ENTRY_KINDS: dict[str, Any] = {"contacts": Contact, "referrals": Referral, "outcomes": Outcome}


def may_correct(user: UserView | None, case: Case) -> bool:
    return user is not None and roles.may_correct(user.role, user.id, case.counsellor_id)


def parse_target(raw: str | None) -> tuple[str, int] | None:
    """`contacts:12` (a query string's `edit=` or `delete=`) -> ("contacts", 12)."""
    if not raw or ":" not in raw:
        return None
    kind, _sep, ident = raw.partition(":")
    if kind not in ENTRY_KINDS or not ident.isdigit() or len(ident) > 9:
        return None
    return kind, int(ident)


def entry_values(db: Session, case: Case, target: tuple[str, int] | None) -> dict[str, Any]:
    """The stored values of the entry an edit form opens with ({} if it is not the case's)."""
    if target is None:
        return {}
    kind, ident = target
    found = db.get(ENTRY_KINDS[kind], ident)
    if found is None or found.case_id != case.id:
        return {}
    return dict(corrections.stored_values(db, found))


def offers_move(values: Mapping[str, Any], case: Case) -> bool:
    """A contact typed with a date before the case opened: the form offers to move it back."""
    raw = values.get("date")
    try:
        on = date.fromisoformat(raw) if isinstance(raw, str) else None
    except ValueError:
        return False
    return on is not None and on < case.opened_on


@dataclass(frozen=True, slots=True)
class DeletedEntry:
    kind: str
    id: int
    on: date
    what: str
    deleted_at: datetime | None
    reason: str | None


def deleted_entries(db: Session, case: Case) -> list[DeletedEntry]:
    """The case's deleted contacts, referrals and outcomes, for the lead's undo."""
    names = {
        "contacts": _("Contact"),
        "referrals": _("Referral"),
        "outcomes": _("Outcome"),
    }
    found: list[DeletedEntry] = []
    for kind, model in ENTRY_KINDS.items():
        query = with_deleted(
            select(model).where(col(model.case_id) == case.id, col(model.deleted_at).is_not(None))
        )
        for row in db.scalars(query):
            found.append(
                DeletedEntry(
                    kind, row.id, row.date, names[kind], row.deleted_at, row.deleted_reason
                )
            )
    return sorted(found, key=lambda e: e.deleted_at or datetime.min, reverse=True)


def _code(labels: Mapping[str, str]) -> Callable[[Any], str]:
    return lambda code: labels.get(code, str(code))


def _title(text: str) -> Callable[[], str]:
    return lambda: text


def history(db: Session, case: Case) -> list[HistoryRow]:
    """The case's field history with its entries' (deletions included), newest first."""
    assert case.id is not None
    names = dict(db.execute(select(col(User.id), col(User.display_name))).tuples().all())
    language = _code(cldr.language_names())
    related = []
    labels: dict[str, dict[str, str]] = {
        "contacts": {
            "date": _("Date"), "duration_minutes": _("Duration (minutes)"),
            "channel": _("Channel"), "language": _("Language"), "topics": _("Topics"),
            "notes": _("Notes"),
        },
        "referrals": {"date": _("Date"), "partner": _("Partner"), "notes": _("Note")},
        "outcomes": {"date": _("Date"), "type": _("Outcome")},
    }  # fmt: skip
    shows: dict[str, dict[str, Callable[[Any], str]]] = {
        "contacts": {"channel": _code(Channel.labels()), "topics": _code(ContactTopic.labels()),
                     "language": language},
        "referrals": {"partner": _code(ReferralPartner.labels())},
        "outcomes": {"type": _code(OutcomeType.labels())},
    }  # fmt: skip
    titles = {"contacts": _("Contact"), "referrals": _("Referral"), "outcomes": _("Outcome")}
    for kind, model in ENTRY_KINDS.items():
        ids = list(
            db.scalars(with_deleted(select(col(model.id)).where(col(model.case_id) == case.id)))
        )
        related.append(Related(kind, ids, _title(titles[kind]), labels[kind], shows[kind]))
    counsellor = _code({str(k): v for k, v in names.items()})
    return rows_for(
        db,
        entity="cases",
        entity_id=case.id,
        labels={
            "opened_on": _("Opened on"), "counsellor_id": _("Counsellor"),
            "referral_source": _("How did the person find us?"), "closed_on": _("Closed on"),
            "closure_reason": _("Reason for closing"), "status": _("Status"),
        },
        shows={
            "counsellor_id": lambda v: counsellor(str(v)),
            "referral_source": _code(ReferralSource.labels()),
            "closure_reason": _code(ClosureReason.labels()),
        },
        related=related,
    )  # fmt: skip


# --- consents (the person page's card) ------------------------------------------------------


def may_correct_consents(db: Session, *, person_id: int) -> bool:
    """The lead, or the counsellor of one of the person's cases (the acting user)."""
    actor = actor_of(db)
    if actor is None:
        return False
    owners = {c.counsellor_id for c in queries.person_cases(db, person_id=person_id)}
    owner = actor.user_id if actor.user_id in owners else None
    return roles.may_correct(actor.role, actor.user_id, owner)


def consent_history(db: Session, *, person_id: int) -> list[HistoryRow]:
    """The change history of the person's consents (deleted ones too), newest first."""
    every = queries.list_consents(db, person_id=person_id, deleted=None)
    ids = sorted(c.id for c in every if c.id is not None)
    if not ids:
        return []
    labels = {
        "purpose": _("Purpose"), "given_on": _("Given on"),
        "sheet_version": _("Information sheet version"),
        "sheet_language": _("Information sheet language"), "withdrawn_on": _("Withdrawn on"),
    }  # fmt: skip
    shows = {
        "purpose": _code(ConsentPurpose.labels()),
        "sheet_language": _code(cldr.language_names()),
    }
    first, rest = ids[0], ids[1:]
    related = [Related("consents", rest, _title(_("Consent")), labels, shows)] if rest else []
    rows = rows_for(
        db, entity="consents", entity_id=first, labels=labels, shows=shows, related=related
    )
    return [r if r.subject else replace(r, subject=_("Consent")) for r in rows]


def deleted_consents(db: Session, *, person_id: int) -> list[Consent]:
    actor = actor_of(db)
    if actor is None or actor.role not in roles.UNDOERS:
        return []
    return queries.list_consents(db, person_id=person_id, deleted=True)


def context(
    db: Session, case: Case, user: UserView | None, query: Mapping[str, str]
) -> dict[str, Any]:
    """The correction part of the case page's context."""
    allowed = may_correct(user, case)
    editing = parse_target(query.get("edit")) if allowed else None
    deleting = parse_target(query.get("delete")) if allowed else None
    lead = user is not None and user.role in roles.UNDOERS
    return {
        "may_correct": allowed,
        "editing": editing,
        "deleting": deleting,
        "edit_case": allowed and query.get("edit") == "case",
        "cancelling": allowed and query.get("cancel") == "1",
        "entry_values": entry_values(db, case, editing),
        "case_values": corrections.case_values(case),
        "deleted": deleted_entries(db, case) if lead else [],
        "history": history(db, case) if allowed else None,
        "counsellor_options": {
            str(uid): name
            for uid, name in db.execute(
                select(col(User.id), col(User.display_name))
                .where(col(User.role).in_([r.value for r in roles.CENTRE_STAFF]))
                .order_by(col(User.display_name))
            )
        },
    }
