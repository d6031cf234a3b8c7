"""The export as a document (Art. 15 GDPR): the collected JSON (export.py) laid out in the
person's language and in German, like the welcome package (frozen context, then rendered).

Each record is a table of field and value. The fields with a label here are named in the
part's language; any other column is named by its JSON key (the PDF holds every value the
JSON holds). Dates are the part's format; codes are shown as stored (the JSON's codes), the
partners' and purposes' names in German, as the centre records them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from babel import dates as babel_dates

from cases.packages.context import isolate, persian_digits, rtl_terms
from cases.packages.languages import GERMAN, Language
from cases.privacy import sheet
from cases.privacy.retention_text import Period
from cases.privacy.texts import pd_
from welcome.i18n import force_locale, language_name

SKIP = frozenset({"person_id", "case_id", "procedure_id", "batch_id", "contact_id"})
FLAT = frozenset({"topics", "employer", "nationalities", "batch"})  # lists shown in one cell


@dataclass(frozen=True, slots=True)
class Record:
    title: str
    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Block:
    heading: str
    records: tuple[Record, ...]
    empty: str = ""


@dataclass(frozen=True, slots=True)
class ExportPart:
    lang: str
    dir: str
    fonts: str
    language_name: str
    title: str
    intro: tuple[str, ...]
    blocks: tuple[Block, ...]
    footer: str


@dataclass(frozen=True, slots=True)
class ExportContext:
    language: str
    direction: str
    title: str
    parts: tuple[ExportPart, ...]


def labels() -> dict[str, str]:
    return {
        "id": pd_("No."),
        "first_name": pd_("First name"),
        "previous_residence_country": pd_("Previous residence (country)"),
        "counselling_language": pd_("Counselling language"),
        "residence_status": pd_("Residence status"),
        "german_level": pd_("German level"),
        "qualification_level": pd_("Qualification level"),
        "family_situation": pd_("Family situation"),
        "occupation_title": pd_("Occupation"),
        "closure_reason": pd_("Reason for closing"),
        "last_name": pd_("Last name"),
        "birth_year": pd_("Year of birth"),
        "gender": pd_("Gender"),
        "nationalities": pd_("Nationalities"),
        "client_group": pd_("Client group"),
        "municipality": pd_("Municipality"),
        "arrived_on": pd_("Arrival date"),
        "preferred_language": pd_("Preferred language"),
        "created_at": pd_("Recorded on"),
        "opened_on": pd_("Opened on"),
        "closed_on": pd_("Closed on"),
        "status": pd_("Status"),
        "date": pd_("Date"),
        "duration_minutes": pd_("Duration (minutes)"),
        "channel": pd_("Channel"),
        "language": pd_("Language"),
        "topics": pd_("Topics"),
        "notes": pd_("Notes"),
        "partner_name": pd_("Recipient"),
        "type": pd_("Type"),
        "purpose_name": pd_("Purpose"),
        "given_on": pd_("Given on"),
        "withdrawn_on": pd_("Withdrawn on"),
        "sheet_version": pd_("Version of the information sheet"),
        "sheet_language": pd_("Language of the information sheet"),
        "handed_over_on": pd_("Handed over on"),
        "reference_occupation": pd_("Occupation"),
        "authority": pd_("Authority"),
        "applied_on": pd_("Applied on"),
        "decision": pd_("Decision"),
        "filename": pd_("File"),
        "issued_at": pd_("Issued on"),
        "deleted_at": pd_("Deleted on"),
        "purged_after": pd_("Removed for good after"),
        "employer": pd_("Employer"),
        "starts_on": pd_("Starts on"),
        "title": pd_("Title"),
        "held_on": pd_("Held on"),
    }


def _value(value: Any, lang: Language) -> str:
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, bool):
        return pd_("yes") if value else pd_("no")
    if isinstance(value, list):
        return ", ".join(_value(v, lang) for v in value)
    if isinstance(value, dict):
        return ", ".join(_value(v, lang) for k, v in value.items() if k != "id" and v)
    if isinstance(value, str) and len(value) >= 10 and value[4:5] == "-" and value[7:8] == "-":
        try:
            if len(value) == 10:
                return str(babel_dates.format_date(date.fromisoformat(value), locale=lang.formats))
            moment = datetime.fromisoformat(value)
            return str(
                babel_dates.format_datetime(
                    moment,
                    "short",
                    tzinfo=babel_dates.get_timezone("Europe/Berlin"),
                    locale=lang.formats,
                )
            )
        except ValueError:
            pass
    return isolate(str(value))


def _record(title: str, data: dict[str, Any], lang: Language, names: dict[str, str]) -> Record:
    """One record's fields and values; its nested lists (a case's contacts) are records of
    their own."""
    rows = []
    for key, value in data.items():
        if key in SKIP or (isinstance(value, list | dict) and key not in FLAT):
            continue
        text = _value(value, lang)
        if text:
            rows.append((names.get(key, key), text))
    return Record(title, tuple(rows))


def _blocks(data: dict[str, Any], lang: Language) -> tuple[Block, ...]:
    names = labels()
    none = pd_("Nothing recorded.")
    person = dict(data["person"])
    cases: list[Record] = []
    for case in data["cases"]:
        n = case["id"]
        cases.append(_record(pd_("Case %(id)s", id=n), case, lang, names))
        for key, title in (
            ("events", pd_("Case %(id)s: closed or reopened", id=n)),
            ("contacts", pd_("Case %(id)s: contact", id=n)),
            ("referrals", pd_("Case %(id)s: referral", id=n)),
            ("outcomes", pd_("Case %(id)s: result", id=n)),
        ):
            cases += [_record(title, item, lang, names) for item in case[key]]
    recognitions: list[Record] = []
    for procedure in data["recognitions"]:
        recognitions.append(_record(pd_("Recognition procedure"), procedure, lang, names))
        recognitions += [
            _record(pd_("Document"), d, lang, names) for d in procedure["documents"]
        ] + [_record(pd_("Suspension"), s, lang, names) for s in procedure["suspensions"]]
    source = data["source"]
    origin = [
        Record(pd_("Registration"), ((names["created_at"], _value(source["registered_at"], lang)),))
    ]
    origin += [_record(pd_("Import from a list"), r, lang, names) for r in source["imports"]]
    origin += [_record(pd_("Merge of two records"), m, lang, names) for m in source["merges"]]
    found = tuple(Period(p["data_class"], p["months"], p["trigger"]) for p in data["retention"])
    keeping = (Record("", tuple(("", line) for line in sheet.retention_lines(found, lang))),)

    def block(heading: str, records: list[Record] | tuple[Record, ...]) -> Block:
        return Block(heading, tuple(records), none)

    return (
        block(pd_("Your details"), [_record("", person, lang, names)]),
        block(pd_("Where your data came from"), origin),
        block(pd_("Cases, contacts, referrals and results"), cases),
        block(
            pd_("Consents"),
            [_record(pd_("Consent"), c, lang, names) for c in data["consents"]],
        ),
        block(
            pd_("Information sheet handed over"),
            [_record("", r, lang, names) for r in data["information_records"]],
        ),
        block(pd_("Recognition procedures"), recognitions),
        block(
            pd_("Welcome packages issued"),
            [_record("", p, lang, names) for p in data["welcome_packages"]],
        ),
        block(
            pd_("Jobs, training and internships"),
            [_record("", p, lang, names) for p in data["placements"]],
        ),
        block(pd_("Events"), [_record("", e, lang, names) for e in data["events"]]),
        block(pd_("How long we keep your data"), keeping),
    )


def _fix(text: str, lang: Language) -> str:
    if lang.direction != "rtl":
        return text
    text = rtl_terms(text)
    return persian_digits(text) if lang.code == "fa" else text


def _part(data: dict[str, Any], lang: Language, centre: str) -> ExportPart:
    with force_locale(lang.catalog):
        blocks = _blocks(data, lang)
        generated = _value(data["generated_at"], lang)
        title = pd_("Your data at %(centre)s (Art. 15 GDPR)", centre=isolate(centre))
        intro = (
            pd_(
                "This is everything %(centre)s holds about you, as of %(date)s. The same "
                "data in a machine-readable form (JSON) is available from the centre "
                "(Art. 20 GDPR).",
                centre=isolate(centre),
                date=generated,
            ),
            pd_(
                "Records deleted in the last 30 days can still be restored by the centre: "
                "they are listed with the day they are removed for good."
            ),
            sheet.complaint_line(),
        )
        footer = pd_("Generated on %(date)s", date=generated)

        def fix(text: str) -> str:
            return _fix(text, lang)

        return ExportPart(
            lang=lang.code,
            dir=lang.direction,
            fonts=lang.font_stack,
            language_name=language_name(lang.code, lang.catalog),
            title=fix(title),
            intro=tuple(fix(x) for x in intro),
            blocks=tuple(
                Block(
                    fix(b.heading),
                    tuple(
                        Record(fix(r.title), tuple((fix(k), fix(v)) for k, v in r.rows))
                        for r in b.records
                    ),
                    fix(b.empty),
                )
                for b in blocks
            ),
            footer=fix(footer),
        )


def build(data: dict[str, Any], lang: Language) -> ExportContext:
    centre = data["centre"]["name"] or ""
    parts = [_part(data, lang, centre)]
    if lang.code != GERMAN.code:
        parts.append(_part(data, GERMAN, centre))
    person = data["person"]
    name = f"{person.get('first_name') or ''} {person.get('last_name') or ''}".strip()
    return ExportContext(
        language=lang.code,
        direction=lang.direction,
        title=f"{parts[0].title.replace(chr(0x2068), '').replace(chr(0x2069), '')} – {name}",
        parts=tuple(parts),
    )
