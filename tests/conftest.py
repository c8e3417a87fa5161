"""Test options: slow cases (marked `slow`) run only with `--run-slow` or SPT_EVAL_SLOW=1."""

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
