"""Errors are data: every error a user can act on is raised with an ErrorCode and plain
parameters, and its Dutch line is made from the one catalogue when it is shown."""

from __future__ import annotations

import ast
import pickle
import string
from pathlib import Path

from evaluation.errors import MESSAGES, RULES, ErrorCode, FieldProblem, InputError, message

PACKAGE = Path(__file__).resolve().parents[1] / "evaluation"

ROOT_ERRORS = {"SptEvalError"}


def _sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _error_classes(trees: dict[Path, ast.Module]) -> set[str]:
    """The names of SptEvalError and of every class under it defined in evaluation/."""
    names = set(ROOT_ERRORS)
    while True:
        more = {
            node.name
            for tree in trees.values()
            for node in ast.walk(tree)
            if isinstance(node, ast.ClassDef)
            and any(_name(b) in names for b in node.bases)
            and node.name not in names
        }
        if not more:
            return names
        names |= more


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _is_sentence(node: ast.AST) -> bool:
    """A finished text: a string, an f-string, a concatenation or a formatted string."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
        return _is_sentence(node.left) or _is_sentence(node.right)
    if isinstance(node, ast.IfExp):
        return _is_sentence(node.body) or _is_sentence(node.orelse)
    if isinstance(node, ast.Call) and _name(node.func) in {"format", "join"}:
        return True
    return False


def _sentence_errors() -> list[str]:
    trees = {p: ast.parse(p.read_text(encoding="utf-8")) for p in _sources()}
    errors = _error_classes(trees)
    found = []
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and _name(node.func) in errors
                and any(_is_sentence(a) for a in node.args)
            ):
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    return found


def test_no_error_is_built_from_a_finished_sentence():
    assert _sentence_errors() == []


def test_the_scan_sees_a_sentence(tmp_path, monkeypatch):
    fake = tmp_path / "evaluation"
    (fake / "intake").mkdir(parents=True)
    (fake / "errors.py").write_text("class SptEvalError(Exception): ...\n")
    (fake / "mine.py").write_text("class MyError(SptEvalError): ...\n")
    (fake / "intake" / "x.py").write_text(
        "raise MyError(f'bestand {name} is leeg')\n"
        "raise MyError('a ' + name)\n"
        "raise MyError(ErrorCode.FILE_EMPTY, what='bestand', file=name)\n"
    )
    monkeypatch.setattr(f"{__name__}.PACKAGE", fake)
    assert _sentence_errors() == ["intake/x.py:1", "intake/x.py:2"]


def _fields(text: str) -> set[str]:
    return {
        name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(text) if name
    }


def test_every_code_has_a_wording_and_every_wording_a_code():
    assert set(MESSAGES) == set(ErrorCode)


def test_every_wording_formats_with_its_own_parameter_names():
    """Filled with its own names (numbers where a format spec asks for one), each wording is
    one line without braces left over: no typo in a placeholder, no stray brace."""
    for code, text in MESSAGES.items():
        specs = {
            name: spec for _, name, spec, _ in string.Formatter().parse(text) if name is not None
        }
        params = {name: 1.5 if spec else f"<{name}>" for name, spec in specs.items()}
        line = message(code, params)
        assert "\n" not in line and "{" not in line, code
        for name, spec in specs.items():
            assert spec or f"<{name}>" in line, (code, name)


def test_every_rule_formats_with_its_own_parameter_names():
    for rule, text in RULES.items():
        params = {name: f"<{name}>" for name in _fields(text)}
        assert "{" not in text.format_map(params), rule


def _codes_of(node: ast.AST) -> list[str]:
    """The codes an expression names: `ErrorCode.X`, or both of `ErrorCode.X if c else ...`."""
    if isinstance(node, ast.Attribute) and _name(node.value) == "ErrorCode":
        return [node.attr]
    if isinstance(node, ast.IfExp):
        return _codes_of(node.body) + _codes_of(node.orelse)
    return []


def _raised() -> list[tuple[str, str, frozenset[str]]]:
    """Every raise site in evaluation/ that names its code or rule with keyword parameters:
    ('code' or 'rule', the name, the parameter names given). A site that passes **params
    is left out (its names are not in the source)."""
    out = []
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            if not all(k.arg for k in node.keywords):
                continue
            names = frozenset(k.arg for k in node.keywords if k.arg)
            out += [("code", code, names) for code in _codes_of(node.args[0])]
            rule = node.args[0] if _name(node.func) == "rule_error" else None
            if (
                _name(node.func) == "FieldProblem"
                and len(node.args) == 3
                and isinstance(node.args[2], ast.Dict)
            ):
                rule = node.args[1]
                keys = node.args[2].keys
                names = frozenset(k.value for k in keys if isinstance(k, ast.Constant))
            if isinstance(rule, ast.Constant) and isinstance(rule.value, str):
                out.append(("rule", rule.value, names))
    return out


def test_every_raise_site_gives_the_parameters_its_wording_names():
    missing = []
    for kind, name, given in _raised():
        text = MESSAGES[ErrorCode[name]] if kind == "code" else RULES[name]
        if not _fields(text) <= given:
            missing.append(f"{name}: {sorted(_fields(text) - given)}")
    assert missing == []


def test_the_parameter_check_sees_a_code_and_a_rule():
    names = {(kind, name) for kind, name, _ in _raised()}
    assert {("code", "LONELY_PSU"), ("code", "QUESTIONS_ABSENT")} <= names  # also IfExp codes
    assert {("rule", "tile_twice"), ("rule", "name_of_two_points")} <= names


def test_a_cause_is_carried_as_data():
    """A wrapped error keeps its own code and parameters; its line is made when shown."""
    cause = InputError(ErrorCode.FILE_EMPTY, what="regiobestand", file="r.csv")
    outer = InputError(ErrorCode.DESIGN_IMPOSSIBLE, what="analyse", reason=cause)
    assert outer.params["reason"].code is ErrorCode.FILE_EMPTY
    assert str(outer) == "analyse niet mogelijk: regiobestand 'r.csv' is leeg"
    again = pickle.loads(pickle.dumps(outer))  # as the web page's worker hands it over
    assert again.params["reason"].code is ErrorCode.FILE_EMPTY and str(again) == str(outer)


def test_problems_are_listed_with_their_places():
    problems = (
        FieldProblem("rij 2 (Twente), kolom 'spt'", "not_yes_no", {"text": "misschien"}),
        FieldProblem("rij 3", "not_a_number", {"text": "veel"}),
    )
    line = message(
        ErrorCode.INVALID_FILE, {"what": "regiobestand", "file": "r.csv", "problems": problems}
    )
    assert line == (
        "regiobestand 'r.csv' is ongeldig bij rij 2 (Twente), kolom 'spt': 'misschien' is geen "
        "ja of nee; bij rij 3: 'veel' is geen getal"
    )
