"""Jinja environment, a resource fetcher that never leaves templates/, and reproducible PDF output.

Every report (annual report, per-SPT card, region benchmark) is rendered through `render_pdf`:
autoescaped Jinja with StrictUndefined, WeasyPrint with `safe_url_fetcher`, tagged PDF/A-3a with the
run's JSON files attached and finished as PDF/UA-1 too (`conformance.finish`), and all timestamps
taken from SOURCE_DATE_EPOCH so that the same input gives the same bytes.
"""

from __future__ import annotations

import functools
import mimetypes
import os
import re
from io import BytesIO
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from weasyprint import CSS, HTML, Attachment
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from evaluation import safe_files
from evaluation.dutch import long_date, number, percent
from evaluation.errors import ErrorCode, SptEvalError
from evaluation.report import svg_text
from evaluation.report.conformance import finish, link_texts
from evaluation.report.withheld import figure_filter, interval_filter, interval_text, text
from evaluation.writers import document_time

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
PDF_VARIANT = "pdf/a-3a"  # tagged; conformance.finish declares PDF/UA-1 beside it
ATTACHMENT_DESCRIPTIONS = {
    "results.json": "Gepubliceerde resultaten van deze rapportage (JSON)",
    "manifest.json": "Verantwoording: kenmerken van invoer, codeboek, register en instellingen",
    "regions.json": "Cijfers per arbeidsmarktregio en cluster uit deze rapportage (JSON)",
}


# <link rel="stylesheet" href="base.css"> as the templates write it: a file name in templates/
LINKED_STYLESHEET = re.compile(r'<link rel="stylesheet" href="([A-Za-z0-9_-]+\.css)">')

svg_text.install()  # chart and map text laid out per run, not per letter (see svg_text)


class UnsafeResourceError(SptEvalError, ValueError):
    """A template or its data asked for a resource outside templates/ (or over the network):
    the code UNSAFE_RESOURCE with the url, one Dutch line like every other refusal."""


def cell(value: object, decimals: int = 1, kind: str = "number") -> str:
    """Display one value that is never withheld: a missing one as '–', a label as it is,
    else Dutch (withheld figures are printed by `withheld.text`)."""
    return text(value, False, decimals, kind)


def fmt(value: object, kind: str = "text", withheld: bool = False) -> str:
    """Display a Results table cell by its column kind (see results.Column); 'x' when the
    publication withholds it."""
    if withheld:
        return text(value, True)
    if kind == "count":
        return cell(value, 0)
    if kind == "share":
        return cell(value, 0, "percent")
    if kind == "mean":
        return cell(value, 1)
    if kind == "percent":
        return cell(value, 0)
    if kind == "p":
        return cell(value, 3)
    if kind == "flag":
        return "X" if value is True else ("" if value in (False, None) else cell(value))
    return "" if value is None else cell(value)


def ucfirst(text: str) -> str:
    """First letter upper case, the rest untouched ('verschil niet ...' -> 'Verschil niet ...')."""
    return text[:1].upper() + text[1:] if text else text


def make_environment() -> jinja2.Environment:
    """Jinja environment on templates/: autoescape for every template, undefined names fail."""
    env = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=lambda _name: True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["number"] = number
    env.filters["percent"] = percent
    env.filters["long_date"] = long_date
    env.filters["cell"] = cell
    env.filters["fmt"] = fmt
    env.filters["figure"] = figure_filter
    env.filters["interval"] = interval_filter
    env.filters["interval_of"] = interval_text  # an interval given as (lo, hi) and a flag
    env.filters["ucfirst"] = ucfirst
    return env


def _inside_templates(path: Path) -> bool:
    """True when the real path (symlinks resolved) lies inside the real templates folder."""
    root = TEMPLATES.resolve()
    real = Path(os.path.realpath(path))
    return real == root or root in real.parents


class SafeURLFetcher(URLFetcher):
    """Serve `data:` URLs and files inside templates/; refuse everything else and stop the render.

    Called as `safe_url_fetcher(url)`. WeasyPrint turns any exception into a fatal error because
    `fail_on_errors` is set, so a template that reaches outside fails loudly instead of rendering
    with a silently missing image.
    """

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("data", "file"), fail_on_errors=True)

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != "file":
            raise UnsafeResourceError(ErrorCode.UNSAFE_RESOURCE, url=url)
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise UnsafeResourceError(ErrorCode.UNSAFE_RESOURCE, url=url)
        path = Path(url2pathname(unquote(parts.path)))
        if not _inside_templates(path) or not path.is_file():
            raise UnsafeResourceError(ErrorCode.UNSAFE_RESOURCE, url=url)
        real = Path(os.path.realpath(path))
        mime = mimetypes.guess_type(real.name)[0] or "application/octet-stream"
        return URLFetcherResponse(real.as_uri(), real.read_bytes(), {"Content-Type": mime})


