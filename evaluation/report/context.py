"""What every PDF of a run shares: title, parameters, audit block, method texts."""

from __future__ import annotations

from typing import Any

from evaluation import __version__
from evaluation.disclosure.publish import Published
from evaluation.disclosure.rules import rule_text
from evaluation.dutch import SUPPRESSED, long_date
from evaluation.report.suppression_log import readable_log
from evaluation.report.views import LONELY_PSU, design_text, shown
from evaluation.report.withheld import view_of


def common(d: Published, audit: dict[str, Any], title: str) -> dict[str, Any]:
    view = view_of(d)
    p = view["parameters"]
    return {
        "document_title": title,
        "view": view,
        "p": p,
        "year": p["year"],
        "min_n": d.min_n,
        "suppressed": SUPPRESSED,
        "audit": {
            "package_version": __version__,
            "input_name": "",
            "results_hash": "",
            "manifest_hash": None,
            **audit,
        },
        "date": long_date(audit["date"]) if "date" in audit else "",
        "disclosure_rule": rule_text(d.min_n),
        "lonely_text": LONELY_PSU.get(p["lonely_psu"], p["lonely_psu"]),
        "trait_summary": trait_summary(view),
        "design_grade": design_text(p["design_grade"]),
        "design_traits": design_text(p["design_traits"]),
        "readable_log": readable_log(view, d.log_dicts()),
        "overall": view["satisfaction"]["overall"],
        "suppression_log": d.log_dicts(),
    }


def trait_summary(view: dict) -> dict[str, Any]:
    """How many trait tests are significant / testable; df and SE ratio for the method page."""
    tests = [t["test"] for t in (view.get("traits") or {}).values()]
    testable = [t for t in tests if shown(t.get("p_value"))]
    ratios = [t["se_ratio"] for t in testable if shown(t.get("se_ratio"))]
    dfs = [t["df"] for t in testable if shown(t.get("df"))]
    dfs_s = [t["df_stratum"] for t in testable if shown(t.get("df_stratum"))]
    return {
        "total": len(tests),
        "significant": sum(1 for t in testable if t.get("significant") is True),
        "untestable": len(tests) - len(testable),
        "df": min(dfs) if dfs else None,
        "df_stratum": min(dfs_s) if dfs_s else None,
        "se_ratio": sum(ratios) / len(ratios) if ratios else None,
    }
