"""Issuing welcome packages (logged, stored for identical re-download) and local contacts."""

from __future__ import annotations

import hashlib
import os
from datetime import date, datetime
from pathlib import Path

from sqlmodel import Session, col, select

from cases.packages import render
from cases.packages.context import PackageContext, build, facts_for
from cases.packages.languages import LANGUAGES, Language, resolve
from cases.packages.models import IssuedPackage, LocalContact
from cases.persons.models import Person
from welcome.accounts.models import User
from welcome.db import actor_of, fetch, utcnow
from welcome.errors import FieldErrors, Forbidden, NotFound
from welcome.i18n import _

PACKAGE_DIR = "packages"


def language(code: str | None) -> Language:
    """The supported language for `code`, or a field error naming the choices."""
    found = resolve(code)
    if found is None:
        raise FieldErrors(
            {
                "language": _(
                    "Unknown language %(code)s. Choose one of: %(codes)s.",
                    code=repr(code or ""),
                    codes=", ".join(LANGUAGES),
                )
            }
        )
    return found


def person(db: Session, *, person_id: int) -> Person:
    """The person, through the centre scope (404 for another centre's person)."""
    found = fetch(db, Person, person_id)
    if found is None:
        raise NotFound(_("No such person."))
    return found


def resolve_default(found: Person) -> str:
    """The language to offer first: the person's preferred, then counselling language, else de."""
    for code in (found.preferred_language, found.counselling_language):
        lang = resolve(code)
        if lang is not None:
            return lang.code
    return "de"


def prepare(
    db: Session,
    *,
    person_id: int,
    language_code: str | None,
    issuer: User | None = None,
    appointment_at: datetime | None = None,
    today: date | None = None,
) -> tuple[Person, PackageContext, str]:
    """Decide the language, build the context and its HTML (nothing written yet)."""
    lang = language(language_code)
    found = person(db, person_id=person_id)
    version = render.content_version(lang)
    facts = facts_for(
        db, found, issuer=issuer, appointment_at=appointment_at, today=today or date.today()
    )
    context = build(facts, lang, version=version)
    return found, context, render.render_html(context)


def _store_pdf(data_dir: Path, *, centre_id: int, person_id: int, pdf: bytes) -> tuple[str, str]:
    digest = hashlib.sha256(pdf).hexdigest()
    relative = Path(PACKAGE_DIR) / str(centre_id) / str(person_id) / f"{digest}.pdf"
    target = data_dir / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        temp = target.with_suffix(f".{os.getpid()}.tmp")
        temp.write_bytes(pdf)
        temp.replace(target)
    return relative.as_posix(), digest


def record(
    db: Session,
    *,
    data_dir: Path,
    person: Person,
    context: PackageContext,
    pdf: bytes,
    issuer: User | None = None,
    appointment_at: datetime | None = None,
) -> IssuedPackage:
    """Keep the PDF and log the issue (person, language, content version, who, when)."""
    assert person.id is not None
    path, digest = _store_pdf(data_dir, centre_id=person.centre_id, person_id=person.id, pdf=pdf)
    issued = IssuedPackage(
        centre_id=person.centre_id,
        person_id=person.id,
        language=context.language,
        content_version=context.version,
        issued_by_id=issuer.id if issuer else None,
        issued_at=utcnow(),
        appointment_at=appointment_at,
        pdf_sha256=digest,
        pdf_path=path,
        pdf_size=len(pdf),
    )
    db.add(issued)
    db.flush()
    return issued


def issue_sync(
    db: Session,
    *,
    data_dir: Path,
    person_id: int,
    language_code: str | None,
    issuer: User | None = None,
    appointment_at: datetime | None = None,
) -> tuple[IssuedPackage, bytes]:
    """Issue in this process (CLI)."""
    found, context, html = prepare(
        db,
        person_id=person_id,
        language_code=language_code,
        issuer=issuer,
        appointment_at=appointment_at,
    )
    pdf = render.render_pdf_sync(html)
    issued = record(
        db,
        data_dir=data_dir,
        person=found,
        context=context,
        pdf=pdf,
        issuer=issuer,
        appointment_at=appointment_at,
    )
    return issued, pdf


