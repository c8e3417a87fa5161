"""`spt-eval verify` on tampered copies of the demo report (the session's render, conftest.py):
each tampering exits non-zero with a Dutch line naming it; the untouched report says
'Alles klopt'. The tampered PDFs are built with pikepdf from the shared render, never rendered."""

import json
import re
import shutil

import pikepdf
from fixtures_renders import DEMO

from evaluation.cli import main
from evaluation.disclosure.publish import disclose
from evaluation.manifest import canonical_json, manifest_json, sha256_bytes


def _verify(pdf, capsys, *extra) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["verify", str(pdf), "--data", str(DEMO), *extra])
    captured = capsys.readouterr()
    return code, " ".join((captured.out + captured.err).split())


def _copy(demo_report, tmp_path):
    target = tmp_path / "spt-monitor-2015.pdf"
    shutil.copyfile(demo_report.pdf, target)
    return target


def _attached(pdf) -> dict[str, bytes]:
    with pikepdf.open(pdf) as doc:
        return {n: f.get_file().read_bytes() for n, f in doc.attachments.items()}


def _replace_attachments(pdf, files: dict[str, bytes]) -> None:
    """Write new bytes for attached files, as someone editing the PDF would."""
    with pikepdf.open(pdf, allow_overwriting_input=True) as doc:
        for name, data in files.items():
            doc.attachments[name] = pikepdf.AttachedFileSpec(doc, data, filename=name)
        doc.save(pdf)


