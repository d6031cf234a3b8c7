"""The data-protection information sheet (Art. 13 GDPR): its texts and its frozen context.

What the sheet must hold is the shared page's list (DATA-PROTECTION.md "What an information
sheet (Art. 13) must hold"). The centre's own facts come from its settings (welcome.accounts:
controller, address, contact, data protection officer, public task); the periods from
`retention_text.periods`. `build` is pure (facts + language -> context), so the sheet can be
tested per language without a database; `facts_for` reads the database once.

The welcome package's GDPR section is made of the same texts (`package_paragraphs`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

from babel import dates as babel_dates
from sqlmodel import Session

from cases.packages import context as typeset  # a module: it imports this one (GDPR section)
from cases.packages.languages import GERMAN, Language
from cases.privacy.retention_text import DEFAULTS, Period, periods
from cases.privacy.texts import pd_
from welcome.accounts.models import Centre
from welcome.i18n import CATALOG_DIR, PRIVACY_DOMAIN, force_locale, language_name
from welcome.templating import TEMPLATE_DIR

# the supervisory authority for every centre in Saxony, public or private (shared page);
# a proper name: printed in German in every language
AUTHORITY = "Sächsische Datenschutz- und Transparenzbeauftragte"
AUTHORITY_ADDRESS = "Devrientstraße 5, 01067 Dresden"
AUTHORITY_WEB = "www.datenschutz.sachsen.de"
STAND = date(2026, 12, 1)  # when the texts were last checked against the shared page
SHEET_TEMPLATE = "privacy/documents/sheet.html"


@dataclass(frozen=True, slots=True)
class CentreFacts:
    name: str
    address: str = ""
    email: str = ""
    phone: str = ""
    controller: str = ""
    data_protection_officer: str = ""
    public_task: str = ""


@dataclass(frozen=True, slots=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...] = ()
    items: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DocumentPart:
    """One language's part of a privacy document (templates/privacy/documents/_document.html
    lays out these fields; the sheet and the export add their content)."""

    lang: str
    dir: str
    fonts: str
    language_name: str
    title: str
    footer: str


@dataclass(frozen=True, slots=True)
class SheetPart(DocumentPart):
    intro: str
    sections: tuple[Section, ...]


@dataclass(frozen=True, slots=True)
class DocumentContext:
    """A privacy document as _document.html takes it: its language (the person's), the
    direction and title of the whole; the parts are the subclass's."""

    language: str
    direction: str
    title: str


@dataclass(frozen=True, slots=True)
class SheetContext(DocumentContext):
    version: str
    parts: tuple[SheetPart, ...]  # the person's language first, then German


def centre_facts(centre: Centre | None) -> CentreFacts:
    if centre is None:
        return CentreFacts(name="")
    return CentreFacts(
        name=centre.name,
        address=centre.address or "",
        email=centre.email or "",
        phone=centre.phone or "",
        controller=centre.controller or "",
        data_protection_officer=centre.data_protection_officer or "",
        public_task=centre.public_task or "",
    )


def facts_for(db: Session, *, centre_id: int) -> tuple[CentreFacts, tuple[Period, ...]]:
    return centre_facts(db.get(Centre, centre_id)), periods(db, centre_id=centre_id)


def duration(months: int, lang: Language) -> str:
    """ "3 years", "6 months" in the language (CLDR through Babel)."""
    days = months * 30.4375
    threshold = 1.0 if months % 12 == 0 else months / 12 + 0.01  # whole years, else months
    return str(
        babel_dates.format_timedelta(timedelta(days=days), threshold=threshold, locale=lang.formats)
    )


def _class_name(data_class: str) -> str:
    names = {
        "case_file": pd_(
            "Your case file (your details, cases, contacts without notes, referrals, results, "
            "consents)"
        ),
        "contact_notes": pd_("Notes of your counselling contacts"),
        "recognition_documents": pd_("Documents you gave us for a recognition procedure"),
        "package_pdfs": pd_("The stored copy of your welcome package"),
        "consent_records": pd_("Records of your consents and of this information sheet"),
    }
    return names.get(data_class, data_class)


def _trigger(trigger: str, period: str) -> str:
    texts = {
        "case_file_closed": pd_(
            "%(period)s after the end of the year of the last entry, once all your cases "
            "are closed",
            period=period,
        ),
        "contact_year_end": pd_(
            "%(period)s after the end of the year of the contact (never longer than the case file)",
            period=period,
        ),
        "recognition_decided": pd_(
            "%(period)s after the decision (or the end) of the procedure", period=period
        ),
        "package_issued": pd_("%(period)s after the package was issued", period=period),
        "case_file_end": pd_("as long as the case file", period=period),
    }
    return texts.get(trigger, period)


def retention_lines(found: tuple[Period, ...], lang: Language) -> tuple[str, ...]:
    return tuple(
        pd_(
            "%(what)s: %(when)s.",
            what=_class_name(p.data_class),
            when=_trigger(p.trigger, duration(p.months, lang)),
        )
        for p in found
    )


def controller_line(facts: CentreFacts) -> str:
    who = facts.controller or ", ".join(x for x in (facts.name, facts.address) if x)
    contact = " · ".join(x for x in (facts.phone, facts.email) if x)
    return " · ".join(typeset.isolate(x) for x in (who, contact) if x)


def purposes(facts: CentreFacts) -> tuple[str, ...]:
    counselling = (
        pd_(
            "Counselling you and documenting the counselling (your case file). Legal basis: "
            "our public task, Art. 6(1)(e) GDPR together with %(law)s, and your consent, "
            "Art. 6(1)(a) GDPR.",
            law=typeset.isolate(facts.public_task),
        )
        if facts.public_task
        else pd_(
            "Counselling you and documenting the counselling (your case file). Legal basis: "
            "your consent, Art. 6(1)(a) GDPR."
        )
    )
    return (
        counselling,
        pd_(
            "Passing your data to a partner you are referred to, for example the "
            "Ausländerbehörde (foreigners' authority): only with your consent, Art. 6(1)(a) GDPR."
        ),
        pd_("Passing your data to an employer: only with your consent, Art. 6(1)(a) GDPR."),
        pd_(
            "Data of special categories (for example about your health): only with your "
            "explicit consent, Art. 9(2)(a) GDPR."
        ),
        pd_(
            "Reports to the bodies that fund the centre: they contain only anonymous figures "
            "from which no one can be identified (Art. 89 GDPR)."
        ),
    )


def rights() -> tuple[str, ...]:
    return (
        pd_("access to your data and a copy of it (Art. 15 GDPR)"),
        pd_("rectification of wrong data (Art. 16 GDPR)"),
        pd_("erasure (Art. 17 GDPR)"),
        pd_("restriction of processing (Art. 18 GDPR)"),
        pd_("data portability (Art. 20 GDPR)"),
        pd_("objection (Art. 21 GDPR)"),
        pd_(
            "withdrawal of your consent at any time; this does not affect the processing "
            "before the withdrawal (Art. 7(3) GDPR)"
        ),
    )


def complaint_line() -> str:
    return pd_(
        "You have the right to complain to the supervisory authority: %(authority)s, "
        "%(address)s, %(web)s.",
        authority=typeset.isolate(AUTHORITY),
        address=typeset.isolate(AUTHORITY_ADDRESS),
        web=typeset.isolate(AUTHORITY_WEB),
    )


def dpo_line(facts: CentreFacts) -> str:
    if facts.data_protection_officer:
        return pd_(
            "Our data protection officer: %(contact)s",
            contact=typeset.isolate(facts.data_protection_officer),
        )
    return pd_("Please ask the centre for the contact of its data protection officer.")


def _sections(facts: CentreFacts, found: tuple[Period, ...], lang: Language) -> tuple[Section, ...]:
    return (
        Section(pd_("Who is responsible (controller)"), (controller_line(facts),)),
        Section(pd_("Data protection officer"), (dpo_line(facts),)),
        Section(pd_("Why we process your data, and on what legal basis"), items=purposes(facts)),
        Section(
            pd_("Who receives your data"),
            (
                pd_(
                    "Only the partners and employers you have agreed to. The funding bodies "
                    "receive anonymous figures only."
                ),
                pd_("We do not transfer your data to countries outside the EU and the EEA."),
            ),
        ),
        Section(pd_("How long we keep your data"), items=retention_lines(found, lang)),
        Section(pd_("Your rights"), (pd_("You have the right to:"),), rights()),
        Section(pd_("Right to complain"), (complaint_line(),)),
        Section(
            pd_("Do you have to give us your data?"),
            (
                pd_(
                    "No, it is voluntary. Without your data we can counsel you only "
                    "anonymously: we cannot keep a case file or refer you to partners."
                ),
                pd_("There is no automated decision-making, including profiling (Art. 22 GDPR)."),
            ),
        ),
    )


def _typeset(text: str, lang: Language) -> str:
    """Right-to-left parts: German terms isolated; Persian digits in Persian text."""
    if lang.direction != "rtl":
        return text
    text = typeset.rtl_terms(text)
    return typeset.persian_digits(text) if lang.code == "fa" else text


def _part(facts: CentreFacts, found: tuple[Period, ...], lang: Language, version: str) -> SheetPart:
    with force_locale(lang.catalog):
        sections = _sections(facts, found, lang)
        part = SheetPart(
            lang=lang.code,
            dir=lang.direction,
            fonts=lang.font_stack,
            language_name=language_name(lang.code, lang.catalog),
            title=pd_("Data protection information (Art. 13 GDPR)"),
            intro=pd_(
                "This sheet tells you how %(centre)s processes your personal data when we "
                "counsel you.",
                centre=typeset.isolate(facts.name),
            ),
            sections=sections,
            footer=pd_(
                "Version %(version)s · Stand: %(date)s",
                version=typeset.isolate(version),
                date=babel_dates.format_date(STAND, "medium", locale=lang.formats),
            ),
        )

    def fix(text: str) -> str:
        return _typeset(text, lang)

    return replace(
        part,
        title=fix(part.title),
        intro=fix(part.intro),
        footer=fix(part.footer),
        sections=tuple(
            Section(
                fix(s.heading),
                tuple(fix(p) for p in s.paragraphs),
                tuple(fix(i) for i in s.items),
            )
            for s in part.sections
        ),
    )


def version(facts: CentreFacts, found: tuple[Period, ...], lang: Language) -> str:
    """The sheet's version: the date of the texts and a hash of what it prints (the template,
    the language's and the German catalog, the centre's facts, the periods). What a
    handover record and a consent name ("information sheet 2026-12-01.1a2b3c4d")."""
    digest = hashlib.sha256()
    paths = [TEMPLATE_DIR / SHEET_TEMPLATE, Path(__file__)] + [
        CATALOG_DIR / c / "LC_MESSAGES" / f"{PRIVACY_DOMAIN}.po"
        for c in sorted({lang.catalog, GERMAN.catalog})
    ]
    for path in paths:
        if path.exists():
            digest.update(path.read_bytes())
    digest.update(repr((facts, found)).encode())
    return f"{STAND.isoformat()}.{digest.hexdigest()[:8]}"


def build(facts: CentreFacts, found: tuple[Period, ...], lang: Language) -> SheetContext:
    """The sheet in `lang` and German (German alone for German)."""
    stamp = version(facts, found, lang)
    parts = [_part(facts, found, lang, stamp)]
    if lang.code != GERMAN.code:
        parts.append(_part(facts, found, GERMAN, stamp))
    with force_locale(lang.catalog):
        title = pd_("Data protection information (Art. 13 GDPR)")
    return SheetContext(
        language=lang.code,
        direction=lang.direction,
        title=f"{title} – {facts.name}",
        version=stamp,
        parts=tuple(parts),
    )


def package_paragraphs(
    centre: str, *, lang: Language, found: tuple[Period, ...] = DEFAULTS
) -> tuple[str, ...]:
    """The welcome package's GDPR section, in the current locale, made of the sheet's texts:
    the controller, the purposes, the recipients, the periods, the rights and the authority.
    (The package's context is built without the database: it prints the default periods
    until its facts carry `retention_text.periods(db, centre_id=…)`.)"""
    case_file = [p for p in found if p.data_class == "case_file"]
    return (
        pd_("Who is responsible (controller)") + ": " + typeset.isolate(centre),
        *purposes(CentreFacts(name=centre))[:3],
        *retention_lines(tuple(case_file), lang),
        pd_("Your rights") + ": " + "; ".join(rights()) + ".",
        complaint_line(),
    )
