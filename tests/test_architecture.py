"""The house follows the data flow: a stage imports only stages below it (see docs/architecture.md).

A unit is a package under `evaluation/` (one per pipeline stage) or a top-level module. Modules
inside one package may import each other, but not in a circle.
"""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "evaluation"

# Bottom up. A unit may import only units on a lower level.
LEVELS = [
    ["errors", "dutch", "results"],
    ["limits", "safe_files"],
    ["tables"],
    ["inputs", "estimation", "disclosure", "privacy"],
    ["intake", "definitions", "writers", "manifest", "spt_results"],
    ["analysis", "trends", "planning"],
    ["report", "pipeline"],
    ["regions", "audit", "store"],
    ["routine", "exchange"],
    ["web"],
    ["commands"],
    ["cli"],
]
LEVEL = {name: i for i, level in enumerate(LEVELS) for name in level}
MAX_LINES = 420


def _unit(path: Path) -> str:
    return path.relative_to(PACKAGE).with_suffix("").parts[0]


def _module(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    return ".".join(rel.parts).removesuffix(".__init__")


def _imports(path: Path) -> set[str]:
    """Every `evaluation...` module this file imports (at any depth)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "evaluation":
                found.update(f"evaluation.{a.name}" for a in node.names if a.name != "__version__")
            elif node.module.startswith("evaluation."):
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("evaluation."))
    return found


def _sources() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if p.relative_to(PACKAGE).parts[0] != "__init__.py"]


def test_every_unit_has_a_level():
    missing = sorted({_unit(p) for p in _sources()} - LEVEL.keys())
    assert not missing, f"add these to LEVELS: {missing}"


def test_units_import_only_lower_levels():
    violations = []
    for path in _sources():
        me = _unit(path)
        for module in _imports(path):
            other = module.split(".")[1]
            if other != me and LEVEL.get(other, -1) >= LEVEL[me]:
                violations.append(f"{path.relative_to(PACKAGE)} imports {module}")
    assert not violations, "\n".join(violations)


def test_no_circle_inside_a_package():
    graph = {_module(p): {m for m in _imports(p) if m != _module(p)} for p in _sources()}
    state: dict[str, int] = {}
    circles: list[str] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in graph.get(node, ()):
            if state.get(nxt) == 1:
                circles.append(" -> ".join([*trail[trail.index(nxt) :], nxt]))
            elif nxt in graph and not state.get(nxt):
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for node in graph:
        if not state.get(node):
            visit(node, [node])
    assert not circles, "\n".join(circles)


def test_every_package_says_what_its_stage_takes_and_gives():
    for init in PACKAGE.glob("*/__init__.py"):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and len(doc) > 40 and "TODO" not in doc, f"{init.parent.name}: docstring"


def test_modules_stay_small():
    big = [
        f"{p.relative_to(PACKAGE)}: {n}"
        for p in _sources()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    ]
    assert not big, "\n".join(big)


def test_the_check_sees_an_upward_import(tmp_path):
    fake = tmp_path / "x.py"
    fake.write_text("from evaluation.report.render import render_pdf\nimport evaluation.cli\n")
    assert _imports(fake) == {"evaluation.report.render", "evaluation.cli"}


def test_only_disclosure_compares_with_the_minimum_n():
    """One publication decision: no code outside `disclosure/` compares anything with min_n."""
    offenders = []
    for path in _sources():
        if _unit(path) in ("disclosure", "inputs"):  # inputs: validating the setting itself
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Compare):
                names = {
                    n.attr if isinstance(n, ast.Attribute) else getattr(n, "id", None)
                    for n in ast.walk(node)
                }
                if "min_n" in names:
                    offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert not offenders, "\n".join(offenders)
