"""The PDF/UA structure tree, walked for all 12 languages (cases/packages/tagging.py): one
`Lang` per language part, `TH` with `Scope`, one `Sect` per section and one `Table` per table
across page breaks, page numbers as artefacts (not in the tree), reading order (the newcomer's
part before the German one), Arabic and Persian text that extracts in logical order."""

from __future__ import annotations

import io
import re
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from cases.packages.context import PackageContext, build
from cases.packages.languages import LANGUAGES
from cases.packages.render import render_html, render_pdf_sync
from tests.packages.samples import facts, syrian_family
from tests.shared import Lazy, once, shared_dir

CODES = list(LANGUAGES)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> Lazy[str, tuple[PackageContext, Path]]:
    """Each language's PDF, rendered when a test first asks for it, once per run."""
    where = shared_dir(tmp_path_factory)

    def make(code: str) -> tuple[PackageContext, Path]:
        context = build(facts(), LANGUAGES[code])
        path = once(
            where, f"test_structure-{code}.pdf", lambda: render_pdf_sync(render_html(context))
        )
        return context, path

    return Lazy(make, list(LANGUAGES))


def kids(element: pikepdf.Object) -> list[pikepdf.Object]:
    k = element.get("/K")
    if k is None:
        return []
    return list(k) if isinstance(k, pikepdf.Array) else [k]


def walk(
    element: pikepdf.Object, lang: str | None = None
) -> Iterator[tuple[pikepdf.Object, str | None]]:
    """Every structure element with its inherited language."""
    if not isinstance(element, pikepdf.Dictionary) or "/S" not in element:
        return
    lang = str(element.Lang) if "/Lang" in element else lang
    yield element, lang
    for kid in kids(element):
        yield from walk(kid, lang)


def document(pdf: pikepdf.Pdf) -> pikepdf.Object:
    root = pdf.Root.StructTreeRoot
    return kids(root)[0]


@pytest.mark.parametrize("code", CODES)
def test_structure_tree(pdfs: Lazy[str, tuple[PackageContext, Path]], code: str) -> None:
    context, path = pdfs[code]
    expected_parts = [p.lang for p in context.parts]
    with pikepdf.open(path) as pdf:
        assert len(pdf.pages) >= 4
        doc = document(pdf)
        assert str(pdf.Root.Lang) == code
        sections = kids(doc)
        # one Sect per section (welcome, checklist, contacts, privacy), never one per page
        assert [str(s.S) for s in sections] == ["/Sect"] * 4
        for section in sections:
            parts = [k for k in kids(section) if str(k.S) == "/Div"]
            # one Div per language part, in reading order, each with its language
            assert [str(p.Lang) for p in parts] == expected_parts
        elements = list(walk(doc))
        tables = [e for e, _ in elements if str(e.S) == "/Table"]
        assert len(tables) == len(expected_parts)  # one checklist table per part
        for table in tables:
            heads = [k for k in kids(table) if str(k.S) == "/THead"]
            assert len(heads) == 1  # the header repeated on a later page is not content twice
        headers = [e for e, _ in elements if str(e.S) == "/TH"]
        assert len(headers) == 4 * len(expected_parts)
        assert all(str(h.A.Scope) == "/Column" for h in headers)
        # every data cell names header cells that exist (also on a table's later pages)
        ids = {str(h.ID) for h in headers}
        cells = [e for e, _ in elements if str(e.S) == "/TD"]
        assert cells and all(str(ref) in ids for cell in cells for ref in cell.A.Headers), (
            "a cell names a header that is not in the tree"
        )
        # every element below a part knows its language
        for element, lang in elements:
            if str(element.S) in ("/Document", "/Sect"):
                continue
            assert lang in expected_parts, (element.S, lang)
        # every child points back to its parent (merged fragments included)
        for element, _ in elements:
            for kid in kids(element):
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    assert kid.P.objgen == element.objgen


