"""The house follows the data flow: a stage imports only stages below it (see docs/architecture.md).

A unit is a package under `evaluation/` (one per pipeline stage) or a top-level module. Modules
inside one package may import each other, but not in a circle.
"""

import ast
import re
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


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _writers_of_x() -> set[str]:
    """Modules that put SUPPRESSED ("x") into an output, as a figure or in a sentence that
    explains it: any use of the name other than its definition or a comparison with it."""
    found = set()
    for path in _sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parents = _parents(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and node.id == "SUPPRESSED":
                if isinstance(node.ctx, ast.Load) and not isinstance(parents[node], ast.Compare):
                    found.add(path.relative_to(PACKAGE).as_posix())
    return found


def test_architecture_doc_names_every_writer_of_x():
    """docs/architecture.md says exactly which modules write "x" for a withheld figure."""
    doc = (PACKAGE.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    line = next(li for li in doc.splitlines() if "the one place that marks `x`" in li)
    named = set(re.findall(r"`([a-z_]+/[a-z_]+\.py)`", line))
    assert _writers_of_x() == named


def test_x_is_spelled_only_in_dutch():
    """The withheld mark is the constant `dutch.SUPPRESSED`, never a literal "x" in an output
    (svg_text reads SVG's x attribute; a chart's axis="x" is matplotlib's)."""
    offenders = []
    for path in _sources():
        if path.name in ("dutch.py", "svg_text.py"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parents = _parents(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and node.value == "x":
                up = parents.get(node)
                if not (isinstance(up, ast.keyword) and up.arg == "axis"):
                    offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert not offenders, "\n".join(offenders)


# The containers of a results tree (results.json, trends.json): reading one by these keys means
# reading a tree, where a withheld value was once the string "x", instead of the typed result.
RESULTS_TREE_KEYS = {
    "satisfaction", "overall", "by_spt", "items", "agree", "agree_by_spt",
    "distribution_by_spt", "traits", "traits_regression", "coefficients", "tables",
    "response", "parameters", "caveats", "choices", "options", "grade_by_spt",
    "grade_same_spts", "spt_results", "disclosure",
}  # fmt: skip


def _tree_readings(path: Path) -> list[str]:
    """Comparisons with the withheld mark ("x", SUPPRESSED) and readings of a results tree by
    its string keys (`tree["satisfaction"]`, `view.get("items")`) in one module."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Compare) and any(
            (isinstance(n, ast.Name) and n.id == "SUPPRESSED")
            or (isinstance(n, ast.Constant) and n.value == "x")
            for n in ast.walk(node)
        ):
            found.append(f"{node.lineno}: compares with the withheld mark")
        key = None
        if (
            isinstance(node, ast.Subscript)
            and isinstance(node.ctx, ast.Load)  # filling a template's context is no reading
            and isinstance(node.slice, ast.Constant)
        ):
            key = node.slice.value
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "get"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            key = node.args[0].value
        if key in RESULTS_TREE_KEYS:
            found.append(f"{node.lineno}: reads a results tree by '{key}'")
    return found


def test_readers_ask_the_typed_published_result():
    """The report and the web page read typed values from `Published.results` and ask
    `is_withheld`: no module compares a value with "x" or indexes a results tree (svg_text
    reads SVG's x attribute)."""
    offenders = [
        f"{path.relative_to(PACKAGE)}:{line}"
        for path in sorted([*PACKAGE.glob("report/*.py"), *PACKAGE.glob("web/*.py")])
        if path.name != "svg_text.py"
        for line in _tree_readings(path)
    ]
    assert not offenders, "\n".join(offenders)


def test_the_tree_scan_finds_what_it_forbids(tmp_path):
    """The scan above catches the old forms (a comparison with "x", a tree read by key)."""
    old = tmp_path / "old.py"
    old.write_text(
        "def f(view, SUPPRESSED):\n"
        '    a = view["satisfaction"]["overall"]\n'
        '    b = view.get("tables")\n'
        '    return a == SUPPRESSED or b == "x"\n',
        encoding="utf-8",
    )
    found = _tree_readings(old)
    assert len([f for f in found if "compares" in f]) == 2
    assert {f.split("'")[1] for f in found if "reads" in f} == {"satisfaction", "overall", "tables"}


def test_the_report_reads_the_published_result():
    """Only tables.xlsx reads the full Results (to tell a withheld cell from an empty one);
    every other part of the report takes `Published`."""
    takers = set()
    for path in (PACKAGE / "report").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            annotated = []
            if isinstance(node, ast.FunctionDef):
                args = node.args
                annotated = [
                    a.annotation for a in [*args.posonlyargs, *args.args, *args.kwonlyargs]
                ]
            elif isinstance(node, ast.ClassDef):
                annotated = [s.annotation for s in node.body if isinstance(s, ast.AnnAssign)]
            if any(isinstance(a, ast.Name) and a.id == "Results" for a in annotated):
                takers.add(path.stem)
    assert takers == {"published_sheets", "sheets", "jobs"}  # jobs: TablesJob carries it


def test_commands_only_parse_call_and_print():
    """A command calls a stage's one entry; it does not assemble a document itself: no command
    imports a renderer, a chart, a report context or the manifest's envelope."""
    assembling = re.compile(r"evaluation\.\w+\.(render|\w*charts|\w*context)$")
    offenders = []
    for path in (PACKAGE / "commands").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        offenders += [f"{path.name}: {m}" for m in _imports(path) if assembling.match(m)]
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "evaluation.manifest":
                offenders += [f"{path.name}: envelope" for a in node.names if a.name == "envelope"]
    assert not offenders, "\n".join(offenders)


RAW_READS = {"read_text", "read_bytes", "read_sav", "load_workbook", "open"}


def _raw_readers() -> set[str]:
    """Modules outside `limits` and `tables` that read a file themselves."""
    found = set()
    for path in _sources():
        if path.name == "limits.py" or _unit(path) == "tables":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", None)
            owner = getattr(f.value, "id", None) if isinstance(f, ast.Attribute) else None
            if (name in RAW_READS and owner not in ("os", "webbrowser")) or (
                name == "connect" and owner == "sqlite3"
            ):
                found.add(path.relative_to(PACKAGE).as_posix())
    return found


def test_architecture_doc_names_every_read_outside_the_limits():
    """docs/architecture.md names each module that reads a file without `limits`."""
    doc = (PACKAGE.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    line = next(li for li in doc.splitlines() if "read files without the limits" in li)
    named = set(re.findall(r"`([a-z_]+(?:/[a-z_]+)?\.py)`", line)) - {"tests/test_architecture.py"}
    assert _raw_readers() == named


def test_no_private_name_is_imported_across_modules():
    """A name another module needs has a public home: no `from evaluation.x import _name`."""
    found = set()
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("evaluation"):
                found |= {
                    (path.relative_to(PACKAGE).as_posix(), a.name)
                    for a in node.names
                    if a.name.startswith("_") and not a.name.startswith("__")
                }
    assert not found, sorted(found)
