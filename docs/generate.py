"""Write the generated docs: docs/results-json.md from the `Results` model and a demo run.

    .venv/bin/python docs/generate.py          # rewrite the generated files
    .venv/bin/python docs/generate.py --check  # exit 1 when a committed file is out of date

Types, required keys and defaults come from `Results.model_json_schema()`; a key's
description comes from the model (`Field(description=...)` or a model docstring) and, where
the model has none, from FIELD_NOTES below. The `disclosure` block and the table catalogue
come from running intake, analysis and disclosure on the shipped demo export, so they show
what a real results.json holds. `tests/test_docs.py` fails when a committed file differs
from what this script writes, or when a key has no description.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from evaluation.results import Results  # noqa: E402

DOCS = ROOT / "docs"
DEMO = ROOT / "surveys" / "spt2015" / "demo_responses.csv"
COMMAND = ".venv/bin/python docs/generate.py"

# Descriptions for keys whose model field has no description of its own ("Model.field").
# Prefer adding `Field(description=...)` in evaluation/results.py; then drop the note here.
FIELD_NOTES: dict[str, str] = {
    "ResponseRateAssumed.spts": "SPTs whose invited count the register marks as an assumption.",
    "NoFpc.counts": "Per SPT in below_respondents: its respondents and invited (register).",
    "Counts.excluded": "Rows set aside as test, preview or unfinished responses.",
    "Counts.excluded_by_reason": "Excluded rows per reason (Dutch label, no raw value).",
    "Parameters.absent_questions": "Questions the export lacks and settings.yaml allows (id -> "
    "title).",
    "Parameters.fact_questions": "Questions the codebook marks as facts about the SPT, with their "
    "columns.",
    "Regression.aliased": "Terms dropped as R's svyglm does: a linear combination of the others.",
    "Results.grade_cells": "The grade per SPT and trait answers: the cells every grade figure "
    "combines.",
    "Results.choices": "Choose-at-most-N questions (success factors, bottlenecks), keyed by "
    "question id; empty for a year that did not ask them.",
    "GradeCell.traits": "Per trait id: 1 (ja), 0 (nee) or null (weet niet or no answer).",
    "ChoiceOption.label": "The option's text in the codebook.",
    "ChoiceOption.share": "Share of the respondents who answered the question that chose this "
    "option, every SPT counting equally (logit interval; Korn-Graubard at 0 or 1).",
    "ChoiceOption.by_spt": "The same share per SPT (withheld as an SPT's other personal answers).",
    "ChoiceQuestion.label": "The question text.",
    "ChoiceQuestion.short": "Its short title in tables.",
    "ChoiceQuestion.table": "The section of the 2015 report it replaces (2.4, 2.5).",
    "ChoiceQuestion.max_choices": "Most options a respondent may choose; more is an item fault at "
    "intake.",
    "ChoiceQuestion.n": "Respondents who chose at least one option (the denominator)."
    " Null where withheld (a republished year, where it would show the change).",
    "ChoiceQuestion.options": "Per option (its codebook column), the share choosing it.",
    "LonelyStratum.single_respondent": "Of `strata`, the SPTs with one respondent; the others "
    "are lonely only for figures where one respondent gave a valid value.",
    "NoFpc.assumed": "SPTs whose invited count the register marks as an assumption.",
    "Estimate.df_design": "R's degf of the rows used (the design df), beside `df`.",
    "Estimate.se_nofpc": "SE without fpc: what a change between years is tested on.",
    "Estimate.df_nofpc": "Effective df of `se_nofpc`.",
    "Estimate.reason": "Why the spread cannot be estimated ('niet te schatten: ...'), else null.",
    "FewSptsCarryVariance.design": "The design of the figure: always the grade's.",
    "FewSptsCarryVariance.spts": "The fewest SPTs that carry half the variance or more (their "
    "exact share is not published: with the SE it would reveal a one-person SPT's answer).",
    "FewSptsCarryVariance.respondents": "Respondents with a grade per SPT named.",
    "FewSptsCarryVariance.df": "Effective df of the national grade.",
    "FewSptsCarryVariance.df_design": "Design df of the national grade (R degf).",
    "Results.parameters": "Every choice behind the figures (method page, audit).",
    "Results.response": "Overall response; the details per SPT are in `tables.respons_spt`.",
    "Results.satisfaction": "The satisfaction grade (*rapportcijfer*) overall and per SPT.",
    "Results.items": "Statements of figures 1.2 and 2.1, keyed by question id.",
    "Results.traits": "Table 2.2: the grade by organisational trait, keyed by question id.",
    "Results.traits_regression": "One regression of the grade on all traits together.",
    "Results.tables": "The report's descriptive tables, keyed by table key (catalogue below).",
    "Results.caveats": "Facts about how some figures were computed, one object per caveat, "
    "told apart by `code`; the PDF words them in Dutch (`evaluation/analysis/wording.py`).",
    "_Caveat.applies_to": "JSON pointers (RFC 6901) into results.json of the figures it concerns.",
    "LonelyStratum.design": "The design concerned: `grade` or `traits`.",
    "LonelyStratum.strata": "The strata (SPTs) with a single PSU.",
    "LonelyStratum.rule": "The lonely-PSU rule that estimated them.",
    "InvitedAssumed.design": "The design concerned: `grade` or `traits`.",
    "InvitedAssumed.spts": "SPTs whose invited count the register marks as an assumption.",
    "NoFpc.design": "The design concerned: `grade` or `traits`.",
    "NoFpc.unknown": "SPTs without an invited count.",
    "NoFpc.below_respondents": "SPTs with fewer invited than respondents.",
    "DesignChoiceDropped.design": "The design concerned: `grade` or `traits`.",
    "DesignChoiceDropped.setting": "The setting that applied to no SPT (e.g. `fpc`).",
    "DesignChoiceDropped.value": "Its value in the settings.",
    "TraitNotTestable.trait": "Question id of the trait.",
    "TraitNotTestable.label": "The trait question (Dutch).",
    "TraitNotTestable.reason": "Its Dutch verdict (why it could not be tested).",
    "RegressionCaveat.design": "The design concerned (`traits`).",
    "RegressionCaveat.n": "Respondents in the regression.",
    "RegressionCaveat.df": "Its residual degrees of freedom.",
    "RegressionCaveat.reason": "Why it could not be fitted; null when it was.",
    "Parameters.year": "Year of the survey wave (settings `year`, or `--year`).",
    "Parameters.weighting": "Weighting record: `method`, `formula` (`w = 1 / (K * n_k)`), "
    "`by`, `K`, `n`, `n_k` per SPT, `scale`, `total` (sum of the weights).",
    "Parameters.design_grade": "Design of the grades: `strata`, `psu`, `fpc`, `lonely_psu` "
    "and a Dutch `description`.",
    "Parameters.design_traits": "Design of the trait comparisons, same keys as `design_grade`.",
    "Parameters.lonely_psu": "Lonely-PSU rule of the grade design (`fail`, `adjust`, "
    "`average`, `remove` or `certainty`).",
    "Parameters.fpc": "Finite population correction: `column`, `by_spt` (invited counts used), "
    "`unknown` and `below_respondents` (SPTs without fpc), `assumed`, Dutch `rule`.",
    "Parameters.confidence": "Confidence level of every interval (0.95).",
    "Parameters.ci_distribution": "`t` (on the design's degrees of freedom) or `normal`.",
    "Parameters.min_n": "Minimum unweighted n for publication (used by disclosure, not here).",
    "Parameters.band": "Band rule: `rule`, `threshold`, `inclusive`, `labels`.",
    "Parameters.consensus": "Consensus rule of tables 1.4, 1.7, 1.8: `rule`, `share`.",
    "Parameters.mdd": "Minimum detectable difference: `alpha`, `power`, `formula`, `direction`.",
    "Parameters.rounding": "Display rounding: `rule` (`half_up`), `decimals`.",
    "Parameters.rules": "Dutch text of every derivation rule for the method page, by topic.",
    "Parameters.codebook_version": "The codebook's `version`.",
    "Parameters.codebook_sha256": "SHA-256 of the codebook file.",
    "Parameters.register_sha256": "SHA-256 of the service-point register file.",
    "Parameters.settings_sha256": "SHA-256 of the settings file.",
    "Parameters.input_sha256": "SHA-256 of the survey export.",
    "Parameters.input_file": "Path of the survey export as given (`verify` compares its name).",
    "Parameters.counts": "Intake counts: rows read = valid + quarantined.",
    "Counts.rows_read": "Data rows read from the export (blank lines not counted).",
    "Counts.valid": "Rows that passed validation.",
    "Counts.quarantined": "Rows set aside in the quarantine, with their reasons.",
    "Counts.item_errors": "Answers that could not be used and now count as missing.",
    "Response.n": "Valid respondents.",
    "Response.n_spt": "SPTs with at least one valid respondent.",
    "Response.invited": "Invited in total (register); null when unknown.",
    "Response.rate": "Response rate, 0..1.",
    "Response.invited_assumed": "True when the invited counts are an assumption (2015).",
    "Satisfaction.label": "Dutch label of the grade.",
    "Satisfaction.items": "Question ids of the statements in the grade.",
    "Satisfaction.reverse_items": "Items scored reversed (6 − x).",
    "Satisfaction.min_valid": "Valid items a respondent needs for a grade.",
    "Satisfaction.n_with_grade": "Respondents with a grade."
    " Null where withheld (a republished year, where it would show the change).",
    "Satisfaction.overall": "Weighted overall grade on 1..5 (mean of the SPT means).",
    "Satisfaction.by_spt": "Grade per SPT (a domain mean) with its band, keyed by SPT name.",
    "Satisfaction.reliability": "Cronbach's alpha and item statistics of the grade's items.",
    "Estimate.estimate": "The estimate (a grade on 1..5 or a share in 0..1).",
    "Estimate.se": "Design-based standard error (Taylor linearisation).",
    "Estimate.ci": "Confidence interval `[low, high]`.",
    "Estimate.n": "Unweighted respondents with a value; null only where disclosure withheld it.",
    "Estimate.df": "Degrees of freedom of the interval and tests: the Satterthwaite effective df "
    "(docs/method.md); with one stratum the design df among the rows used.",
    "Estimate.deff": "Design effect against simple random sampling with replacement.",
    "SptGrade.band": "*beneden gemiddeld*, *gemiddeld* or *boven gemiddeld*; null below min n.",
    "ReliabilityOut.alpha": "Cronbach's alpha (unweighted, reverse-coded items).",
    "ReliabilityOut.n_complete": "Respondents with every item valid (alpha rests on them)."
    " Null where withheld (a republished year, where it would show the change).",
    "ReliabilityOut.k": "Number of items.",
    "ReliabilityOut.item_rest": "Item-rest correlation per item.",
    "ReliabilityOut.item_means": "Unweighted mean per item (reverse-coded).",
    "ItemDistribution.label": "The statement as asked (Dutch).",
    "ItemDistribution.short": "Short label for charts.",
    "ItemDistribution.figure": "Figure of the 2015 report (`1.2` or `2.1`).",
    "ItemDistribution.reverse": 'True for the reversed statement ("de werking moet beter").',
    "ItemDistribution.n": "Unweighted valid answers (*weet niet* excluded); null where withheld "
    "(a republished year: it would tell whether an added respondent answered).",
    "ItemDistribution.n_effective": "Kish effective n, (Σw)²/Σw², of those answers' weights.",
    "ItemDistribution.categories": "Weighted share per answer among the valid answers.",
    "ItemDistribution.weet_niet": "`{share, n}`: *weet niet* as a share of everyone who "
    "answered the statement (it is not in the denominator of `categories`).",
    "ItemDistribution.agree": "Share *(helemaal) eens* (the two highest codes), logit CI.",
    "ItemDistribution.agree_by_spt": "The same per SPT, keyed by SPT name.",
    "ItemDistribution.distribution_by_spt": "Each SPT's own answer distribution, keyed by SPT "
    "name (empty in results files written before it was added).",
    "Category.code": "Answer code on the scale.",
    "Category.label": "Answer label (Dutch).",
    "Category.share": "Weighted share of the valid answers (*weet niet* excluded).",
    "Category.n": "Unweighted respondents giving this answer.",
    "SptCategory.code": "Answer code on the scale.",
    "SptCategory.share": "Share of the SPT's valid answers (*weet niet* excluded).",
    "SptCategory.n": "Respondents of the SPT giving this answer; null once withheld.",
    "SptDistribution.n": "The SPT's unweighted valid answers; null once withheld.",
    "SptDistribution.categories": "The SPT's share per answer.",
    "SptDistribution.weet_niet": "`{share, n}`: *weet niet* as a share of the SPT's "
    "respondents who answered the statement.",
    "TraitComparison.label": "The trait question (Dutch).",
    "TraitComparison.short": "Short label.",
    "TraitComparison.n_spt_ja": "SPTs with at least one *ja* respondent.",
    "TraitComparison.n_spt_nee": "SPTs with at least one *nee* respondent.",
    "TraitComparison.ja": "Grade of respondents answering *ja* (domain mean, SPT as cluster).",
    "TraitComparison.nee": "Grade of respondents answering *nee*.",
    "TraitComparison.test": "The design-based comparison *ja* minus *nee*.",
    "TraitTest.direction": "Always `ja min nee`.",
    "TraitTest.difference": "Grade *ja* minus grade *nee*.",
    "TraitTest.se": "Standard error of the difference (SPT as cluster).",
    "TraitTest.ci": "Confidence interval of the difference.",
    "TraitTest.t": "t statistic (as R `svyttest`).",
    "TraitTest.df": "Degrees of freedom of the test (clusters − 1 − 1).",
    "TraitTest.p_value": "Two-sided p-value.",
    "TraitTest.mdd": "Minimum detectable difference (*kleinste aantoonbare verschil*).",
    "TraitTest.significant": "p below `mdd.alpha`; null when there is no test.",
    "TraitTest.verdict": "The plain-Dutch verdict printed in table 2.2.",
    "TraitTest.design": "Dutch description of the design used.",
    "TraitTest.se_stratum": "SE of the same difference with the SPT as stratum.",
    "TraitTest.df_stratum": "Degrees of freedom with the SPT as stratum.",
    "TraitTest.se_ratio": "`se / se_stratum`: how much the cluster choice widens the SE.",
    "Regression.formula": "Model formula as printed, e.g. `cijfer ~ trekker + manager + ...`.",
    "Regression.design": "Dutch description of the design (SPT as cluster).",
    "Regression.n": "Respondents with a grade and a *ja*/*nee* answer to every trait."
    " Null where withheld (a republished year, where it would show the change).",
    "Regression.df": "Residual design degrees of freedom (very few with few clusters).",
    "Regression.coefficients": "Per term (`(Intercept)` and each trait id).",
    "Regression.note": "Dutch caveat printed under the regression.",
    "Coefficient.estimate": "Coefficient.",
    "Coefficient.se": "Design-based standard error.",
    "Coefficient.ci": "Confidence interval.",
    "Coefficient.t": "t statistic.",
    "Coefficient.p_value": "Two-sided p-value.",
    "Table.title": "Dutch title, as in the report.",
    "Table.columns": "The columns in display order.",
    "Table.rows": "One object per row: column key → value.",
    "Table.notes": "Dutch notes printed under the table.",
    "Column.key": "Key of the value in each row.",
    "Column.label": "Dutch column header.",
    "Column.kind": "How the value is shown (the kinds above).",
}

# Models without a docstring of their own.
MODEL_NOTES: dict[str, str] = {
    "Results": "The whole file.",
    "Satisfaction": "The satisfaction grade: per respondent the mean of the valid items of "
    "figure 2.1, the reversed item as 6 − x; published as the weighted mean.",
    "ReliabilityOut": "Reliability of the grade's items.",
    "Category": "One answer in a national statement distribution.",
    "GroupGrade": "Grade of one trait group (*ja* or *nee*); the keys of an Estimate.",
    "TraitComparison": "One trait of table 2.2.",
    "Coefficient": "One term of the regression.",
    "Regression": "Design-based linear regression (as R `svyglm`, gaussian), SPT as cluster.",
    "Counts": "What intake read.",
}

# The published `disclosure` block (added by evaluation.disclosure, not part of Results).
DISCLOSURE_NOTES: dict[str, str] = {
    "min_n": "The minimum n applied (settings `min_n`, or `--min-n`).",
    "rule": "The suppression rule in Dutch, as printed on the method page.",
    "suppressed": "Every withheld or recounted figure, in the order applied.",
}
SUPPRESSION_NOTES: dict[str, str] = {
    "path": "JSON pointer (RFC 6901) to the figure, e.g. `/satisfaction/by_spt/Twente`.",
    "rule": "`primair` (below min n), `secundair` (withheld so that a small cell cannot be "
    "recovered from a total) or `hertelling` (a count recounted over published SPTs).",
    "n": "The unweighted n the figure rests on (for a per-SPT statement figure: the SPT's "
    "respondents).",
    "reason": "Why, in Dutch.",
    "fields": "The keys under `path` that were set to null.",
}


class Undocumented(Exception):
    """A key with no description anywhere."""


def _type(schema: dict[str, Any]) -> str:
    """A JSON-schema fragment as a short readable type, linking to model tables."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return f"[{name}](#{name.lower()})"
    if "anyOf" in schema:
        parts = [_type(s) for s in schema["anyOf"]]
        return " or ".join(dict.fromkeys(parts))
    if "oneOf" in schema:
        return "one of " + ", ".join(_type(s) for s in schema["oneOf"])
    if "enum" in schema:
        return "one of " + ", ".join(f"`{v}`" for v in schema["enum"])
    if "const" in schema:
        return f"`{schema['const']}`"
    kind = schema.get("type")
    if kind == "array":
        if "prefixItems" in schema:
            return "[" + ", ".join(_type(s) for s in schema["prefixItems"]) + "]"
        return "list of " + _type(schema.get("items", {}))
    if kind == "object":
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict) and extra:
            return "map of string → " + _type(extra)
        return "object"
    return kind or "any"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _models_in_order(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Results first, then every referenced model in the order it is first met."""
    defs = schema.get("$defs", {})
    order: list[str] = []
    seen: set[str] = set()

    def refs(node: Any) -> list[str]:
        if isinstance(node, dict):
            out = [node["$ref"].rsplit("/", 1)[-1]] if "$ref" in node else []
            for v in node.values():
                out += refs(v)
            return out
        if isinstance(node, list):
            return [r for v in node for r in refs(v)]
        return []

    queue = ["Results"]
    while queue:
        name = queue.pop(0)
        if name in seen:
            continue
        seen.add(name)
        order.append(name)
        model = schema if name == "Results" else defs[name]
        queue += [r for r in refs(model.get("properties", {})) if r not in seen]
    return [(n, schema if n == "Results" else defs[n]) for n in order]


def _inherited(name: str, key: str) -> str | None:
    """A note for Model.key, also via a base model (SptGrade and GroupGrade are Estimates)."""
    model = getattr(sys.modules["evaluation.results"], name, None)
    for base in getattr(model, "__mro__", ()):
        note = FIELD_NOTES.get(f"{base.__name__}.{key}")
        if note:
            return note
    return None


def model_table(name: str, model: dict[str, Any]) -> list[str]:
    description = model.get("description") or MODEL_NOTES.get(name)
    if not description:
        raise Undocumented(f"model {name}: add a docstring in evaluation/results.py")
    lines = [f"### {name}", "", _cell(description), ""]
    props = model.get("properties", {})
    own = [k for k in props if f"{name}.{k}" in FIELD_NOTES or "description" in props[k]]
    if name == "GroupGrade" and not own:
        lines += ["Same keys as [Estimate](#estimate).", ""]
        return lines
    lines += ["| key | type | required | description |", "|---|---|---|---|"]
    required = set(model.get("required", []))
    for key, prop in props.items():
        text = prop.get("description") or _inherited(name, key)
        if not text and "const" in prop:  # a discriminator: its value is its meaning
            text = f"Always `{prop['const']}`: the kind of this object."
        if not text:
            raise Undocumented(
                f"{name}.{key}: add Field(description=...) in evaluation/results.py "
                "or a note in FIELD_NOTES in docs/generate.py"
            )
        if key in required:
            need = "yes"
        elif "default" not in prop:
            need = "no (empty when absent)"
        else:
            need = f"no (default `{json.dumps(prop.get('default'), ensure_ascii=False)}`)"
        lines.append(f"| `{key}` | {_cell(_type(prop))} | {need} | {_cell(text)} |")
    return [*lines, ""]


def demo_run() -> tuple[Results, dict[str, Any]]:
    """Results and the published results.json tree of the shipped demo export."""
    from evaluation.pipeline import load_inputs, run_survey

    run = run_survey(DEMO, load_inputs())
    return run.results, json.loads(run.published.to_json())  # results.json as published


def disclosure_section(published: dict[str, Any]) -> list[str]:
    block = published["disclosure"]
    lines = [
        "## The `disclosure` block (published results.json only)",
        "",
        "`spt-eval analyse` writes Results as computed; `spt-eval report` writes the "
        "**published** results.json: the same keys, every withheld value set to `null`, and "
        "one more top-level key, `disclosure` (see [method.md](method.md#small-cell-"
        "suppression) for the rules).",
        "",
        "| key | type | description |",
        "|---|---|---|",
    ]
    for key, notes in ((k, DISCLOSURE_NOTES.get(k)) for k in sorted(block)):
        if not notes:
            raise Undocumented(f"disclosure.{key}: add a note in DISCLOSURE_NOTES")
        kind = {int: "integer", str: "string", list: "list of suppressions"}[type(block[key])]
        lines.append(f"| `{key}` | {kind} | {_cell(notes)} |")
    entries = block["suppressed"]
    keys = sorted({k for e in entries for k in e})
    lines += ["", "Each entry of `suppressed`:", "", "| key | description |", "|---|---|"]
    for key in keys:
        if key not in SUPPRESSION_NOTES:
            raise Undocumented(f"disclosure.suppressed[].{key}: add a note in SUPPRESSION_NOTES")
        lines.append(f"| `{key}` | {_cell(SUPPRESSION_NOTES[key])} |")
    rules = sorted({e["rule"] for e in entries})
    lines += [
        "",
        f"On the demo data (min n = {block['min_n']}) the block lists {len(entries)} entries, "
        f"with the rules {', '.join(f'`{r}`' for r in rules)}. The rule text is:",
        "",
        f"> {block['rule']}",
        "",
    ]
    return lines


def table_catalogue(results: Results) -> list[str]:
    lines = [
        "## Table keys (`tables.<key>`)",
        "",
        "The tables of the 2015 codebook, as the demo run gives them. Column keys are listed "
        "with their `kind`; keys a row holds beyond its columns are listed apart. Per-SPT "
        "columns follow the codebook, so another questionnaire gives other keys.",
        "",
        "| key | title | columns (kind) | also in rows |",
        "|---|---|---|---|",
    ]
    for key in sorted(results.tables):
        table = results.tables[key]
        cols = ", ".join(f"`{c.key}` ({c.kind})" for c in table.columns)
        declared = {c.key for c in table.columns}
        extra = sorted({k for row in table.rows for k in row} - declared)
        more = ", ".join(f"`{k}`" for k in extra) or "–"
        lines.append(f"| `{key}` | {_cell(table.title)} | {cols} | {more} |")
    return [*lines, ""]


def results_json_md() -> str:
    schema = Results.model_json_schema()
    results, published = demo_run()
    lines = [
        "# results.json",
        "",
        f"<!-- Generated by `{COMMAND}` from evaluation/results.py; do not edit by hand. -->",
        "",
        "Every figure of one run, as the `Results` model (`evaluation/results.py`) writes it: "
        "`spt-eval analyse` writes it as computed, `spt-eval report` writes the published "
        "version (below) and attaches it to every PDF. `Results.to_json()` is deterministic "
        "(sorted keys, full-precision floats); `Results.from_json(text)` reads it back.",
        "",
        "Conventions: shares are in 0..1, grades on 1..5, allocations in percent points as "
        "answered; `ci` is `[low, high]`; a value that cannot be computed is `null`; nothing "
        "is rounded. Maps keyed by SPT use the register's canonical SPT name.",
        "",
        "## Models",
        "",
    ]
    for name, model in _models_in_order(schema):
        lines += model_table(name, model)
    lines += disclosure_section(published)
    lines += table_catalogue(results)
    return "\n".join(lines).rstrip() + "\n"


BEGIN, END = (f"<!-- {w} GENERATED: method_sections -->" for w in ("BEGIN", "END"))


def method_rules() -> str:
    """The method page's rule sections for the default settings, as Markdown."""
    from evaluation.analysis.wording import method_sections
    from evaluation.inputs.settings import load_settings

    lines: list[str] = []
    for heading, text in method_sections(load_settings()):
        lines += [f"### {heading}", ""]
        for paragraph in text.split("\n\n"):
            lines += [" ".join(paragraph.split()), ""]
    return "\n".join(lines).rstrip() + "\n"


def method_md() -> str:
    """docs/method.md with the part between the markers regenerated; the rest is hand-written."""
    text = (DOCS / "method.md").read_text(encoding="utf-8")
    head, begin, rest = text.partition(BEGIN)
    _, end, tail = rest.partition(END)
    if not begin or not end:
        raise Undocumented(f"docs/method.md has lost its markers {BEGIN} ... {END}")
    return f"{head}{BEGIN}\n\n{method_rules()}\n{END}{tail}"


# Generated file -> function that writes its text.
GENERATED = {"results-json.md": results_json_md, "method.md": method_md}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale files")
    args = parser.parse_args(argv)
    stale = []
    for name, build in GENERATED.items():
        path = DOCS / name
        text = build()
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(name)
        if not args.check:
            path.write_text(text, encoding="utf-8")
    if args.check and stale:
        print(f"out of date: {', '.join(stale)}; run {COMMAND}", file=sys.stderr)
        return 1
    print(("rewrote " if stale else "up to date: ") + ", ".join(stale or GENERATED))
    return 0


if __name__ == "__main__":
    sys.exit(main())
