"""Pydantic validation errors as data: the one translator (`validation_problems`) to
`FieldProblem`s, and the Dutch line of an error's code with its parameters (`message`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic_core import PydanticCustomError

from evaluation.errors.catalogue import (
    MAX_PROBLEMS,
    MESSAGES,
    NO_VALUE_SHOWN,
    RULES,
    ErrorCode,
)


@dataclass(frozen=True)
class FieldProblem:
    """One rule a field of a file breaks: where (Dutch, 'min_n' or 'service_points nr. 3
    (Twente), veld invited'), the rule (a key of `RULES`) and the plain values it names."""

    place: str
    rule: str
    params: dict[str, Any] = field(default_factory=dict)


def problem_text(problem: FieldProblem, rules: Mapping[str, str] | None = None) -> str:
    """The Dutch reason of one problem, with the value found where it helps ('(nu: 0)'); an
    edge's own `rules` (the web page's) word the rules they name, the catalogue's the rest."""
    wording = (rules or {}).get(problem.rule) or RULES.get(problem.rule, RULES["invalid"])
    text = wording.format_map(Blank(problem.params))
    value = problem.params.get("value")
    if problem.rule not in NO_VALUE_SHOWN and isinstance(value, str | int | float):
        shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "..."
        text += f" (nu: {shown})"
    return text


def problems_text(
    problems: tuple[FieldProblem, ...], rules: Mapping[str, str] | None = None
) -> str:
    """Every problem of a file on one line: ' bij <place>: <reason>; bij ...' (at most
    MAX_PROBLEMS named, the rest counted)."""
    parts = [
        f"bij {p.place}: {problem_text(p, rules)}" if p.place else problem_text(p, rules)
        for p in problems[:MAX_PROBLEMS]
    ]
    if len(problems) > MAX_PROBLEMS:
        parts.append(f"en nog {len(problems) - MAX_PROBLEMS} fouten")
    if not parts:
        return ""
    return ("" if problems[0].place else ":") + " " + "; ".join(parts)


class Blank(dict):
    """Format parameters where a missing name stays empty rather than failing."""

    def __missing__(self, key: str) -> str:
        return ""


def message(code: ErrorCode, params: Mapping[str, Any]) -> str:
    """The Dutch sentence of an error: its code's wording filled with its parameters."""
    return worded(MESSAGES[code], params)


def worded(wording: str, params: Mapping[str, Any], rules: Mapping[str, str] | None = None) -> str:
    """A wording of an error (the catalogue's, or an edge's own, as the web page's) filled
    with the error's parameters; its problems worded by `rules` where they name the rule."""
    values = Blank(params)
    if isinstance(values.get("problems"), tuple):
        values["problems"] = problems_text(values["problems"], rules)
    return wording.format_map(values)


def validation_problems(errors: list[dict], raw: Any = None) -> tuple[FieldProblem, ...]:
    """Every error of a Pydantic `ValidationError.errors()` as a FieldProblem: the one
    translator. With the file's `raw` data, list entries are named ('nr. 3 (Twente)')."""
    return tuple(FieldProblem(_place(_loc(err), raw), _rule(err), _params(err)) for err in errors)


def _loc(err: Mapping) -> tuple:
    loc = err.get("loc", ())
    return tuple(x for x in loc if not (isinstance(x, str) and x.startswith("function-")))


def _rule(err: Mapping) -> str:
    kind = str(err.get("type", ""))
    if kind in RULES:
        return kind
    return "wrong_kind" if kind.endswith(("_type", "_parsing")) else "invalid"


def _params(err: Mapping) -> dict[str, Any]:
    ctx = dict(err.get("ctx") or {})
    out: dict[str, Any] = {k: _plain(v) for k, v in ctx.items()}
    if "expected" in ctx:
        out["expected"] = str(ctx["expected"]).replace("'", "").replace(" or ", " of ")
    if "error" in ctx:
        out["error"] = str(ctx["error"])
    value = err.get("input")
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        out["value"] = value
    return out


def _plain(bound: Any) -> Any:
    """A bound as the user would write it: 1, not 1.0."""
    return int(bound) if isinstance(bound, float) and bound.is_integer() else bound


def _place(loc: tuple, raw: Any) -> str:
    """'service_points nr. 3 (Twente), veld invited': list entries count from 1, by name."""
    parts: list[str] = []
    node = raw
    for key in loc:
        if isinstance(key, int):
            entry = node[key] if isinstance(node, list) and 0 <= key < len(node) else None
            name = (
                entry.get("name") or entry.get("id") or entry.get("region")
                if isinstance(entry, dict)
                else None
            )
            parts.append(f"nr. {key + 1}" + (f" ({name})" if name else ""))
            node = entry
        else:
            parts.append(str(key) if not parts else f"veld {key}")
            node = node.get(key) if isinstance(node, dict) else None
    return " ".join(parts).replace(" veld", ", veld")


def dutch_reason(err: Mapping) -> str:
    """One Pydantic error (an item of `ValidationError.errors()`) as its Dutch reason."""
    return problem_text(FieldProblem("", _rule(err), _params(err)))


def field_of(err: Mapping) -> str:
    """The dotted field name of a Pydantic error ('inputs.survey.name')."""
    return ".".join(str(x) for x in _loc(err)) or "(geheel)"


def rule_error(rule: str, **params: Any) -> PydanticCustomError:
    """The error a validator raises for a rule of `RULES` with its parameters: Pydantic keeps
    the rule and parameters, and `validation_problems` words them like every other rule."""
    return PydanticCustomError(rule, RULES[rule], params)
