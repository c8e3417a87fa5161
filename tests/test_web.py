"""`spt-eval serve` refuses what it must (issue 15): foreign hosts and origins, POSTs without the
session token, oversized uploads and file names that climb out, each with a Dutch message."""

from __future__ import annotations

import html
import re
import socket
import subprocess
import sys

import httpx
import pytest
from web_server import ROOT, free_port, served

DEMO = ROOT / "surveys" / "spt2015" / "demo_responses.csv"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with served(tmp_path_factory.mktemp("web")) as running:
        yield running


@pytest.fixture(scope="module")
def base(server):
    return server[0]


def token(base: str) -> str:
    html = httpx.get(base + "/nieuw").text
    return re.search(r'"X-SPT-Token": "([^"]+)"', html).group(1)


def post(
    base: str,
    path: str,
    *,
    with_token: bool = True,
    origin: str | None = None,
    headers: dict | None = None,
    **kw,
):
    headers = {"Origin": origin or base, **(headers or {})}
    if with_token:
        headers["X-SPT-Token"] = token(base)
    return httpx.post(base + path, headers=headers, timeout=60, **kw)


def message(response: httpx.Response) -> str:
    found = re.search(r'<section id="uitkomst"[^>]*>\s*<p>(.*?)</p>', response.text, re.S)
    return html.unescape(found.group(1)) if found else ""


def test_every_page_answers_in_dutch_with_a_strict_content_policy(base):
    for path, title in [
        ("/", "De monitor"),
        ("/nieuw", "Nieuwe export controleren"),
        ("/opties", "Standaardkeuzes voor een nieuwe run"),
        ("/controleren", "Een rapport controleren"),
    ]:
        r = httpx.get(base + path)
        assert r.status_code == 200 and title in r.text and '<html lang="nl">' in r.text
        csp = r.headers["content-security-policy"]
        assert csp.startswith("default-src 'self'") and "frame-ancestors 'none'" in csp
        assert r.headers["x-content-type-options"] == "nosniff"
        # nothing the policy would block: no inline script, event handler or style attribute
        assert not re.search(r"<script(?![^>]*\bsrc=)", r.text)
        assert not re.search(r"<[^>]+\s(on[a-z]+|style)=", r.text)
    missing = httpx.get(base + "/bestaat-niet")
    assert missing.status_code == 404 and message(missing) == "fout: deze pagina bestaat niet"


def test_htmx_is_vendored_and_pinned(base):
    r = httpx.get(base + "/static/htmx-2.0.11.min.js")
    assert r.status_code == 200 and 'version:"2.0.11"' in r.text
    assert 'src="/static/htmx-2.0.11.min.js"' in httpx.get(base + "/").text


def test_a_foreign_host_header_is_refused(base):
    r = httpx.get(base + "/", headers={"Host": "evil.example:80"})
    assert r.status_code == 400
    assert message(r) == "fout: deze pagina is alleen bereikbaar als 127.0.0.1 of localhost"


def test_a_post_without_the_session_token_is_refused(base, server):
    before = (
        (server[1] / "opties.json").read_bytes() if (server[1] / "opties.json").exists() else b""
    )
    for r in (
        post(base, "/opties", with_token=False, data={"year": "1999", "survey": "spt2015"}),
        httpx.post(
            base + "/opties?token=fout",
            headers={"Origin": base},
            data={"year": "1999", "survey": "spt2015"},
        ),
    ):
        assert r.status_code == 403
        assert message(r).startswith("fout: verzoek geweigerd: de sessiesleutel ontbreekt")
    after = (
        (server[1] / "opties.json").read_bytes() if (server[1] / "opties.json").exists() else b""
    )
    assert after == before  # nothing was saved