@pytest.mark.parametrize("code", CODES)
def test_page_numbers_are_artefacts(
    pdfs: Lazy[str, tuple[PackageContext, Path]], code: str
) -> None:
    _context, path = pdfs[code]
    with pikepdf.open(path) as pdf:
        mcids_in_tree = set()
        for element, _ in walk(document(pdf)):
            for kid in kids(element):
                if isinstance(kid, int):
                    mcids_in_tree.add((element.Pg.objgen, kid))
        for page in pdf.pages:
            content = page.Contents.read_bytes() if "/Contents" in page else b""
            assert re.search(rb"/Artifact\s+BMC", content)  # the page number at least
            marked = {int(m) for m in re.findall(rb"/MCID\s+(\d+)", content)}
            in_tree = {mcid for pg, mcid in mcids_in_tree if pg == page.objgen}
            assert marked == in_tree, "every marked text is in the structure tree"


@pytest.mark.parametrize("code", ["ar", "fa"])
def test_rtl_text_extracts_in_logical_order(
    pdfs: Lazy[str, tuple[PackageContext, Path]], code: str
) -> None:
    """Copy and search: poppler and pypdf both give the Arabic-script text in reading order."""
    context, path = pdfs[code]
    heading = context.parts[0].labels["checklist"].replace("\u200c", "")
    poppler = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True)
    pypdf = " ".join(page.extract_text() or "" for page in PdfReader(path).pages)
    for text in (poppler.stdout, pypdf):
        flat = " ".join(text.replace("\u200c", "").split())
        assert heading in flat
        assert heading[::-1] not in flat


def test_german_only_package_has_one_part_per_section(tmp_path: Path) -> None:
    path = tmp_path / "de.pdf"
    path.write_bytes(render_pdf_sync(render_html(build(syrian_family(), LANGUAGES["de"]))))
    with pikepdf.open(path) as pdf:
        for section in kids(document(pdf)):
            assert [str(p.Lang) for p in kids(section) if str(p.S) == "/Div"] == ["de"]


def test_hooks_leave_other_documents_alone() -> None:
    """Another area's PDF rendered in the same process after a package (the report) keeps
    WeasyPrint's own tagging: the hooks act only while a package renders."""
    import weasyprint

    render_pdf_sync(render_html(build(facts(), LANGUAGES["de"])))
    rows = "".join(f"<tr><td>{i}</td><td>x</td></tr>" for i in range(120))
    html = (
        '<html lang="de"><head><title>t</title><style>@page { @bottom-center { content: '
        "counter(page) } }</style></head><body><table><thead><tr><th>a</th><th>b</th></tr>"
        f"</thead><tbody>{rows}</tbody></table></body></html>"
    )
    for _ in range(2):  # untagged first: nothing the hooks noted may stay for the next one
        plain = weasyprint.HTML(string=html).write_pdf()
        assert plain is not None
        pdf = weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
        assert pdf is not None and pdf.startswith(b"%PDF")


def test_a_repeated_header_with_a_hidden_span_across_pages() -> None:
    """The report's tables (rendered by the same workers): a visually hidden, absolutely
    positioned span in a header repeated on later pages is an artefact there too."""
    rows = "".join(f"<tr><td>{i}</td><td>x</td></tr>" for i in range(150))
    html = (
        '<html lang="de"><head><title>t</title><style>.hidden { position: absolute; '
        "width: 1px; height: 1px; overflow: hidden; } @page { @bottom-right { content: "
        "counter(page) } }</style></head><body><table><caption>Tabelle</caption><thead><tr>"
        '<th scope="col"><span class="hidden">Zeile</span></th><th scope="col">b</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></body></html>"
    )
    pdf_bytes = render_pdf_sync(html)
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        assert len(pdf.pages) >= 3
        elements = list(walk(document(pdf)))
        assert [str(e.S) for e, _ in elements].count("/Table") == 1
        assert [str(e.S) for e, _ in elements].count("/THead") == 1


