"""Suppression rules for estimates: grades, statements, distributions and trait groups."""

from __future__ import annotations

from evaluation.disclosure.cells import (
    DISTRIBUTION_FIELDS,
    ESTIMATE_FIELDS,
    PRIMARY,
    SECONDARY,
    TEST_FIELDS,
    Suppressor,
)
from evaluation.disclosure.decide import TABLES
from evaluation.disclosure.linked import NATIONAL, REGRESSION, TRAIT
from evaluation.disclosure.spread import SPREAD, SPREAD_FIELDS
from evaluation.dutch import SUPPRESSED

COEFFICIENT_FIELDS = ("estimate", "se", "ci", "t", "p_value")


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
    for name in sorted(s.decision.changed & set(sat.get("by_spt") or {})):
        # a republished SPT: its count of grades beside the earlier one tells whether the
        # added or removed respondents answered enough statements for a grade
        reason = s.decision.secondary[name]
        s.suppress(["satisfaction", "by_spt", name], ("n",), SECONDARY, 0, reason)
    rel = sat.get("reliability") or {}
    fields = ("alpha", "item_rest", "item_means")
    if rel and s.small(rel.get("n_complete")):
        n = rel["n_complete"]
        s.suppress(["satisfaction", "reliability"], fields, PRIMARY, n, s.primary_reason(n))
    elif rel and s.decision.unit_withheld(TABLES, ""):  # over all respondents: a republished
        reason = s.decision.units[(TABLES, "")]  # year's item means would show the change
        s.suppress(["satisfaction", "reliability"], (*fields, "n_complete"), SECONDARY, 0, reason)
    if s.decision.unit_withheld(TABLES, ""):  # who has a grade tells who answered enough
        reason = s.decision.units[(TABLES, "")]
        s.suppress(["satisfaction"], ("n_with_grade",), SECONDARY, 0, reason)
        s.suppress(["satisfaction", "overall"], ("n",), SECONDARY, 0, reason)


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
        if s.decision.unit_withheld(TABLES, ""):
            republished_valid(s, key)


def republished_valid(s: Suppressor, key: str) -> None:
    """A republished year whose change rests on a few respondents: the statement's count of
    valid answers (and its effective n), beside the one published before, would tell whether
    the added or removed respondents answered it or said 'weet niet'; it is withheld."""
    reason = s.decision.units[(TABLES, "")]  # the log's n is 0: the count itself is withheld
    s.suppress(["items", key], ("n", "n_effective"), SECONDARY, 0, reason)
    s.suppress(["items", key, "agree"], ("n",), SECONDARY, 0, reason)


def choices(s: Suppressor) -> None:
    """Choose-at-most-N questions: each option's share per SPT under rules 1 and 2, as the
    share agreeing per SPT (its n counts the SPT's answers to the question, so it is withheld
    with it); the national share when it rests on too few or the decision withholds it."""
    for key, question in (s.tree.get("choices") or {}).items():
        n = question.get("n")
        for column, option in (question.get("options") or {}).items():
            base = ["choices", key, "options", column]
            if s.small(n):
                s.suppress([*base, "share"], ESTIMATE_FIELDS, PRIMARY, n, s.primary_reason(n))
            elif s.decision.unit_withheld(NATIONAL, f"choices/{key}/{column}"):
                reason = s.decision.units[(NATIONAL, f"choices/{key}/{column}")]
                s.suppress([*base, "share"], ESTIMATE_FIELDS, SECONDARY, 0, reason)
            s.estimate_group(
                [*base, "by_spt"], option.get("by_spt") or {}, ESTIMATE_FIELDS, answers=True
            )
            if s.decision.unit_withheld(TABLES, ""):
                reason = s.decision.units[(TABLES, "")]
                s.suppress([*base, "share"], ("n",), SECONDARY, 0, reason)
        if s.decision.unit_withheld(TABLES, ""):  # a republished year: who ticked any option
            reason = s.decision.units[(TABLES, "")]
            s.suppress(["choices", key], ("n",), SECONDARY, 0, reason)


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
    """Trait groups: withheld below min n or by the decision; a withheld group's n too (it
    would point at the SPT that makes the group), also in the log, which gives the trait's
    total instead; and the test when either group is withheld."""
    for key, trait in (s.tree.get("traits") or {}).items():
        total = sum(int((trait.get(g) or {}).get("n") or 0) for g in ("ja", "nee"))
        withheld = []
        for group in ("ja", "nee"):
            n = int((trait.get(group) or {}).get("n") or 0)
            if s.small(n):
                rule = PRIMARY
                reason = f"groep van minder dan {s.min_n} respondenten"
            elif s.decision.unit_withheld(TRAIT, f"{key}/{group}"):
                rule, reason = SECONDARY, s.decision.units[(TRAIT, f"{key}/{group}")]
            else:
                continue
            withheld.append(group)
            s.suppress(["traits", key, group], (*ESTIMATE_FIELDS, "n"), rule, total, reason)
        if withheld:
            s.suppress(
                ["traits", key, "test"],
                (*TEST_FIELDS, "verdict"),
                SECONDARY,
                total,
                f"vergelijking met groep '{withheld[0]}', die niet gepubliceerd wordt",
            )


