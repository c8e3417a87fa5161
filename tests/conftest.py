"""Test options: slow cases (marked `slow`) run only with `--run-slow` or SPT_EVAL_SLOW=1.

Also: the demo PDFs several modules share (session fixtures), and how pytest-xdist splits the
tests over its workers.
"""

import os

import pytest


def pytest_addoption(parser):
    parser.addoption("--run-slow", action="store_true", help="run the tests marked slow too")


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: long-running case, skipped unless --run-slow")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--run-slow") or os.environ.get("SPT_EVAL_SLOW") == "1":
        return
    skip = pytest.mark.skip(reason="slow: run with --run-slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


# --- PDFs shared by several modules: rendered once per session (see tests/fixtures_renders.py).


@pytest.fixture(scope="session")
def demo_report(tmp_path_factory):
    """`spt-eval report` on the demo export with --audit, and the Twente and Rijk van Nijmegen
    cards; read-only (copy a file to tmp_path before changing it)."""
    from fixtures_renders import render_demo_report

    return render_demo_report(tmp_path_factory.mktemp("demo-report"))


@pytest.fixture(scope="session")
def demo_regions(tmp_path_factory):
    """`spt-eval regions --survey` on the demo export; read-only."""
    from fixtures_renders import render_demo_regions

    return render_demo_regions(tmp_path_factory.mktemp("demo-regions"))


# --- pytest-xdist (`-n 2 --dist loadfile` in pyproject.toml): each test module runs whole on one
# worker, so its module fixtures are built once. The modules that read the shared renders above
# run on one worker together, so the demo PDFs are rendered once per run, not once per worker.
# (Not `--dist loadgroup`: with pytest 9.2 its xdist_group marks are silently ignored.)
SHARED_RENDERS = {"demo_report", "demo_regions"}
SHARED_RENDER_MODULES = {
    "tests/test_disclosure_demo.py",
    "tests/test_pdf_conformance.py",
    "tests/test_report.py",
    "tests/test_verify.py",
    "tests/test_verify_tampering.py",
}


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class SharedRendersTogether(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            scope = super()._split_scope(nodeid)
            return "shared renders" if scope in SHARED_RENDER_MODULES else scope

    return SharedRendersTogether(config, log)


def pytest_itemcollected(item):
    module = item.nodeid.split("::", 1)[0]
    if (
        SHARED_RENDERS & set(getattr(item, "fixturenames", ()))
        and module not in SHARED_RENDER_MODULES
    ):
        raise pytest.UsageError(
            f"{module} reads a shared render: add it to SHARED_RENDER_MODULES in tests/conftest.py"
        )
