"""The welcome package's context: plain values, the language decided first, then rendered.

`facts_for` reads the database once; `build` is pure (facts + language -> frozen context), so
the context can be tested per profile and per language without a database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from cases.counselling.models import Case
from cases.packages import texts
from cases.packages.checklist import Entry, Profile, Recognition, checklist
from cases.packages.languages import GERMAN, Language
from cases.packages.models import LocalContact
from cases.persons.models import Person, PersonNationality
from welcome.accounts.models import Centre, User
from welcome.i18n import force_locale, format_date, format_datetime, language_name

FSI, PDI = "\u2068", "\u2069"


def isolate(text: str) -> str:
    """User-typed text wrapped in a Unicode isolate (FSI…PDI), so that a Latin name inside
    Arabic text (or the other way round) keeps its own order. Empty stays empty."""
    text = text.replace(FSI, "").replace(PDI, "")
    return f"{FSI}{text}{PDI}" if text else ""


@dataclass(frozen=True, slots=True)
class ContactFacts:
    name: str
    address: str
    opening_hours: str
    phone: str
    email: str
    notes: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Facts:
    """What the package says about one person, read from the database (plain values)."""

    person_name: str
    centre_name: str
    counsellor_name: str
    counsellor_email: str
    profile: Profile
    contacts: tuple[ContactFacts, ...] = ()
    appointment_at: datetime | None = None
    issued_on: date | None = None


@dataclass(frozen=True, slots=True)
class Item:
    code: str
    title: str
    what: str
    where: str
    when: str
    documents: str


@dataclass(frozen=True, slots=True)
class Contact:
    name: str
    address: str
    opening_hours: str
    phone: str
    email: str
    note: str


@dataclass(frozen=True, slots=True)
class Part:
    """The whole package in one language (the newcomer's, or German)."""

    lang: str
    dir: str
    fonts: str
    language_name: str
    labels: dict[str, str]
    welcome: str
    lines: tuple[str, ...]
    items: tuple[Item, ...]
    contacts: tuple[Contact, ...]
    privacy: tuple[str, ...]
    issued: str


@dataclass(frozen=True, slots=True)
class PackageContext:
    language: str  # decided before rendering, stored with the issue
    direction: str
    title: str
    person_name: str  # isolated
    parts: tuple[Part, ...]  # newcomer's language first, then German (one part for German)
    entries: tuple[Entry, ...]
    version: str = ""  # content version: hash of texts and template


def _when(entry: Entry) -> str:
    if entry.due_on is not None:
        return texts.by_date(format_date(entry.due_on))
    if entry.code == "registration":
        return texts.within_weeks(2)
    if entry.code == "driving_licence":
        return texts.within_months(6)
    return texts.labels()["soon"]


def _item(entry: Entry) -> Item:
    if entry.code == "recognition" and entry.recognition is not None:
        title, what, documents = texts.recognition_item(
            isolate(entry.recognition.occupation), entry.recognition.documents_complete
        )
        return Item(
            entry.code, title, what, isolate(entry.recognition.authority), _when(entry), documents
        )
    title, what, where, documents = texts.ITEMS[entry.code]()
    return Item(entry.code, title, what, where, _when(entry), documents)


def _part(facts: Facts, lang: Language, entries: tuple[Entry, ...], version: str) -> Part:
    with force_locale(lang.catalog):
        name = isolate(facts.person_name)
        lines = [
            texts.centre_line(isolate(facts.centre_name)),
            texts.counsellor_line(isolate(facts.counsellor_name)),
            texts.appointment_line(format_datetime(facts.appointment_at, "short"))
            if facts.appointment_at
            else texts.labels()["no_appointment"],
        ]
        if facts.counsellor_email:
            lines.append(texts.reach_line(isolate(facts.counsellor_email)))
        contacts = tuple(
            Contact(
                isolate(c.name),
                isolate(c.address),
                isolate(c.opening_hours),
                isolate(c.phone),
                isolate(c.email),
                isolate(dict(c.notes).get(lang.code, "")),
            )
            for c in facts.contacts
        )
        return Part(
            lang=lang.code,
            dir=lang.direction,
            fonts=lang.font_stack,
            language_name=language_name(lang.code, lang.catalog),
            labels=texts.labels(),
            welcome=texts.welcome(name),
            lines=tuple(lines),
            items=tuple(_item(e) for e in entries),
            contacts=contacts,
            privacy=texts.privacy_paragraphs(isolate(facts.centre_name)),
            issued=texts.issued_line(format_date(facts.issued_on or date.today()), version[:12])
            if version
            else "",
        )


def build(facts: Facts, lang: Language, *, version: str = "") -> PackageContext:
    entries = checklist(facts.profile)
    parts = [_part(facts, lang, entries, version)]
    if lang.code != GERMAN.code:
        parts.append(_part(facts, GERMAN, entries, version))
    return PackageContext(
        language=lang.code,
        direction=lang.direction,
        title=f"{parts[0].labels['title']} – {facts.person_name}",
        person_name=isolate(facts.person_name),
        parts=tuple(parts),
        entries=entries,
        version=version,
    )


# --- reading the database -------------------------------------------------------------------


CLOSED_RECOGNITION = frozenset({"decided", "completed", "withdrawn", "compensation"})


def _authority_name(code: str) -> str:
    """The authority's German name (a proper name the newcomer finds on letters)."""
    from cases.recognition.codes import Authority  # the recognition area's, when it is there

    with force_locale("de"):
        return Authority.label_of(code)


def _recognitions(db: Session, person_id: int) -> tuple[Recognition, ...]:
    """Open recognition procedures: no decision date and not closed; the due date is the
    decision due date once the documents are complete, else the receipt due date (or the
    earliest open deadline)."""
    from cases.recognition.models import RecognitionProcedure as Procedure

    found: list[Recognition] = []
    query = select(Procedure).where(col(Procedure.person_id) == person_id)
    for row in db.scalars(query.order_by(col(Procedure.id))):
        if row.decided_on or row.status in CLOSED_RECOGNITION:
            continue
        complete = row.documents_complete_on is not None
        due = row.decision_due_on if complete else row.receipt_due_on
        found.append(
            Recognition(
                occupation=row.reference_occupation or "",
                authority=_authority_name(row.authority or ""),
                documents_complete=complete,
                due_on=due or row.next_due_on,
            )
        )
    return tuple(found)


def facts_for(
    db: Session,
    person: Person,
    *,
    issuer: User | None = None,
    appointment_at: datetime | None = None,
    today: date | None = None,
) -> Facts:
    assert person.id is not None
    nationalities = tuple(
        n.country
        for n in db.scalars(
            select(PersonNationality)
            .where(col(PersonNationality.person_id) == person.id)
            .order_by(col(PersonNationality.position))
        )
    )
    case = db.scalars(
        select(Case)
        .where(col(Case.person_id) == person.id)
        .order_by(col(Case.status) != "open", col(Case.opened_on).desc())
    ).first()
    counsellor = db.get(User, case.counsellor_id) if case and case.counsellor_id else None
    counsellor = counsellor or issuer
    centre = db.get(Centre, person.centre_id)
    contacts = db.scalars(
        select(LocalContact)
        .where(col(LocalContact.centre_id) == person.centre_id)
        .order_by(col(LocalContact.position), col(LocalContact.id))
    )
    profile = Profile(
        client_group=person.client_group,
        nationalities=nationalities,
        residence_status=person.residence_status,
        previous_residence_country=person.previous_residence_country,
        family_situation=person.family_situation,
        children_count=person.children_count,
        german_level=person.german_level,
        arrived_on=person.arrived_on,
        recognitions=_recognitions(db, person.id),
    )
    return Facts(
        person_name=f"{person.first_name} {person.last_name}".strip(),
        centre_name=centre.name if centre else "",
        counsellor_name=(counsellor.display_name or counsellor.email) if counsellor else "",
        counsellor_email=counsellor.email if counsellor else "",
        profile=profile,
        contacts=tuple(
            ContactFacts(
                c.name,
                c.address,
                c.opening_hours,
                c.phone,
                c.email,
                tuple(sorted((c.notes or {}).items())),
            )
            for c in contacts
        ),
        appointment_at=appointment_at,
        issued_on=today,
    )
