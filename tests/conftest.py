"""Test options: slow cases (marked `slow`) run only with `--run-slow` or SPT_EVAL_SLOW=1.

Also: the demo PDFs several modules share (session fixtures), rendered once per run however
pytest-xdist splits the modules over its workers (`-n 2 --dist loadfile` in pyproject.toml).
"""

import fcntl
import os
import pickle

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


def _once(tmp_path_factory, name: str, make):
    """`make(folder)` once per test run: with pytest-xdist the first worker that asks renders
    into the run's shared temporary folder while the others wait on a lock, then read its
    result (the pattern pytest-xdist documents for session fixtures that must run once)."""
    if "PYTEST_XDIST_WORKER" not in os.environ:
        return make(tmp_path_factory.mktemp(name))
    shared = tmp_path_factory.getbasetemp().parent  # one folder for all workers of this run
    result = shared / f"{name}.pickle"
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if result.is_file():
            return pickle.loads(result.read_bytes())
        folder = shared / name
        folder.mkdir(exist_ok=True)  # a worker whose render failed may have left it
        value = make(folder)
        result.write_bytes(pickle.dumps(value))
        return value


@pytest.fixture(scope="session")
def demo_report(tmp_path_factory):
    """`spt-eval report` on the demo export with --audit, and the Twente and Rijk van Nijmegen
    cards; read-only (copy a file to tmp_path before changing it)."""
    from fixtures_renders import render_demo_report

    return _once(tmp_path_factory, "demo-report", render_demo_report)


@pytest.fixture(scope="session")
def demo_regions(tmp_path_factory):
    """`spt-eval regions --survey` on the demo export; read-only."""
    from fixtures_renders import render_demo_regions

    return _once(tmp_path_factory, "demo-regions", render_demo_regions)
