# Two commands do everything on a fresh machine: `make report` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export SOURCE_DATE_EPOCH ?= 1448150400
# System packages: fonts for the PDF and charts, poppler-utils for PDF-to-text checks.
SYSTEM_PACKAGES := fonts-dejavu-core fonts-dejavu-extra poppler-utils libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
# For `make test` only: Debian's chromium for the browser tests of `spt-eval serve` (Playwright
# drives it through executable_path; a browser download is not possible here).
TEST_SYSTEM_PACKAGES := chromium
DEMO := surveys/spt2015/demo_responses.csv
YEAR := 2015

.PHONY: system venv install install-test report monitor test lint format bench docs clean

# Installs the missing ones of a package list, idempotently (dpkg -s says what is there);
# waits up to 5 minutes for another apt or dpkg process to release its lock.
define apt_install
	@missing=""; for p in $(1); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing system packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO="sudo"; \
	  $$SUDO apt-get -o DPkg::Lock::Timeout=300 update -qq && DEBIAN_FRONTEND=noninteractive \
	    $$SUDO apt-get -o DPkg::Lock::Timeout=300 install -y -qq $$missing; \
	fi
	@mkdir -p $(VENV) && touch $@
endef

system: $(VENV)/.system
$(VENV)/.system:
	$(call apt_install,$(SYSTEM_PACKAGES))

$(VENV)/.system-test:
	$(call apt_install,$(TEST_SYSTEM_PACKAGES))

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

venv: $(BIN)/python

install: system venv $(VENV)/.installed
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	@touch $@

# One pip run for the package and its test extras (a second editable build would cost time).
install-test: system venv $(VENV)/.system-test $(VENV)/.installed-test
$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	@touch $@ $(VENV)/.installed

report: install
	$(BIN)/spt-eval report $(DEMO) --year $(YEAR) --per-spt

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: install-test lint
	$(BIN)/python -m pytest

# Every script in bench/ (tests/test_bench.py runs this list tiny, with SPT_EVAL_BENCH_QUICK=1).
bench: install
	$(BIN)/python bench/intake.py
	$(BIN)/python bench/design.py
	$(BIN)/python bench/analyse.py
	$(BIN)/python bench/report.py
	$(BIN)/python bench/store.py
	$(BIN)/python bench/withheld.py

# Regenerate docs/results-json.md and the rules part of docs/method.md (tests/test_docs.py checks them).
docs: install
	$(BIN)/python docs/generate.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache

# The three-year demo monitor (synthetic 2015-2017) from the store, with its trend chapter.
# Its own build date (22 November 2017), not the 2015 demo's: the 2017 report says when it was made.
MONITOR_STORE := reports/spt-monitor.sqlite
MONITOR_DATE_EPOCH ?= 1511308800
monitor: export SOURCE_DATE_EPOCH = $(MONITOR_DATE_EPOCH)
monitor: install
	rm -f $(MONITOR_STORE) $(MONITOR_STORE)-wal $(MONITOR_STORE)-shm
	$(BIN)/spt-eval store add $(DEMO) --year 2015 --store $(MONITOR_STORE)
	$(BIN)/spt-eval store add surveys/monitor_demo/responses_2016.csv --year 2016 --store $(MONITOR_STORE)
	$(BIN)/spt-eval store add surveys/monitor_demo/responses_2017.csv --year 2017 --store $(MONITOR_STORE)
	for y in 2015 2016 2017; do \
	  $(BIN)/spt-eval store add-results surveys/monitor_demo/spt_results_$$y.csv --year $$y --store $(MONITOR_STORE) || exit $$?; done
	$(BIN)/spt-eval store list --store $(MONITOR_STORE)
	$(BIN)/spt-eval report --store $(MONITOR_STORE) --year 2017 --per-spt
