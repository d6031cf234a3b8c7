"""Disclosure control of a built report: small numbers hidden in every table (suppression.py,
primary and secondary), and in the headline indicators consistently with the tables."""

from __future__ import annotations

from collections.abc import Mapping

from cases.reports.schemas import AllianceReport, Cell, Row, Table
from cases.reports.suppression import MASK, THRESHOLD, suppress_breakdown, suppress_table
from welcome.i18n import _


def footnote() -> str:
    """The method, for the report's footnotes."""
    return _(
        "Numbers from 1 to %(n)d are shown as “%(mask)s”. Where a total or a difference "
        "would reveal a hidden number, the next smallest number is hidden as well "
        "(secondary suppression).",
        n=THRESHOLD,
        mask=MASK,
    )


def suppress_cells(table: Table) -> Table:
    """Primary and secondary suppression of one table (totals included)."""
    if not table.rows:
        return table
    done = suppress_table([[int(c) for c in row.cells] for row in table.rows])
    rows = [
        Row(code=r.code, label=r.label, cells=cells, total=total)
        for r, cells, total in zip(table.rows, done.cells, done.row_totals, strict=True)
    ]
    return table.model_copy(
        update={"rows": rows, "column_totals": done.column_totals, "total": done.total}
    )


def _row_total(table: Table, code: str) -> Cell:
    return next((r.total for r in table.rows if r.code == code), 0)


def _column_total(table: Table, code: str) -> Cell:
    return table.column_totals[table.columns.index(code)] if code in table.columns else 0


# An indicator that a table also shows is hidden whenever the table hides that figure, so the
# table's hidden cells cannot be recovered from the indicator.
LINKS: dict[str, list[tuple[str, str, str]]] = {
    "persons_counselled": [("client_group_by_gender", "total", "")],
    "returnees": [("client_group_by_gender", "row", "returnee")],
    "persons_from_germany": [("previous_residence", "row", "germany")],
    "persons_from_abroad": [("previous_residence", "row", "abroad")],
    "contacts": [("contacts_by_channel", "total", "")],
    "anonymous_enquiries": [("contacts_by_channel", "column", "enquiries")],
    "new_cases": [("referral_source", "total", "")],
    "recognitions_decided": [("recognition_by_decision", "total", "")],
    "recognitions_overdue": [
        ("recognition_deadlines", "row", "decided_late"),
        ("recognition_deadlines", "row", "open_overdue"),
    ],
    "companies_counselled": [("employers_by_sector_size", "total", "")],
    "companies_made_aware": [("companies_made_aware", "total", "")],
    "events": [("events_by_type", "total", "")],
    "welcome_packages_issued": [("packages_by_language", "total", "")],
}


def _linked_hidden(code: str, by_key: Mapping[str, Table]) -> bool:
    for key, kind, which in LINKS.get(code, []):
        table = by_key[key]
        value = (
            table.total
            if kind == "total"
            else _row_total(table, which)
            if kind == "row"
            else _column_total(table, which)
        )
        if value == MASK:
            return True
    return False


def _primary(value: Cell) -> Cell:
    return MASK if isinstance(value, int) and 0 < value <= THRESHOLD else value


def apply_suppression(
    report: AllianceReport, *, residence_ytd: Mapping[str, int]
) -> AllianceReport:
    """Hide small numbers; `residence_ytd` gives the year-to-date split of persons by residence
    (Germany + abroad + not known = persons counselled) so that no year-to-date figure is
    recoverable by subtraction either."""
    hidden_tables = [suppress_cells(t) for t in report.tables]
    by_key = {t.key: t for t in hidden_tables}
    ytd_split, _total = suppress_breakdown(
        {k: residence_ytd[k] for k in ("persons_from_germany", "persons_from_abroad",
                                       "residence_unknown")}
    )  # fmt: skip
    indicators = []
    for ind in report.indicators:
        period = MASK if _linked_hidden(ind.code, by_key) else _primary(ind.period)
        ytd = ytd_split.get(ind.code, _primary(ind.year_to_date))
        indicators.append(
            ind.model_copy(
                update={
                    "period": period,
                    "year_to_date": ytd,
                    "achievement_percent": None if ytd == MASK else ind.achievement_percent,
                }
            )
        )
    figures = dict(report.figures)
    decided = by_key["recognition_deadlines"]
    late_or_not = [_row_total(decided, c) for c in ("decided_in_time", "decided_late")]
    if any(v == MASK for v in late_or_not) or sum(int(v) for v in late_or_not) <= THRESHOLD:
        figures["recognition_median_days"] = MASK  # a median of one or two is a person's figure
    return report.model_copy(
        update={
            "indicators": indicators,
            "tables": hidden_tables,
            "suppressed": True,
            "figures": figures,
        }
    )
