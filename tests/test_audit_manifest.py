"""Manifest, PDF attachments and the figure comparison behind `spt-eval verify`."""

import json
from types import SimpleNamespace

import pytest
from hostile_builders import attachment_pdf

from evaluation.audit.attachments import read_attachments, settings_from_manifest
from evaluation.audit.compare import ABSENT, DIFFERS, OK, compare
from evaluation.errors import InputError
from evaluation.inputs.codebook import load_codebook
from evaluation.inputs.register import load_register, register_path
from evaluation.inputs.settings import load_settings
from evaluation.manifest import (
    build_manifest,
    git_commit,
    manifest_json,
    manifest_short_hash,
    sha256_bytes,
)

INTAKE = SimpleNamespace(
    source_path="/somewhere/private/responses.csv",
    source_sha256="ab" * 32,
    rows_read=49,
    valid=47,
    quarantined=2,
    item_errors=3,
)


@pytest.fixture(scope="module")
def inputs():
    cb = load_codebook()
    return cb, load_register(register_path(cb)), load_settings(min_n=7)


def _manifest(inputs, **kw):
    cb, reg, settings = inputs
    return build_manifest(
        intake=INTAKE,
        codebook=cb,
        register=reg,
        settings=settings,
        results_json=b'{"a": 1}',
        suppression_log=[{"figure": "satisfaction.by_spt.X", "rule": "min_n", "n": 1}],
        **kw,
    )


def test_manifest_records_inputs_parameters_counts_and_output(inputs, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1448150400")
    cb, reg, settings = inputs
    m = _manifest(inputs)
    assert m["inputs"]["survey"] == {"name": "responses.csv", "sha256": "ab" * 32}
    assert m["inputs"]["codebook"]["sha256"] == cb.source_sha256
    assert m["inputs"]["codebook"]["version"] == cb.version
    assert m["inputs"]["register"]["sha256"] == reg.source_sha256
    assert m["inputs"]["settings"]["sha256"] == settings.source_sha256
    p = m["parameters"]["settings"]
    assert p["min_n"] == 7
    assert p["design"]["grade"]["lonely_psu"] == "adjust"
    assert p["rounding"] == {"rule": "half_up", "decimals": 1}
    counts = {"rows_read": 49, "valid": 47, "quarantined": 2, "excluded": 0, "item_errors": 3}
    assert m["counts"] == counts  # read = valid + quarantined + excluded
    assert m["suppression"][0]["n"] == 1
    assert m["outputs"]["results.json"]["sha256"] == sha256_bytes(b'{"a": 1}')
    assert m["source_date_epoch"] == "1448150400"
    assert "generated_at" not in m
    assert set(m["environment"]["libraries"]) >= {"numpy", "pandas", "scipy", "pydantic"}
    assert "/somewhere" not in manifest_json(m).decode()
    assert settings_from_manifest(m) == settings


def test_manifest_is_deterministic_and_hash_is_short(inputs, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1448150400")
    a, b = _manifest(inputs), _manifest(inputs)
    assert manifest_json(a) == manifest_json(b)
    h = manifest_short_hash(a)
    assert len(h) == 12 and int(h, 16) >= 0
    c = _manifest(inputs, extra_parameters={"per_spt": True})
    assert manifest_short_hash(c) != h


def test_manifest_without_epoch_records_time(inputs, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    m = _manifest(inputs)
    assert m["source_date_epoch"] is None and m["generated_at"]


def test_git_commit_never_fails(tmp_path):
    assert git_commit(tmp_path) == {"commit": None, "dirty": None}
    here = git_commit()
    assert here["commit"] is None or len(here["commit"]) == 40


def _pdf(path, files):
    path.write_bytes(attachment_pdf(files))
    return path


def test_read_attachments(tmp_path):
    pdf = _pdf(tmp_path / "r.pdf", {"manifest.json": b"{}", "results.json": b'{"x": 1}'})
    assert read_attachments(pdf) == {"manifest.json": b"{}", "results.json": b'{"x": 1}'}


def test_read_attachments_errors(tmp_path):
    with pytest.raises(InputError, match="geen bijlagen"):
        read_attachments(_pdf(tmp_path / "empty.pdf", {}))
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"not a pdf at all")
    with pytest.raises(InputError, match="kan niet worden gelezen"):
        read_attachments(junk)
    with pytest.raises(InputError, match="kan niet worden gelezen"):
        read_attachments(tmp_path / "none.pdf")


def test_compare_tolerance_and_structure():
    rec = {"a": {"x": 1.0, "z": 0.0, "s": "ja", "l": [1, 2]}, "only_rec": 1, "n": None}
    new = {"a": {"x": 1.0 + 1e-12, "z": 1e-12, "s": "ja", "l": [1, 3]}, "only_new": 2, "n": None}
    rows = {r.path: r for r in compare(rec, new)}
    assert rows["a.x"].status == OK and rows["a.z"].status == OK and rows["a.s"].status == OK
    assert rows["n"].status == OK
    assert rows["a.l[1]"].status == DIFFERS and rows["a.l[0]"].status == OK
    assert rows["only_rec"].status == DIFFERS and rows["only_rec"].recomputed is ABSENT
    assert rows["only_new"].status == DIFFERS
    far = {
        r.path: r.status
        for r in compare({"v": 2.9, "b": True, "i": 1}, {"v": 2.9 * (1 + 2e-9), "b": 1, "i": "1"})
    }
    assert far == {"v": DIFFERS, "b": DIFFERS, "i": DIFFERS}
    assert json.dumps(str(ABSENT)) == '"ontbreekt"'
