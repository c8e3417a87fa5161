"""What a finished run shows first on its page: the annual report's Samenvatting as its render
wrote it (`worker.SUMMARY_NAME`, the sentences the PDF prints) and key figures read from the
published results.json (the same file the PDF carries): nothing is computed here."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from evaluation.dutch import number, percent
from evaluation.results import Results
from evaluation.web.worker import SUMMARY_NAME


def key_figures(results: Path | None) -> list[tuple[str, str]]:
    """(label, value) pairs: the national grade with its interval, respondents, SPTs with a
    published grade, and how many values disclosure withheld; [] when the file is unreadable.
    The file is read as the typed published Results (None where withheld) beside its
    'disclosure' block."""
    if results is None:
        return []
    try:
        tree = json.loads(results.read_text(encoding="utf-8"))
        disclosure = tree.pop("disclosure", None) if isinstance(tree, dict) else None
        published = Results.model_validate(tree)
    except (OSError, ValueError, ValidationError):
        return []
    out = []
    overall = published.satisfaction.overall
    lo, hi = overall.ci
    label = "Tevredenheidsscore (1-5), landelijk"  # the report's word for it
    if overall.estimate is None:
        out.append((label, "niet te schatten"))
    else:
        known = lo is not None and hi is not None
        parts = [
            f"95%-interval {number(lo, 1)} – {number(hi, 1)}"
            if known
            else "onzekerheid niet te schatten"
        ]
        if overall.n is not None:
            parts.append(f"n = {number(overall.n, 0)}")
        out.append((label, f"{number(overall.estimate, 1)} ({'; '.join(parts)})"))
    response = published.response
    out.append(("Geldige respondenten", number(response.n, 0)))
    if response.rate is not None and not response.invited_assumed:
        out.append(("Respons", percent(response.rate)))
    by_spt = published.satisfaction.by_spt
    shown_spts = sum(1 for g in by_spt.values() if g.estimate is not None)
    out.append(("Servicepunten met een gepubliceerd cijfer", f"{shown_spts} van {len(by_spt)}"))
    agree = [(i.short or i.label, i.agree.estimate) for i in published.items.values()]
    top = [(label, share) for label, share in agree if label and share is not None]
    if top:
        label, share = max(top, key=lambda t: t[1])
        out.append(("Meeste instemming", f"{label}: {percent(share)}"))
    if isinstance(disclosure, dict) and isinstance(disclosure.get("suppressed"), list):
        k = disclosure.get("min_n")
        count = number(len(disclosure["suppressed"]), 0)
        out.append((f"Weggelaten of hertelde cijfers (minimale n {k})", count))
    return out


def written_summary(folder: Path) -> dict | None:
    """The Samenvatting the render wrote beside the PDF; None when there is none (a render of
    an earlier version) or it is unreadable."""
    try:
        data = json.loads((folder / SUMMARY_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("lead"), list):
        return None
    return data
