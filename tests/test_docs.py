"""The docs stay true: generated files match their generator, every results.json key is
described, links resolve, and the README, architecture and bench docs name what exists."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest
from pydantic import BaseModel

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
MARKDOWN = [ROOT / "README.md", ROOT / "bench" / "README.md", *sorted(DOCS.glob("*.md"))]


def _generator():
    spec = importlib.util.spec_from_file_location("docs_generate", DOCS / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


gen = _generator()


@pytest.mark.parametrize("name", sorted(gen.GENERATED))
def test_generated_doc_is_current(name):
    committed = (DOCS / name).read_text(encoding="utf-8")
    assert committed == gen.GENERATED[name](), (
        f"docs/{name} is out of date: run {gen.COMMAND} and commit the result"
    )


def test_field_notes_name_existing_fields():
    from evaluation import results

    stale = []
    for key in gen.FIELD_NOTES:
        model_name, field = key.split(".")
        model = getattr(results, model_name, None)
        if model is None or field not in model.model_fields:
            stale.append(key)
    assert not stale, f"FIELD_NOTES in docs/generate.py name unknown fields: {stale}"


def test_an_undocumented_field_stops_the_generator():
    class Fresh(BaseModel):
        """A model someone just added."""

        mystery: int

    with pytest.raises(gen.Undocumented, match=r"Fresh\.mystery"):
        gen.model_table("Fresh", Fresh.model_json_schema())


def test_types_read_as_words():
    assert gen._type({"anyOf": [{"type": "integer"}, {"type": "null"}]}) == "integer or null"
    assert gen._type({"type": "array", "items": {"$ref": "#/$defs/Category"}}) == (
        "list of [Category](#category)"
    )
    assert gen._type({"type": "object", "additionalProperties": {"type": "string"}}) == (
        "map of string → string"
    )


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    return {_slug(m) for m in re.findall(r"^#+\s+(.+)$", text, flags=re.M)}


def _links(path: Path) -> list[str]:
    text = re.sub(r"```.*?```", "", path.read_text(encoding="utf-8"), flags=re.S)
    return re.findall(r"\]\(([^)\s]+)\)", text)


@pytest.mark.parametrize("doc", MARKDOWN, ids=lambda p: str(p.relative_to(ROOT)))
def test_links_are_relative_and_resolve(doc):
    broken = []
    for link in _links(doc):
        if link.startswith(("http://", "https://", "mailto:")):
            continue
        target, _, anchor = link.partition("#")
        path = (doc.parent / target).resolve() if target else doc
        if link.startswith("/") or not path.exists():
            broken.append(link)
        elif anchor and path.suffix == ".md" and anchor not in _anchors(path):
            broken.append(link)
    assert not broken, f"{doc.name}: broken links {broken}"


@pytest.mark.parametrize("doc", MARKDOWN, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_machine_specific_paths(doc):
    text = doc.read_text(encoding="utf-8")
    found = re.findall(r"(?:/work/|/home/|/tmp/|/Users/|[A-Z]:\\)\S*", text)
    assert not found, f"{doc.name}: machine-specific paths {found}"


def test_readme_is_short_and_lists_every_command_with_exit_codes():
    from evaluation.cli import COMMANDS

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 250, "README.md should stay about 200 lines"
    rows = [line for line in text.splitlines() if line.startswith("| `spt-eval ")]
    named = {re.match(r"\| `spt-eval (\w+)", row).group(1): row for row in rows}
    assert set(COMMANDS) <= named.keys(), f"commands table misses {set(COMMANDS) - named.keys()}"
    for name in COMMANDS:
        assert re.search(r"\b0\b", named[name]) and "2" in named[name], f"{name}: exit codes"
    for target in ("make report", "make test"):
        assert target in text


def test_architecture_doc_names_every_level_of_the_architecture_test():
    spec = importlib.util.spec_from_file_location("arch", ROOT / "tests" / "test_architecture.py")
    arch = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(arch)
    text = (DOCS / "architecture.md").read_text(encoding="utf-8")
    missing = [u for level in arch.LEVELS for u in level if f"`{u}`" not in text]
    assert not missing, f"docs/architecture.md does not name {missing}"


def test_bench_readme_names_every_script():
    text = (ROOT / "bench" / "README.md").read_text(encoding="utf-8")
    missing = [p.name for p in sorted((ROOT / "bench").glob("*.py")) if p.name not in text]
    assert not missing, f"bench/README.md does not describe {missing}"