async def issue(
    db: Session,
    *,
    data_dir: Path,
    person_id: int,
    language_code: str | None,
    issuer: User | None = None,
    appointment_at: datetime | None = None,
) -> tuple[IssuedPackage, bytes]:
    """Issue with the PDF rendered in the worker pool (web, API)."""
    found, context, html = prepare(
        db,
        person_id=person_id,
        language_code=language_code,
        issuer=issuer,
        appointment_at=appointment_at,
    )
    pdf = await render.render_pdf(html)
    issued = record(
        db,
        data_dir=data_dir,
        person=found,
        context=context,
        pdf=pdf,
        issuer=issuer,
        appointment_at=appointment_at,
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


def get_issued(db: Session, *, issue_id: int) -> IssuedPackage:
    found = fetch(db, IssuedPackage, issue_id)
    if found is None:
        raise NotFound(_("No such welcome package."))
    return found


def pdf_of(issued: IssuedPackage, *, data_dir: Path) -> bytes:
    """The stored PDF, exactly as issued (checked against its SHA-256)."""
    path = data_dir / issued.pdf_path
    if not path.is_file():
        raise NotFound(_("The stored PDF of this welcome package is missing."))
    pdf = path.read_bytes()
    if hashlib.sha256(pdf).hexdigest() != issued.pdf_sha256:
        raise NotFound(_("The stored PDF of this welcome package has been changed."))
    return pdf


def filename(issued: IssuedPackage) -> str:
    return f"welcome-package-{issued.person_id}-{issued.language}-{issued.id}.pdf"


# --- local contacts -------------------------------------------------------------------------


def list_contacts(db: Session) -> list[LocalContact]:
    return list(
        db.scalars(select(LocalContact).order_by(col(LocalContact.position), col(LocalContact.id)))
    )


def get_contact(db: Session, *, contact_id: int) -> LocalContact:
    found = fetch(db, LocalContact, contact_id)
    if found is None:
        raise NotFound(_("No such local contact."))
    return found


_LIMITS = {"name": 200, "address": 500, "opening_hours": 500, "phone": 60, "email": 254}


def _clean(
    *,
    name: str,
    address: str,
    opening_hours: str,
    phone: str,
    email: str,
    notes: dict[str, str] | None,
) -> tuple[dict[str, str], dict[str, str]]:
    values = {
        "name": name.strip(),
        "address": address.strip(),
        "opening_hours": opening_hours.strip(),
        "phone": phone.strip(),
        "email": email.strip(),
    }
    errors: dict[str, str] = {}
    if not values["name"]:
        errors["name"] = _("Please enter the name of the office.")
    for field, limit in _LIMITS.items():
        if len(values[field]) > limit:
            errors[field] = _("At most %(num)d characters.", num=limit)
    if values["email"] and "@" not in values["email"]:
        errors["email"] = _("Please enter a valid e-mail address.")
    clean_notes: dict[str, str] = {}
    for code, text in (notes or {}).items():
        lang = resolve(code)
        if lang is None or lang.code != code:
            errors[f"note_{code}"] = _("Unknown language %(code)s.", code=repr(code))
        elif len(text) > 1000:
            errors[f"note_{code}"] = _("At most %(num)d characters.", num=1000)
        elif text.strip():
            clean_notes[code] = text.strip()
    if errors:
        raise FieldErrors(errors)
    return values, clean_notes


def create_contact(
    db: Session,
    *,
    name: str,
    address: str = "",
    opening_hours: str = "",
    phone: str = "",
    email: str = "",
    notes: dict[str, str] | None = None,
    position: int = 0,
    centre_id: int | None = None,
) -> LocalContact:
    """A new local contact; the centre is the acting lead's (or `centre_id` for the system)."""
    values, clean_notes = _clean(
        name=name,
        address=address,
        opening_hours=opening_hours,
        phone=phone,
        email=email,
        notes=notes,
    )
    owner = centre_id if centre_id is not None else getattr(actor_of(db), "centre_id", None)
    if owner is None:
        raise Forbidden(_("Local contacts belong to a centre: sign in as the centre's lead."))
    contact = LocalContact(
        centre_id=owner,
        name=values["name"],
        address=values["address"],
        opening_hours=values["opening_hours"],
        phone=values["phone"],
        email=values["email"],
        notes=clean_notes,
        position=position,
    )
    db.add(contact)
    db.flush()
    return contact


def update_contact(
    db: Session,
    *,
    contact: LocalContact,
    name: str,
    address: str = "",
    opening_hours: str = "",
    phone: str = "",
    email: str = "",
    notes: dict[str, str] | None = None,
    position: int = 0,
) -> LocalContact:
    values, clean_notes = _clean(
        name=name,
        address=address,
        opening_hours=opening_hours,
        phone=phone,
        email=email,
        notes=notes,
    )
    for key, value in values.items():
        setattr(contact, key, value)
    contact.notes = clean_notes
    contact.position = position
    db.add(contact)
    db.flush()
    return contact