safe_url_fetcher = SafeURLFetcher()


def _refusal(exc: BaseException) -> UnsafeResourceError:
    """The fetcher's own refusal that WeasyPrint wraps in its fatal error (a BaseException),
    passed on as itself; any other cause (a broken data: URL) without the library's English."""
    cause = exc.__cause__
    if isinstance(cause, UnsafeResourceError):
        return cause
    return UnsafeResourceError(ErrorCode.RESOURCE_UNREADABLE)


@functools.cache
def _shared_environment() -> jinja2.Environment:
    """One environment per process, so templates compile once (100 cards: 100 renders)."""
    return make_environment()


@functools.cache
def _font_config() -> FontConfiguration:
    """One font configuration per process: fonts are looked up once, not for every card."""
    return FontConfiguration()


@functools.cache
def _stylesheet(name: str) -> CSS:
    """A stylesheet from templates/, parsed once per process (100 cards: one parse, not 100)."""
    return CSS(
        url=(TEMPLATES / name).as_uri(), url_fetcher=safe_url_fetcher, font_config=_font_config()
    )


def _parsed_stylesheets(html: str) -> tuple[str, list[CSS]]:
    """The HTML without its links to stylesheets in templates/, and those sheets parsed (cached),
    in document order; a link to anything else stays for the safe fetcher to refuse."""
    names = [name for name in LINKED_STYLESHEET.findall(html) if (TEMPLATES / name).is_file()]
    kept = LINKED_STYLESHEET.sub(lambda m: "" if m.group(1) in names else m.group(0), html)
    return kept, [_stylesheet(name) for name in names]


def render_html(template_name: str, context: dict) -> str:
    """Render one template to HTML with the safe environment."""
    return _shared_environment().get_template(template_name).render(**context)


def html_to_pdf(
    html: str,
    out_path: Path,
    attachments: dict[str, bytes] | None = None,
    title: str = "",
) -> Path:
    """Lay out HTML with the safe fetcher; write a PDF/A-3a + PDF/UA-1 with the files attached."""
    when = document_time()
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    source, sheets = _parsed_stylesheets(html)
    try:
        document = HTML(
            string=source, base_url=TEMPLATES.as_uri() + "/", url_fetcher=safe_url_fetcher
        ).render(stylesheets=sheets, font_config=_font_config())
    except FatalURLFetchingError as exc:  # a BaseException in WeasyPrint: make it an ordinary error
        raise _refusal(exc) from None
    document.metadata.title = title or document.metadata.title
    document.metadata.created = stamp
    document.metadata.modified = stamp
    document.metadata.generator = "spt-eval"
    # Links with rel=attachment in the HTML are never wanted: only our own files travel along.
    document.metadata.attachments = []
    naive = when.replace(tzinfo=None)
    files = [
        Attachment(
            file_obj=BytesIO(data),
            name=name,
            created=naive,
            modified=naive,
            relationship="Data",
            description=ATTACHMENT_DESCRIPTIONS.get(name, f"Bijlage {name}"),
            url_fetcher=safe_url_fetcher,
        )
        for name, data in sorted((attachments or {}).items())
    ]
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    # A fresh file beside the output, renamed over it: a symlink at the name is never followed.
    with safe_files.new_path(out_path) as tmp:
        try:
            document.write_pdf(tmp, pdf_variant=PDF_VARIANT, attachments=files)
        except FatalURLFetchingError as exc:  # e.g. <a rel=attachment> pointing outside templates/
            raise _refusal(exc) from None
        finish(tmp, link_texts(html))
    return out_path


def render_pdf(
    template_name: str,
    context: dict,
    out_path: Path,
    attachments: dict[str, bytes] | None = None,
    title: str = "",
) -> Path:
    """Render a template from templates/ to a reproducible PDF/A-3a + PDF/UA-1 at out_path."""
    return html_to_pdf(render_html(template_name, context), out_path, attachments, title)
