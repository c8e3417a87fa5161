"""Report renderer security: escaped respondent text, no resources from outside templates/."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from pypdf import PdfReader

from evaluation.errors import ErrorCode, SptEvalError
from evaluation.report import render as report
from evaluation.report.render import (
    TEMPLATES,
    UnsafeResourceError,
    html_to_pdf,
    make_environment,
    render_pdf,
    safe_url_fetcher,
)

os.environ.setdefault("SOURCE_DATE_EPOCH", "1448150400")

EVIL = (
    '<script>alert(1)</script> {{ 7*7 }} <img src="file:///etc/hostname"> '
    '<a rel="attachment" href="file:///etc/hostname">bijlage</a>'
)


def _text(pdf: Path) -> str:
    return " ".join((page.extract_text() or "") for page in PdfReader(pdf).pages)


@pytest.fixture(scope="module")
def evil_render(tmp_path_factory):
    """Render the remarks template once with a hostile remark, recording every fetched URL."""
    fetched: list[str] = []
    original = safe_url_fetcher.fetch

    def recording(url, headers=None):
        fetched.append(url)
        return original(url, headers)

    safe_url_fetcher.fetch = recording
    try:
        out = tmp_path_factory.mktemp("sec") / "remarks.pdf"
        render_pdf(
            "remarks.html",
            {"document_title": "Test", "remarks": [{"spt": "Twente", "text": EVIL}]},
            out,
            attachments={"results.json": b'{"ok": true}'},
            title="Test",
        )
    finally:
        safe_url_fetcher.fetch = original
    return out, fetched


def test_hostile_remark_appears_as_literal_text(evil_render):
    pdf, _ = evil_render
    text = " ".join(_text(pdf).split())
    assert "<script>alert(1)</script>" in text
    assert "{{ 7*7 }}" in text and "49" not in text
    assert '<img src="file:///etc/hostname">' in text
    assert '<a rel="attachment" href="file:///etc/hostname">bijlage</a>' in text


def test_hostile_remark_fetches_and_embeds_nothing(evil_render):
    pdf, fetched = evil_render
    assert all(u.startswith(TEMPLATES.as_uri() + "/") for u in fetched), fetched
    assert not any("hostname" in u for u in fetched)
    reader = PdfReader(pdf)
    assert list(reader.attachments) == ["results.json"]
    assert reader.attachments["results.json"] == [b'{"ok": true}']
    raw = pdf.read_bytes()
    assert b"/FileAttachment" not in raw
    hostname = Path("/etc/hostname").read_bytes().strip()
    assert all(hostname not in data for d in reader.attachments.values() for data in d)


def test_hostile_remark_adds_nothing_but_its_own_text(evil_render, tmp_path):
    """Same template with a harmless remark: the texts differ only by the remark, so nothing
    fetched (e.g. the content of /etc/hostname) ended up in the document."""
    pdf, _ = evil_render
    plain = tmp_path / "plain.pdf"
    context = {"document_title": "Test", "remarks": [{"spt": "Twente", "text": "VEILIG"}]}
    render_pdf("remarks.html", context, plain, attachments={"results.json": b'{"ok": true}'})
    squeeze = "".join  # text extraction spaces vary with line breaks; compare without them
    expected = squeeze(_text(plain).split()).replace("VEILIG", squeeze(EVIL.split()))
    assert squeeze(_text(pdf).split()) == expected


def test_autoescape_for_every_extension():
    env = make_environment()
    for name in ("x.html", "x.css", "x.txt", "x.svg", None):
        assert env.autoescape(name) is True
    assert env.from_string("{{ v }}").render(v="<b>&</b>") == "&lt;b&gt;&amp;&lt;/b&gt;"


def test_undefined_name_fails():
    import jinja2

    with pytest.raises(jinja2.UndefinedError):
        make_environment().from_string("{{ missing }}").render()


def test_cell_filter_renders_suppressed_as_x():
    env = make_environment()
    out = env.from_string("{{ a|cell }} {{ b|cell }} {{ c|cell }} {{ d|cell(0, 'percent') }}")
    assert out.render(a="x", b=7.45, c=None, d=0.863) == "x 7,5 – 86%"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/hostname",
        "http://example.invalid/logo.png",
        "https://example.invalid/x.css",
        "ftp://example.invalid/x",
        TEMPLATES.as_uri() + "/../pyproject.toml",
        TEMPLATES.as_uri() + "/does-not-exist.css",
        "file://otherhost" + str(TEMPLATES / "base.css"),
    ],
)
def test_fetcher_refuses_outside_resources(url):
    with pytest.raises(UnsafeResourceError):
        safe_url_fetcher(url)


def test_fetcher_serves_templates_and_data_urls():
    css = safe_url_fetcher((TEMPLATES / "base.css").as_uri())
    assert b"@page" in css.read()
    data = safe_url_fetcher("data:text/plain;base64,aGFsbG8=")
    assert data.read() == b"hallo"


def test_fetcher_refuses_symlink_escape(tmp_path):
    secret = tmp_path / "secret.css"
    secret.write_text("body { color: red }")
    link = TEMPLATES / f".test-link-{uuid.uuid4().hex}.css"
    link.symlink_to(secret)
    try:
        with pytest.raises(UnsafeResourceError):
            safe_url_fetcher(link.as_uri())
    finally:
        link.unlink()


@pytest.mark.parametrize(
    "snippet",
    [
        '<img src="http://example.invalid/logo.png">',
        '<link rel="stylesheet" href="file:///etc/ssl/openssl.cnf">',
        '<img src="../pyproject.toml">',
        '<a rel="attachment" href="file:///etc/hostname">x</a>',
        "<style>@import url('https://example.invalid/a.css');</style>",
    ],
)
def test_template_reaching_outside_fails_the_render(snippet, tmp_path):
    html = f"<!DOCTYPE html><html lang='nl'><body><p>tekst</p>{snippet}</body></html>"
    out = tmp_path / "out.pdf"
    with pytest.raises(UnsafeResourceError):
        html_to_pdf(html, out)
    assert not out.exists()


def test_document_time_follows_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1448150400")
    assert report.document_time().isoformat() == "2015-11-22T00:00:00+00:00"


def test_a_refused_resource_is_one_dutch_line_with_its_code(tmp_path):
    html = "<!DOCTYPE html><html lang='nl'><body><img src='http://example.invalid/a.png'>"
    with pytest.raises(UnsafeResourceError) as caught:
        html_to_pdf(html, tmp_path / "out.pdf")
    assert isinstance(caught.value, SptEvalError)  # the CLI prints it as 'fout: ...', exit 2
    assert caught.value.code is ErrorCode.UNSAFE_RESOURCE
    assert (
        str(caught.value) == "bron buiten de sjablonenmap geweigerd: http://example.invalid/a.png"
    )
