"""Issuing welcome packages (logged, stored for identical re-download); local contacts are
in `contacts`. Keyword-only functions; they flush, never commit."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date, datetime

import anyio.from_thread
from sqlmodel import Session, col, select

from cases.packages import render
from cases.packages.context import Facts, PackageContext, build, facts_for
from cases.packages.languages import GERMAN, LANGUAGES, resolve
from cases.packages.models import IssuedPackage
from cases.packages.schemas import PackageIn
from cases.persons.models import Person
from welcome import clock, storage
from welcome.accounts.models import User
from welcome.db import fetch, utcnow
from welcome.errors import NotFound
from welcome.i18n import _


def person(db: Session, *, person_id: int) -> Person:
    """The person, through the centre scope (404 for another centre's person)."""
    found = fetch(db, Person, person_id)
    if found is None or found.anonymised_at is not None:  # anonymised (cases/retention)
        raise NotFound(_("No such person."))
    return found


def resolve_default(found: Person) -> str:
    """The language to offer first: the person's preferred, then counselling language, else de."""
    for code in (found.preferred_language, found.counselling_language):
        lang = resolve(code)
        if lang is not None:
            return lang.code
    return "de"


def _prepare(
    db: Session,
    *,
    person_id: int,
    data: PackageIn,
    issuer: User | None = None,
    today: date | None = None,
) -> tuple[Person, PackageContext, str]:
    """Build the context and its HTML (nothing written yet)."""
    lang = LANGUAGES[data.language]
    found = person(db, person_id=person_id)
    version = render.content_version(lang)
    facts = facts_for(
        db,
        found,
        issuer=issuer,
        appointment_at=data.appointment_at,
        today=today or clock.today(),
        licence_country=data.licence_country,
    )
    context = build(facts, lang, version=version, done=tuple(data.done))
    return found, context, render.render_html(context)


def checklist_of(
    db: Session, *, person_id: int, data: PackageIn, issuer: User | None = None
) -> tuple[Facts, PackageContext]:
    """The facts and the full checklist (nothing left out) for the package page's ticks."""
    found = person(db, person_id=person_id)
    facts = facts_for(
        db, found, issuer=issuer, today=clock.today(), licence_country=data.licence_country
    )
    return facts, build(facts, GERMAN)


def warnings(facts: Facts) -> list[str]:
    """What the counsellor should know before issuing: the package would print no local
    contacts, no counsellor to turn to, or no centre address on page 1."""
    found = []
    if not facts.contacts:
        found.append(
            _(
                "Your centre has entered no local contacts: the package will have no "
                "local-contacts page. A lead can add them under Local contacts."
            )
        )
    if not facts.counsellor_assigned:
        found.append(
            _(
                "No counsellor is assigned to this person's case: the package names you "
                "as the counsellor."
            )
        )
    if not facts.counsellor_named:
        found.append(
            _(
                "The counsellor has no display name: the package shows the e-mail address "
                "instead of a name."
            )
        )
    if not facts.centre_address:
        found.append(
            _(
                "Your centre's address is missing: page 1 of the package shows none. An "
                "administrator can enter it on the centre's page."
            )
        )
    return found


def preview(db: Session, *, person_id: int, data: PackageIn, issuer: User | None = None) -> str:
    """The package as HTML, as it would be issued now (nothing written)."""
    return _prepare(db, person_id=person_id, data=data, issuer=issuer)[2]


def _store_pdf(db: Session, *, pdf: bytes) -> tuple[str, str]:
    """Keep the PDF in welcome.storage (every host reads it): its reference and SHA-256."""
    return storage.put(db, data=pdf), hashlib.sha256(pdf).hexdigest()


def _record(
    db: Session,
    *,
    person: Person,
    context: PackageContext,
    pdf: bytes,
    issuer: User | None,
    appointment_at: datetime | None,
) -> IssuedPackage:
    """Keep the PDF and log the issue (person, language, content version, who, when)."""
    assert person.id is not None
    ref, digest = _store_pdf(db, pdf=pdf)
    issued = IssuedPackage(
        centre_id=person.centre_id,
        person_id=person.id,
        language=context.language,
        content_version=context.version,
        issued_by_id=issuer.id if issuer else None,
        issued_at=utcnow(),
        appointment_at=appointment_at,
        pdf_sha256=digest,
        pdf_path=ref,
        pdf_size=len(pdf),
    )
    db.add(issued)
    db.flush()
    return issued


def pdf_in_pool(html: str) -> bytes:
    """The PDF from the render workers, awaited from this worker thread (a form post or a sync
    endpoint runs in one): neither the event loop nor this process renders."""
    return anyio.from_thread.run(render.render_pdf, html)


def issue(
    db: Session,
    *,
    person_id: int,
    data: PackageIn,
    issuer: User | None = None,
    render_pdf: Callable[[str], bytes] | None = None,
) -> tuple[IssuedPackage, bytes]:
    """Issue a package: render the PDF (in this process, or `pdf_in_pool` from the web and the
    API), keep it and log the issue."""
    found, context, html = _prepare(db, person_id=person_id, data=data, issuer=issuer)
    pdf = (render_pdf or render.render_pdf_sync)(html)
    issued = _record(
        db,
        person=found,
        context=context,
        pdf=pdf,
        issuer=issuer,
        appointment_at=data.appointment_at,
    )
    return issued, pdf


def list_issued(db: Session, *, person_id: int) -> list[IssuedPackage]:
    return list(
        db.scalars(
            select(IssuedPackage)
            .where(col(IssuedPackage.person_id) == person_id)
            .order_by(col(IssuedPackage.issued_at).desc(), col(IssuedPackage.id).desc())
        )
    )


def get(db: Session, *, issue_id: int) -> IssuedPackage:
    found = fetch(db, IssuedPackage, issue_id)
    if found is None:
        raise NotFound(_("No such welcome package."))
    return found


def pdf_of(db: Session, *, issued: IssuedPackage) -> bytes:
    """The stored PDF, exactly as issued (checked against its SHA-256)."""
    try:
        pdf = storage.read(db, ref=issued.pdf_path)
    except NotFound:
        raise NotFound(_("The stored PDF of this welcome package is missing.")) from None
    if hashlib.sha256(pdf).hexdigest() != issued.pdf_sha256:
        raise NotFound(_("The stored PDF of this welcome package has been changed."))
    return pdf


def filename(issued: IssuedPackage) -> str:
    return f"welcome-package-{issued.person_id}-{issued.language}-{issued.id}.pdf"
