"""Which breakdowns the report holds, in which order, with which translated labels.

A `Spec` names a counting function of `breakdowns` and the order and labels of its rows and
columns; `build` turns the grouped counts into a `schemas.Table` of plain integers (protection
comes later). Codes found in the data but unknown here are kept, labelled with the code.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from sqlmodel import Session

from cases.cldr import country_name
from cases.counselling.codes import (
    Channel,
    ClosureReason,
    ContactTopic,
    OutcomeType,
    ReferralPartner,
    ReferralSource,
)
from cases.employers.codes import EmployerTopic, EventType, SizeBand
from cases.persons.codes import (
    ClientGroup,
    Gender,
    GermanLevel,
    QualificationLevel,
    ResidenceStatus,
)
from cases.recognition.codes import Authority, RecognitionDecision, RecognitionStatus
from cases.reports import breakdowns as b
from cases.reports.counting import Scope
from cases.reports.schemas import Row, Table
from welcome.i18n import _, language_name

Labels = Callable[[], dict[str, str]]
TOP_NATIONALITIES = 10

# Protected reports show rows that do not depend on the data: a row that appears only when
# something was counted in it would tell that something was. Open-ended breakdowns get a fixed
# list instead (the rest summed as "other", "not recorded" always shown).
# DOMAIN.md: the largest foreign groups in Saxony, and German nationals (returnees)
FIXED_NATIONALITIES = ("DE", "UA", "SY", "PL", "AF", "RO", "RU", "VN", "IN", "CZ", "TR")
# the welcome package's languages (cases.packages.languages), the first release
FIXED_LANGUAGES = ("de", "en", "uk", "ru", "ar", "fa", "pl", "cs", "vi", "es", "pt-BR", "tr")
OTHER = "other"


def _unknown() -> dict[str, str]:
    return {b.UNKNOWN: _("not recorded")}


def _with_unknown(labels: Labels) -> Labels:
    return lambda: {**labels(), **_unknown()}


def count_column() -> dict[str, str]:
    return {"count": _("Number")}


def contact_columns() -> dict[str, str]:
    return {"contacts": _("Case contacts"), "enquiries": _("Anonymous enquiries")}


def age_groups() -> dict[str, str]:
    return {
        "under_25": _("under 25"),
        "25_34": "25–34",
        "35_44": "35–44",
        "45_54": "45–54",
        "55_plus": _("55 and older"),
        **_unknown(),
    }


def occupation_areas() -> dict[str, str]:
    """KldB 2010 occupational areas (Berufsbereiche), by the code's first digit."""
    return {
        "1": _("Agriculture, forestry, animal husbandry, horticulture"),
        "2": _("Raw materials, production, manufacturing"),
        "3": _("Construction, architecture, surveying, building services"),
        "4": _("Natural sciences, geography, computer science"),
        "5": _("Transport, logistics, protection and security"),
        "6": _("Commercial services, trade, sales, hotels, tourism"),
        "7": _("Business organisation, accounting, law, administration"),
        "8": _("Health, social work, teaching, education"),
        "9": _("Humanities, social sciences, economics, media, art, culture, design"),
        "0": _("Military"),
        **_unknown(),
    }


def residence_classes() -> dict[str, str]:
    return {
        "germany": _("from Germany"),
        "abroad": _("from abroad"),
        "unknown": _("previous residence not known (family members)"),
    }


def recognition_stages() -> dict[str, str]:
    labels = RecognitionStatus.labels()
    return {k: labels[k] for k in ("applied", "waiting_on_person", "in_review", "suspended")}


def regulation() -> dict[str, str]:
    return {"regulated": _("regulated profession"), "not_regulated": _("not regulated")}


def deadline_rows() -> dict[str, str]:
    return {
        "decided_in_time": _("decided within the deadline"),
        "decided_late": _("decided after the deadline"),
        "decided_no_deadline": _("decided, documents never complete (no deadline)"),
        "open_overdue": _("open at the end of the period, deadline passed"),
        "open_in_time": _("open at the end of the period, deadline not yet passed"),
        "open_no_deadline": _("open at the end of the period, no deadline running yet"),
    }


def awareness_rows() -> dict[str, str]:
    return {
        "named": _("named companies (each counted once)"),
        "anonymous_mailings": _("companies reached by mailings"),
        "anonymous_events": _("other companies reached anonymously"),
    }


def wz_sections() -> dict[str, str]:
    letters = "ABCDEFGHIJKLMNOPQRSTUV"
    return {letter: _("WZ section %(code)s", code=letter) for letter in letters} | _unknown()


def _open(namer: Callable[[str], str]) -> Callable[[list[str]], dict[str, str]]:
    """Labels for open-ended codes (countries, languages), named one by one."""
    return lambda found: {
        code: (_unknown()[code] if code == b.UNKNOWN else namer(code) or code) for code in found
    }


def _country(code: str) -> str:
    if code == OTHER:
        return _("other nationalities")
    return country_name(code)


def _language(code: str) -> str:
    if code == OTHER:
        return _("other languages")
    return language_name(code)


