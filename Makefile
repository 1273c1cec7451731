# The two commands of the README:
#   make run    set up and serve the dashboard on http://127.0.0.1:8050
#   make test   set up and run the whole test suite, browser tests included
# Both create .venv from the pinned lock files; `make test` also installs the
# system packages the browser tests need (Chromium, ChromeDriver, a CJK font,
# Node.js and npm) and the pinned axe-core of the accessibility audit
# (tests/browser/axe, `npm ci` from its lock file).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

AXE_DIR := tests/browser/axe

.PHONY: run test test-unit test-browser system-deps axe screenshot lock audit clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime-installed: requirements/runtime.lock | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/runtime.lock
	touch $@

$(VENV)/.test-installed: requirements/test.lock | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/test.lock
	touch $@ $(VENV)/.runtime-installed

run: $(VENV)/.runtime-installed
	$(BIN)/gunicorn -c gunicorn.conf.py app:server

system-deps:
	bash scripts/install-system-deps.sh

# axe-core for tests/browser/test_axe.py, exactly the lock file's version.
axe: system-deps
	npm ci --prefix $(AXE_DIR) --ignore-scripts --no-audit --no-fund

test: system-deps axe $(VENV)/.test-installed
	$(BIN)/python -m pytest -p no:warnings --webdriver Chrome --headless $(PYTEST_ARGS)

test-unit: $(VENV)/.test-installed
	$(BIN)/python -m pytest -p no:warnings tests/unit $(PYTEST_ARGS)

screenshot: system-deps $(VENV)/.test-installed
	$(BIN)/python scripts/screenshot.py

# Regenerate both locks (with hashes) from pyproject.toml's direct pins.
lock: | $(BIN)/python
	$(BIN)/python scripts/lock.py

# Known vulnerabilities in the locked versions (pip-audit from PyPI, kept
# out of the project's own environment).
audit:
	$(PYTHON) -m venv /tmp/dashboard-audit
	/tmp/dashboard-audit/bin/pip install --quiet pip-audit
	/tmp/dashboard-audit/bin/pip-audit --strict --disable-pip --require-hashes -r requirements/runtime.lock
	/tmp/dashboard-audit/bin/pip-audit --strict --disable-pip --require-hashes -r requirements/test.lock

clean:
	rm -rf $(VENV) $(AXE_DIR)/node_modules
