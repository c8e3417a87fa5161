"""What every PDF of a run shares: title, parameters, audit block, method texts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from evaluation import __version__
from evaluation.analysis.wording import caveat_text, method_page
from evaluation.disclosure.publish import Published
from evaluation.dutch import SUPPRESSED, long_date
from evaluation.report.suppression_log import readable_log
from evaluation.report.views import shown
from evaluation.report.withheld import figure_text, figures
from evaluation.results import Caveat, TraitComparison


def common(d: Published, audit: dict[str, Any], title: str) -> dict[str, Any]:
    """What every PDF of the run shows: `results` (typed, None where withheld) for labels and
    counts, `overall` as the templates print it; `suppressed` is the mark the legend explains."""
    p = d.results.parameters.model_dump(mode="json")
    return {
        "document_title": title,
        "results": d.results,
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
        "method": method_page(p, d.min_n),
        "caveats": method_caveats(d.results.caveats),
        "trait_summary": trait_summary(d.results.traits),
        "readable_log": readable_log(d, d.log_dicts()),
        "overall": figures(d, d.results.satisfaction.overall, "satisfaction", "overall"),
        "counts": method_counts(d),
        "suppression_log": d.log_dicts(),
    }


def method_counts(d: Published) -> dict[str, str]:
    """The method page's counts as printed: "x" where withheld (a republished year)."""
    sat = d.results.satisfaction
    rel = sat.reliability
    return {
        "n_with_grade": figure_text(
            d, sat.n_with_grade, "satisfaction", "n_with_grade", decimals=0
        ),
        "n_complete": figure_text(
            d,
            rel.n_complete if rel else None,
            "satisfaction",
            "reliability",
            "n_complete",
            decimals=0,
        ),
    }


def method_caveats(caveats: list[Caveat]) -> dict[str, list[str]]:
    """Caveat sentences by the method-page bullet they belong to: the grade design, the trait
    design, the lonely-PSU rule (of the grade design). The regression's and the response rates'
    caveats are printed as the notes under their own tables."""
    placed: dict[str, list[str]] = {"grade": [], "traits": [], "lonely": []}
    for c in caveats:
        if c.code in ("regression_caveat", "response_rate_assumed"):
            continue
        if c.code == "trait_not_testable":
            where = "traits"
        elif c.code == "lonely_stratum" and c.design == "grade":
            where = "lonely"
        else:
            where = c.design
        placed[where].append(caveat_text(c))
    return placed


def trait_summary(traits: Mapping[str, TraitComparison]) -> dict[str, Any]:
    """How many trait tests are significant / testable; df and SE ratio for the method page."""
    tests = [t.test for t in traits.values()]
    testable = [t for t in tests if shown(t.p_value)]
    ratios = [t.se_ratio for t in testable if shown(t.se_ratio)]
    dfs = [t.df for t in testable if shown(t.df)]
    dfs_s = [t.df_stratum for t in testable if shown(t.df_stratum)]
    return {
        "total": len(tests),
        "significant": sum(1 for t in testable if t.significant is True),
        "untestable": len(tests) - len(testable),
        "df": min(dfs) if dfs else None,
        "df_max": max(dfs) if dfs else None,
        "df_stratum": min(dfs_s) if dfs_s else None,
        "se_ratio": sum(ratios) / len(ratios) if ratios else None,
    }
