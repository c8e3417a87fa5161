"""The printed figures of a report PDF against the figures of its run.

The report's text layer is read page by page (pypdf) and its figures (every number as printed:
'2,9', '63%', '40.029') are lined up with those of the page text the same run prints: the
report's own HTML, rebuilt from the run's published result and the PDF's attached files
(the same context builders as `spt-eval report`, no layout). A figure changed only in the printed
text ('2,9' -> '3,9'), one left out or one added is a differing check naming its page. Page
furniture (page numbers, the running chapter title) is set aside, and so are the contents' page
numbers: only on the page whose links are the contents' links of the rebuilt HTML, and only
when they are the pages the PDF's own destinations give, in order; any other number stays a
figure.
"""

from __future__ import annotations

import base64
import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from difflib import SequenceMatcher
from io import BytesIO
from pathlib import Path

from evaluation.audit.compare import ABSENT, DIFFERS, NOT_CHECKABLE, OK, Check
from evaluation.audit.recent import Recent
from evaluation.errors import ErrorCode, InputError, validation_problems
from evaluation.limits import load_json
from evaluation.manifest import sha256_bytes
from evaluation.pipeline import Run

# A figure as the report prints it: digits with Dutch thousands dots or a decimal comma, an
# optional percent sign; not part of a word or a hexadecimal hash.
FIGURE = re.compile(r"(?<![\d.,])\d+(?:[.,]\d+)*(?:%|(?![\d%]))")
HASH = re.compile(r"\b[0-9a-f]{12,64}\b")  # hashes are checked apart, not as figures
PAGE_FOOTER = re.compile(r"^pagina \d+ van \d+$")
PAGE_NUMBER = re.compile(r"^(.*?)\s*(\d+)$")  # a contents line: its title (may be empty), a page
WRAPPED_HASH = re.compile(r"\b([0-9a-f]{12,})\n([0-9a-f]+)\b")  # a SHA-256 over two lines
SVG_IMAGE = "data:image/svg+xml;base64,"
PRINTED = "gedrukt"  # the Check kind of the printed-text comparison

MONITOR_TITLE = re.compile(r"^SPT-monitor (\d{4})$")
CARD_TITLE = re.compile(r"^SPT-kaart (.+) (\d{4})$")


@dataclass(frozen=True)
class PrintedPdf:
    """A report PDF's title (its kind) and the text of each page."""

    title: str
    created: datetime | None
    pages: list[str]
    links: list[list[str]] = field(default_factory=list)  # per page, its links' destinations
    destinations: dict[str, int] = field(default_factory=dict)  # named destination -> page


def read_printed(pdf: bytes) -> PrintedPdf:
    """The title, creation date and per-page text layer of a PDF.

    pypdf's text extraction is most of verify's time (about 0.15 s a page), and a folder's
    unchanged PDFs are read again at each check: the last PDFs read are remembered by their
    bytes' SHA-256 (a changed file is another key)."""
    return _READ.get(sha256_bytes(pdf), lambda: _extract(pdf))


_READ: Recent[PrintedPdf] = Recent(32)  # a report and its cards, twice over


def _extract(pdf: bytes) -> PrintedPdf:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    quiet = logging.getLogger("pypdf")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)
    try:
        reader = PdfReader(BytesIO(pdf))
        meta = reader.metadata
        title = str(meta.title or "") if meta is not None else ""
        created = meta.creation_date if meta is not None else None
        pages = [page.extract_text() or "" for page in reader.pages]
        links = [_link_names(page) for page in reader.pages]
        destinations = {
            str(name): reader.get_destination_page_number(dest) + 1
            for name, dest in reader.named_destinations.items()
        }
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        raise InputError(ErrorCode.PRINTED_UNREADABLE) from None
    finally:
        quiet.setLevel(level)
    return PrintedPdf(title, created, pages, links, destinations)


def _link_names(page) -> list[str]:
    """The named destinations a page's link annotations go to, in order, each once in a row
    (a contents entry links its title and its page number)."""
    names: list[str] = []
    for ref in page.get("/Annots") or []:
        annot = ref.get_object()
        dest = annot.get("/Dest") if annot.get("/Subtype") == "/Link" else None
        if isinstance(dest, str) and (not names or names[-1] != dest):
            names.append(str(dest))
    return names


def figures(text: str) -> list[str]:
    """The figures in a text, in reading order."""
    return FIGURE.findall(HASH.sub(" ", text.replace("\xa0", " ")))


def _svg_text(uri: str) -> str:
    from lxml import etree

    svg = base64.b64decode(uri[len(SVG_IMAGE) :])
    root = etree.fromstring(svg, etree.XMLParser(resolve_entities=False, no_network=True))
    _drop_unprinted(root)
    return " ".join(root.itertext())


def _drop_unprinted(root) -> None:
    """Take out what a chart carries but does not draw: its title, description, metadata."""
    for node in list(root.iter("{*}title", "{*}desc", "{*}metadata", "title", "desc", "metadata")):
        if node.getparent() is not None:
            node.getparent().remove(node)


