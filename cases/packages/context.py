"""The welcome package's context: plain values, the language decided first, then rendered.

`facts_for` reads the database once; `build` is pure (facts + language -> frozen context), so
the context can be tested per profile and per language without a database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime

from babel import Locale
from babel import dates as babel_dates
from sqlmodel import Session, col, select

from cases.counselling.models import Case
from cases.packages import centre_items, items, texts
from cases.packages.centre_items import OwnItem, applies
from cases.packages.checklist import (
    LICENCE_MONTHS,
    REGISTRATION_WEEKS,
    Entry,
    Profile,
    Recognition,
    checklist,
)
from cases.packages.languages import GERMAN, Language
from cases.packages.models import LocalContact
from cases.packages.pdf import image_data_url
from cases.persons.models import Person, PersonNationality
from cases.privacy import sheet as privacy_sheet  # the GDPR section: the sheet's texts
from welcome import clock
from welcome.accounts.models import Centre, User
from welcome.i18n import force_locale, language_name

FSI, PDI = "\u2068", "\u2069"
NBSP = "\u00a0"
# a German term in brackets inside Arabic or Persian text: "(Meldebehörde / Bürgerbüro)"
_LATIN_TERM = re.compile(
    r"\((?=[^()\u2068\u2069]*[A-Za-zÄÖÜäöüß])[^()\u0600-\u06ff\u2068\u2069]*\)"
)
_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_GERMAN_DAYS = re.compile(r"\b(Mo|Di|Mi|Do|Fr|Sa|So)\b\.?")
_DAY_INDEX = {"Mo": 0, "Di": 1, "Mi": 2, "Do": 3, "Fr": 4, "Sa": 5, "So": 6}


def isolate(text: str) -> str:
    """User-typed text wrapped in a Unicode isolate (FSI…PDI), so that a Latin name inside
    Arabic text (or the other way round) keeps its own order. Empty stays empty."""
    text = text.replace(FSI, "").replace(PDI, "")
    return f"{FSI}{text}{PDI}" if text else ""


def rtl_terms(text: str) -> str:
    """German terms in brackets inside right-to-left text: isolated left-to-right with their
    brackets (the template prints each as a left-to-right inline block in German, so it
    is kept together and, when it must wrap, wraps with its brackets on the right side)."""

    def keep(match: re.Match[str]) -> str:
        return FSI + match.group(0) + PDI

    return "".join(
        _LATIN_TERM.sub(keep, chunk) if depth == 0 else chunk for chunk, depth in _runs(text)
    )


def _runs(text: str) -> list[tuple[str, int]]:
    """The text cut at isolate marks, each chunk with its isolate depth (0: not isolated)."""
    runs: list[tuple[str, int]] = []
    depth, start = 0, 0
    for index, char in enumerate(text):
        if char in (FSI, PDI):
            runs.append((text[start:index], depth))
            depth = depth + 1 if char == FSI else max(0, depth - 1)
            runs.append((char, 1))
            start = index + 1
    runs.append((text[start:], depth))
    return [r for r in runs if r[0]]


def persian_digits(text: str) -> str:
    """Persian digits for the Persian text; isolated runs (names, German citations, e-mail
    addresses, German terms) keep theirs."""
    out, depth = [], 0
    for char in text:
        if char == FSI:
            depth += 1
        elif char == PDI:
            depth = max(0, depth - 1)
        out.append(char.translate(_PERSIAN_DIGITS) if depth == 0 else char)
    return "".join(out)


def opening_hours(text: str, locale: str) -> str:
    """German weekday abbreviations ("Mo–Fr 9–12") in the part's language (CLDR via Babel)."""
    if locale.startswith("de"):
        return text
    days = Locale.parse(locale).days["format"]["abbreviated"]
    return _GERMAN_DAYS.sub(lambda m: str(days[_DAY_INDEX[m.group(1)]]), text)


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
    switched_off: tuple[str, ...] = ()  # item codes the centre has switched off
    own_items: tuple[OwnItem, ...] = ()  # the centre's own items
    counsellor_assigned: bool = True  # the case names a counsellor (else the issuer is named)
    counsellor_named: bool = True  # the counsellor has a display name (else the e-mail)
    centre_address: str = ""  # the centre's details for page 1 (welcome.accounts.Centre)
    centre_phone: str = ""
    centre_email: str = ""
    logo: str = ""  # the centre's logo as a data: URL (pdf.image_data_url), or ""


