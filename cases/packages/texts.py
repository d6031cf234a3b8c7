"""Every fixed text of the welcome package, in the `documents` gettext domain.

`d_` / `dn_` are the keywords of `i18n/babel-documents.cfg`; the UI extraction (`messages`)
does not pick them up. The texts follow the current locale (use `force_locale`).
"""

from __future__ import annotations

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
        "address": d_("Address"),
        "opening_hours": d_("Opening hours"),
        "phone": d_("Phone"),
        "email": d_("E-mail"),
        "privacy": d_("Data protection information (Art. 13 GDPR)"),
        "no_appointment": d_("You have no appointment yet. Please contact us."),
        "soon": d_("as soon as possible"),
        "overdue": d_("overdue — please do it now"),
        "no_deadline": d_("no deadline"),
        "before_expiry": d_("before your visa or permit expires"),
        "centre_translation": d_("(Translated by the centre, not reviewed.)"),
        "only_german": d_("(Only in German.)"),
    }


def welcome(name: str) -> str:
    return d_("Welcome, %(name)s!", name=name)


def centre_line(centre: str) -> str:
    return d_("Your Welcome Center: %(centre)s", centre=centre)


def counsellor_line(counsellor: str) -> str:
    return d_("Your counsellor: %(counsellor)s", counsellor=counsellor)


def appointment_line(when: str) -> str:
    return d_("Your next appointment: %(date)s", date=when)


def logo_alt(centre: str) -> str:
    return d_("Logo of %(centre)s", centre=centre)


def reach_line(contact: str) -> str:
    return d_("How to reach us: %(contact)s", contact=contact)


def by_date(when: str) -> str:
    return d_("by %(date)s", date=when)


def issued_line(when: str, stand: str) -> str:
    """The issue date and the content's "Stand" (the newest "last checked" date)."""
    return d_("Issued on %(date)s · Stand: %(stand)s", date=when, stand=stand)


def source_line(source: str, checked: str) -> str:
    return d_("Source: %(source)s (checked %(date)s)", source=source, date=checked)


def receipt_due(when: str) -> str:
    return d_("the authority confirms receipt by %(date)s", date=when)


def decision_due(when: str) -> str:
    return d_("the authority decides by %(date)s", date=when)


def authority_late(when: str) -> str:
    return d_("the authority's deadline (%(date)s) has passed: please contact us", date=when)


def within_weeks(n: int) -> str:
    return dn_("within %(num)d week after moving in", "within %(num)d weeks after moving in", n)


def within_months(n: int) -> str:
    return dn_("within %(num)d month after arrival", "within %(num)d months after arrival", n)