def rows_per_page(path: Path) -> list[dict[int, int]]:
    """Per checklist table (TBody), how many of its rows have content on each page."""
    with pikepdf.open(path) as pdf:
        pages = {p.objgen: i + 1 for i, p in enumerate(pdf.pages)}
        tables = []
        for element, _ in walk(document(pdf)):
            if str(element.S) != "/TBody":
                continue
            per: dict[int, int] = {}
            for row in kids(element):
                seen, stack = set(), [row]
                while stack:
                    node = stack.pop()
                    if isinstance(node, pikepdf.Dictionary):
                        if "/Pg" in node:
                            seen.add(pages[node.Pg.objgen])
                        stack.extend(kids(node))
                for page in seen:
                    per[page] = per.get(page, 0) + 1
            tables.append(per)
        return tables


@pytest.mark.parametrize("code", CODES)
def test_no_page_holds_a_single_row(
    pdfs: dict[str, tuple[PackageContext, Path]], code: str
) -> None:
    context, path = pdfs[code]
    tables = rows_per_page(path)
    assert len(tables) == len(context.parts)
    for per in tables:
        assert sum(per.values()) == len(context.parts[0].items)
        assert len(per) > 1  # the table crosses a page break (one Table across pages)
        assert 1 not in per.values(), per
    if len(tables) == 2:  # the German checklist on its own page
        assert min(tables[1]) > max(tables[0])


def test_a_row_left_alone_is_kept_with_its_neighbour() -> None:
    """A table whose fourth row would be alone on page 2 (a tall fifth row follows): the
    renderer keeps it with the row before (rows 3 and 4 on page 2)."""
    import weasyprint

    from cases.packages.pdf import single_rows

    def table(ids: bool) -> str:
        heights = [60, 60, 60, 100, 200, 20]
        rows = "".join(
            (f'<tr id="row-x-{i}" data-rows="6">' if ids else "<tr>")
            + f'<td><div style="height: {h}mm">{i}</div></td></tr>'
            for i, h in enumerate(heights, 1)
        )
        return (
            '<html lang="de"><head><title>t</title><style>@page { size: A4; margin: 10mm } '
            "tr { break-inside: avoid } tbody tr:first-child { break-after: avoid } "
            "tbody tr:last-child { break-before: avoid }</style></head><body><table><tbody>"
            f"{rows}</tbody></table></body></html>"
        )

    plain = weasyprint.HTML(string=table(ids=True)).render()
    assert single_rows(plain) == {"row-x-4": "before"}
    pdf_bytes = render_pdf_sync(table(ids=True))
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        path = Path(tempfile.mkdtemp()) / "rows.pdf"
        pdf.save(path)
    assert rows_per_page(path)[0] == {1: 2, 2: 2, 3: 2}


@pytest.mark.parametrize("code", ["de", "ar"])
def test_page_one_has_the_logo_with_its_alternative_text(
    pdfs: dict[str, tuple[PackageContext, Path]], code: str
) -> None:
    context, path = pdfs[code]
    with pikepdf.open(path) as pdf:
        figures = [e for e, _ in walk(document(pdf)) if str(e.S) == "/Figure"]
        assert len(figures) == 1 and figures[0].Pg.objgen == pdf.pages[0].objgen
        assert str(figures[0].Alt) == context.logo_alt
        assert "Welcome Center Erzgebirge" in context.logo_alt


@pytest.mark.parametrize("code", ["ar", "fa"])
def test_german_terms_inside_rtl_text_are_declared_german(
    pdfs: dict[str, tuple[PackageContext, Path]], code: str
) -> None:
    """A screen reader reads "(Meldebescheinigung)" inside Arabic text with a German voice."""
    _context, path = pdfs[code]
    with pikepdf.open(path) as pdf:
        first_part = kids(kids(document(pdf))[1])[0]  # the checklist, newcomer's part
        assert str(first_part.Lang) == code
        german = [e for e, _ in walk(first_part) if "/Lang" in e and str(e.Lang) == "de"]
        assert all(str(e.S) == "/Span" for e in german)
        assert len(german) >= 10  # the terms of titles, places and documents