@dataclass(frozen=True, slots=True)
class Item:
    code: str
    title: str
    what: str
    where: str
    when: str
    documents: str
    source: str = ""  # "Source: § 17 (1), § 19 BMG (checked 01.12.2026)", translated label
    overdue: bool = False
    key: str = ""  # code:variant (items.CONTENT)


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
    privacy_source: str = ""
    centre: tuple[str, ...] = ()  # page 1's centre block: name, address, phone, e-mail


@dataclass(frozen=True, slots=True)
class PackageContext:
    language: str  # decided before rendering, stored with the issue
    direction: str
    title: str
    person_name: str  # isolated
    parts: tuple[Part, ...]  # newcomer's language first, then German (one part for German)
    entries: tuple[Entry, ...]  # what the package lists (done items left out)
    version: str = ""  # content version: hash of texts and template (kept, not printed)
    stand: date | None = None  # the newest "last checked" date of the content printed
    done: tuple[str, ...] = ()  # item keys ticked done before issuing (not printed)
    logo: str = ""  # the centre's logo (data: URL), printed on page 1
    logo_alt: str = ""


def _date(day: date, lang: Language) -> str:
    """A date in the language's format (British English for `en`: 16 Mar 2026)."""
    return babel_dates.format_date(day, "medium", locale=lang.formats)


def _when(entry: Entry, today: date, lang: Language) -> tuple[str, bool]:
    """The "by when" cell and whether the newcomer's deadline has passed. The deadlines of a
    recognition authority are the authority's: they are never shown as the newcomer's."""
    labels = texts.labels()
    procedure = entry.recognition
    if procedure is not None:
        due = procedure.receipt_due_on if entry.variant == "applied" else None
        due = procedure.decision_due_on if entry.variant == "in_review" else due
        if due is None:
            return labels["soon"], False
        if due < today:
            return texts.authority_late(_date(due, lang)), False
        if entry.variant == "applied":
            return texts.receipt_due(_date(due, lang)), False
        return texts.decision_due(_date(due, lang)), False
    if entry.due_on is not None:
        if entry.due_on < today:
            return labels["overdue"], True
        return texts.by_date(_date(entry.due_on, lang)), False
    if entry.code == "registration":
        return texts.within_weeks(REGISTRATION_WEEKS), False
    if entry.key == "driving_licence:third_country":
        return texts.within_months(LICENCE_MONTHS), False
    if entry.key == "driving_licence:protection":
        return labels["no_deadline"], False
    if entry.code == "foreigners_authority":
        return labels["before_expiry"], False
    return labels["soon"], False


def _item(entry: Entry, city: str | None, today: date, lang: Language) -> Item:
    content = items.content_of(entry.key)
    procedure = entry.recognition
    params = items.Params(
        city=isolate(city) if city and lang.direction == "rtl" else city,
        occupation=isolate(procedure.occupation) if procedure else "",
        authority=isolate(procedure.authority) if procedure else "",
    )
    text = content.text(params)
    when, overdue = _when(entry, today, lang)
    source = texts.source_line(isolate(content.citation), _date(content.checked, lang))
    return Item(entry.code, text.title, text.what, text.where, when, text.documents, source,
                overdue, entry.key)  # fmt: skip


def _own_item(item: OwnItem, lang: Language) -> Item:
    """A centre's own item: German, or the centre's translation marked as not reviewed."""
    translated = item.translation(lang.code) if lang.code != GERMAN.code else {}
    if translated:
        note = texts.labels()["centre_translation"]
    elif lang.code != GERMAN.code:
        note = texts.labels()["only_german"]
    else:
        note = ""
    german = lang.direction == "rtl" and not translated
    title = translated.get("title") or item.title
    what = translated.get("what") or item.what
    source = texts.source_line(isolate(item.source), _date(item.checked_on, lang))
    return Item(
        item.key,
        isolate(title) if german else title,
        " ".join(p for p in (isolate(what) if german else what, note) if p),
        isolate(item.where),
        texts.labels()["soon"],
        isolate(item.documents),
        source,
        False,
        item.key,
    )


