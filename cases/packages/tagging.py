"""PDF/UA structure that WeasyPrint 70.0 does not write, added while it tags (issue 16).

WeasyPrint builds the structure tree in `weasyprint.pdf.tags._build_box_tree` and marks text
in `weasyprint.pdf.stream.Stream.marked`. `install()` wraps both, once per process; the
wrappers act only inside `with tagged():` (render_pdf_sync), so other documents rendered in
the same process keep WeasyPrint's own behaviour:

- `/Lang` on every structure element whose HTML element has a `lang` attribute (each
  language part of the package, and German terms marked `lang="de"` inside another language),
  so a screen reader switches voice per part;
- `TH` cells get `/Scope` (`/Column`, or `/Row` for `scope="row"`);
- an element split at a page break (`Sect`, `Div`, `Table`, `TBody`, lists) stays one
  structure element: later fragments hand their children to the first (WeasyPrint issue
  #2902); the table header repeated on later pages is an artefact, not a second header;
- text in page-margin boxes (page numbers, running headers) is an `/Artifact`, not content.

Arabic and Persian: no `/ActualText`. It was tried: poppler (pdftotext, Evince) then gives the
letters reversed, because it reorders the (already logical) ActualText as if it were visual.
Without it, poppler and pypdf both extract the text in logical order (the structure test
checks both), which is what copy and search need.

The hooks work on WeasyPrint's own objects (pinned exactly in pyproject.toml); the structure
test in tests/packages/test_structure.py walks the resulting tree for all 12 languages and
fails when an upgrade changes what the hooks rely on. No second pass over the PDF is needed.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

MERGED = frozenset({"/Sect", "/Div", "/Table", "/TBody", "/L", "/Part", "/Art"})
_installed = False
_reset: Any = None
_active = threading.local()  # the hooks act only inside `tagged()` (our packages)


def _on() -> bool:
    return bool(getattr(_active, "on", False))


def install() -> None:
    """Wrap WeasyPrint's tagging once in this process (idempotent)."""
    global _installed
    if _installed:
        return
    import pydyf  # type: ignore[import-untyped]
    import weasyprint.document
    import weasyprint.pdf
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout.absolute import AbsolutePlaceholder
    from weasyprint.pdf import stream as stream_module
    from weasyprint.pdf import tags

    original_build = tags._build_box_tree
    original_draw_page = weasyprint.document.draw_page
    margin_text: set[int] = set()  # ids of text boxes drawn as artefacts: margins, headers
    headers_seen: set[int] = set()  # table headers (HTML elements) drawn once already
    headers_tagged: set[int] = set()  # table headers tagged once already
    first: dict[tuple[int, str], Any] = {}  # (HTML element, tag) -> first fragment

    def _objects(pdf: Any, array: Any) -> Iterator[Any]:
        for ref in array:
            if isinstance(ref, int):
                continue
            yield pdf.objects[int(bytes(ref).split()[0])]

    def build(box: Any, parent: Any, pdf: Any, page_number: int, *args: Any) -> Iterator[Any]:
        if not _on():
            yield from original_build(box, parent, pdf, page_number, *args)
            return
        if isinstance(box, boxes.MarginBox):
            return  # its text was drawn as an artefact: nothing to tag
        if isinstance(box, boxes.TableRowGroupBox) and box.is_header and box.element is not None:
            if id(box.element) in headers_tagged:
                # the header repeated on a later page: drawn as an artefact; its cells get a
                # scratch mark, as WeasyPrint names each header cell of a table fragment
                for row in box.children:
                    for cell in row.children:
                        cell.mark = pydyf.Dictionary({"A": pydyf.Dictionary({})})
                return
            headers_tagged.add(id(box.element))
        for element in original_build(box, parent, pdf, page_number, *args):
            html = getattr(box, "element", None)
            if html is None or isinstance(box, boxes.PageBox) or element["P"] != parent.reference:
                yield element
                continue
            if box.element_tag in ("html", "body"):
                yield element  # a child's element passed through
                continue
            tag = str(element["S"])
            lang = html.get("lang") if box.element_tag == html.tag else None
            if lang:
                element["Lang"] = pydyf.String(lang)
            if tag == "/TH":
                scope = "/Row" if html.get("scope") == "row" else "/Column"
                element["A"]["Scope"] = scope
            key = (id(html), tag)
            if tag in MERGED:
                if key in first:
                    kept = first[key]
                    for child in _objects(pdf, element["K"]):
                        child["P"] = kept.reference
                    kept["K"].extend(element["K"])
                    if tag == "/Table":
                        _point_cells_to_first_header(box, element, kept)
                    continue
                first[key] = element
            yield element

    def _point_cells_to_first_header(table: Any, fragment: Any, kept: Any) -> None:
        """Cells of a later table fragment name the header cells of the first fragment
        (WeasyPrint names them "<table object number>-<row>-<column>")."""
        old, new = f"{fragment.number}-", f"{kept.number}-"
        cells = (b for b in table.descendants() if isinstance(b, boxes.TableCellBox))
        for cell in cells:
            mark = getattr(cell, "mark", None)
            if cell.element_tag == "td" and mark is not None and "Headers" in mark["A"]:
                mark["A"]["Headers"] = pydyf.Array(
                    pydyf.String(str(h.string).replace(old, new, 1)) for h in mark["A"]["Headers"]
                )

    def all_boxes(box: Any) -> Iterator[Any]:
        """The box and everything inside, absolutely positioned boxes included (a
        visually-hidden span in a table header is one; `descendants()` skips them)."""
        stack = [box]
        while stack:
            found = stack.pop()
            if isinstance(found, AbsolutePlaceholder):
                found = found._box
            yield found
            if isinstance(found, boxes.ParentBox):
                stack.extend(found.children)

    def text_of(box: Any) -> Iterator[int]:
        """Everything in `box` that `marked()` could be asked for: text and replaced boxes."""
        return (id(b) for b in all_boxes(box) if isinstance(b, (boxes.TextBox, boxes.ReplacedBox)))

    def draw_page(page: Any, stream: Any) -> None:
        """Pages are drawn in order, before they are tagged: note what is an artefact."""
        if not _on():
            original_draw_page(page, stream)
            return
        for child in page.children:
            if isinstance(child, boxes.MarginBox):
                margin_text.update(text_of(child))
        for box in all_boxes(page):
            if isinstance(box, boxes.TableRowGroupBox) and box.is_header:
                if box.element is not None and id(box.element) in headers_seen:
                    margin_text.update(text_of(box))  # the header repeated on this page
                elif box.element is not None:
                    headers_seen.add(id(box.element))
        original_draw_page(page, stream)

    @contextmanager
    def marked(self: Any, box: Any, tag: str) -> Iterator[None]:
        if not _on():
            with original_marked(self, box, tag):
                yield
            return
        if self._tags is None:
            yield
            return
        if id(box) in margin_text:
            with self.artifact():
                yield
            return
        mcid = len(self._tags)
        assert box not in self._tags
        self._tags[box] = {"tag": tag, "mcid": mcid}
        pydyf.Stream.begin_marked_content(self, tag, pydyf.Dictionary({"MCID": mcid}))
        try:
            yield
        finally:
            pydyf.Stream.end_marked_content(self)

    original_add_tags = weasyprint.pdf.add_tags
    original_marked = stream_module.Stream.marked

    def add_tags(*args: Any, **kwargs: Any) -> Any:
        first.clear()
        try:
            return original_add_tags(*args, **kwargs)
        finally:
            reset()

    def reset() -> None:
        first.clear()
        margin_text.clear()
        headers_seen.clear()
        headers_tagged.clear()

    global _reset
    _reset = reset
    tags._build_box_tree = build
    weasyprint.pdf.add_tags = add_tags
    weasyprint.document.draw_page = draw_page
    stream_module.Stream.marked = marked
    _installed = True


def reset() -> None:
    """Forget what the hooks noted about the document before (a render that failed)."""
    if _reset is not None:
        _reset()


@contextmanager
def tagged() -> Iterator[None]:
    """Render inside: the hooks act on this thread's WeasyPrint rendering (a package), and
    nowhere else (other documents of the app, e.g. the report, keep WeasyPrint's tagging)."""
    install()
    reset()
    _active.on = True
    try:
        yield
    finally:
        _active.on = False
        reset()