@dataclass(frozen=True)
class Spec:
    key: str
    section: str
    title: Callable[[], str]
    count: Callable[[Session, Scope], b.Counts] | None = None  # None: in a batch (build_all)
    rows: Labels | None = None  # fixed rows in this order; None = as found, largest first
    columns: Labels = count_column
    open_rows: Callable[[list[str]], dict[str, str]] | None = None
    fixed_open_rows: tuple[str, ...] = ()  # the rows of an open breakdown when protected
    multiple_answers: bool = False
    note: Callable[[], str] | None = None
    reshape: Callable[[b.Counts], b.Counts] | None = field(default=None)


def top_nationalities(counts: b.Counts) -> b.Counts:
    """The ten largest nationalities; the rest summed as `other`; `unknown` kept apart."""
    ranked = sorted(
        ((k, n) for k, n in counts.items() if k[0] != b.UNKNOWN), key=lambda kn: (-kn[1], kn[0])
    )
    shown = b.Counts()
    for k, n in ranked[:TOP_NATIONALITIES]:
        shown.add(k, n, counts.key_sums.get(k, 0))
    for k, n in ranked[TOP_NATIONALITIES:]:
        shown.add(("other",), n, counts.key_sums.get(k, 0))
    if (b.UNKNOWN,) in counts:
        shown.add((b.UNKNOWN,), counts[(b.UNKNOWN,)], counts.key_sums.get((b.UNKNOWN,), 0))
    return shown


SPECS: tuple[Spec, ...] = (
    # B. persons counselled in the period
    Spec(
        "client_group_by_gender",
        "persons",
        lambda: _("Persons counselled by client group and gender"),
        rows=ClientGroup.labels,
        columns=Gender.labels,
    ),
    Spec("age_group", "persons", lambda: _("Persons counselled by age group"),
         rows=age_groups),
    Spec(
        "nationality",
        "persons",
        lambda: _("Persons counselled by nationality (ten largest groups)"),
        open_rows=_open(_country),
        fixed_open_rows=FIXED_NATIONALITIES,
        reshape=top_nationalities,
        note=lambda: _("A person with several nationalities counts under the first one."),
    ),
    Spec("residence_status", "persons", lambda: _("Persons counselled by residence status"),
         rows=ResidenceStatus.labels),
    Spec("qualification_level", "persons",
         lambda: _("Persons counselled by qualification level"),
         rows=QualificationLevel.labels),
    Spec("occupation_area", "persons",
         lambda: _("Persons counselled by occupational area (KldB 2010)"),
         rows=occupation_areas),
    Spec("previous_residence", "persons",
         lambda: _("Persons counselled by previous residence"),
         rows=residence_classes,
         note=lambda: _("Where no previous residence is recorded, the client group decides.")),
    Spec("german_level", "persons", lambda: _("Persons counselled by German level"),
         rows=_with_unknown(GermanLevel.labels)),
    # C. counselling activity
    Spec("contacts_by_channel", "activity", lambda: _("Contacts by channel"),
         rows=Channel.labels, columns=contact_columns),
    Spec("contacts_by_language", "activity", lambda: _("Contacts by language"),
         open_rows=_open(_language), fixed_open_rows=FIXED_LANGUAGES, columns=contact_columns),
    Spec("contacts_by_topic", "activity", lambda: _("Contacts by topic"),
         count=b.contacts_by_topic, rows=ContactTopic.labels, columns=contact_columns,
         multiple_answers=True,
         note=lambda: _("Multiple answers: a contact may have several topics.")),
    Spec("referral_source", "activity", lambda: _("New cases by how the person found us"),
         count=b.referral_source, rows=_with_unknown(ReferralSource.labels)),
    Spec("referrals_by_partner", "activity", lambda: _("Referrals to partners"),
         count=b.referrals_by_partner, rows=ReferralPartner.labels),
    # D. recognition
    Spec("recognition_by_decision", "recognition",
         lambda: _("Recognition procedures decided, by decision"),
         count=b.recognition_by_decision, rows=_with_unknown(RecognitionDecision.labels)),
    Spec("recognition_by_status", "recognition",
         lambda: _("Recognition procedures open at the end of the period, by stage"),
         count=b.recognition_by_status, rows=recognition_stages),
    Spec(
        "recognition_by_authority",
        "recognition",
        lambda: _("Recognition procedures supported, by authority"),
        count=b.recognition_by_authority,
        rows=Authority.labels,
        columns=regulation,
        note=lambda: _(
            "Supported: applied by the end of the period and not decided before its start."
        ),
    ),
    Spec("recognition_deadlines", "recognition",
         lambda: _("Recognition procedures and the decision deadline"),
         count=b.recognition_deadlines, rows=deadline_rows),
    # E. employers
    Spec("employers_by_sector_size", "employers",
         lambda: _("Companies counselled by sector (WZ section) and size"),
         count=b.employers_by_sector_size, rows=wz_sections,
         columns=_with_unknown(SizeBand.labels)),
    Spec("employer_topics", "employers", lambda: _("Employer consultations by topic"),
         count=b.employer_topics, rows=EmployerTopic.labels, multiple_answers=True,
         note=lambda: _("Multiple answers: a consultation may have several topics.")),
    # F. outreach
    Spec("events_by_type", "outreach", lambda: _("Events by type"), count=b.events_by_type,
         rows=EventType.labels),
    Spec("companies_made_aware", "outreach", lambda: _("Companies made aware"),
         count=b.companies_made_aware, rows=awareness_rows),
    Spec("packages_by_language", "outreach", lambda: _("Welcome packages by language"),
         count=b.packages_by_language, open_rows=_open(_language),
         fixed_open_rows=FIXED_LANGUAGES),
    # G. outcomes
    Spec("outcomes_by_type", "outcomes", lambda: _("Outcomes by type and client group"),
         count=b.outcomes_by_type, rows=OutcomeType.labels,
         columns=ClientGroup.labels),
    Spec("closed_cases_by_reason", "outcomes", lambda: _("Closed cases by reason"),
         count=b.closed_cases_by_reason, rows=_with_unknown(ClosureReason.labels)),
)  # fmt: skip


