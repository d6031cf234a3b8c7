"""The privacy area's acts: the export (audited), the information sheet, its handover, and
what a case still lacks. Keyword-only functions; they flush, never commit."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import anyio.from_thread
from sqlmodel import Session, col, select

from cases.counselling import queries
from cases.packages.languages import GERMAN, LANGUAGES, Language, resolve
from cases.persons import merge
from cases.persons.models import Person
from cases.privacy import export, export_doc, render, sheet
from cases.privacy.models import InformationRecord
from cases.privacy.schemas import HandoverIn
from welcome import clock
from welcome.audit import AuditAction, record
from welcome.db import actor_of
from welcome.memo import remember


def person(db: Session, *, person_id: int) -> Person:
    """The person of the actor's centre; a merged-away id raises MergedAway (404 naming the
    survivor), another centre's person NotFound."""
    return merge.get(db, person_id=person_id)


def language_of(found: Person, code: str | None = None) -> Language:
    """The language asked for, else the person's preferred or counselling language, else
    German."""
    for candidate in (code, found.preferred_language, found.counselling_language):
        lang = resolve(candidate)
        if lang is not None:
            return lang
    return GERMAN


def export_data(
    db: Session, *, person_id: int, language: str | None = None, format: str = "json"
) -> tuple[Person, Language, dict[str, Any]]:
    """The person's complete record; the export is one audit entry (format, language)."""
    found = person(db, person_id=person_id)
    lang = language_of(found, language)
    data = export.collect(db, person=found, language=lang.code)
    record(
        db,
        action=AuditAction.EXPORT,
        entity="persons",
        entity_id=found.id,
        centre_id=found.centre_id,
        changes={"format": format, "language": lang.code, "article": "15"},
    )
    db.flush()
    return found, lang, data


def export_pdf(
    db: Session,
    *,
    person_id: int,
    language: str | None = None,
    render_pdf: Callable[[str], bytes] | None = None,
) -> tuple[Language, bytes]:
    """The export as a PDF in the person's language and German (rendered in this process, or
    `pdf_in_pool` from the web and the API, after the audit entry is committed)."""
    _found, lang, data = export_data(db, person_id=person_id, language=language, format="pdf")
    html = render.export_html(export_doc.build(data, lang))
    return lang, (render_pdf or render.render_pdf_sync)(html)


def pdf_in_pool(html: str) -> bytes:
    """The PDF from the welcome package's render workers, awaited from this worker thread."""
    return anyio.from_thread.run(render.render_pdf, html)


def sheet_context(db: Session, *, centre_id: int, language: str | None) -> sheet.SheetContext:
    lang = resolve(language) or GERMAN
    facts, found = sheet.facts_for(db, centre_id=centre_id)
    return sheet.build(facts, found, lang)


def sheet_pdf(
    db: Session,
    *,
    centre_id: int,
    language: str | None,
    render_pdf: Callable[[str], bytes] | None = None,
) -> tuple[Language, bytes]:
    context = sheet_context(db, centre_id=centre_id, language=language)
    html = render.sheet_html(context)
    return LANGUAGES[context.language], (render_pdf or render.render_pdf_sync)(html)


def filename(kind: str, lang: str, person_id: int | None = None) -> str:
    return f"{kind}-{person_id}-{lang}.pdf" if person_id else f"{kind}-{lang}.pdf"


# --- the handover at intake ----------------------------------------------------------------


def record_handover(
    db: Session, *, person: Person, data: HandoverIn, today: date | None = None
) -> InformationRecord:
    """The sheet handed over now (its current version in that language), or on the day given."""
    assert person.id is not None
    lang = LANGUAGES[data.sheet_language]
    facts, found = sheet.facts_for(db, centre_id=person.centre_id)
    actor = actor_of(db)
    handed = InformationRecord(
        person_id=person.id,
        centre_id=person.centre_id,
        handed_over_on=data.handed_over_on or today or clock.today(),
        sheet_language=lang.code,
        sheet_version=sheet.version(facts, found, lang),
        handed_over_by_id=actor.user_id if actor else None,
    )
    db.add(handed)
    db.flush()
    return handed


def at_registration(db: Session, *, person: Person, data: Any) -> None:
    """The registration's part (templates/privacy/_register.html, `POST /api/v1/persons`):
    the sheet was handed over in the language given (`data.sheet_language`, on
    `data.sheet_handed_over_on` or today), or not yet (the person page and the case page
    then ask). `data` is a cases.persons.schemas.PersonRegistrationIn, validated already."""
    if data.sheet_language is None:
        return
    handover = HandoverIn(
        sheet_language=data.sheet_language, handed_over_on=data.sheet_handed_over_on
    )
    record_handover(db, person=person, data=handover)


def list_handovers(db: Session, *, person_id: int) -> list[InformationRecord]:
    """The person's handovers of the sheet, newest first (read once per page: the privacy
    card shows them and asks `missing`)."""

    def read() -> list[InformationRecord]:
        query = select(InformationRecord).where(col(InformationRecord.person_id) == person_id)
        order = (col(InformationRecord.handed_over_on).desc(), col(InformationRecord.id))
        return list(db.scalars(query.order_by(*order)))

    return list(remember(db, ("handovers", person_id), read))


def missing(db: Session, *, person_id: int) -> dict[str, bool]:
    """What the intake still lacks: the handover of the sheet, a consent to the case file."""
    consent = any(
        c.purpose == "case_file" and c.withdrawn_on is None
        for c in queries.list_consents(db, person_id=person_id)
    )
    return {"information": not list_handovers(db, person_id=person_id), "consent": not consent}
