"""Modules import only modules below them in the data flow (see ../shared/design.md)."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "evaluation"

# Lowest first. A module may import only modules of a lower rank. New modules must be added.
LAYERS = [
    ["errors", "dutch"],
    ["privacy", "yamlfile"],
    ["codebook", "writers"],
    ["register", "settings"],
    ["intake", "response_schema"],
    ["weighting"],
    ["design"],
    ["scales"],
    ["results"],
    ["descriptives"],
    ["analysis"],
    ["disclosure"],
    ["regions"],
    ["audit"],
    ["charts", "region_charts"],
    ["report", "monitor"],
    ["commands"],
    ["cli"],
]
RANK = {name: i for i, layer in enumerate(LAYERS) for name in layer}


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE).with_suffix("")
    return rel.parts[0]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            parts = node.module.split(".")
            if parts[0] == "evaluation":
                if len(parts) > 1:
                    found.add(parts[1])
                else:
                    found.update(a.name for a in node.names)
        elif isinstance(node, ast.Import):
            for a in node.names:
                parts = a.name.split(".")
                if parts[0] == "evaluation" and len(parts) > 1:
                    found.add(parts[1])
    return found - {"__version__"}


def test_every_module_has_a_layer():
    names = {_module_name(p) for p in PACKAGE.rglob("*.py")} - {"__init__", "__main__"}
    missing = sorted(names - RANK.keys())
    assert not missing, f"add these modules to LAYERS: {missing}"


def test_modules_import_only_lower_layers():
    violations = []
    for path in PACKAGE.rglob("*.py"):
        me = _module_name(path)
        if me in ("__init__", "__main__"):
            continue
        for other in _imports(path):
            if other in RANK and RANK[other] >= RANK[me] and other != me:
                violations.append(f"{path.relative_to(PACKAGE)} imports {other}")
            if other == me and me != "commands":
                violations.append(f"{path.relative_to(PACKAGE)} imports itself")
    assert not violations, "\n".join(violations)


def test_the_check_catches_an_upward_import(tmp_path):
    fake = tmp_path / "x.py"
    fake.write_text("from evaluation.report import render\nimport evaluation.cli\n")
    assert _imports(fake) == {"report", "cli"}