def _cmap(font) -> dict[bytes, str]:
    """Glyph code -> text of a font, from its ToUnicode map (WeasyPrint writes two-byte codes)."""
    text = font.ToUnicode.read_bytes().decode("latin-1")
    out: dict[bytes, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for code, uni in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            out[bytes.fromhex(code)] = bytes.fromhex(uni).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, hi, start in re.findall(r"<(\w+)>\s*<(\w+)>\s*<(\w+)>", block):
            width = len(lo) // 2
            for k in range(int(lo, 16), int(hi, 16) + 1):
                uni = chr(int(start, 16) + k - int(lo, 16))
                out[k.to_bytes(width, "big")] = uni
    return out


def _change_printed(pdf, page_no: int, old: str, new: str) -> None:
    """Change the first printed `old` on a page into `new` in the content stream itself (the
    text layer and what is seen), glyph by glyph in the same font; attachments untouched."""
    with pikepdf.open(pdf, allow_overwriting_input=True) as doc:
        page = doc.pages[page_no - 1]
        fonts = page.Resources.Font
        ops = pikepdf.parse_content_stream(page)
        font = None
        for i, (operands, op) in enumerate(ops):
            if op == pikepdf.Operator("Tf"):
                font = _cmap(fonts[str(operands[0])])
                continue
            if op not in (pikepdf.Operator("Tj"), pikepdf.Operator("TJ")) or font is None:
                continue
            parts = operands[0] if op == pikepdf.Operator("TJ") else [operands[0]]
            strings = [p for p in parts if isinstance(p, pikepdf.String)]
            raw = b"".join(bytes(s) for s in strings)
            codes = [raw[i : i + 2] for i in range(0, len(raw), 2)]
            text = "".join(font.get(c, "?") for c in codes)
            if old not in text:
                continue
            back = {v: k for k, v in font.items()}
            assert all(ch in back for ch in new), f"the font lacks a glyph of {new!r}"
            at = text.index(old)
            codes[at : at + len(old)] = [back[ch] for ch in new]
            changed = pikepdf.String(b"".join(codes))
            if op == pikepdf.Operator("TJ"):
                changed = pikepdf.Array([changed])
            ops[i] = pikepdf.ContentStreamInstruction([changed], op)
            page.Contents = doc.make_stream(pikepdf.unparse_content_stream(ops))
            doc.save(pdf)
            return
    raise AssertionError(f"{old!r} not printed on page {page_no}")


def test_untouched_report_says_alles_klopt(demo_report, tmp_path, capsys):
    code, out = _verify(_copy(demo_report, tmp_path), capsys)
    assert code == 0, out
    assert "Alles klopt" in out


def test_changed_printed_figure_is_named_with_its_page(demo_report, tmp_path, capsys):
    pdf = _copy(demo_report, tmp_path)
    _change_printed(pdf, 4, "2,9", "3,9")  # the national grade on Kerncijfers
    from pypdf import PdfReader

    assert "3,9tevredenheidsscore" in PdfReader(pdf).pages[3].extract_text()
    code, out = _verify(pdf, capsys)
    assert code == 1
    assert "Afwijkend: gedrukte cijfers in spt-monitor-2015.pdf, pagina 4" in out
    assert "Alles klopt" not in out


def test_changed_contents_page_number_is_named_with_its_page(demo_report, tmp_path, capsys):
    # the contents' page numbers are set aside only when they are the pages the PDF's own
    # destinations give: a number changed on the contents page is a differing figure
    pdf = _copy(demo_report, tmp_path)
    _change_printed(pdf, 2, "13", "14")
    code, out = _verify(pdf, capsys)
    assert code == 1
    assert "Afwijkend: gedrukte cijfers in spt-monitor-2015.pdf, pagina 2" in out


def test_contents_page_numbers_come_out_only_when_they_are_the_destinations():
    from evaluation.audit.printed import Contents, without_page_numbers

    contents = Contents(("Samenvatting", "1 Respons"), (3, 6))
    assert without_page_numbers(["3", "6", "Inhoud", "Samenvatting", "1 Respons"], contents) == [
        "Inhoud",
        "Samenvatting",
        "1 Respons",
    ]
    assert without_page_numbers(["Samenvatting 3", "1 Respons 6"], contents) == [
        "Samenvatting",
        "1 Respons",
    ]
    tampered = ["3", "7", "Samenvatting", "1 Respons"]
    assert without_page_numbers(tampered, contents) == tampered
    other = ["Kerncijfers 3", "6"]  # a line that is no entry keeps its figure
    assert without_page_numbers(other, contents) == other


def test_second_attachment_of_the_same_name_is_refused(demo_report, tmp_path, capsys):
    pdf = _copy(demo_report, tmp_path)
    forged = _attached(pdf)["results.json"].replace(b'"estimate": 2.9', b'"estimate": 3.9', 1)
    with pikepdf.open(pdf, allow_overwriting_input=True) as doc:
        spec = pikepdf.AttachedFileSpec(doc, forged, filename="results.json")
        names = doc.Root.Names.EmbeddedFiles.Names
        names.append(pikepdf.String("results.json"))
        names.append(spec.obj)
        doc.save(pdf)
    code, out = _verify(pdf, capsys)
    assert code == 2
    assert "is aangetast: twee bijlagen heten 'results.json'" in out


def test_duplicate_key_in_results_is_refused(demo_report, tmp_path, capsys):
    pdf = _copy(demo_report, tmp_path)
    text = _attached(pdf)["results.json"]
    _replace_attachments(pdf, {"results.json": b'{"parameters": {},' + text.lstrip()[1:]})
    code, out = _verify(pdf, capsys)
    assert code == 2
    assert "results.json is aangetast: de sleutel 'parameters' staat twee keer" in out


def test_edited_manifest_counts_log_and_version_are_named(demo_report, tmp_path, capsys):
    pdf = _copy(demo_report, tmp_path)
    manifest = json.loads(_attached(pdf)["manifest.json"])
    manifest["counts"]["valid"] += 1
    manifest["suppression"] = manifest["suppression"][1:]
    manifest["package"]["version"] = "9.9.9"
    manifest["manifest_version"] = 2
    _replace_attachments(pdf, {"manifest.json": manifest_json(manifest)})
    code, out = _verify(pdf, capsys)
    assert code == 1
    for named in (
        "manifest: aantallen: valid",
        "manifest: weggelaten cijfers",
        "manifest: versie van het manifest",
        "versie van spt-eval in het manifest en in spt-monitor-2015.pdf",
        "gedrukt kenmerk van manifest.json in spt-monitor-2015.pdf",
    ):
        assert named in out, named
    assert "Alles klopt" not in out


def _min_n_3(demo_report, pdf, settings_name: str) -> None:
    """The attack: publish at min_n 3 (the n = 3 SPT shown) and say so in the manifest."""
    files = _attached(pdf)
    published = disclose(demo_report.run.results, 3).to_json().encode("utf-8")
    manifest = json.loads(files["manifest.json"])
    manifest["parameters"]["settings"]["min_n"] = 3
    manifest["parameters_sha256"] = sha256_bytes(canonical_json(manifest["parameters"]))
    manifest["inputs"]["settings"]["name"] = settings_name
    manifest["outputs"]["results.json"]["sha256"] = sha256_bytes(published)
    _replace_attachments(pdf, {"manifest.json": manifest_json(manifest), "results.json": published})


def test_min_n_lowered_with_the_settings_file_pointed_away(demo_report, tmp_path, capsys):
    pdf = _copy(demo_report, tmp_path)
    _min_n_3(demo_report, pdf, "elders.yaml")
    code, out = _verify(pdf, capsys)
    assert code == 1
    assert "Niet te controleren: invoer: instellingen" in out
    assert "Alles klopt" not in out


def test_min_n_lowered_beside_the_real_settings_file(demo_report, tmp_path, capsys):
    pdf = _copy(demo_report, tmp_path)
    _min_n_3(demo_report, pdf, "settings.yaml")
    code, out = _verify(pdf, capsys)
    assert code == 1
    assert "manifest: instellingen: min_n" in out
    # a run that really chose --min-n 3 says so to verify too; the printed report still differs
    code, out = _verify(pdf, capsys, "--min-n", "3")
    assert "manifest: instellingen: min_n" not in out
    assert code == 1 and "gedrukte cijfers in spt-monitor-2015.pdf" in out


def test_printed_kenmerk_differs_from_the_attachments(demo_report, tmp_path, capsys):
    pdf = _copy(demo_report, tmp_path)
    printed = demo_report.audit["results_hash"]
    wrong = printed[:-1] + ("0" if printed[-1] != "0" else "1")
    _change_printed(pdf, _audit_page(pdf), printed, wrong)
    code, out = _verify(pdf, capsys)
    assert code == 1
    assert "gedrukt kenmerk van results.json in spt-monitor-2015.pdf" in out


def _audit_page(pdf) -> int:
    from pypdf import PdfReader

    for number, page in enumerate(PdfReader(pdf).pages, start=1):
        if "verkorte SHA-256" in page.extract_text():
            return number
    raise AssertionError("no audit page")