def _own(facts: Facts, done: tuple[str, ...]) -> tuple[OwnItem, ...]:
    return tuple(o for o in facts.own_items if applies(o.who, facts.profile) and o.key not in done)


def _part(
    facts: Facts, lang: Language, entries: tuple[Entry, ...], stand: date, done: tuple[str, ...]
) -> Part:
    today = facts.issued_on or clock.today()
    with force_locale(lang.catalog):
        name = isolate(facts.person_name)
        lines = [texts.centre_line(isolate(facts.centre_name))]
        if facts.counsellor_name:
            lines.append(texts.counsellor_line(isolate(facts.counsellor_name)))
        lines.append(
            texts.appointment_line(_moment(facts.appointment_at, lang))
            if facts.appointment_at
            else texts.labels()["no_appointment"]
        )
        reach = [isolate(x) for x in (facts.counsellor_email, facts.centre_phone) if x]
        if reach:
            lines.append(texts.reach_line(" · ".join(reach)))
        contacts = tuple(
            Contact(
                isolate(c.name),
                isolate(c.address),
                isolate(opening_hours(c.opening_hours, lang.formats)),
                isolate(c.phone),
                isolate(c.email),
                isolate(dict(c.notes).get(lang.code, "")),
            )
            for c in facts.contacts
        )
        privacy = items.SENTENCES[0]
        part = Part(
            lang=lang.code,
            dir=lang.direction,
            fonts=lang.font_stack,
            language_name=language_name(lang.code, lang.catalog),
            labels=texts.labels(),
            welcome=texts.welcome(name),
            lines=tuple(lines),
            items=tuple(_item(e, facts.profile.city, today, lang) for e in entries)
            + tuple(_own_item(o, lang) for o in _own(facts, done)),
            contacts=contacts,
            privacy=privacy_sheet.package_paragraphs(isolate(facts.centre_name), lang=lang),
            issued=texts.issued_line(_date(today, lang), _date(stand, lang)),
            privacy_source=texts.source_line(
                isolate("; ".join(s.cite for s in privacy.sources)), _date(privacy.checked, lang)
            ),
            centre=_centre_block(facts),
        )
    return _typeset(part) if lang.direction == "rtl" else part


def _centre_block(facts: Facts) -> tuple[str, ...]:
    """Page 1's letterhead: the centre's name, address, phone and e-mail (proper names and
    numbers, isolated; the labels are the part's)."""
    labels = texts.labels()
    lines = [isolate(facts.centre_name), isolate(facts.centre_address)]
    if facts.centre_phone:
        lines.append(f"{labels['phone']}: {isolate(facts.centre_phone)}")
    if facts.centre_email:
        lines.append(f"{labels['email']}: {isolate(facts.centre_email)}")
    return tuple(x for x in lines if x) if facts.centre_name else ()


def _plain(text: str) -> str:
    """Text for metadata (the PDF title): no isolate marks, ordinary spaces."""
    return text.replace(FSI, "").replace(PDI, "").replace(NBSP, " ")


def _typeset(part: Part) -> Part:
    """Right-to-left parts: German terms isolated; Persian digits in Persian text."""

    def fix(text: str) -> str:
        text = rtl_terms(text)
        return persian_digits(text) if part.lang == "fa" else text

    items_ = tuple(
        replace(
            i,
            title=fix(i.title),
            what=fix(i.what),
            where=fix(i.where),
            when=fix(i.when),
            documents=fix(i.documents),
        )
        for i in part.items
    )
    return replace(
        part,
        labels={k: fix(v) for k, v in part.labels.items()},
        welcome=fix(part.welcome),
        lines=tuple(fix(x) for x in part.lines),
        centre=tuple(fix(x) for x in part.centre),
        items=items_,
        privacy=tuple(fix(x) for x in part.privacy),
        issued=fix(part.issued),
        privacy_source=fix(part.privacy_source),
    )


