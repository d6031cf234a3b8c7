"""CSV (both profiles), XLSX and PDF of the alliance report: columns, umlauts, the numbers of
the report (and of its JSON), hidden cells kept as text, fonts embedded, tagged A4 PDF."""

from __future__ import annotations

import csv
import io
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from cases.reports import exports, service
from cases.reports.layout import column_labels, section_labels
from cases.reports.periods import parse_period
from cases.reports.schemas import INDICATORS, AllianceReport
from tests.conftest import Factory
from tests.reports import golden, samples
from welcome.i18n import _, force_locale


def labels_de() -> tuple[dict[str, str], dict[str, str]]:
    """Section and column labels as the German report prints them (whatever the catalog)."""
    with force_locale("de"):
        return section_labels(), column_labels()


# --- CSV --------------------------------------------------------------------------------------


def machine_rows(report: AllianceReport) -> list[dict[str, str]]:
    data = exports.to_csv(report, profile="machine")
    assert not data.startswith(b"\xef\xbb\xbf")  # no BOM for programs
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def find(rows: list[dict[str, str]], **want: str) -> str:
    hits = [r for r in rows if all(r[k] == v for k, v in want.items())]
    assert len(hits) == 1, (want, hits)
    return hits[0]["value"]


def test_machine_csv_has_codes_iso_dates_and_every_figure() -> None:
    report = samples.report()
    rows = machine_rows(report)
    assert list(rows[0]) == exports.MACHINE_HEADER
    assert {(r["period"], r["start"], r["end"]) for r in rows} == {
        ("2026-Q3", "2026-07-01", "2026-09-30")
    }
    assert rows[0]["centre"] == "Erzgebirge Süd"
    indicator = {"section": "key_figures", "table": "indicators"}
    for code in INDICATORS:
        expected = "*" if code == "returnees" else str(samples.PERIOD_VALUES[code])
        assert find(rows, **indicator, row=code, column="period") == expected
        assert find(rows, **indicator, row=code, column="year_to_date") == str(
            samples.YTD_VALUES[code]
        )
    assert find(rows, **indicator, row="persons_counselled", column="target") == "400"
    assert find(rows, **indicator, row="persons_counselled", column="achievement_percent") == "25.0"
    assert find(rows, **indicator, row="new_cases", column="target") == ""
    assert find(rows, table="figures", row="recognition_median_days") == "74.5"
    groups = {"section": "persons", "table": "client_group_by_gender"}
    assert find(rows, **groups, row="returnee", column="female") == "4"
    assert find(rows, **groups, row="returnee", column="male") == "*"
    assert find(rows, **groups, row="eu_immigrant", column="total") == "12"
    assert find(rows, **groups, row="total", column="female") == "11"
    assert find(rows, **groups, row="total", column="total") == "17"
    notes = [r for r in rows if r["section"] == "notes"]
    assert any("sekundäre Sperrung" in r["value"] for r in notes)
    assert any(r["table"] == "contacts_by_topic" and r["row"] == "note" for r in notes)


def test_excel_csv_is_german_excel() -> None:
    data = exports.to_csv(samples.report(), profile="excel")
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel reads the umlauts right
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert len(rows[0]) == 9 and all(len(r) == 9 for r in rows)
    body = rows[1:]
    assert {(r[0], r[1], r[2], r[3]) for r in body} == {
        ("2026-Q3", "01.07.2026", "30.09.2026", "Erzgebirge Süd")
    }
    by_label = {(r[6], r[7]): r[8] for r in body}
    label = "Kennzahl „persons_counselled“ für Rückkehrende"
    _sections, columns = labels_de()
    assert by_label[(label, columns["period"])] == "10"
    assert "25,0" in {r[8] for r in body if r[6] == label}  # decimal comma
    assert "74,5" in {r[8] for r in body}
    assert by_label[("Rückkehrende", "männlich")] == "*"
    assert by_label[("Zugewanderte aus der EU", "weiblich")] == "7"
    assert "Personen nach Zielgruppe und Geschlecht" in {r[5] for r in body}


def test_csv_defuses_formulas() -> None:
    report = samples.report().model_copy(update={"centre": "=HYPERLINK(1)"})
    for profile in ("excel", "machine"):
        text = exports.to_csv(report, profile=profile).decode("utf-8-sig")  # type: ignore[arg-type]
        assert "'=HYPERLINK(1)" in text
        assert "\n=HYPERLINK" not in text and ";=HYPERLINK" not in text


# --- XLSX -----------------------------------------------------------------------------------


def workbook_of(report: AllianceReport) -> Any:
    return load_workbook(io.BytesIO(exports.to_xlsx(report)))


def key_figures(book: Any) -> dict[str, list[Any]]:
    sheet = book.worksheets[1]
    return {
        row[5]: [row[1], row[2], row[3], row[4]]
        for row in sheet.iter_rows(min_row=3, values_only=True)
        if row[5] in INDICATORS
    }


