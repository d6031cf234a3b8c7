"""The cell key method (`ptable`, `record_keys`, `disclosure`): the golden properties of the
perturbation table, and of protected reports built from the golden data set — repeatable,
within the stated deviation, never a 1 or 2, consistent wherever the same records are counted,
exact counting untouched."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from cases.persons.models import Person
from cases.reports import disclosure, ptable, record_keys, service
from cases.reports.periods import parse_period
from cases.reports.schemas import AllianceReport, Table
from tests.conftest import Factory
from tests.reports import golden
from welcome.db import SYSTEM, unit_of_work

D = ptable.MAX_DEVIATION


@pytest.fixture
def data(factory: Factory) -> golden.Golden:
    return golden.build(factory)


def build(
    factory: Factory, period: str, centre_ids: list[int] | None, *, suppress: bool
) -> AllianceReport:
    with unit_of_work(factory.sessions, actor=SYSTEM) as db:
        return service.build_report(
            db,
            centre_ids=centre_ids,
            period=parse_period(period),
            language="en",
            suppress=suppress,
            now=datetime(2026, 12, 1, 10, tzinfo=UTC),
        )


def figures(report: AllianceReport) -> dict[tuple[str, ...], int]:
    """Every count of a report by its place: indicators, cells, row/column/grand totals."""
    out: dict[tuple[str, ...], int] = {}
    for ind in report.indicators:
        out[("indicator", ind.code)] = int(ind.period)
        out[("ytd", ind.code)] = int(ind.year_to_date)
    for table in report.tables:
        for row in table.rows:
            for code, value in zip(table.columns, row.cells, strict=True):
                out[(table.key, row.code, code)] = int(value)
            out[(table.key, row.code, "total")] = int(row.total)
        for code, value in zip(table.columns, table.column_totals, strict=True):
            out[(table.key, "total", code)] = int(value)
        out[(table.key, "total", "total")] = int(table.total)
    return out


def counted(factory: Factory, period: str, centre_ids: list[int] | None) -> AllianceReport:
    with unit_of_work(factory.sessions, actor=SYSTEM) as db:
        return service.build_counted(
            db,
            centre_ids=centre_ids,
            period=parse_period(period),
            language="en",
            keys=True,
            now=datetime(2026, 12, 1, 10, tzinfo=UTC),
        )


# --- the perturbation table ---------------------------------------------------------------------


@pytest.mark.parametrize("n", range(0, 12))
def test_ptable_rows_are_distributions_without_bias_or_small_values(n: int) -> None:
    dist = ptable.distribution(n)
    assert abs(sum(p for _v, p in dist) - 1) < 1e-9
    assert all(abs(v) <= D for v, _p in dist)  # bounded
    assert all(n + v == 0 or n + v > ptable.THRESHOLD for v, _p in dist)  # never 1 or 2
    if n == 0:  # mostly 0; now and then 3 or 4, so "3 or more" never proves "at least one"
        assert dist == ((0, 0.95), (3, 0.03), (4, 0.02))
    else:
        assert abs(sum(v * p for v, p in dist)) < 1e-9  # unbiased
    if n > ptable.THRESHOLD + D:
        assert abs(sum(v * v * p for v, p in dist) - ptable.VARIANCE) < 1e-6


def test_ptable_golden_values() -> None:
    """The table itself, pinned: a change of parameters or solver shows up here.

    Changed 2026-12-01 (r4-ckm): a true 1 or 2 shows only 0, 3 or 4 (before: up to 5 and 6),
    because a 5 or 6 — which an empty cell never shows — proved "at least one", and with a
    year or a total bounded from above the attack pinned such counts to 1–2 under some
    secrets (`tests/bench/bench_attack.py`)."""
    one = dict(ptable.distribution(1))
    assert set(one) == {-1, 2, 3} and round(one[-1], 3) == 0.748
    two = dict(ptable.distribution(2))
    assert set(two) == {-2, 1, 2} and round(two[-2], 3) == 0.417
    large = dict(ptable.distribution(100))
    assert set(large) == set(range(-D, D + 1)) and round(large[0], 3) == 0.223
    assert ptable.could_be(0) == [0, 1, 2, 3, 4]
    assert ptable.could_be(3) == [0, 1, 2, 3, 4, 5, 6, 7]
    assert ptable.could_be(5) == [3, 4, 5, 6, 7, 8, 9]


def test_a_small_count_shows_nothing_an_empty_cell_or_a_three_cannot() -> None:
    """No single figure tells a 1 or 2 apart from 0 or from 3: every value a small count can
    show, an empty cell and a true js + 1 can show too."""
    empty = {v for v, _p in ptable.distribution(0)}
    three = {ptable.THRESHOLD + 1 + v for v, _p in ptable.distribution(ptable.THRESHOLD + 1)}
    for n in range(1, ptable.THRESHOLD + 1):
        shown = {n + v for v, _p in ptable.distribution(n)}
        assert shown <= empty and shown <= three, (n, shown)
    for shown_value in sorted(empty):
        assert set(range(0, ptable.THRESHOLD + 2)) <= set(ptable.could_be(shown_value))


@settings(deadline=None)  # pure arithmetic; a loaded machine made the first call "flaky"
@given(st.integers(min_value=0, max_value=10_000), st.floats(min_value=0, max_value=0.999999))
def test_perturbed_values_are_bounded_and_never_small(n: int, key: float) -> None:
    shown = ptable.perturbed(n, key)
    assert abs(shown - n) <= D and shown >= 0
    assert shown not in (1, 2)
    assert n in ptable.could_be(shown)


def test_noise_follows_the_distribution() -> None:
    keys = [i / 10_000 for i in range(10_000)]
    for n in (1, 2, 5, 40):
        mean = sum(ptable.noise(n, k) for k in keys) / len(keys)
        assert abs(mean) < 0.01


def test_record_keys_in_sql_and_python_agree(factory: Factory, data: golden.Golden) -> None:
    with unit_of_work(factory.sessions, actor=SYSTEM) as db:
        keys = record_keys.for_session(db)
        found = db.execute(select(Person.id, keys.sql(Person.id, "person"))).all()
    assert found and all(key == keys.python(pid, "person") for pid, key in found)
    assert all(0 <= key < record_keys.P for _pid, key in found)
    assert len({key for _pid, key in found}) == len(found)
    other = record_keys.RecordKeys.from_secret("another secret")
    assert [keys.python(pid, "person") for pid, _k in found] != [
        other.python(pid, "person") for pid, _k in found
    ]


# --- protected reports from the golden data -------------------------------------------------------


def test_protected_report_properties(factory: Factory, data: golden.Golden) -> None:
    assert data.centre_a.id is not None
    for period, centres in (("2026-Q3", [data.centre_a.id]), ("2026", None)):
        exact = counted(factory, period, centres)  # the same fixed rows as the protected one
        shown = build(factory, period, centres, suppress=True)
        again = build(factory, period, centres, suppress=True)
        assert shown.model_dump(exclude={"generated_at"}) == again.model_dump(
            exclude={"generated_at"}
        )  # repeatable
        assert shown.suppressed and shown.disclosure == disclosure.method()
        assert any("cell key method" in note for note in shown.footnotes)
        true, protected = figures(exact), figures(shown)
        # rows left out (a nationality that shows only zeros) count as zeros
        for place, n in true.items():
            value = protected.get(place, 0)
            assert value not in (1, 2), place
            assert abs(value - n) <= D, (place, n, value)
            if n == 0:
                assert value in (0, 3, 4), place
            assert n in ptable.could_be(value)
        assert set(protected) <= set(true)
        # exact counting untouched by the key sums
        plain = build(factory, period, centres, suppress=False)
        assert plain.indicator_values() == exact.indicator_values()
        assert {t.key: t.total for t in plain.tables} == {t.key: t.total for t in exact.tables}


def test_the_same_records_show_the_same_figure(factory: Factory, data: golden.Golden) -> None:
    """An indicator and the table figure counting the same records agree, every person table
    has one total, and a quarter's cell equals the same cell of a range with the same records."""
    assert data.centre_a.id is not None
    shown = build(factory, "2026-Q3", [data.centre_a.id], suppress=True)
    values = shown.indicator_values()
    tables: dict[str, Table] = {t.key: t for t in shown.tables}

    def row(key: str, code: str) -> object:
        return next(r.total for r in tables[key].rows if r.code == code)

    persons = {t.total for t in shown.tables if t.section == "persons"}
    assert persons == {values["persons_counselled"]}
    assert values["contacts"] == tables["contacts_by_channel"].total
    enquiries = tables["contacts_by_channel"].columns.index("enquiries")
    assert values["anonymous_enquiries"] == tables["contacts_by_channel"].column_totals[enquiries]
    assert values["returnees"] == row("client_group_by_gender", "returnee")
    assert values["persons_from_abroad"] == row("previous_residence", "abroad")
    assert values["new_cases"] == tables["referral_source"].total
    assert values["recognitions_decided"] == tables["recognition_by_decision"].total
    assert values["companies_made_aware"] == tables["companies_made_aware"].total
    assert values["events"] == tables["events_by_type"].total
    # Q3 and a range covering the same contacts (nothing counted on 1 July or after 20 Sept
    # that the range would lose is a person of A): same records, same figures
    window = build(factory, "2026-07-01..2026-09-30", [data.centre_a.id], suppress=True)
    assert window.indicator_values() == values
    # one centre's persons inside all centres: other records, other noise, still in bounds
    both = build(factory, "2026-Q3", None, suppress=True).indicator_values()
    assert abs(int(both["persons_counselled"]) - 6) <= D