def _moment(value: datetime, lang: Language) -> str:
    return babel_dates.format_datetime(
        value, "short", tzinfo=babel_dates.get_timezone("Europe/Berlin"), locale=lang.formats
    )


def build(
    facts: Facts, lang: Language, *, version: str = "", done: tuple[str, ...] = ()
) -> PackageContext:
    """The package for `facts` in `lang` (and German); items whose code or key is in `done`
    (ticked done before issuing) or that the centre switched off are left out; the centre's
    own items follow the checklist's."""
    left_out = set(done) | set(facts.switched_off)
    entries = tuple(
        e for e in checklist(facts.profile) if e.key not in left_out and e.code not in left_out
    )
    own_dates = [o.checked_on for o in _own(facts, done)]
    stand = max([items.last_checked(tuple(e.key for e in entries)), *own_dates])
    parts = [_part(facts, lang, entries, stand, done)]
    if lang.code != GERMAN.code:
        parts.append(_part(facts, GERMAN, entries, stand, done))
    return PackageContext(
        language=lang.code,
        direction=lang.direction,
        title=f"{_plain(parts[0].labels['title'])} – {facts.person_name}",
        person_name=isolate(facts.person_name),
        parts=tuple(parts),
        entries=entries,
        version=version,
        stand=stand,
        done=tuple(done),
        logo=facts.logo,
        logo_alt=_logo_alt(facts, lang) if facts.logo else "",
    )


def _logo_alt(facts: Facts, lang: Language) -> str:
    with force_locale(lang.catalog):
        return _plain(texts.logo_alt(facts.centre_name))


# --- reading the database -------------------------------------------------------------------


def _authority_name(code: str) -> str:
    """The authority's German name (a proper name the newcomer finds on letters)."""
    from cases.recognition.codes import Authority  # the recognition area's, when it is there

    with force_locale("de"):
        return Authority.label_of(code)


def _recognitions(db: Session, person_id: int) -> tuple[Recognition, ...]:
    """The person's recognition procedures with status, decision and the authority's
    deadlines (completed and withdrawn ones are left out by the checklist)."""
    from cases.recognition.models import RecognitionProcedure as Procedure

    found: list[Recognition] = []
    query = select(Procedure).where(col(Procedure.person_id) == person_id)
    for row in db.scalars(query.order_by(col(Procedure.id))):
        status = row.status
        if row.decided_on and status not in {"compensation", "completed", "withdrawn"}:
            status = "decided"
        found.append(
            Recognition(
                occupation=row.reference_occupation or "",
                authority=_authority_name(row.authority or ""),
                status=status,
                decision=row.decision,
                accelerated=row.accelerated,
                receipt_due_on=None if row.receipt_confirmed_on else row.receipt_due_on,
                decision_due_on=row.decision_due_on,
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
    licence_country: str | None = None,
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
    assigned = db.get(User, case.counsellor_id) if case and case.counsellor_id else None
    counsellor = assigned or issuer
    centre = db.get(Centre, person.centre_id)
    contacts = db.scalars(
        select(LocalContact)
        .where(col(LocalContact.centre_id) == person.centre_id)
        .order_by(col(LocalContact.position), col(LocalContact.id))
    )
    switched_off, own_items = centre_items.facts(db)
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
        municipality=person.municipality or (centre.region if centre else None),
        licence_country=licence_country,
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
        switched_off=tuple(sorted(switched_off)),
        own_items=own_items,
        counsellor_assigned=assigned is not None,
        counsellor_named=bool(counsellor and counsellor.display_name),
        centre_address=(centre.address or "") if centre else "",
        centre_phone=(centre.phone or "") if centre else "",
        centre_email=(centre.email or "") if centre else "",
        logo=image_data_url(centre.logo, centre.logo_type) if centre and centre.logo else "",
    )
