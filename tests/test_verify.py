"""`spt-eval verify` end to end on the demo data: passes on a fresh run, names what changed."""

import json
import shutil

import pytest
from hostile_builders import attachment_pdf
from pypdf import PdfReader

from evaluation.audit.compare import DIFFERS, NOT_CHECKABLE, OK
from evaluation.audit.verify import verify
from evaluation.cli import main
from evaluation.inputs.settings import DEFAULT_SETTINGS
from evaluation.pipeline import load_inputs, record_run, run_survey

DEMO = DEFAULT_SETTINGS.parent / "demo_responses.csv"
pytestmark = pytest.mark.skipif(not DEMO.exists(), reason="demo data not available")


def _pdf(path, files):
    path.write_bytes(attachment_pdf(files))
    return path


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """A report folder as the report command leaves it: JSON files and a PDF carrying them."""
    base = tmp_path_factory.mktemp("verify")
    data = base / "responses.csv"
    shutil.copyfile(DEMO, data)
    done = run_survey(data, load_inputs())
    results = done.results
    folder = base / "report"
    rec = record_run(done, folder)
    pdf = _pdf(base / "attached-only.pdf", rec.files)  # attachments, no printed report
    return {"data": data, "folder": folder, "pdf": pdf, "rec": rec, "results": results}


def _statuses(result):
    return {r.path: r.status for r in result.rows}


def test_fresh_report_verifies_from_folder(run, capsys):
    result = verify(run["folder"], data=run["data"])
    assert result.ok, [r for r in result.differing + result.uncheckable]
    assert len(result.figures) > 100
    assert _statuses(result)["satisfaction.overall.estimate"] == OK
    assert main(["verify", str(run["folder"]), "--data", str(run["data"])]) == 0
    assert "Alles klopt" in capsys.readouterr().out


def test_pdf_without_a_printed_report_is_not_checkable(run, capsys):
    """Right attachments in a PDF that prints no report of this run: the figures agree, but
    what was printed cannot be checked, so the verdict is not 'Alles klopt'."""
    result = verify(run["pdf"], data=run["data"])
    assert not result.differing and not result.ok
    assert _statuses(result)["gedrukte cijfers in attached-only.pdf"] == NOT_CHECKABLE
    assert main(["verify", str(run["pdf"]), "--data", str(run["data"])]) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert "Niet te controleren: gedrukte cijfers in attached-only.pdf" in out
    assert "Alles klopt" not in out


def test_data_found_beside_report_by_name(run, tmp_path):
    folder = tmp_path / "r"
    shutil.copytree(run["folder"], folder)
    shutil.copyfile(run["data"], folder / "responses.csv")
    assert verify(folder).ok


def _changed_answer(src, dst):
    """Copy the demo data with one satisfaction answer of a Noord-Holland respondent changed."""
    lines = src.read_text(encoding="utf-8").splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.startswith("DEMO-006;"):
            fields = line.split(";")
            assert fields[4] == "mee eens"
            fields[4] = "helemaal mee oneens"
            lines[i] = ";".join(fields)
            break
    else:
        raise AssertionError("DEMO-006 not in the demo data")
    dst.write_text("".join(lines), encoding="utf-8")
    return dst


def test_changed_answer_is_a_hash_mismatch_and_moves_the_figures(run, tmp_path, capsys):
    data = _changed_answer(run["data"], tmp_path / "responses.csv")
    result = verify(run["pdf"], data=data)
    st = _statuses(result)
    assert st["invoer: enquêtebestand"] == DIFFERS
    assert st["satisfaction.overall.estimate"] == DIFFERS
    assert st["satisfaction.by_spt.Noord-Holland.estimate"] == DIFFERS
    assert st["satisfaction.by_spt.West-Brabant.estimate"] == OK
    assert main(["verify", str(run["pdf"]), "--data", str(data)]) == 1
    out = capsys.readouterr().out
    assert "satisfaction.overall.estimate" in out and "wijkt af" in out


def _rewrite_attachment(src, dst, name, data):
    reader = PdfReader(src)
    files = {n: bytes(v[0]) for n, v in reader.attachments.items()}
    files[name] = data
    return _pdf(dst, files)


def test_edited_pdf_attachment_is_named(run, tmp_path):
    tree = json.loads(run["rec"].files["results.json"])
    tree["satisfaction"]["overall"]["estimate"] += 0.1
    edited = json.dumps(tree, sort_keys=True, indent=2).encode()
    alone = _rewrite_attachment(run["pdf"], tmp_path / "edited.pdf", "results.json", edited)
    st = _statuses(verify(alone, data=run["data"]))
    assert st["satisfaction.overall.estimate"] == DIFFERS
    assert st["results.json hoort bij manifest.json"] == DIFFERS
    assert [
        p for p, s in st.items() if s == DIFFERS and not p.startswith(("results", "bijlage"))
    ] == ["satisfaction.overall.estimate"]
    # the same PDF inside the report folder: also differs from the folder's results.json
    folder = tmp_path / "folder"
    shutil.copytree(run["folder"], folder)
    _rewrite_attachment(run["pdf"], folder / "spt-monitor-2015.pdf", "results.json", edited)
    st = _statuses(verify(folder, data=run["data"]))
    assert st["bijlage results.json in spt-monitor-2015.pdf"] == DIFFERS
    assert st["bijlage manifest.json in spt-monitor-2015.pdf"] == OK


def test_changed_parameter_is_named(run, tmp_path):
    folder = tmp_path / "r"
    shutil.copytree(run["folder"], folder)
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["parameters"]["settings"]["min_n"] = 7
    (folder / "manifest.json").write_text(json.dumps(manifest))
    st = _statuses(verify(folder, data=run["data"]))
    assert st["invoer: parameters in het manifest"] == DIFFERS
    assert st["manifest: instellingen: min_n"] == DIFFERS  # the settings file says 5
    assert st["parameters.min_n"] == OK  # results.json says 5, as the file
    assert st["invoer: enquêtebestand"] == OK


def test_pdf_without_attachments_or_unreadable_exits_2(run, tmp_path, capsys):
    bare = _pdf(tmp_path / "bare.pdf", {})
    assert main(["verify", str(bare), "--data", str(run["data"])]) == 2
    assert "geen bijlagen" in capsys.readouterr().err
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"%PDF-1.7 broken")
    assert main(["verify", str(junk), "--data", str(run["data"])]) == 2
    assert main(["verify", str(tmp_path / "missing.pdf")]) == 2


def test_report_command_output_verifies(demo_report, capsys):
    """The real `spt-eval report --audit` (the session's demo report, conftest.py): manifest
    beside and inside the PDF, verify passes."""
    out, pdf = demo_report.out, demo_report.pdf
    attached = PdfReader(pdf).attachments
    assert bytes(attached["manifest.json"][0]) == (out / "manifest.json").read_bytes()
    assert bytes(attached["results.json"][0]) == (out / "results.json").read_bytes()
    assert (out / "audit-2015.xlsx").is_file()
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["source_date_epoch"] == "1448150400" and "generated_at" not in manifest
    capsys.readouterr()
    assert main(["verify", str(pdf), "--data", str(DEMO)]) == 0
    assert main(["verify", str(out), "--data", str(DEMO)]) == 0
    assert "Alles klopt" in capsys.readouterr().out
