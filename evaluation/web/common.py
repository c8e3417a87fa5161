"""What every page handler shares: rendering a template, the Dutch failure page, reading a form,
checking numbers from a path or a form, and opening the store."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from evaluation.errors import ErrorCode, InputError, visible
from evaluation.limits import MB
from evaluation.report.render import make_environment
from evaluation.routine.year_check import stored_waves
from evaluation.store.db import connect
from evaluation.web.guard import TooLarge
from evaluation.web.state import State

ENV = make_environment()


def state_of(request: Request) -> State:
    return request.app.state.spt


def page(request: Request, name: str, code: int = 200, **context) -> HTMLResponse:
    state = state_of(request)
    html = ENV.get_template(f"web/{name}.html").render(
        token=state.token,
        path=request.url.path,
        upload_mb=state.max_bytes // MB,
        work=str(state.work.root),
        keep_days=state.keep_days,
        **context,
    )
    return HTMLResponse(html, status_code=code)


def failure(request: Request, message: str, code: int = 400) -> HTMLResponse:
    """A Dutch message where the page's outcome would be (htmx swaps 4xx and 5xx too)."""
    return page(request, "fout", code, message=visible(message))


def go(request: Request, url: str) -> Response:
    """After a POST: to the page that shows its outcome (for htmx, which would follow a 303
    inside the page, a header that makes the browser load it)."""
    if request.headers.get("hx-request"):
        return Response(status_code=200, headers={"HX-Redirect": url})
    return RedirectResponse(url, status_code=303)


async def read_form(request: Request, max_files: int = 2) -> dict:
    """The form's fields; a broken or oversized body is one Dutch message."""
    try:
        form = await request.form(max_files=max_files, max_fields=500)
    except TooLarge:
        raise
    except Exception:  # noqa: BLE001 - python-multipart's own texts are English
        raise InputError(ErrorCode.FORM_UNREADABLE) from None
    return dict(form)


def whole_number(text: object, what: str, low: int, high: int) -> int:
    """A whole number from a path or form within [low, high]; anything else (a 5000-digit
    number, '²', '-1') is one Dutch InputError, never an exception from int()."""
    s = str(text).strip()
    if not (s.isascii() and s.isdigit() and len(s) <= len(str(high))):
        raise InputError(ErrorCode.NUMBER_RANGE, what=what, low=low, high=high)
    value = int(s)
    if not low <= value <= high:
        raise InputError(ErrorCode.NUMBER_RANGE, what=what, low=low, high=high)
    return value


def open_store(state: State, create: bool = False):
    """The store's connection (opened and closed in one thread), or None when there is none."""
    if not create and not state.store.is_file():
        return None
    return connect(state.store, create=create)


def waves_in_store(state: State) -> dict[int, tuple[str, str]]:
    """The store's current waves (year -> file name, SHA-256), read in this one thread."""
    con = open_store(state)
    try:
        return stored_waves(con)
    finally:
        if con is not None:
            con.close()
