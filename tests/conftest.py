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
