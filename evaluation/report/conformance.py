"""Finish a tagged WeasyPrint PDF as PDF/A-3a and PDF/UA-1 at once, with pikepdf.

WeasyPrint 70 writes the tag tree and a PDF/A-3a XMP packet; this adds what PDF/UA-1 asks on
top: one XMP packet declaring both (with the pdfuaid extension schema PDF/A needs), running
headers and footers marked as pagination artifacts, links whose /Contents is their text, tab
order /S on every page. Deterministic: the same input PDF gives the same bytes.
"""

from __future__ import annotations

import re
import zlib
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

import pikepdf

# One marked-content opening as WeasyPrint writes it: "/Span\n<</MCID 82>>\nBDC".
_MARKED = re.compile(rb"/(\w+)\s*<</MCID (\d+)>>\s*BDC")
_ARTIFACT = b"/Artifact <</Type /Pagination>> BDC"

_XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
 xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
 xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
 xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
 xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaid:part>3</pdfaid:part>
<pdfaid:conformance>A</pdfaid:conformance>
<pdfuaid:part>1</pdfuaid:part>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
<pdf:Producer>{producer}</pdf:Producer>
<xmp:CreatorTool>{creator}</xmp:CreatorTool>
<xmp:CreateDate>{created}</xmp:CreateDate>
<xmp:ModifyDate>{modified}</xmp:ModifyDate>
<xmp:MetadataDate>{modified}</xmp:MetadataDate>
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Part of ISO 14289 the file follows</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


class _LinkTexts(HTMLParser):
    """Collect the visible text of every <a href> in an HTML document, by its target."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: dict[str, str] = {}
        self._open: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self._open.append((href.removeprefix("#"), []))

    def handle_data(self, data: str) -> None:
        for _, parts in self._open:
            parts.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open:
            target, parts = self._open.pop()
            self.texts.setdefault(target, " ".join("".join(parts).split()))


def link_texts(html: str) -> dict[str, str]:
    """Target (anchor name or URL) -> link text, for each link in the HTML."""
    parser = _LinkTexts()
    parser.feed(html)
    return parser.texts


def _reachable(root: pikepdf.Dictionary) -> set[tuple[int, int]]:
    """Object ids of every structure element reachable from the structure tree root."""
    seen: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if node.objgen in seen:
            continue
        seen.add(node.objgen)
        kids = node.get("/K")
        if kids is None:
            continue
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                stack.append(kid)
    return seen


def _as_artifacts(data: bytes, mcids: set[int]) -> bytes:
    """The content stream with the marked content of these MCIDs re-marked as artifacts."""
    return _MARKED.sub(lambda m: _ARTIFACT if int(m.group(2)) in mcids else m.group(0), data)


def _mark_furniture(pdf: pikepdf.Pdf) -> None:
    """Running headers, footers and page numbers: artifacts, not untethered structure."""
    tree = pdf.Root.StructTreeRoot
    reachable = _reachable(tree)
    nums = tree.ParentTree.Nums
    by_page = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    for page in pdf.pages:
        key = page.obj.get("/StructParents")
        mapping = by_page.get(int(key)) if key is not None else None
        if not isinstance(mapping, pikepdf.Array):
            continue
        orphans = {
            i for i, elem in enumerate(mapping) if elem.is_indirect and elem.objgen not in reachable
        }
        if not orphans:
            continue
        for i in orphans:
            mapping[i] = None  # null: no structure element owns it
        streams = page.obj.Contents
        for stream in streams if isinstance(streams, pikepdf.Array) else [streams]:
            data = stream.read_bytes()
            fixed = _as_artifacts(data, orphans)
            if fixed != data:
                stream.write(zlib.compress(fixed), filter=pikepdf.Name.FlateDecode)


def _ends_in_cr(data: bytes) -> bool:
    """True when Flate output of data ends in CR: its last byte is the Adler-32's lowest byte."""
    return zlib.adler32(data) & 0xFF == 0x0D


