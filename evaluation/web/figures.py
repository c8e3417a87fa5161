"""What a finished run shows first on its page: the annual report's Samenvatting as its render
wrote it (`worker.SUMMARY_NAME`, the sentences the PDF prints) and key figures read from the
published results.json (the same file the PDF carries): nothing is computed here."""

from __future__ import annotations

import json
from pathlib import Path

from evaluation.dutch import number, percent
from evaluation.web.worker import SUMMARY_NAME


def key_figures(results: Path | None) -> list[tuple[str, str]]:
    """(label, value) pairs: the national grade with its interval, respondents, SPTs with a
    published grade, and how many values disclosure withheld; [] when the file is unreadable."""
    if results is None:
        return []
    try:
        tree = json.loads(results.read_text(encoding="utf-8"))
        sat = tree["satisfaction"]
        overall = sat["overall"]
    except (OSError, ValueError, KeyError, TypeError):
        return []
    out = []
    grade = overall.get("estimate")
    ci = overall.get("ci") or [None, None]
    label = "Tevredenheidsscore (1-5), landelijk"  # the report's word for it
    if grade is None:
        out.append((label, "niet te schatten"))
    else:
        known = ci[0] is not None and ci[1] is not None
        parts = [
            f"95%-interval {number(ci[0], 1)} – {number(ci[1], 1)}"
            if known
            else "onzekerheid niet te schatten"
        ]
        if overall.get("n") is not None:
            parts.append(f"n = {number(overall['n'], 0)}")
        out.append((label, f"{number(grade, 1)} ({'; '.join(parts)})"))
    response = tree.get("response") or {}
    if response.get("n") is not None:
        out.append(("Geldige respondenten", number(response["n"], 0)))
    if response.get("rate") is not None and not response.get("invited_assumed"):
        out.append(("Respons", percent(response["rate"])))
    by_spt = sat.get("by_spt") or {}
    shown_spts = sum(1 for g in by_spt.values() if (g or {}).get("estimate") is not None)
    out.append(("Servicepunten met een gepubliceerd cijfer", f"{shown_spts} van {len(by_spt)}"))
    items = tree.get("items") or {}
    if isinstance(items, dict) and items:
        agree = [
            (i.get("short") or i.get("label"), (i.get("agree") or {}).get("estimate"))
            for i in items.values()
            if isinstance(i, dict)
        ]
        top = [(label, share) for label, share in agree if label and share is not None]
        if top:
            label, share = max(top, key=lambda t: t[1])
            out.append(("Meeste instemming", f"{label}: {percent(share)}"))
    suppressed = (tree.get("disclosure") or {}).get("suppressed")
    if isinstance(suppressed, list):
        k = (tree.get("disclosure") or {}).get("min_n")
        out.append((f"Weggelaten of hertelde cijfers (minimale n {k})", number(len(suppressed), 0)))
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