def regression(s: Suppressor) -> None:
    """The regression: withheld whole when its coefficients would give away a protected value
    (with few trait patterns it reproduces the mean grade of small groups) or rest on too few."""
    reg = s.tree.get("traits_regression") or {}
    coefs = reg.get("coefficients") or {}
    if not coefs:
        return
    n = int(reg.get("n") or 0)
    if s.decision.unit_withheld(TABLES, ""):  # a republished year: who has all four traits
        s.suppress(["traits_regression"], ("n",), SECONDARY, 0, s.decision.units[(TABLES, "")])
    if s.small(n):
        rule, reason = PRIMARY, s.primary_reason(n)
    elif s.decision.unit_withheld(REGRESSION, ""):
        rule, reason = SECONDARY, s.decision.units[(REGRESSION, "")]
    else:
        return
    for term in coefs:
        s.suppress(["traits_regression", "coefficients", term], COEFFICIENT_FIELDS, rule, n, reason)


def national(s: Suppressor) -> None:
    """National figures the decision withholds (when they would give away an SPT's value)."""
    for (kind, name), reason in s.decision.units.items():
        if kind == SPREAD:
            spread_rule(s, name, reason)
            continue
        if kind != NATIONAL:
            continue
        if name == "grade":
            s.suppress(["satisfaction", "overall"], ESTIMATE_FIELDS, SECONDARY, 0, reason)
        elif name.startswith("items/") and name.count("/") == 1:
            key = name.split("/", 1)[1]
            s.suppress(["items", key, "agree"], ESTIMATE_FIELDS, SECONDARY, 0, reason)
            for i, _ in enumerate((s.tree["items"][key]).get("categories") or []):
                s.marks.append((["items", key, "categories", i], ("share",)))
        elif name.endswith("/n"):  # the national counts per answer, 'weet niet' included
            key = name.split("/")[1]
            cats = (s.tree["items"][key]).get("categories") or []
            s.suppress(["items", key, "weet_niet"], ("n",), SECONDARY, 0, reason)
            for i, _ in enumerate(cats):
                s.marks.append((["items", key, "categories", i], ("n",)))
        elif name.endswith("/weet_niet"):
            key = name.split("/")[1]
            s.suppress(["items", key, "weet_niet"], ("share",), SECONDARY, 0, reason)


VERDICT_SPREAD = "niet getoond: de spreiding zou een weggelaten cijfer prijsgeven"
TEST_SPREAD_FIELDS = tuple(f for f in TEST_FIELDS if f != "difference")  # the estimate stays


def spread_rule(s: Suppressor, unit: str, reason: str) -> None:
    """A spread the decision withholds (`spread_check`): 'name' all of it, 'name|f,g' those
    fields only; never its estimate. A withheld test's verdict says it is not shown."""
    name, _, only = unit.partition("|")
    if name == "grade" or name.startswith("items/"):
        node, fields = (
            (["satisfaction", "overall"] if name == "grade" else ["items", name[6:], "agree"]),
            SPREAD_FIELDS,
        )
    elif name.startswith("choices/"):
        _, question, option = name.split("/")
        node, fields = ["choices", question, "options", option, "share"], SPREAD_FIELDS
    elif name.startswith("kenmerk/"):
        _, trait, group = name.split("/")
        node, fields = ["traits", trait, group], SPREAD_FIELDS
    elif name.startswith("toets/"):
        node, fields = ["traits", name.split("/", 1)[1], "test"], TEST_SPREAD_FIELDS
        test = ((s.tree.get("traits") or {}).get(node[1]) or {}).get("test") or {}
        if not only and test.get("verdict") is not None:  # it names the smallest difference
            test["verdict"] = VERDICT_SPREAD
    elif name == REGRESSION:
        for term in (s.tree.get("traits_regression") or {}).get("coefficients") or {}:
            node = ["traits_regression", "coefficients", term]
            s.suppress(node, ("se", "ci", "t", "p_value"), SECONDARY, 0, reason)
        return
    else:
        return
    s.suppress(node, tuple(only.split(",")) if only else fields, SECONDARY, 0, reason)


def rule_text(min_n: int) -> str:
    """The suppression rule in plain Dutch, for the method page and the JSON."""
    return (
        f"Persoonlijke antwoorden (oordelen, tevredenheid) van een SPT met minder dan {min_n} "
        f"respondenten worden niet gepubliceerd (weergegeven als '{SUPPRESSED}'; het aantal "
        f"respondenten blijft zichtbaar), en ook geen ander cijfer dat op minder dan {min_n} "
        "respondenten rust. Dat besluit valt per SPT, één keer voor alle cijfers samen. "
        "Landelijke cijfers, kenmerkgroepen en de regressie zijn vaste combinaties van "
        "SPT-cijfers; een rekencontrole (de rang van die combinaties) bewijst dat geen "
        "weggelaten cijfer daaruit terug te rekenen is. Waar dat wel kon, is ook een ander SPT, "
        "een kenmerkgroep of de regressie weggelaten, en een spreiding (standaardfout, "
        "interval, vrijheidsgraden) waar die naast de gepubliceerde cijfers een weggelaten "
        "cijfer zou vastleggen; het cijfer zelf blijft dan staan. "
        "Feiten over een SPT (partners, structuur, "
        "activiteiten) zijn geen persoonlijke antwoorden: die worden voor elk SPT getoond."
    )
