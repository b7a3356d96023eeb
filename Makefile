# Safehub: `make demo` builds and serves a demo hub; `make test` runs every check.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
ASSETS := safehub/web/static/vendor/.built
# The first of these that is Python 3.12 or newer (a .python-version file selects
# pyenv's 3.12 where plain python3 is older).
PYTHON ?= $(shell for p in python3 python3.14 python3.13 python3.12; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& { echo $$p; break; }; done)

.PHONY: help demo test install assets chromium lint format types imports migrations secrets pytest lock clean

help:
	@echo "make demo   install, build assets, make a demo hub on synthetic data and serve it"
	@echo "make test   install, then ruff (lint and format), mypy, import-linter, the migrations"
	@echo "           check, the secret scan and the whole pytest suite"

demo: install assets
	$(VENV)/bin/safehub demo

test: install assets chromium lint format types imports migrations secrets pytest

$(PY):
	@if [ -z "$(PYTHON)" ]; then \
		echo "Safehub needs Python 3.12 or newer, and none was found (python3 is" \
		     "$$(python3 --version 2>&1 || echo missing))." >&2; \
		echo "Install Python 3.12+ (for example 'pyenv install 3.12' and a .python-version" \
		     "file), or run: make PYTHON=/path/to/python3.12" >&2; \
		exit 1; fi
	$(PYTHON) -m venv $(VENV)

$(INSTALLED): requirements.lock pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

install: $(INSTALLED)

node_modules/.package-lock.json: package-lock.json
	@command -v npm >/dev/null || { echo "npm (Node.js 20+) is needed for the front-end assets" >&2; exit 1; }
	npm ci --no-audit --no-fund
	touch $@

$(ASSETS): node_modules/.package-lock.json scripts/build_assets.py | $(INSTALLED)
	$(PY) scripts/build_assets.py
	touch $@

assets: $(ASSETS)

chromium:
	@command -v chromium >/dev/null || { \
		echo "Installing Debian's chromium for the browser tests"; \
		apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }

lint: install
	$(VENV)/bin/ruff check .

# `ruff format .` fixes what this finds.
format: install
	$(VENV)/bin/ruff format --check .

types: install
	$(VENV)/bin/mypy

imports: install
	$(VENV)/bin/lint-imports

# A model changed without its migration fails here (`safehub makemigrations` writes it).
migrations: install
	DJANGO_SETTINGS_MODULE=tests.settings $(PY) -m django makemigrations --check --dry-run

# Tracked files against the baseline of known, reviewed findings (synthetic test
# passwords): a new secret fails (see the script for recording a reviewed one).
secrets: install
	$(PY) scripts/scan_secrets.py

PYTEST_ARGS ?= -n 2
pytest: install assets chromium
	$(PY) -m pytest $(PYTEST_ARGS)

# Refresh the lock file after changing pyproject.toml (needs the network).
lock:
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --python-version 3.12 -q -o requirements.lock

clean:
	rm -rf $(VENV) node_modules safehub/web/static/vendor var
