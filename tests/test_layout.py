"""Pages that read right (issue 23, point 6), checked on the shared demo renders: no word outside
the page's text box, no text under 6 pt, no table leaving a single row on a page."""

from __future__ import annotations

import math
import re
import subprocess

import pikepdf
from pypdf import PdfReader

MM = 72 / 25.4
LEFT, RIGHT = 20 * MM, 595.28 - 20 * MM  # A4 with the 20 mm side margins of base.css
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


def table_rows_per_page(pdf) -> list[dict[int, int]]:
    """Per table of the tagged PDF: body rows (TR outside THead) per page."""
    doc = pikepdf.open(pdf)
    pages = {p.objgen: i for i, p in enumerate(doc.pages, start=1)}
    tables: list[dict[int, int]] = []

    def rows(el, counts: dict[int, int], head: bool) -> None:
        if not isinstance(el, pikepdf.Dictionary):
            return
        if el.get("/S") == "/TR":
            if not head:
                page = _page_of(el, pages)
                counts[page] = counts.get(page, 0) + 1
            return
        for kid in _kids(el):
            rows(kid, counts, head or el.get("/S") == "/THead")

    def walk(el) -> None:
        if not isinstance(el, pikepdf.Dictionary):
            return
        if el.get("/S") == "/Table":
            counts: dict[int, int] = {}
            rows(el, counts, False)
            tables.append(counts)
            return
        for kid in _kids(el):
            walk(kid)

    walk(doc.Root.StructTreeRoot)
    return tables


def test_no_page_holds_a_single_row_of_a_longer_table(demo_report):
    for pdf in (demo_report.pdf, *demo_report.cards.values()):
        tables = table_rows_per_page(pdf)
        assert tables, pdf.name  # the walk finds the tables
        for counts in tables:
            if len(counts) > 1:  # split over pages: no page with only one of its rows
                assert min(counts.values()) > 1, (pdf.name, counts)


def test_no_word_outside_the_text_box(demo_report):
    assert words_outside(demo_report.pdf, cover=True) == []
    for pdf in demo_report.cards.values():
        assert words_outside(pdf) == [], pdf.name


def test_no_text_under_six_points(demo_report):
    for pdf in (demo_report.pdf, *demo_report.cards.values()):
        assert small_text(pdf) == [], pdf.name
