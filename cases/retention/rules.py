"""The deletion concept as data (DIN 66398 shape, ../shared/DATA-PROTECTION.md): eight data
classes, each with a period that starts at a trigger, and a reason.

The defaults are the shared page's. An admin may change a centre's period within the class's
bounds (`Rule.minimum` .. `Rule.maximum`, decided here and documented in the README):
- a period never below what the purpose needs (a case file at least 1 year: follow-ups within
  the year; login records at least 30 days: a security investigation),
- never above a maximum (the welcome package promises "at most 3 years" by default; a
  centre that must keep files longer for a funding body may go up to 10 years, the longest
  keeping duty that applies to funded projects' records (§ 147 AO));
- contact notes never longer than the case file (checked when either is changed);
- consent records follow the case file (no period of their own).
Every change is a `RetentionPeriod` row, audited (old -> new).

`effective_rules(db, centre_id=…)` is the one function other code reads the periods from
(the information sheet of r3-privacy, the run, the page, `GET /retention/rules`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlmodel import Session, col

from cases.retention.models import RetentionPeriod
from welcome.db import actor_of
from welcome.errors import FieldErrors, Forbidden
from welcome.i18n import _, _l, ngettext
from welcome.labels import Code


class DataClass(Code):
    CASE_FILE = "case_file", _l("Case file")
    CONTACT_NOTES = "contact_notes", _l("Contact notes")
    RECOGNITION_DOCUMENTS = "recognition_documents", _l("Recognition documents")
    PACKAGE_PDFS = "package_pdfs", _l("Welcome-package PDFs")
    CONSENT_RECORDS = "consent_records", _l("Consent records")
    EMPLOYER_CONTACTS = "employer_contacts", _l("Employer contact persons")
    LOGIN_RECORDS = "login_records", _l("Login records")
    AUDIT_LOG = "audit_log", _l("Audit log")


UNITS = ("years", "months", "days")


@dataclass(frozen=True, slots=True)
class Rule:
    data_class: str
    amount: int  # the period, in `unit`
    unit: str  # years, months, days
    minimum: int
    maximum: int
    what: object  # lazy texts (shown in the reader's language)
    trigger: object
    reason: object
    changeable: bool = True
    changed: bool = False  # the centre's own period, not the default

    @property
    def iso(self) -> str:
        """The period as ISO 8601 (P3Y, P6M, P90D): what the API answers."""
        return f"P{self.amount}{self.unit[0].upper()}"

    def ends(self, start: date) -> date:
        """The last day of the period that started at `start`."""
        return shift(start, self.amount, self.unit)

    def back(self, day: date) -> date:
        """The start of a period that ends on `day`."""
        return shift(day, -self.amount, self.unit)

    def plain(self) -> str:
        """The period in words ("3 years")."""
        n = self.amount
        if self.unit == "years":
            return ngettext("%(num)d year", "%(num)d years", n)
        if self.unit == "months":
            return ngettext("%(num)d month", "%(num)d months", n)
        return ngettext("%(num)d day", "%(num)d days", n)


DEFAULTS: tuple[Rule, ...] = (
    Rule(
        "case_file", 3, "years", 1, 10,
        _l("Person record, cases, contacts (without notes), referrals, outcomes, consents."),
        _l("End of the calendar year of the last entry of the person's last case, once every "
           "case is closed."),
        _l("What the welcome package promises; long enough for returning clients and "
           "follow-ups."),
    ),
    Rule(
        "contact_notes", 3, "years", 1, 10,
        _l("Free-text notes of contacts and referrals."),
        _l("End of the calendar year of the contact."),
        _l("Notes are the most sensitive text; never kept longer than the case file."),
    ),
    Rule(
        "recognition_documents", 6, "months", 1, 24,
        _l("Uploaded files of a recognition procedure."),
        _l("The decision (or the end of the procedure without a decision)."),
        _l("The documents serve the procedure; the authority keeps its own file."),
    ),
    Rule(
        "package_pdfs", 1, "years", 1, 3,
        _l("The stored PDF of each issued welcome package (the issue stays for statistics)."),
        _l("The issue of the package."),
        _l("A re-print is rarely needed later."),
    ),
    Rule(
        "consent_records", 3, "years", 1, 10,
        _l("Consents, withdrawals, information-sheet handovers (kept as their version)."),
        _l("The end of the case file's period."),
        _l("Proof of consent as long as the data it covers exists."),
        changeable=False,
    ),
    Rule(
        "employer_contacts", 3, "years", 1, 6,
        _l("Names, e-mail and phone of people at a company."),
        _l("The last consultation or event with the company."),
        _l("Business contacts go stale."),
    ),
    Rule(
        "login_records", 90, "days", 30, 365,
        _l("Login sessions and failed logins, with their addresses."),
        _l("The end of the session or the attempt."),
        _l("The window for a security investigation."),
    ),
    Rule(
        "audit_log", 2, "years", 1, 10,
        _l("Who did what to which record (ids and field names, no personal text)."),
        _l("The entry."),
        _l("Accountability; reviews by the data protection officer."),
    ),
)  # fmt: skip
BY_CLASS = {rule.data_class: rule for rule in DEFAULTS}
CLASS_ORDER = tuple(rule.data_class for rule in DEFAULTS)


def _in_days(rule: Rule) -> int:
    """A period's length compared across units (a year as 365 days, a month as 30)."""
    return rule.amount * {"years": 365, "months": 30, "days": 1}[rule.unit]


