"""The preview: every row of a sheet through the input models (PersonIn, CaseIn, ContactIn,
EmployerIn, ConsultationIn), with its errors at row and column, its duplicates (the
registration's matcher against the centre and within the file) and its stable key.

Nothing here writes. The commit (commit.py) builds the same plan again and writes it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import SimpleNamespace
from typing import Any, cast

from pydantic import BaseModel
from sqlmodel import Session

from cases.counselling import checks
from cases.counselling.models import Case
from cases.counselling.schemas import CaseIn, ContactIn
from cases.employers.schemas import ConsultationIn, EmployerIn, EventIn
from cases.imports.fields import KEY, ImportField, Kind
from cases.imports.reading import Sheet, column_letter
from cases.persons.schemas import PersonIn
from welcome.errors import FieldErrors
from welcome.i18n import _
from welcome.inputs import validate

MODELS: dict[str, type[BaseModel]] = {
    "person": PersonIn,
    "case": CaseIn,
    "contact": ContactIn,
    "employer": EmployerIn,
    "consultation": ConsultationIn,
    "event": EventIn,
}
DECISIONS = ("skip", "merge", "create", "link")


def is_decision(value: object) -> bool:
    """One of DECISIONS, or "merge:ID": merge into that one of the row's likely duplicates."""
    if not isinstance(value, str):
        return False
    if value.startswith("merge:"):
        return value[6:].isdigit() and len(value) < 20
    return value in DECISIONS