def html_text(html: str) -> tuple[str, set[str]]:
    """The visible text of a report's HTML, charts included, and its page furniture strings
    (chapter titles and the document title, which the page margins repeat)."""
    from lxml import html as lxml_html

    doc = lxml_html.fromstring(html.encode("utf-8"))
    furniture = {" ".join(h.text_content().split()) for h in doc.iter("h1")}
    for node in doc.xpath("//*[contains(concat(' ', @class, ' '), ' doc-title ')]"):
        furniture.add(" ".join(node.text_content().split()))
        node.drop_tree()
    for node in doc.xpath("//style|//script|//head"):
        node.drop_tree()
    for svg in doc.iter("svg"):
        _drop_unprinted(svg)
    for img in doc.iter("img"):
        src = img.get("src") or ""
        if src.startswith(SVG_IMAGE):
            img.tail = " " + _svg_text(src) + " " + (img.tail or "")
    return " ".join(doc.itertext()), furniture


def page_body(text: str, furniture: set[str], contents: Contents | None = None) -> str:
    """A page's text without its margins (page number, running titles) and, on the contents
    page, its page numbers."""
    text = WRAPPED_HASH.sub(r"\1\2", text)
    lines = [" ".join(line.replace("\xa0", " ").split()) for line in text.splitlines()]
    while lines and (not lines[-1] or PAGE_FOOTER.match(lines[-1]) or lines[-1] in furniture):
        lines.pop()
    return "\n".join(without_page_numbers(lines, contents) if contents else lines)


@dataclass(frozen=True)
class Contents:
    """The contents list of a report: each entry's title and the page its link goes to."""

    titles: tuple[str, ...]
    pages: tuple[int, ...]


def contents_of(html: str, printed: PrintedPdf) -> tuple[int, Contents] | None:
    """The contents page (1-based) and its entries: the page whose links are, in order, the
    links of the rebuilt HTML's contents list, with the pages the PDF's destinations give;
    None when the report has no contents list or no page carries exactly those links."""
    from lxml import html as lxml_html

    doc = lxml_html.fromstring(html.encode("utf-8"))
    entries = doc.xpath("//ul[contains(concat(' ', @class, ' '), ' toc ')]//a[@href]")
    targets = [a.get("href").removeprefix("#") for a in entries]
    if not targets or any(t not in printed.destinations for t in targets):
        return None
    page = next((i for i, names in enumerate(printed.links, 1) if names == targets), None)
    if page is None:
        return None
    titles = tuple(" ".join(a.text_content().split()) for a in entries)
    return page, Contents(titles, tuple(printed.destinations[t] for t in targets))


def without_page_numbers(lines: list[str], contents: Contents) -> list[str]:
    """The contents page's lines with its page numbers taken out, only if they are exactly the
    entries' pages in order: each a line of its own or after its entry's title. Otherwise the
    lines as they are, so a wrong page number stays a printed figure that differs."""
    kept, numbers = [], []
    titles = set(contents.titles)
    for line in lines:
        m = PAGE_NUMBER.match(line)
        if m and (not m[1] or m[1] in titles):
            numbers.append(int(m[2]))
            if m[1]:
                kept.append(m[1])
        else:
            kept.append(line)
    return kept if tuple(numbers) == contents.pages else lines


def expected_html(
    printed: PrintedPdf, run: Run, files: dict[str, bytes], manifest: dict
) -> str | None:
    """The HTML `spt-eval report` lays out for this PDF's kind, from this run and the PDF's
    attached files; None for a title that is no report of this run."""
    from evaluation.manifest import RESULTS_NAME, manifest_short_hash, short_hash
    from evaluation.report.appendix import quarantine_summary, remarks_for
    from evaluation.report.card import card_context
    from evaluation.report.file_names import TRENDS_NAME
    from evaluation.report.render import render_html
    from evaluation.report.trends import annual_trend_context, card_trend

    published, year = run.published, run.results.parameters.year
    survey = (manifest.get("inputs") or {}).get("survey") or {}
    package = manifest.get("package") or {}
    audit = {
        "date": printed.created or datetime.now(tz=UTC),
        "input_name": survey.get("name") or "",
        "results_hash": short_hash(files[RESULTS_NAME]),
        "manifest_hash": manifest_short_hash(manifest),
        "package_version": package.get("version") or "",
    }
    trends = _trends(files.get(TRENDS_NAME))
    monitor, card = MONITOR_TITLE.match(printed.title), CARD_TITLE.match(printed.title)
    if monitor and int(monitor.group(1)) == year:
        run_choices = (manifest.get("parameters") or {}).get("run") or {}
        remarks = (
            remarks_for(
                run.intake.responses, run.inputs.codebook.text_columns, published.remarks_from
            )
            if run_choices.get("include_remarks")
            else None
        )
        quarantine = quarantine_summary(run.intake.problems)
        ctx = annual_trend_context(published, trends, audit, quarantine, remarks)
        return render_html("annual.html", ctx)
    if (
        card
        and int(card.group(2)) == year
        and card.group(1) in published.results.satisfaction.by_spt
    ):
        ctx = card_context(published, card.group(1), audit=audit)
        if trends is not None:
            ctx["trend"] = card_trend(trends, card.group(1))
        return render_html("card.html", ctx)
    return None