def _no_trailing_cr(pdf: pikepdf.Pdf) -> None:
    """Re-encode the rare stream whose compressed data would end in CR, so that it does not.

    Before `endstream` such data reads as CR LF, so PDF/A validators take the CR for the
    end-of-line marker and find /Length one too long. A trailing newline in a content stream
    changes nothing drawn, and a font program is read by its table offsets, so a byte after
    its tables is ignored (/Length1 follows for FontFile2; a zero byte would not do: it leaves
    the Adler-32 as it is). Any other stream (an attached file) keeps its bytes: it is
    compressed as one row under PNG's 'Up' predictor, which gives the same bytes back for a
    single row and adds 2 to the checksum's low sum.
    """
    contents = {p.obj.Contents.objgen for p in pdf.pages if "/Contents" in p.obj}
    fonts = {}
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor":
            for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                if isinstance(obj.get(key), pikepdf.Stream):
                    fonts[obj[key].objgen] = key
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Stream) or obj.get("/Filter") != "/FlateDecode":
            continue
        if "/DecodeParms" in obj:  # a predictor of its own (an image): left as written
            continue
        data = obj.read_bytes()
        if not _ends_in_cr(data):
            continue
        drawn = obj.get("/Subtype") == "/Form" or obj.objgen in contents
        if not drawn and obj.objgen not in fonts:
            up = pikepdf.Dictionary(Predictor=12, Columns=len(data))
            obj.write(
                zlib.compress(b"\x02" + data), filter=pikepdf.Name.FlateDecode, decode_parms=up
            )
            continue
        while _ends_in_cr(data):  # each newline adds 10 to the checksum's low sum: one does
            data += b"\n"
        obj.write(zlib.compress(data), filter=pikepdf.Name.FlateDecode)
        if fonts.get(obj.objgen) == "/FontFile2":
            obj.Length1 = len(data)


def _xmp(pdf: pikepdf.Pdf, lang: str) -> bytes:
    """The one XMP packet, its values taken from the document information dictionary."""
    info = pdf.docinfo

    def text(key: str) -> str:
        return escape(str(info.get(key, "")))

    def date(key: str) -> str:
        raw = str(info.get(key, ""))  # D:YYYYMMDDHHMMSSZ, as WeasyPrint writes it
        d = raw.removeprefix("D:")
        return f"{d[0:4]}-{d[4:6]}-{d[6:8]}T{d[8:10]}:{d[10:12]}:{d[12:14]}Z"

    return _XMP.format(
        title=text("/Title"),
        lang=escape(lang),
        producer=text("/Producer"),
        creator=text("/Creator"),
        created=date("/CreationDate"),
        modified=date("/ModDate"),
    ).encode("utf-8")


def finish(path: Path, links: dict[str, str]) -> None:
    """Rewrite the PDF at path in place as PDF/A-3a + PDF/UA-1 (see the module docstring)."""
    with pikepdf.open(path) as pdf:
        lang = str(pdf.Root.get("/Lang", "nl")) or "nl"
        pdf.Root.Lang = pikepdf.String(lang)
        pdf.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
        if "/StructTreeRoot" in pdf.Root:
            _mark_furniture(pdf)
        for page in pdf.pages:
            page.obj.Tabs = pikepdf.Name.S
            for annot in page.obj.get("/Annots", []):
                if annot.get("/Subtype") != "/Link":
                    continue
                target = str(annot.get("/Contents", ""))
                annot.Contents = pikepdf.String(links.get(target) or target or "koppeling")
        pdf.Root.Metadata = pdf.make_stream(
            _xmp(pdf, lang), Type=pikepdf.Name.Metadata, Subtype=pikepdf.Name.XML
        )
        _no_trailing_cr(pdf)
        options = {
            "deterministic_id": True,
            "fix_metadata_version": False,
        }
        buffer = BytesIO()
        pdf.save(buffer, **options)
        if b"\r\nendstream" in buffer.getvalue():  # an object stream ending in CR: go without
            buffer = BytesIO()
            pdf.save(buffer, object_stream_mode=pikepdf.ObjectStreamMode.disable, **options)
    path.write_bytes(buffer.getvalue())
