"""What the wizard shows: a planned row in words, and the codes a field's values map to."""

from __future__ import annotations

from babel.dates import format_date

from cases import cldr
from cases.counselling.codes import Channel
from cases.imports.fields import Kind
from cases.imports.plan import PlannedRow
from welcome.i18n import _, get_locale


def choices_of(kind: Kind) -> dict[str, dict[str, str]]:
    """Field -> code -> label, for every field whose values are codes."""
    found: dict[str, dict[str, str]] = {}
    for spec in kind.fields:
        if spec.value in ("country", "countries"):
            found[spec.name] = cldr.country_names()
        elif spec.value == "language":
            found[spec.name] = cldr.language_names()
        elif spec.code is not None:
            found[spec.name] = spec.code.labels()
    return found


def _day(value: object) -> str:
    return format_date(value, format="medium", locale=get_locale())  # type: ignore[arg-type]


def describe(kind: Kind, row: PlannedRow) -> str:
    """ "Person Haddad, Amal · case from 12 Feb 2025 · contact (phone)" — what the row makes."""
    parts: list[str] = []
    if kind.name == "persons":
        person, case, contact = (row.models.get(p) for p in ("person", "case", "contact"))
        if person is not None:
            parts.append(_("Person %(name)s", name=f"{person.last_name}, {person.first_name}"))
        if case is not None:
            parts.append(_("case from %(date)s", date=_day(case.opened_on)))
        if contact is not None:
            channel = Channel.label_of(contact.channel)
            parts.append(_("contact on %(date)s (%(channel)s)", date=_day(contact.date),
                           channel=channel))  # fmt: skip
    elif kind.name == "contacts":
        contact = row.models.get("contact")
        if row.target_name:
            parts.append(_("for %(name)s", name=row.target_name))
        if contact is not None:
            channel = Channel.label_of(contact.channel)
            parts.append(_("contact on %(date)s (%(channel)s)", date=_day(contact.date),
                           channel=channel))  # fmt: skip
            if row.target is not None and row.case_id is None:
                parts.append(_("a new case"))
    elif kind.name == "events":
        event = row.models.get("event")
        if event is not None:
            parts.append(_("Event %(title)s on %(date)s", title=event.title, date=_day(event.date)))
    else:
        employer, consultation = row.models.get("employer"), row.models.get("consultation")
        if employer is not None:
            parts.append(_("Employer %(name)s", name=employer.name))
        if consultation is not None:
            parts.append(_("consultation on %(date)s", date=_day(consultation.date)))
    return " · ".join(parts)
