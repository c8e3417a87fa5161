"""Every request passes here first: the Host allow-list, the Origin check, the session token on
each POST, the upload size limit and the security headers (CSP `default-src 'self'`)."""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from urllib.parse import parse_qs, urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

TOKEN_HEADER = "x-spt-token"
SAFE_METHODS = {"GET", "HEAD"}
HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),  # no-referrer would make form POSTs say Origin: null
    (b"cache-control", b"no-store"),
]
Refusal = Callable[[int, str], Awaitable[None]]


class TooLarge(Exception):
    """The request body passed the upload limit while it was being read."""


class Guard:
    """ASGI middleware; `refuse(status, message)` renders the Dutch page for a refusal."""

    def __init__(self, app: ASGIApp, *, port: int, token: str, max_bytes: int, refuse) -> None:
        self.app, self.token, self.max_bytes, self.refuse = app, token, max_bytes, refuse
        self.hosts = {f"127.0.0.1:{port}", f"localhost:{port}"}
        self.origins = {f"http://{h}" for h in self.hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}

        started = False

        async def send_secured(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message = {**message, "headers": [*message.get("headers", []), *HEADERS]}
            await send(message)

        problem = self._problem(scope, headers)
        if problem is not None:
            await self.refuse(*problem)(scope, receive, send_secured)
            return
        length = headers.get("content-length", "")
        if length.isascii() and length.isdigit() and int(length) > self.max_bytes:
            await self.refuse(413, too_large(self.max_bytes))(scope, receive, send_secured)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise TooLarge
            return message

        try:
            await self.app(scope, counted, send_secured)
        except TooLarge:  # the app's own handler answers first; this covers the rest
            if not started:
                await self.refuse(413, too_large(self.max_bytes))(scope, receive, send_secured)
        except Exception:  # noqa: BLE001 - answered in Dutch already; the server logs no trace
            if not started:
                await self.refuse(500, "er ging iets onverwachts mis")(scope, receive, send_secured)

    def _problem(self, scope: Scope, headers: dict[str, str]) -> tuple[int, str] | None:
        if headers.get("host", "") not in self.hosts:
            return 400, "deze pagina is alleen bereikbaar als 127.0.0.1 of localhost"
        if scope["method"] in SAFE_METHODS:
            return None
        origin = headers.get("origin") or _origin_of(headers.get("referer", ""))
        if origin not in self.origins:
            return 403, "verzoek geweigerd: het komt niet van deze pagina (andere herkomst)"
        given = headers.get(TOKEN_HEADER) or _query_token(scope)
        # as bytes: compare_digest refuses a str with a non-ASCII character (a TypeError)
        if not given or not secrets.compare_digest(given.encode(), self.token.encode()):
            return (
                403,
                "verzoek geweigerd: de sessiesleutel ontbreekt of klopt niet; "
                "laad de pagina opnieuw",
            )
        return None


def too_large(max_bytes: int) -> str:
    return f"het bestand is groter dan de grens van {max_bytes / (1 << 20):.0f} MB voor een upload"


def _origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def _query_token(scope: Scope) -> str:
    values = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token", [])
    return values[0] if values else ""