@dataclass(frozen=True, slots=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass(frozen=True, slots=True)
class Candidate:
    id: int
    name: str
    detail: str = ""


@dataclass(slots=True)
class PlannedRow:
    number: int  # the row number as the sheet shows it
    key: str
    cells: dict[str, str]  # field -> the cell's text (what the lead sees)
    models: dict[str, Any] = field(default_factory=dict)  # part -> validated input model
    errors: list[RowError] = field(default_factory=list)
    duplicates: list[Candidate] = field(default_factory=list)
    same_as_row: int | None = None  # a duplicate of an earlier row of the file
    target: int | None = None  # a contacts row: the existing person it belongs to
    case_id: int | None = None  # ... and the open case its contact goes to (None: a new one)
    target_name: str = ""  # ... and that person's name (shown in the preview)
    imported_before: bool = False
    decision: str = "skip"

    @property
    def flagged(self) -> bool:
        return bool(self.duplicates) or self.same_as_row is not None

    @property
    def status(self) -> str:
        if self.errors:
            return "refused"
        if self.imported_before:
            return "imported"
        if self.flagged:
            return "duplicate"
        return "new"


@dataclass(slots=True)
class Plan:
    kind: Kind
    headers: tuple[str, ...]
    columns: dict[int, str]  # column index -> field name (or KEY)
    rows: list[PlannedRow]

    @property
    def errors(self) -> list[RowError]:
        return [e for r in self.rows for e in r.errors]

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    def tally(self) -> dict[str, int]:
        """What a commit of this plan writes: created / skipped / duplicates / refused."""
        refused = sum(1 for r in self.rows if r.errors)
        flagged = [r for r in self.rows if r.flagged and not r.errors and not r.imported_before]
        skipped = self.count("imported") + sum(1 for r in flagged if r.decision == "skip")
        created = len(self.rows) - refused - skipped
        return {
            "created": created,
            "skipped": skipped,
            "duplicates": len(flagged),
            "refused": refused,
        }


def columns_of(kind: Kind, headers: tuple[str, ...], mapping: Mapping[str, Any]) -> dict[int, str]:
    """The confirmed column mapping (header -> field), else the suggestions."""
    chosen = mapping.get("columns")
    if not isinstance(chosen, dict):
        return kind.suggest_columns(headers)
    known = {f.name for f in kind.fields} | {KEY}
    return {i: chosen[h] for i, h in enumerate(headers) if chosen.get(h) in known}


def distinct_values(kind: Kind, sheet: Sheet, columns: dict[int, str]) -> dict[str, list[str]]:
    """Field -> the distinct free-text values of its column (for the value mapping)."""
    found: dict[str, dict[str, None]] = {}
    for index, name in columns.items():
        spec = kind.field(name)
        if spec is None or not spec.mapped_values:
            continue
        seen = found.setdefault(name, {})
        for _number, cells in sheet.rows:
            text = spec.cell(cells[index])
            if text is not None:
                for item in _split(spec, text):
                    seen.setdefault(item, None)
    return {name: sorted(seen, key=str.casefold)[:500] for name, seen in found.items()}


def _split(spec: ImportField, text: str) -> list[str]:
    from cases.imports.values import items

    return items(text) if spec.many else [text]


def _code(spec: ImportField, raw: str, chosen: Mapping[str, Any], known: dict[Any, str]) -> str:
    """The lead's code for a value, else the suggestion (each asked once per sheet)."""
    picked = chosen.get(raw)
    if isinstance(picked, str) and picked:
        return picked
    found = known.get((spec.name, raw))
    if found is None:
        found = known[(spec.name, raw)] = spec.suggest(raw) or raw
    return found


@dataclass(slots=True)
class _Reading:
    """How a sheet's cells become the models' values (one mapping, every row)."""

    kind: Kind
    where: dict[str, int]  # field -> column index
    column_name: dict[str, str]  # field -> "C (Geb.-Jahr)"
    value_map: Mapping[str, Any]
    defaults: Mapping[str, Any]
    decisions: Mapping[str, Any]
    default_decision: str
    suggested: dict[Any, str] = field(default_factory=dict)  # (field, text) -> code
    values_of: dict[tuple[str, str], Any] = field(default_factory=dict)  # (field, cell) -> codes
    order: list[tuple[ImportField, int | None, bool]] | None = None  # the fields a row reads
    # (part, input values) -> the model or its errors: a sheet repeats most cases and contacts
    # (the same date, channel, duration), so each distinct input is validated once
    validated: dict[Any, BaseModel | dict[str, str]] = field(default_factory=dict)

    def validate(self, part: str, data: dict[str, Any]) -> BaseModel | dict[str, str]:
        """The part's input model of these values, or its errors (field -> message). The
        models are read, never changed, so rows with the same values share one."""
        key: Any = (part, _frozen(data))
        try:
            found = self.validated.get(key)
        except TypeError:  # a value that cannot be a key (a default given as a mapping)
            key, found = None, None
        if found is None:
            try:
                found = validate(MODELS[part], data)
            except FieldErrors as exc:
                found = dict(exc.errors)
            if key is not None:
                self.validated[key] = found
        return found

    def inputs(self, cells: tuple[Any, ...]) -> tuple[dict[str, str], dict[str, dict[str, Any]]]:
        """(field -> cell text, part -> the model's input values) of one row."""
        texts: dict[str, str] = {}
        inputs: dict[str, dict[str, Any]] = {}
        if self.order is None:
            self.order = [
                (spec, self.where.get(spec.name), spec.name in self.defaults)
                for spec in self.kind.fields
                if spec.name in self.where or spec.name in self.defaults
            ]
        for spec, index, has_default in self.order:
            raw = spec.cell(cells[index]) if index is not None else None
            value: Any = None
            if raw is not None:
                texts[spec.name] = raw
                value = self.mapped(spec, raw) if spec.mapped_values else raw
            elif has_default:
                default = self.defaults[spec.name]
                value = [default] if spec.many and isinstance(default, str) else default
            if value is not None:
                inputs.setdefault(spec.part, {})[spec.target] = value
        return texts, inputs

    def mapped(self, spec: ImportField, raw: str) -> Any:
        """A free-text cell as its code(s): the lead's choice, else the suggestion (each
        distinct text worked out once per sheet)."""
        key = (spec.name, raw)
        found = self.values_of.get(key)
        if found is None:
            chosen = self.value_map.get(spec.name) or {}
            codes = [_code(spec, item, chosen, self.suggested) for item in _split(spec, raw)]
            found = self.values_of[key] = codes if spec.many else codes[0]
        return list(found) if spec.many else found

    def fail(
        self, row: PlannedRow, part: str, errors: Mapping[str, str], derived: Mapping[str, str]
    ) -> None:
        """The models' errors at the sheet's column (or the field's label, if it has none)."""
        for target, message in errors.items():
            name = next(
                (f.name for f in self.kind.fields if f.part == part and f.target == target),
                target,
            )
            if name not in self.column_name:
                name = derived.get(name, name)
            spec = self.kind.field(name)
            label = _(spec.label) if spec else name
            error = RowError(row.number, self.column_name.get(name, label), message)
            if error not in row.errors:
                row.errors.append(error)

    def row(self, number: int, cells: tuple[Any, ...], seen: dict[str, int]) -> PlannedRow | None:
        texts, inputs = self.inputs(cells)
        if not texts:
            return None
        key = _row_key(self.kind, texts, cells, self.where, seen)
        row = PlannedRow(number=number, key=key, cells=texts)
        decision = str(self.decisions.get(str(number), self.default_decision))
        row.decision = decision if is_decision(decision) else "skip"
        if self.kind.name in ("contacts", "events") and row.decision not in ("skip", "create"):
            row.decision = "skip"  # a contact, an event: not merged or linked
        filled = {spec.part for spec in self.kind.fields if spec.name in texts}
        derived: dict[str, str] = {}  # a field taken from another one: its errors are that one's
        for part in _parts(self.kind, filled):
            data = dict(inputs.get(part, {}))
            if part == "case":
                if "opened_on" not in data:
                    data["opened_on"] = inputs.get("contact", {}).get("date")
                    derived["opened_on"] = "contact_date"
                data["person_id"] = 1  # the person the commit writes first
            if part == "contact" and "date" not in data:
                data["date"] = inputs.get("case", {}).get("opened_on")
                derived["contact_date"] = "opened_on"
            outcome = self.validate(part, data)
            if isinstance(outcome, BaseModel):
                row.models[part] = outcome
            else:
                self.fail(row, part, outcome, derived)
        case, contact = row.models.get("case"), row.models.get("contact")
        if case is not None and contact is not None:
            problems: dict[str, str] = {}
            # the service's rule, against the case the row opens
            opened = cast(Case, SimpleNamespace(opened_on=case.opened_on))
            checks.within_case(problems, "date", contact.date, opened)
            self.fail(row, "contact", problems, derived)
        return row


def _frozen(data: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in data.items()))


