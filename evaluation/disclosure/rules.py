"""Suppression rules for estimates: grades, statements, distributions and trait groups."""

from __future__ import annotations

from evaluation.disclosure.cells import (
    DISTRIBUTION_FIELDS,
    ESTIMATE_FIELDS,
    PRIMARY,
    TEST_FIELDS,
    Suppressor,
)
from evaluation.dutch import SUPPRESSED


def satisfaction(s: Suppressor) -> None:
    sat = s.tree.get("satisfaction") or {}
    overall = sat.get("overall") or {}
    if s.small(overall.get("n")):
        s.suppress(
            ["satisfaction", "overall"],
            ESTIMATE_FIELDS,
            PRIMARY,
            overall["n"],
            s.primary_reason(overall["n"]),
        )
    s.estimate_group(["satisfaction", "by_spt"], sat.get("by_spt") or {}, ESTIMATE_FIELDS)
    rel = sat.get("reliability") or {}
    if rel and s.small(rel.get("n_complete")):
        s.suppress(
            ["satisfaction", "reliability"],
            ("alpha", "item_rest", "item_means"),
            PRIMARY,
            rel["n_complete"],
            s.primary_reason(rel["n_complete"]),
        )


def items(s: Suppressor) -> None:
    for key, item in (s.tree.get("items") or {}).items():
        n = item.get("n")
        if s.small(n):
            reason = s.primary_reason(n)
            s.suppress(["items", key], ("n_effective",), PRIMARY, n, reason)
            for i, _ in enumerate(item.get("categories") or []):
                s.marks.append((["items", key, "categories", i], ("share",)))
            s.marks.append((["items", key, "weet_niet"], ("share",)))
            s.marks.append((["items", key, "agree"], ESTIMATE_FIELDS))
        s.estimate_group(
            ["items", key, "agree_by_spt"],
            item.get("agree_by_spt") or {},
            ESTIMATE_FIELDS,
            answers=True,
        )
        distribution_group(s, key, item.get("distribution_by_spt") or {})


def distribution_group(s: Suppressor, key: str, cells: dict[str, dict]) -> None:
    """Per-SPT answer distributions: rules 1 and 2 on the SPT's valid answers (the national
    distribution is the mean of the SPT distributions), withholding every share and count of
    a suppressed SPT, 'weet niet' included, and the SPT's number of valid answers (it would
    tell whether a small SPT's respondents answered); the log names its respondents."""
    sizes = {
        k: int(c.get("n") or 0)
        for k, c in cells.items()
        if any(cat.get("share") is not None for cat in c.get("categories") or [])
        or s.small(c.get("n"))
    }
    base = ["items", key, "distribution_by_spt"]
    for name in s.group(base, sizes, (*DISTRIBUTION_FIELDS, "n"), answers=True):
        s.marks.append(([*base, name], ("n",)))
        for i, _ in enumerate(cells[name].get("categories") or []):
            s.marks.append(([*base, name, "categories", i], ("share", "n")))
        s.marks.append(([*base, name, "weet_niet"], ("share", "n")))


def traits(s: Suppressor) -> None:
    for key, trait in (s.tree.get("traits") or {}).items():
        small = []
        for group in ("ja", "nee"):
            g = trait.get(group) or {}
            if s.small(g.get("n")):
                small.append(group)
                s.suppress(
                    ["traits", key, group],
                    ESTIMATE_FIELDS,
                    PRIMARY,
                    g["n"],
                    s.primary_reason(g["n"]),
                )
        if small:
            n = min(int((trait.get(g) or {}).get("n", 0)) for g in small)
            s.suppress(
                ["traits", key, "test"],
                (*TEST_FIELDS, "verdict"),
                PRIMARY,
                n,
                f"vergelijking met groep '{small[0]}' die op minder dan {s.min_n} "
                "respondenten rust",
            )


def rule_text(min_n: int) -> str:
    """The suppression rule in plain Dutch, for the method page and the JSON."""
    return (
        f"Een cijfer dat op minder dan {min_n} respondenten rust, wordt niet gepubliceerd "
        f"(weergegeven als '{SUPPRESSED}'; het aantal respondenten blijft zichtbaar). Zou een "
        "weggelaten SPT-cijfer uit het landelijke cijfer en de andere SPT's terug te rekenen "
        f"zijn op minder dan {min_n} respondenten, dan wordt ook het SPT met de kleinste "
        "respons weggelaten. Tellingen van SPT's tellen alleen de gepubliceerde SPT's; waar dat "
        "niet kan, wordt een telling van geen of alle SPT's weggelaten."
    )