def _trends(data: bytes | None):
    """The attached trends.json as the report's trend chapter read it, withheld figures
    marked by the pointers it lists."""
    if data is None:
        return None
    from pydantic import ValidationError

    from evaluation.trends.build import PublishedTrends
    from evaluation.trends.model import Trends

    tree = load_json(data, "trends.json in het rapport")
    try:
        trends = Trends.model_validate(tree)
    except ValidationError as exc:
        problems = validation_problems(exc.errors(), tree)
        raise InputError(ErrorCode.TRENDS_INVALID, problems=problems) from None
    return PublishedTrends(trends, frozenset(trends.withheld), ())


def compare_printed(
    pdf_name: str, printed: PrintedPdf, run: Run, files: dict[str, bytes], manifest: dict
) -> list[Check]:
    """Every printed figure of the PDF lined up with the run's: one check per difference
    (naming the page), else one agreeing check that counts them."""
    label = f"gedrukte cijfers in {pdf_name}"
    html = expected_html(printed, run, files, manifest)
    if html is None:
        return [Check(label, printed.title or "geen titel", ABSENT, NOT_CHECKABLE, PRINTED)]
    text, furniture = html_text(html)
    wanted = figures(text)
    got: list[str] = []
    page_of: list[int] = []
    toc_page, contents = contents_of(html, printed) or (None, None)
    for number, page in enumerate(printed.pages, start=1):
        found = figures(page_body(page, furniture, contents if number == toc_page else None))
        got += found
        page_of += [number] * len(found)
    rows = [
        Check(f"{label}, pagina {page}", want or ABSENT, have or ABSENT, DIFFERS, PRINTED)
        for page, want, have in differences(wanted, got, page_of)
    ]
    if not rows:
        rows.append(Check(label, f"{len(wanted)} cijfers", f"{len(got)} cijfers", OK, PRINTED))
    return rows


def _moved_blocks(a: list[int], b: list[int], wanted: list[str], got: list[str]):
    """Take out runs of two or more figures that appear on both sides, in any order: blocks
    the layout placed elsewhere (a chart beside a table). A single figure is never a block."""
    while a and b:
        seq_a, seq_b = [wanted[i] for i in a], [got[j] for j in b]
        m = SequenceMatcher(None, seq_a, seq_b, autojunk=False).find_longest_match()
        if m.size < 2:
            break
        a = a[: m.a] + a[m.a + m.size :]
        b = b[: m.b] + b[m.b + m.size :]
    return a, b


def differences(wanted: list[str], got: list[str], page_of: list[int]) -> list[tuple]:
    """(page, expected figures, printed figures) where the printed figures differ: lined up
    in reading order, then blocks the layout moved set aside; a changed, missing or added
    figure stays a difference."""
    matcher = SequenceMatcher(None, wanted, got, autojunk=False)
    a, b = set(range(len(wanted))), set(range(len(got)))
    for block in matcher.get_matching_blocks():
        a -= set(range(block.a, block.a + block.size))
        b -= set(range(block.b, block.b + block.size))
    left_a, left_b = _moved_blocks(sorted(a), sorted(b), wanted, got)
    by_page: dict[int, tuple[list[str], list[str]]] = {}
    for j in left_b:
        by_page.setdefault(page_of[j], ([], []))[1].append(got[j])
    for i in left_a:
        page = _page_near(i, matcher, page_of)
        by_page.setdefault(page, ([], []))[0].append(wanted[i])
    return [
        (p, " ".join(w), " ".join(h))
        for p, (w, h) in sorted(by_page.items())
        if "".join(w) != "".join(h)  # two figures the text layer runs together ('3,13,7')
    ]


def _page_near(i: int, matcher: SequenceMatcher, page_of: list[int]) -> int:
    """The page of the printed figure lined up just before expected figure i (else page 1)."""
    page = page_of[0] if page_of else 1
    for block in matcher.get_matching_blocks():
        if block.size and block.a <= i:
            page = page_of[min(block.b + min(i - block.a, block.size - 1), len(page_of) - 1)]
    return page


def printed_kenmerk(printed: PrintedPdf, name: str) -> str | None:
    """The short hash the PDF prints for an attached file: 'results.json (verkorte SHA-256)
    1a2b3c4d5e6f' on the annual report's audit page, 'results.json 1a2b3c4d5e6f, manifest
    6f5e4d3c2b1a' on a card; None when it prints none."""
    text = " ".join("\n".join(printed.pages).split())
    stem = re.escape(name.removesuffix(".json"))
    found = re.search(stem + r"(?:\.json)?(?: \(verkorte SHA-256\))? ([0-9a-f]{12})\b", text)
    return found.group(1) if found else None


def pdf_bytes(path: Path) -> bytes:
    from evaluation.limits import read_file

    return read_file(path, "PDF")