def table_rows(book: Any, title: str) -> dict[str, list[Any]]:
    """Rows of the table with that caption (label → cells + total), from any section sheet."""
    for sheet in book.worksheets[2:]:
        rows = list(sheet.iter_rows(values_only=True))
        for index, row in enumerate(rows):
            if row[0] != title:
                continue
            start = index + 2 if rows[index + 1][0] not in ("", None) else index + 1
            out: dict[str, list[Any]] = {}
            for data in rows[start + 1 :]:
                if data[0] in ("", None):
                    break
                out[str(data[0])] = [v for v in data[1:] if v is not None]
            return out
    raise AssertionError(f"no table {title!r}")


def test_xlsx_sheets_numbers_and_hidden_cells() -> None:
    report = samples.report()
    data = exports.to_xlsx(report)
    book = load_workbook(io.BytesIO(data))
    sections, columns = labels_de()
    with force_locale("de"):
        cover_name, centre_key, period_key = _("Cover"), _("Welcome Center"), _("Period")
    persons = sections["persons"]
    assert book.sheetnames == [cover_name, sections["key_figures"], persons, sections["activity"]]
    figures = key_figures(book)
    assert list(figures) == list(INDICATORS)
    assert figures["persons_counselled"] == [10, 100, 400, 25.0]
    assert figures["returnees"][0] == "*"  # text, not a number
    assert book.worksheets[1].freeze_panes == "B3"
    assert book[persons].freeze_panes == "B2"
    header = next(book.worksheets[1].iter_rows(min_row=2, max_row=2))
    assert header[0].font.b and header[0].fill.fgColor.rgb.endswith("E8F1F5")
    groups = table_rows(book, "Personen nach Zielgruppe und Geschlecht")
    assert groups == {
        "Rückkehrende": [4, "*", "*"],
        "Zugewanderte aus der EU": [7, 5, 12],
        columns["total"]: [11, "*", 17],
    }
    cover = {r[0]: r[1] for r in book[cover_name].iter_rows(values_only=True) if r[0]}
    assert cover[centre_key] == "Erzgebirge Süd"
    assert cover[period_key] == "2026-Q3"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == 3  # key figures, persons, activity (native Excel charts)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # the renderer is backend-free
@pytest.mark.parametrize("suppress", [False, True])
def test_xlsx_holds_the_numbers_of_the_json(factory: Factory, suppress: bool) -> None:
    data = golden.build(factory)
    with factory.session() as db:
        report = service.build_report(
            db,
            centre_ids=[data.centre_a.id],  # type: ignore[list-item]
            period=parse_period("2026-Q3"),
            language="de",
            suppress=suppress,
        )
    body = service.to_api_json(report)
    book = workbook_of(report)
    figures = key_figures(book)
    for code in INDICATORS:
        assert figures[code][:2] == [body["indicators"][code], body["year_to_date"][code]]
    for key, table in body["tables"].items():
        rows = table_rows(book, table["title"])
        for row in table["rows"]:
            assert rows[row["label"]] == [*row["cells"], row["total"]], key
        assert list(rows.values())[-1] == [*table["column_totals"], table["total"]], key
    machine = machine_rows(report)
    for key, table in body["tables"].items():
        assert find(machine, table=key, row="total", column="total") == str(table["total"])


# --- PDF ------------------------------------------------------------------------------------

pdf_tools = pytest.mark.usefixtures("pdf_tools")  # poppler-utils, never a silent skip


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "report.pdf"
    path.write_bytes(exports.to_pdf(samples.report(), version=2))
    return path


@pdf_tools
def test_pdf_text_holds_cover_figures_tables_and_footnotes(pdf: Path) -> None:
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True).stdout
    words = text.decode()
    flat = " ".join(words.split())
    for needle in (
        "Erzgebirge Süd",
        "01.07.2026 – 30.09.2026",
        "02.10.2026",  # data date
        "Personen nach Zielgruppe und Geschlecht",
        "Zugewanderte aus der EU",
        "sekundäre Sperrung",
        "Mehrfachnennungen",
        "74,5",
        "25,0",
    ):
        assert needle in flat, needle
    lines = set(words.split())
    for code in INDICATORS:
        if code != "returnees":
            assert str(samples.PERIOD_VALUES[code]) in lines
        assert str(samples.YTD_VALUES[code]) in lines


@pdf_tools
def test_pdf_is_tagged_a4_titled_with_fonts_embedded(pdf: Path) -> None:
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, check=True, text=True)
    rows = [line.split() for line in fonts.stdout.splitlines()[2:] if line.strip()]
    assert rows and all(r[-5] == "yes" for r in rows)  # the "emb" column
    reader = PdfReader(pdf)
    assert reader.metadata is not None and "2026-Q3" in str(reader.metadata.title)
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/Lang"] == "de"
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_svg_chart_draws_no_bar_for_a_hidden_cell() -> None:
    from xml.etree import ElementTree

    from cases.reports.charts import bar_chart

    svg = bar_chart(title="Kontakte <&>", labels=["persönlich", "Telefon"], values=[12, "*"])
    root = ElementTree.fromstring(str(svg))
    ns = "{http://www.w3.org/2000/svg}"
    assert root.find(f"{ns}title").text == "Kontakte <&>"  # type: ignore[union-attr]
    assert len(root.findall(f"{ns}rect")) == 1  # only the visible number gets a bar
    texts = [t.text for t in root.findall(f"{ns}text")]
    assert texts == ["persönlich", "12", "Telefon", "*"]
