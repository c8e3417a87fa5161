"""Pages that read right (issue 23, point 6), checked on the shared demo renders: no word outside
the page's text box, no text under 6 pt, no table leaving a single row on a page, no page less
than a third full unless it ends a chapter."""

from __future__ import annotations

import math
import re
import subprocess

import pikepdf
from pypdf import PdfReader

MM = 72 / 25.4
LEFT, RIGHT = 20 * MM, 595.28 - 20 * MM  # A4 with the 20 mm side margins of base.css
TOP, BOTTOM = 22 * MM, 841.89 - 22 * MM  # and its 22 mm top and bottom margins
DPI = 36  # one pixel per 2 pt: enough to find a page's lowest ink
SLACK = 0.5  # pt: glyph side bearings
SMALLEST = 6.0  # pt
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>')


def words_outside(pdf, cover: bool = False) -> list[tuple[int, float, float, str]]:
    """Words (page, xMin, xMax, text) past the side margins; a cover (no margins) left out."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True)
    found = []
    for number, page in enumerate(out.stdout.split("<page ")[1:], start=1):
        if cover and number == 1:
            continue
        for m in WORD.finditer(page):
            x0, x1 = float(m[1]), float(m[2])
            if x0 < LEFT - SLACK or x1 > RIGHT + SLACK:
                found.append((number, x0, x1, m[3]))
    return found


def small_text(pdf) -> list[tuple[int, float, str]]:
    """Text drawn under SMALLEST pt (font size times the text and drawing matrices)."""
    found = []
    for number, page in enumerate(PdfReader(pdf).pages, start=1):

        def visit(text, cm, tm, font, size, number=number):
            s = size * math.hypot(tm[0], tm[1]) * math.hypot(cm[0], cm[1])
            if text.strip() and s < SMALLEST - 0.01:
                found.append((number, round(s, 2), text.strip()))

        page.extract_text(visitor_text=visit)
    return found


def _kids(el) -> list:
    k = el.get("/K")
    return list(k) if isinstance(k, pikepdf.Array) else [] if k is None else [k]


def _page_of(el, pages: dict) -> int | None:
    """The page of a structure element: its own /Pg or its first marked content's."""
    if "/Pg" in el:
        return pages.get(el.Pg.objgen)
    for kid in _kids(el):
        if isinstance(kid, pikepdf.Dictionary) and (found := _page_of(kid, pages)):
            return found
    return None


def table_fragments(pdf) -> list[tuple[int | None, bool, int, int]]:
    """Per Table element of the tagged PDF, in order: its page, whether it has a caption, its
    body rows, the cells of its first row. WeasyPrint tags a table split over pages as one
    Table per page; the later ones have no caption."""
    doc = pikepdf.open(pdf)
    pages = {p.objgen: i for i, p in enumerate(doc.pages, start=1)}
    found: list[tuple[int | None, bool, int, int]] = []

    def first_row_cells(el, body: bool = False) -> int:
        """Cells of the first body row (header rows have merged group cells)."""
        if not isinstance(el, pikepdf.Dictionary) or el.get("/S") == "/THead":
            return 0
        if el.get("/S") == "/TR":
            return len(_kids(el)) if body else 0
        inside = body or el.get("/S") == "/TBody"
        return next((n for k in _kids(el) if (n := first_row_cells(k, inside))), 0)

    def body_rows(el, head: bool) -> int:
        if not isinstance(el, pikepdf.Dictionary):
            return 0
        if el.get("/S") == "/TR":
            return 0 if head else 1
        return sum(body_rows(k, head or el.get("/S") == "/THead") for k in _kids(el))

    def walk(el) -> None:
        if not isinstance(el, pikepdf.Dictionary):
            return
        if el.get("/S") == "/Table":
            kinds = [k.get("/S") for k in _kids(el) if isinstance(k, pikepdf.Dictionary)]
            rows, cells = body_rows(el, False), first_row_cells(el)
            found.append((_page_of(el, pages), "/Caption" in kinds, rows, cells))
            return
        for kid in _kids(el):
            walk(kid)

    walk(doc.Root.StructTreeRoot)
    return found


def split_tables(fragments: list) -> list[list]:
    """Fragments grouped into tables: a fragment without caption, on a later page than the one
    before and with as many cells in a row (or after a caption with no rows), continues it."""
    tables: list[list] = []
    for f in fragments:
        page, captioned, _, cells = f
        last = tables[-1][-1] if tables else None
        later = last is not None and bool(page and last[0] and page > last[0])
        if later and not captioned and (cells == last[3] or last[2] == 0):
            tables[-1].append(f)
        else:
            tables.append([f])
    return [t for t in tables if len(t) > 1]


def test_no_page_holds_a_single_row_of_a_longer_table(demo_report):
    for pdf in (demo_report.pdf, *demo_report.cards.values()):
        fragments = table_fragments(pdf)
        assert fragments, pdf.name  # the walk finds the tables
        for table in split_tables(fragments):
            assert all(rows > 1 for _, _, rows, _ in table), (pdf.name, table)