def test_provisional_period_counts_deadlines_up_to_the_data_date(
    factory: Factory, data: golden.Golden
) -> None:
    assert data.centre_a.id is not None
    with unit_of_work(factory.sessions, actor=SYSTEM) as db:
        period = parse_period("2026-Q3")
        running = service.build_report(
            db,
            centre_ids=[data.centre_a.id],
            period=period,
            language="en",
            suppress=False,
            now=datetime(2026, 8, 1, 10, tzinfo=UTC),
        )
        ended = service.build_report(
            db,
            centre_ids=[data.centre_a.id],
            period=period,
            language="en",
            suppress=False,
            now=datetime(2026, 10, 5, 10, tzinfo=UTC),
        )
    assert running.provisional and not ended.provisional
    assert "Provisional" in running.footnotes[0] and "2026-08-01" in running.footnotes[0]
    assert not any("Provisional" in note for note in ended.footnotes)
    assert service.to_api_json(running)["provisional"] is True
    # R3 (decision due 17 Aug) is overdue at the end of Q3, but not on the data date 1 Aug
    late = {r.code: r.total for r in ended.table("recognition_deadlines").rows}
    early = {r.code: r.total for r in running.table("recognition_deadlines").rows}
    assert (late["open_overdue"], early["open_overdue"]) == (1, 0)
    assert early["open_in_time"] == late["open_in_time"] + 1
    assert running.indicator_values()["recognitions_overdue"] == 1  # R1, decided late
    assert ended.indicator_values()["recognitions_overdue"] == 2
