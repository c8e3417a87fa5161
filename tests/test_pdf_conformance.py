"""Every kind of PDF passes PDF/UA-1 and PDF/A-3a in the `page` validator; every chart has alt text.

The annual report, one SPT card and the region report are the demo renders shared by the
session (`demo_report` and `demo_regions` in conftest.py), with the HTML of each render kept, so
the chart check reads what WeasyPrint was given.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import page
import pikepdf
import pytest

PROFILES = ("ua1", "3a")


@pytest.fixture(scope="module")
def rendered(demo_report, demo_regions):
    """{'annual' | 'card' | 'regions': (pdf path, html)} of the shared demo renders."""
    card = demo_report.cards["Twente"]
    return {
        "annual": (demo_report.pdf, demo_report.html_of(demo_report.pdf)),
        "card": (card, demo_report.html_of(card)),
        "regions": (demo_regions.pdf, demo_regions.html_of(demo_regions.pdf)),
    }


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("kind", ["annual", "card", "regions"])
def test_pdf_passes_the_validator(rendered, kind, profile):
    report = page.validate_pdf(rendered[kind][0], profile=profile)
    failed = sorted({f"{f.rule_id}: {f.message}" for f in report.failures})
    assert report.is_compliant and report.rules.failed == 0, "\n".join(failed)


class _Charts(HTMLParser):
    """Each <img> and <svg> in an HTML document, with its text alternative ('' when none)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.charts: list[tuple[str, str]] = []
        self._svg_title: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "img":
            self.charts.append((str(a.get("src", ""))[:60], (a.get("alt") or "").strip()))
        elif tag == "svg":
            label = (a.get("aria-label") or "").strip() if a.get("role") == "img" else ""
            self.charts.append(("<svg>", label))
        elif tag == "title" and self.charts and self.charts[-1][0] == "<svg>":
            self._svg_title = []

    def handle_data(self, data: str) -> None:
        if self._svg_title is not None:
            self._svg_title.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self._svg_title is not None:
            src, label = self.charts[-1]
            self.charts[-1] = (src, label or "".join(self._svg_title).strip())
            self._svg_title = None


def _figure_alts(pdf_path: Path) -> list[str]:
    """The /Alt of every Figure in the PDF's tag tree, in reading order ('' when missing)."""
    alts: list[str] = []
    with pikepdf.open(pdf_path) as pdf:
        stack = [pdf.Root.StructTreeRoot]
        while stack:
            node = stack.pop()
            if node.get("/S") == "/Figure":
                alts.append(str(node.get("/Alt", "")))
            kids = node.get("/K")
            kids = kids if isinstance(kids, pikepdf.Array) else [kids] if kids else []
            stack.extend(reversed([k for k in kids if isinstance(k, pikepdf.Dictionary)]))
    return alts


@pytest.mark.parametrize("kind", ["annual", "card", "regions"])
def test_every_chart_has_alternative_text(rendered, kind):
    pdf_path, html = rendered[kind]
    parser = _Charts()
    parser.feed(html)
    assert parser.charts, "no chart found: the check would pass vacuously"
    missing = [src for src, alt in parser.charts if not alt]
    assert not missing, f"charts without alternative text: {missing}"
    alts = _figure_alts(pdf_path)
    assert len(alts) == len(parser.charts)
    assert all(alts), f"a Figure in the tag tree has no /Alt: {alts}"


def test_grade_chart_alt_reads_the_figures(rendered):
    alts = _figure_alts(rendered["annual"][0])
    grade = next(a for a in alts if a.startswith("Tevredenheidsscore"))
    assert "IJsselvechtstreek: 3,7" in grade and "landelijk: 2,9" in grade


def test_metadata_declares_both_standards(rendered):
    with pikepdf.open(rendered["card"][0]) as pdf:
        xmp = bytes(pdf.Root.Metadata.read_bytes()).decode()
        assert "<pdfuaid:part>1</pdfuaid:part>" in xmp
        assert "<pdfaid:part>3</pdfaid:part>" in xmp
        assert pdf.Root.Lang == "nl"
        assert all(p.obj.Tabs == "/S" for p in pdf.pages)
        for name, spec in pdf.attachments.items():
            assert spec.description, name
            assert spec.obj.AFRelationship == "/Data"


def test_a_font_program_whose_compressed_data_would_end_in_cr_is_padded(tmp_path):
    """Flate data ends in its Adler-32, whose lowest byte may be CR: before `endstream` that
    reads as CR LF, and PDF/A validators find /Length one too long (a card failed so once in
    CI). The finishing step pads the font program with a newline after its tables (a zero byte
    would leave the checksum as it is) and /Length1 follows; what is drawn is the same."""
    import zlib

    from evaluation.report.conformance import finish

    program = b"\x00\x01\x00\x00font" + (84).to_bytes(4, "big")
    assert zlib.adler32(program) & 0xFF == 0x0D  # its Flate data would end in CR
    pdf = pikepdf.new()
    pdf.add_blank_page()
    font = pdf.make_stream(zlib.compress(program), Filter=pikepdf.Name.FlateDecode)
    font.Length1 = len(program)
    about = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.FontDescriptor, FontFile2=font))
    used = pikepdf.Dictionary(Type=pikepdf.Name.Font, FontDescriptor=about)
    pdf.pages[0].obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=used))
    path = tmp_path / "lettertype.pdf"
    pdf.save(path)
    finish(path, {})
    assert b"\r\nendstream" not in path.read_bytes()
    with pikepdf.open(path) as done:
        (stream,) = [o for o in done.objects if isinstance(o, pikepdf.Stream) and "/Length1" in o]
        data = stream.read_bytes()
        assert data == program + b"\n" and int(stream.Length1) == len(data)


def test_an_attached_file_whose_compressed_data_would_end_in_cr_keeps_its_bytes(tmp_path):
    """An attachment may not be padded (verify compares its bytes): it is compressed as one row
    under PNG's 'Up' predictor instead, which gives the same bytes back and another checksum.
    The attachment reader verify uses (pypdf) and pikepdf both read the same bytes."""
    import zlib

    from evaluation.audit.attachments import read_attachments
    from evaluation.report.conformance import finish

    data = next(
        d
        for i in range(256)
        if zlib.adler32(d := b'{"kenmerk": "' + b"a" * i + b'"}\n') & 0xFF == 0x0D
    )
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.attachments["results.json"] = pikepdf.AttachedFileSpec(pdf, data)
    path = tmp_path / "bijlage.pdf"
    pdf.save(path)
    finish(path, {})
    assert b"\r\nendstream" not in path.read_bytes()
    assert read_attachments(path) == {"results.json": data}
    with pikepdf.open(path) as done:
        assert done.attachments["results.json"].get_file().read_bytes() == data
