"""The export as a document (Art. 15 GDPR): the collected JSON (export.py) laid out in the
person's language and in German, like the welcome package (frozen context, then rendered).

Each record is a table of field and value, each field named in the part's language
(`labels()`; tests/privacy/test_export_labels.py holds every exported column to a label or to
`SKIP`, so a column added later fails there, not in a newcomer's hands). Dates are the part's
format; stored codes, countries, languages and German states are their labels and names in
the part's language (export_labels.py). The JSON keeps the codes (export.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from babel import dates as babel_dates

from cases.packages.context import isolate, persian_digits, rtl_terms
from cases.packages.languages import GERMAN, Language
from cases.privacy import export_labels as shown
from cases.privacy import sheet
from cases.privacy.retention_text import Period
from cases.privacy.texts import pd_
from welcome.i18n import force_locale, language_name

# links between the records (the PDF nests them), who in the centre entered a row (the
# person asks what is held about them, not about the staff), the German names of codes the
# PDF shows in each part's language, the flags of a record that is not shown at all
SKIP = frozenset(
    {
        "person_id", "case_id", "procedure_id", "batch_id", "contact_id", "employer_id",
        "consultation_id", "event_id", "counsellor_id", "user_id", "handed_over_by_id",
        "issued_by_id", "uploaded_by", "merged_by_id", "undone_by_id", "entity",
        "partner_name", "purpose_name", "merged_into_id", "anonymised_at",
    }
)  # fmt: skip
FLAT = frozenset({"topics", "employer", "nationalities"})  # lists shown in one cell


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
class ExportPart(sheet.DocumentPart):
    intro: tuple[str, ...]
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class ExportContext(sheet.DocumentContext):
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
        "previous_residence_state": pd_("Previous residence (German state)"),
        "occupation_kldb": pd_("Occupation (KldB 2010 code)"),
        "children_count": pd_("Number of children"),
        "row_number": pd_("Row"),
        "row_key": pd_("Key in the list"),
        "outcome": pd_("What was done"),
        "batch_kind": pd_("List"),
        "committed_at": pd_("Imported on"),
        "survivor_id": pd_("Record kept (No.)"),
        "duplicate_id": pd_("Record merged into it (No.)"),
        "undo_until": pd_("Can be undone until"),
        "undone_at": pd_("Undone on"),
        "deleted_reason": pd_("Reason for deleting"),
        "referral_source": pd_("How you came to us"),
        "last_contact_on": pd_("Last contact on"),
        "kind": pd_("Type"),
        "on": pd_("Date"),
        "reason": pd_("Reason"),
        "partner": pd_("Recipient"),
        "purpose": pd_("Purpose"),
        "reference_occupation_kldb": pd_("Reference occupation (KldB 2010 code)"),
        "regulated": pd_("Regulated profession"),
        "legal_basis": pd_("Legal basis"),
        "training_country": pd_("Country of training"),
        "qualification_title": pd_("Qualification"),
        "qualification_type": pd_("Type of qualification"),
        "accelerated": pd_("Accelerated procedure (§ 81a)"),
        "fee_cents": pd_("Fee"),
        "fee_payer": pd_("Fee paid by"),
        "receipt_confirmed_on": pd_("Receipt confirmed on"),
        "documents_requested_on": pd_("Documents requested on"),
        "documents_complete_on": pd_("Documents complete on"),
        "extended_on": pd_("Deadline extended on"),
        "extension_months": pd_("Extension (months)"),
        "decided_on": pd_("Decided on"),
        "compensation_measure": pd_("Compensation measure"),
        "compensation_started_on": pd_("Compensation measure started on"),
        "compensation_completed_on": pd_("Compensation measure completed on"),
        "licence_granted_on": pd_("Licence granted on"),
        "receipt_due_on": pd_("Receipt due by"),
        "decision_due_on": pd_("Decision due by"),
        "next_due_on": pd_("Next deadline"),
        "content_type": pd_("File type"),
        "size": pd_("Size (bytes)"),
        "sha256": pd_("Checksum (SHA-256)"),
        "ends_on": pd_("Ends on"),
        "content_version": pd_("Content version"),
        "appointment_at": pd_("Appointment"),
        "pdf_sha256": pd_("Checksum of the PDF (SHA-256)"),
        "pdf_size": pd_("Size of the PDF (bytes)"),
        "occupation": pd_("Occupation"),
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


def _record(
    title: str,
    data: dict[str, Any],
    lang: Language,
    names: dict[str, str],
    values: Mapping[str, shown.Shown] = shown.NONE,
) -> Record:
    """One record's fields and values (a code by its label, see `values`); its nested lists
    (a case's contacts) are records of their own. A field without a label (a column added
    without one) is named "Further data", never by its key."""
    rows = []
    for key, value in data.items():
        if key in SKIP or (isinstance(value, list | dict) and key not in FLAT):
            continue
        if value is None or value == "" or value == []:
            continue
        text = isolate(values[key](value)) if key in values else _value(value, lang)
        if text:
            rows.append((names.get(key) or pd_("Further data"), text))
    return Record(title, tuple(rows))


def _imported(item: dict[str, Any]) -> dict[str, Any]:
    """An import row with its list (kind, file, when) as fields of its own."""
    batch = item.get("batch") or {}
    rest = {k: v for k, v in item.items() if k != "batch"}
    return {
        **rest,
        "batch_kind": batch.get("kind"),
        "filename": batch.get("filename"),
        "committed_at": batch.get("committed_at"),
    }


def _blocks(data: dict[str, Any], lang: Language) -> tuple[Block, ...]:
    names = labels()
    none = pd_("Nothing recorded.")
    person = dict(data["person"])
    cases: list[Record] = []
    for case in data["cases"]:
        n = case["id"]
        cases.append(_record(pd_("Case %(id)s", id=n), case, lang, names, shown.CASE))
        for key, title, values in (
            ("events", pd_("Case %(id)s: closed or reopened", id=n), shown.CASE_EVENT),
            ("contacts", pd_("Case %(id)s: contact", id=n), shown.CONTACT),
            ("referrals", pd_("Case %(id)s: referral", id=n), shown.REFERRAL),
            ("outcomes", pd_("Case %(id)s: result", id=n), shown.OUTCOME),
        ):
            cases += [_record(title, item, lang, names, values) for item in case[key]]
    recognitions: list[Record] = []
    for procedure in data["recognitions"]:
        recognitions.append(
            _record(pd_("Recognition procedure"), procedure, lang, names, shown.RECOGNITION)
        )
        recognitions += [
            _record(pd_("Document"), d, lang, names, shown.DOCUMENT) for d in procedure["documents"]
        ] + [
            _record(pd_("Suspension"), s, lang, names, shown.SUSPENSION)
            for s in procedure["suspensions"]
        ]
    source = data["source"]
    origin = [
        Record(pd_("Registration"), ((names["created_at"], _value(source["registered_at"], lang)),))
    ]
    origin += [
        _record(pd_("Import from a list"), _imported(r), lang, names, shown.IMPORT_ROW)
        for r in source["imports"]
    ]
    origin += [_record(pd_("Merge of two records"), m, lang, names) for m in source["merges"]]
    found = tuple(Period(p["data_class"], p["months"], p["trigger"]) for p in data["retention"])
    keeping = (Record("", tuple(("", line) for line in sheet.retention_lines(found, lang))),)

    def block(heading: str, records: list[Record] | tuple[Record, ...]) -> Block:
        return Block(heading, tuple(records), none)

    return (
        block(pd_("Your details"), [_record("", person, lang, names, shown.PERSON)]),
        block(pd_("Where your data came from"), origin),
        block(pd_("Cases, contacts, referrals and results"), cases),
        block(
            pd_("Consents"),
            [_record(pd_("Consent"), c, lang, names, shown.CONSENT) for c in data["consents"]],
        ),
        block(
            pd_("Information sheet handed over"),
            [_record("", r, lang, names, shown.HANDOVER) for r in data["information_records"]],
        ),
        block(pd_("Recognition procedures"), recognitions),
        block(
            pd_("Welcome packages issued"),
            [_record("", p, lang, names, shown.PACKAGE) for p in data["welcome_packages"]],
        ),
        block(
            pd_("Jobs, training and internships"),
            [_record("", p, lang, names, shown.PLACEMENT) for p in data["placements"]],
        ),
        block(pd_("Events"), [_record("", e, lang, names, shown.EVENT) for e in data["events"]]),
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