def _order(
    spec: Spec, counts: b.Counts, axis: int, fixed: Labels | None, protected: bool = False
) -> dict[str, str]:
    found = {k[axis] for k in counts}
    if fixed is not None:
        labels = fixed()
        # fixed rows always (comparable quarters), except an empty "not recorded" (shown
        # always when protected: its absence would say it is empty)
        ordered = {c: v for c, v in labels.items() if c != b.UNKNOWN or c in found or protected}
        return ordered | {c: c for c in sorted(found - set(labels))}
    if protected and spec.fixed_open_rows:
        assert spec.open_rows is not None
        return spec.open_rows([*spec.fixed_open_rows, OTHER, b.UNKNOWN])
    totals: dict[str, int] = {}
    for key, n in counts.items():
        totals[key[axis]] = totals.get(key[axis], 0) + n
    # largest first; "other" and "not recorded" last
    ranked = sorted(found, key=lambda c: (c == "other", c == b.UNKNOWN, -totals[c], c))
    assert spec.open_rows is not None
    return spec.open_rows(ranked)


def build_all(
    db: Session, scope: Scope, persons: Mapping[str, b.Counts], *, protected: bool = False
) -> list[Table]:
    """Every table; `persons` = b.person_breakdowns of the same scope. `protected`: rows that
    do not depend on the data (`fixed_open_rows`)."""
    batch = {**persons, **b.contact_breakdowns(db, scope)}
    return [
        build(spec, spec.count(db, scope) if spec.count else batch[spec.key], protected=protected)
        for spec in SPECS
    ]


def _note(spec: Spec, protected: bool) -> str | None:
    notes = [spec.note()] if spec.note else []
    if protected and spec.fixed_open_rows:
        notes.append(_("Protected figures: a fixed list of rows, all others under “other”."))
    return " ".join(notes) or None


def fold_into_fixed(counts: b.Counts, fixed: tuple[str, ...]) -> b.Counts:
    """Row codes outside `fixed` (and "not recorded") summed as "other"."""
    out = b.Counts()
    for key, n in counts.items():
        code = key[0] if key[0] in fixed or key[0] == b.UNKNOWN else OTHER
        out.add((code, *key[1:]), n, counts.key_sums.get(key, 0))
    return out


def build(spec: Spec, counts: b.Counts, *, protected: bool = False) -> Table:
    if protected and spec.fixed_open_rows:
        counts = fold_into_fixed(counts, spec.fixed_open_rows)
    elif spec.reshape is not None:
        counts = spec.reshape(counts)
    rows = _order(spec, counts, 0, spec.rows, protected)
    columns = spec.columns()
    single = list(columns) == ["count"]
    found_columns = {k[1] for k in counts if len(k) > 1} - set(columns)
    columns |= {c: c for c in sorted(found_columns)}

    def cell(row: str, column: str) -> int:
        return counts.get((row,) if single else (row, column), 0)

    def key(row: str, column: str) -> int:
        return counts.key_sums.get((row,) if single else (row, column), 0)

    grid = [[cell(r, c) for c in columns] for r in rows]
    fixed = spec.rows() if spec.rows is not None else {}
    return Table(
        key=spec.key,
        section=spec.section,
        title=spec.title(),
        columns=list(columns),
        column_labels=list(columns.values()),
        rows=[
            Row(
                code=code,
                label=label,
                cells=list(values),
                total=sum(values),
                optional=code not in fixed or code == b.UNKNOWN,
            )
            for (code, label), values in zip(rows.items(), grid, strict=True)
        ],
        column_totals=[sum(g[i] for g in grid) for i in range(len(columns))],
        total=sum(sum(g) for g in grid),
        multiple_answers=spec.multiple_answers,
        note=_note(spec, protected),
        keys=[[key(r, c) for c in columns] for r in rows],
    )