def build(
    db: Session, *, kind: Kind, sheet: Sheet, mapping: Mapping[str, Any], centre_id: int
) -> Plan:
    """The plan of every row (run as a member of the centre: the scope limits duplicates)."""
    plan = read_rows(kind=kind, sheet=sheet, mapping=mapping)
    judge(db, plan, centre_id=centre_id)
    return plan


def read_rows(*, kind: Kind, sheet: Sheet, mapping: Mapping[str, Any]) -> Plan:
    """Every row through the mapping and the input models (no database: the same file and
    mapping always give the same rows, on the same day and in the same language)."""
    columns = columns_of(kind, sheet.headers, mapping)
    reading = _Reading(
        kind=kind,
        where={name: i for i, name in columns.items()},
        column_name={n: f"{column_letter(i)} ({sheet.headers[i]})" for i, n in columns.items()},
        value_map=mapping.get("values") or {},
        defaults={k: v for k, v in (mapping.get("defaults") or {}).items() if v not in ("", None)},
        decisions=mapping.get("decisions") or {},
        default_decision=str(mapping.get("default_decision") or "skip"),
    )
    seen: dict[str, int] = {}
    rows = [r for number, cells in sheet.rows if (r := reading.row(number, cells, seen))]
    return Plan(kind=kind, headers=sheet.headers, columns=columns, rows=rows)


def judge(db: Session, plan: Plan, *, centre_id: int) -> None:
    """What the database says about the rows: imported before, likely duplicates."""
    from cases.imports import duplicates  # it reads PlannedRow from here

    duplicates.mark_imported(db, plan, centre_id)
    if plan.kind.name == "persons":
        duplicates.of_persons(db, plan.rows)
    elif plan.kind.name == "employers":
        duplicates.of_employers(db, plan.rows)
    elif plan.kind.name == "contacts":
        from cases.imports import contacts

        contacts.judge(db, plan)
    elif plan.kind.name == "events":
        duplicates.of_events(db, plan.rows)


def decide(plan: Plan, mapping: Mapping[str, Any]) -> None:
    """Each row's decision for the case it is flagged: the lead's, else the batch's default."""
    decisions = mapping.get("decisions") or {}
    default = str(mapping.get("default_decision") or "skip")
    for row in plan.rows:
        decision = str(decisions.get(str(row.number), default))
        row.decision = decision if is_decision(decision) else "skip"
        if plan.kind.name in ("contacts", "events") and row.decision not in ("skip", "create"):
            row.decision = "skip"  # a contact, an event: not merged or linked


def fresh(plan: Plan) -> Plan:
    """A copy of a plan read by `read_rows`, to be judged again (the models are shared: they
    are never changed)."""
    rows = [
        replace(r, models=dict(r.models), errors=list(r.errors), duplicates=[]) for r in plan.rows
    ]
    return Plan(kind=plan.kind, headers=plan.headers, columns=dict(plan.columns), rows=rows)


def _parts(kind: Kind, filled: set[str]) -> list[str]:
    """The records a row makes: always the main one; a case when the row has a case or
    contact cell, a contact or consultation when it has one of theirs (defaults fill the
    rest)."""
    if kind.name == "persons":
        parts = ["person"]
        if filled & {"case", "contact"}:
            parts.append("case")
        if "contact" in filled:
            parts.append("contact")
        return parts
    if kind.name == "contacts":
        return ["contact"]  # the person it belongs to is found by contacts.py
    if kind.name == "events":
        return ["event"]
    return ["employer", *(["consultation"] if "consultation" in filled else [])]


def _row_key(
    kind: Kind,
    texts: Mapping[str, str],
    cells: tuple[Any, ...],
    where: Mapping[str, int],
    seen: dict[str, int],
) -> str:
    """A named key column's value, else a hash of the mapped cells (the n-th identical row
    of a file gets its own key, so the same file always gives the same keys)."""
    if KEY in where and (value := str(cells[where[KEY]] or "").strip()):
        digest = hashlib.sha256(f"{kind.name}\x1f{value}".encode()).hexdigest()
        return f"c:{digest[:60]}"
    payload = json.dumps(sorted(texts.items()), ensure_ascii=False)
    digest = hashlib.sha256(f"{kind.name}\x1f{payload}".encode()).hexdigest()[:60]
    seen[digest] = seen.get(digest, 0) + 1
    return f"h:{digest}:{seen[digest]}"