def test_a_post_from_another_origin_is_refused_even_with_the_token(base):
    r = post(base, "/opties", origin="http://evil.example", data={"year": "1999"})
    assert r.status_code == 403 and "andere herkomst" in message(r)
    r = httpx.post(base + "/opties", headers={"X-SPT-Token": token(base)}, data={"year": "1999"})
    assert r.status_code == 403  # no Origin and no Referer: not from this page


def test_an_oversized_upload_is_refused_before_it_is_stored(base, server):
    big = b"respondent_id;spt\n" + b"1;Twente\n" * 200_000  # 1.8 MB, the limit here is 1 MB
    r = post(base, "/nieuw", files={"bestand": ("groot.csv", big, "text/csv")})
    assert r.status_code == 413
    assert message(r) == "fout: het bestand is groter dan de grens van 1 MB voor een upload"

    def chunks():  # no Content-Length: the guard counts while the body arrives
        yield b'--grens\r\nContent-Disposition: form-data; name="bestand"; filename="a.csv"\r\n\r\n'
        for _ in range(40):
            yield b"1;Twente\n" * 5_000
        yield b"\r\n--grens--\r\n"

    kind = {"Content-Type": "multipart/form-data; boundary=grens"}
    r = post(base, "/nieuw", content=chunks(), headers=kind)
    assert r.status_code == 413
    assert not any(p.name.startswith("export") for p in (server[1] / "uploads").rglob("*"))


def test_a_file_name_that_climbs_out_is_refused(base, server):
    tmp = server[1].parent
    for name in ("../../buiten.csv", "..\\buiten.csv", "/etc/buiten.csv"):
        r = post(base, "/nieuw", files={"bestand": (name, DEMO.read_bytes(), "text/csv")})
        assert r.status_code == 422, name
        assert message(r).startswith("fout: ongeldige bestandsnaam"), name
    assert not list(tmp.parent.rglob("buiten.csv")) and not list(tmp.rglob("buiten.csv"))
    r = httpx.get(base + "/run/..%2F..%2Fmonitor.sqlite/bestand/rapport")
    assert r.status_code in (404, 422)
    r = httpx.get(base + "/static/..%2F..%2F..%2Fevaluation%2Fweb%2Fapp.py")
    assert r.status_code == 404


def test_a_wrong_option_is_one_dutch_line(base):
    r = post(base, "/opties", data={"min_n": "twintig", "survey": "spt2015"})
    wrong = "fout: ongeldige keuze bij 'Minimale n': hier hoort een geheel getal (nu: 'twintig')"
    assert r.status_code == 422 and message(r) == wrong
    r = post(base, "/opties", data={"survey": "../spt2015"})
    assert r.status_code == 422 and "staat niet onder surveys/" in message(r)


def test_a_broken_upload_is_a_dutch_message_not_a_traceback(base, server):
    r = post(
        base, "/nieuw", files={"bestand": ("kapot.xlsx", b"PK\x03\x04kapot", "application/zip")}
    )
    assert r.status_code == 422 and message(r).startswith("fout: ")
    assert "Traceback" not in r.text and "Error" not in message(r)


def test_the_server_listens_on_loopback_only(server):
    port = int(server[0].rsplit(":", 1)[1])
    others = [
        a[4][0]
        for a in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
        if not a[4][0].startswith("127.")
    ]
    for address in others:
        with socket.socket() as s:
            s.settimeout(2)
            assert s.connect_ex((address, port)) != 0, address


def test_a_taken_port_is_one_dutch_line(tmp_path):
    port = free_port()
    with socket.socket() as s:
        s.bind(("127.0.0.1", port))
        s.listen()
        r = subprocess.run(
            [
                sys.executable,
                "-m",
                "evaluation.cli",
                "serve",
                "--no-browser",
                "--port",
                str(port),
                "--work",
                str(tmp_path / "w"),
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=60,
        )
    assert r.returncode == 2
    assert r.stderr.startswith(f"fout: poort {port} is al in gebruik") and "--port" in r.stderr
    assert "EADDRINUSE" not in r.stderr
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1