def test_the_split_table_rule_on_a_made_up_sequence():
    fragments = [(4, True, 12, 3), (5, True, 7, 4), (6, False, 1, 4), (7, False, 5, 2)]
    fragments += [(8, True, 0, 0), (9, False, 20, 5)]
    assert split_tables(fragments) == [
        [(5, True, 7, 4), (6, False, 1, 4)],
        [(8, True, 0, 0), (9, False, 20, 5)],
    ]


def test_no_word_outside_the_text_box(demo_report):
    assert words_outside(demo_report.pdf, cover=True) == []
    for pdf in demo_report.cards.values():
        assert words_outside(pdf) == [], pdf.name


def test_no_text_under_six_points(demo_report):
    for pdf in (demo_report.pdf, *demo_report.cards.values()):
        assert small_text(pdf) == [], pdf.name


def painted_in(pdf, page_no: int) -> dict[str, int]:
    """Fill and stroke operations of a page, counted by the marked-content tag around them."""
    doc = pikepdf.open(pdf)
    stack: list[str] = []
    count: dict[str, int] = {}
    for operands, op in pikepdf.parse_content_stream(doc.pages[page_no - 1]):
        name = str(op)
        if name in ("BMC", "BDC"):
            stack.append(str(operands[0]))
        elif name == "EMC":
            stack.pop()
        elif name in ("f", "F", "f*", "S", "s", "B", "B*", "b", "b*"):
            tag = stack[-1] if stack else "none"
            count[tag] = count.get(tag, 0) + 1
    return count


def test_contents_leader_dots_are_artifacts_not_text(demo_report):
    text = subprocess.run(
        ["pdftotext", "-f", "2", "-l", "2", str(demo_report.pdf), "-"],
        capture_output=True,
        text=True,
    ).stdout
    assert text.startswith("Inhoud") and "Samenvatting" in text
    assert ".." not in text  # no dot a screen reader would read
    entries = demo_report.html_of(demo_report.pdf).count('<li><a href="#')
    entries += demo_report.html_of(demo_report.pdf).count('<li class="sub"><a href="#')
    painted = painted_in(demo_report.pdf, 2)
    assert painted.get("none", 0) == 0
    # a dotted line per entry, and a white ground under each title and page number
    assert painted.get("/Artifact", 0) >= 3 * entries > 0


def page_fills(pdf) -> list[float]:
    """Per page, how far down its text box the ink reaches (0 empty, 1 full): the lowest row
    holding text or a graphic, read from a grey render so figures and rules count as text does.
    The running header and footer sit in the margins and are left out."""
    out = subprocess.run(
        ["pdftoppm", "-gray", "-r", str(DPI), str(pdf)], capture_output=True, check=True
    ).stdout
    fills, scale = [], DPI / 72
    while out:
        width, height, _ = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", out).groups()
        start = re.match(rb"P5\s+\d+\s+\d+\s+\d+\s", out).end()
        w, h = int(width), int(height)
        rows = [out[start + y * w : start + (y + 1) * w] for y in range(h)]
        out = out[start + w * h :]
        top, bottom = math.ceil(TOP * scale), int(BOTTOM * scale)
        inked = [y for y in range(top, bottom) if min(rows[y]) < 240]
        fills.append((inked[-1] + 1 - top) / (bottom - top) if inked else 0.0)
    return fills


def chapter_starts(pdf) -> set[int]:
    """Pages on which a chapter heading (H1 in the tagged PDF) stands."""
    doc = pikepdf.open(pdf)
    pages = {p.objgen: i for i, p in enumerate(doc.pages, start=1)}
    found: set[int] = set()

    def walk(el) -> None:
        if not isinstance(el, pikepdf.Dictionary):
            return
        if el.get("/S") == "/H1":
            found.add(_page_of(el, pages))
            return
        for kid in _kids(el):
            walk(kid)

    walk(doc.Root.StructTreeRoot)
    return found - {None}


def thin_pages(fills: list[float], starts: set[int]) -> list[tuple[int, float]]:
    """Pages (number, fill) under a third full that do not end a chapter: the next page does not
    open one and the page is not the last."""
    return [
        (n, round(fill, 2))
        for n, fill in enumerate(fills, start=1)
        if fill < 1 / 3 and n < len(fills) and n + 1 not in starts
    ]


def test_the_thin_page_rule_on_a_made_up_report():
    fills = [1.0, 0.2, 0.9, 0.3, 0.25, 0.1]
    assert thin_pages(fills, starts={1, 3, 4}) == [(4, 0.3), (5, 0.25)]


def test_no_page_is_less_than_a_third_full_unless_it_ends_a_chapter(demo_report, demo_regions):
    # the region report is the session render test_pdf_conformance reads too: no extra render
    for pdf in (demo_report.pdf, *demo_report.cards.values(), demo_regions.pdf):
        starts = chapter_starts(pdf)
        assert starts, pdf.name  # the walk finds the headings
        assert thin_pages(page_fills(pdf), starts) == [], pdf.name
