"""A small AllianceReport built by hand (no database): umlauts in labels, a hidden cell, a
target with its achievement, a figure that is not a count. For the tests of the outputs."""

from __future__ import annotations

from datetime import UTC, date, datetime

from cases.reports.schemas import INDICATORS, AllianceReport, Indicator, PeriodOut, Row, Table

PERIOD_VALUES = {code: 10 + n for n, code in enumerate(INDICATORS)}  # 10, 11, … 24
YTD_VALUES = {code: 100 + 7 * n for n, code in enumerate(INDICATORS)}  # 100, 107, …


def report(*, suppressed: bool = True, language: str = "de") -> AllianceReport:
    indicators = [
        Indicator(
            code=code,
            label=f"Kennzahl „{code}“ für Rückkehrende",
            period="*" if suppressed and code == "returnees" else PERIOD_VALUES[code],
            year_to_date=YTD_VALUES[code],
            target=400 if code == "persons_counselled" else None,
            achievement_percent=25.0 if code == "persons_counselled" else None,
        )
        for code in INDICATORS
    ]
    groups = Table(
        key="client_group_by_gender",
        section="persons",
        title="Personen nach Zielgruppe und Geschlecht",
        columns=["female", "male"],
        column_labels=["weiblich", "männlich"],
        rows=[
            Row(code="returnee", label="Rückkehrende", cells=[4, "*"], total="*"),
            Row(code="eu_immigrant", label="Zugewanderte aus der EU", cells=[7, 5], total=12),
        ],
        column_totals=[11, "*"],
        total=17,
    )
    channels = Table(
        key="contacts_by_channel",
        section="activity",
        title="Kontakte nach Kontaktweg",
        columns=["contacts", "enquiries"],
        column_labels=["Fallkontakte", "Anonyme Anfragen"],
        rows=[
            Row(code="in_person", label="persönlich", cells=[30, 6], total=36),
            Row(code="phone", label="telefonisch", cells=[14, 9], total=23),
        ],
        column_totals=[44, 15],
        total=59,
    )
    topics = Table(
        key="contacts_by_topic",
        section="activity",
        title="Themen der Beratung",
        columns=["count"],
        column_labels=["Anzahl"],
        rows=[Row(code="job_search", label="Arbeitsuche", cells=[21], total=21)],
        column_totals=[21],
        total=21,
        multiple_answers=True,
        note="Mehrfachnennungen: ein Kontakt kann mehrere Themen haben.",
    )
    return AllianceReport(
        period=PeriodOut(label="2026-Q3", start=date(2026, 7, 1), end=date(2026, 9, 30)),
        year_to_date=PeriodOut(
            label="2026-YTD-2026-09-30", start=date(2026, 1, 1), end=date(2026, 9, 30)
        ),
        centre="Erzgebirge Süd",
        centres=["Erzgebirge Süd"],
        language=language,
        generated_at=datetime(2026, 10, 2, 8, 30, tzinfo=UTC),
        indicators=indicators,
        tables=[groups, channels, topics],
        suppressed=suppressed,
        footnotes=["Zahlen von 1 bis 2 werden als „*“ gezeigt (sekundäre Sperrung)."],
        figures={"recognition_median_days": 74.5},
    )
