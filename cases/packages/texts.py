"""Every fixed text of the welcome package, in the `documents` gettext domain.

`d_` / `dn_` are the keywords of `i18n/babel-documents.cfg`; the UI extraction (`messages`)
does not pick them up. The texts follow the current locale (use `force_locale`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from welcome.i18n import DOCUMENTS_DOMAIN, dgettext, dngettext


def d_(message: str, **variables: Any) -> str:
    return dgettext(DOCUMENTS_DOMAIN, message, **variables)


def dn_(singular: str, plural: str, n: int, **variables: Any) -> str:
    return dngettext(DOCUMENTS_DOMAIN, singular, plural, n, **variables)


def labels() -> dict[str, str]:
    return {
        "title": d_("Welcome package"),
        "intro": d_(
            "We are glad that you are here. This package shows what to do in your first "
            "weeks, where, and by when."
        ),
        "checklist": d_("Your checklist"),
        "what": d_("What"),
        "where": d_("Where"),
        "when": d_("By when"),
        "documents": d_("Documents"),
        "contacts": d_("Local contacts"),
        "no_contacts": d_("No local contacts have been entered yet."),
        "address": d_("Address"),
        "opening_hours": d_("Opening hours"),
        "phone": d_("Phone"),
        "email": d_("E-mail"),
        "privacy": d_("Data protection information (Art. 13 GDPR)"),
        "no_appointment": d_("You have no appointment yet. Please contact us."),
        "soon": d_("as soon as possible"),
    }


def welcome(name: str) -> str:
    return d_("Welcome, %(name)s!", name=name)


def centre_line(centre: str) -> str:
    return d_("Your Welcome Center: %(centre)s", centre=centre)


def counsellor_line(counsellor: str) -> str:
    return d_("Your counsellor: %(counsellor)s", counsellor=counsellor)


def appointment_line(when: str) -> str:
    return d_("Your next appointment: %(date)s", date=when)


def reach_line(contact: str) -> str:
    return d_("How to reach us: %(contact)s", contact=contact)


def by_date(when: str) -> str:
    return d_("by %(date)s", date=when)


def issued_line(when: str, version: str) -> str:
    return d_("Issued on %(date)s, version %(version)s", date=when, version=version)


def within_weeks(n: int) -> str:
    return dn_("within %(num)d week after moving in", "within %(num)d weeks after moving in", n)


def within_months(n: int) -> str:
    return dn_("within %(num)d month after arrival", "within %(num)d months after arrival", n)


def privacy_paragraphs(centre: str) -> tuple[str, ...]:
    return (
        d_(
            "Responsible: %(centre)s. You can reach our data protection officer through "
            "the centre.",
            centre=centre,
        ),
        d_(
            "Purpose: we use your data to counsel you and to prepare this package. Legal "
            "basis: your consent (Art. 6(1)(a) GDPR) and our public task (Art. 6(1)(e) GDPR)."
        ),
        d_(
            "Recipients: only partners you have agreed to, for example the Ausländerbehörde. "
            "Reports contain only anonymous numbers."
        ),
        d_(
            "Storage: until your counselling ends, then for at most 3 years, unless a law "
            "requires longer."
        ),
        d_(
            "Your rights: access, correction, deletion, restriction, objection and data "
            "portability. You can withdraw your consent at any time. You can complain to the "
            "Sächsischer Datenschutz- und Transparenzbeauftragter."
        ),
    )


# code -> (title, what, where, documents); each a function so it follows the locale
ITEMS: dict[str, Callable[[], tuple[str, str, str, str]]] = {
    "registration": lambda: (
        d_("Register your address (Anmeldung)"),
        d_(
            "Register every new address at the Bürgeramt / Meldebehörde. You then get a "
            "Meldebescheinigung."
        ),
        d_("Bürgeramt of your town or municipality"),
        d_("Passport or ID card, Wohnungsgeberbestätigung from your landlord"),
    ),
    "foreigners_authority": lambda: (
        d_("Residence permit (Ausländerbehörde)"),
        d_("Make an appointment at the Ausländerbehörde early, before your visa or permit ends."),
        d_("Ausländerbehörde of your district"),
        d_("Passport, visa, biometric photo, employment or study contract, Meldebescheinigung"),
    ),
    "tax_id": lambda: (
        d_("Tax ID (Steuer-ID)"),
        d_(
            "Your Steuer-ID comes by post a few weeks after the Anmeldung. Give it to your "
            "employer."
        ),
        d_("Bundeszentralamt für Steuern (by post)"),
        d_("Keep the letter safe."),
    ),
    "health_insurance": lambda: (
        d_("Health insurance (Krankenkasse)"),
        d_(
            "Health insurance is compulsory in Germany. Choose a Krankenkasse before you "
            "start work."
        ),
        d_("A Krankenkasse of your choice"),
        d_("Passport, employment contract"),
    ),
    "bank_account": lambda: (
        d_("Bank account (Girokonto)"),
        d_("You need a bank account for your salary, rent and contracts."),
        d_("A bank or a Sparkasse"),
        d_("Passport, Meldebescheinigung"),
    ),
    "broadcasting_fee": lambda: (
        d_("Broadcasting fee (Rundfunkbeitrag)"),
        d_("Every household pays the Rundfunkbeitrag once. Register your flat after moving in."),
        d_("ARD ZDF Deutschlandradio Beitragsservice (online)"),
        d_("Meldebescheinigung"),
    ),
    "childcare": lambda: (
        d_("Childcare (Kita)"),
        d_("Children have a right to a Kita place from the age of 1. Register your child early."),
        d_("Town hall or the Kita of your choice"),
        d_("Birth certificate, Meldebescheinigung, vaccination record"),
    ),
    "school": lambda: (
        d_("School (Schule)"),
        d_("Children of school age must go to school. Register them at a school soon."),
        d_("The nearest school or the Landesamt für Schule und Bildung (LaSuB)"),
        d_("Birth certificate, Meldebescheinigung, last school reports"),
    ),
    "integration_course": lambda: (
        d_("Integration course (Integrationskurs)"),
        d_(
            "The Integrationskurs has %(german)d units of German and %(orientation)d units "
            "of orientation course.",
            german=600,
            orientation=100,
        ),
        d_("BAMF (Bundesamt für Migration und Flüchtlinge) or a course provider"),
        d_("Passport, residence permit, Meldebescheinigung"),
    ),
    "driving_licence": lambda: (
        d_("Driving licence (Führerschein-Umschreibung)"),
        d_(
            "A driving licence from outside the EU is valid in Germany for 6 months only. "
            "Apply for the Führerschein-Umschreibung in time."
        ),
        d_("Fahrerlaubnisbehörde of your district"),
        d_("Driving licence with translation, passport, biometric photo, eye test"),
    ),
}


def recognition_item(occupation: str, documents_complete: bool) -> tuple[str, str, str]:
    """(title, what, documents) of an open recognition procedure; `where` is its authority."""
    return (
        d_(
            "Recognition of your qualification (Anerkennung): %(occupation)s", occupation=occupation
        ),
        d_("Next step: wait for the decision. If it has not come by the date, please contact us.")
        if documents_complete
        else d_("Next step: send the missing documents to the authority."),
        d_("Letters from the authority, certificates and their translations"),
    )