def effective_rules(db: Session, *, centre_id: int | None) -> list[Rule]:
    """The rules that apply to a centre's data: the defaults with the centre's own periods
    (None: the defaults). Consent records follow the case file."""
    own: dict[str, int] = {}
    if centre_id is not None:
        query = select(col(RetentionPeriod.data_class), col(RetentionPeriod.amount)).where(
            col(RetentionPeriod.centre_id) == centre_id
        )
        own = {name: amount for name, amount in db.execute(query)}
    rules = [
        replace(rule, amount=own[rule.data_class], changed=True) if rule.data_class in own else rule
        for rule in DEFAULTS
    ]
    by_class = {r.data_class: r for r in rules}
    case_file = by_class["case_file"]
    return [
        replace(r, amount=case_file.amount, unit=case_file.unit, changed=case_file.changed)
        if r.data_class == "consent_records"
        else r
        for r in rules
    ]


def rule_of(db: Session, *, centre_id: int | None, data_class: str) -> Rule:
    return next(r for r in effective_rules(db, centre_id=centre_id) if r.data_class == data_class)


def update_period(db: Session, *, centre_id: int, data_class: str, amount: int) -> Rule:
    """An admin sets a centre's period for one class, within its bounds (audited)."""
    actor = actor_of(db)
    if actor is None or actor.role != "admin":
        raise Forbidden(_("Only an admin may change a retention period."))
    default = BY_CLASS.get(data_class)
    if default is None or not default.changeable:
        raise FieldErrors({"data_class": _("This period cannot be changed.")})
    if not default.minimum <= amount <= default.maximum:
        low, high = (
            replace(default, amount=default.minimum),
            replace(default, amount=default.maximum),
        )
        raise FieldErrors(
            {"amount": _("Between %(low)s and %(high)s.", low=low.plain(), high=high.plain())}
        )
    rules = {r.data_class: r for r in effective_rules(db, centre_id=centre_id)}
    rules[data_class] = replace(rules[data_class], amount=amount)
    if _in_days(rules["contact_notes"]) > _in_days(rules["case_file"]):
        raise FieldErrors({"amount": _("Contact notes are never kept longer than the case file.")})
    row = db.scalars(
        select(RetentionPeriod).where(
            col(RetentionPeriod.centre_id) == centre_id,
            col(RetentionPeriod.data_class) == data_class,
        )
    ).first()
    if row is None:
        row = RetentionPeriod(centre_id=centre_id, data_class=data_class, amount=amount)
        db.add(row)
    row.amount, row.changed_by_id = amount, actor.user_id
    db.flush()
    return rule_of(db, centre_id=centre_id, data_class=data_class)


def year_end(day: date) -> date:
    """The trigger "end of the calendar year of": the last day of that year."""
    return date(day.year, 12, 31)


def due_on(rule: Rule, start: date) -> date:
    """The first day data whose period started at `start` is due (the day after the end)."""
    return rule.ends(start) + timedelta(days=1)


def cutoff(rule: Rule, as_of: date) -> date:
    """Data whose trigger is before this day is due on `as_of` (its period has ended)."""
    return rule.back(as_of)


def shift(day: date, amount: int, unit: str) -> date:
    """`day` moved by whole years, months or days (the 29 Feb / 31st clamped to the month)."""
    if unit == "days":
        return day + timedelta(days=amount)
    months = amount * 12 if unit == "years" else amount
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(day.day, last))


def moment(day: date) -> datetime:
    from datetime import UTC, time

    return datetime.combine(day, time(), UTC)
