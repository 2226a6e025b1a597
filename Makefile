# Doorstep. The two commands: `make run` runs the platform, `make test` runs the tests.
# Both create .venv with Python 3.11 when it is missing and reinstall the project only when
# pyproject.toml is newer than the last install.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
# Stamp of the last successful install: newer than pyproject.toml means nothing to do.
INSTALLED := $(VENV)/.installed
LOCAL_DIR := $(or $(DOORSTEP_LOCAL_DIR),.local)
PYTEST_ARGS ?=

.PHONY: help run dev test e2e bench migrate seed stop-local clean-local venv

# help: this list
help:
	@awk '/^# [a-z0-9-]+: / { i = index($$0, ": "); printf "  make %-12s %s\n", substr($$0, 3, i - 3), substr($$0, i + 2) }' Makefile

# run: migrate, seed, then web + Celery worker + beat (embedded PostgreSQL/Redis if unset)
run: $(INSTALLED)
	$(PY) -m config.launcher

# dev: the same with Django's auto-reloading runserver instead of gunicorn
dev: $(INSTALLED)
	$(PY) -m config.launcher --dev

# test: ruff, the import contracts (.importlinter), then the whole pytest suite (browser tests use /usr/bin/chromium)
test: $(INSTALLED)
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports
	$(PY) -m pytest $(PYTEST_ARGS)

# e2e: only the browser tests
e2e: $(INSTALLED)
	$(PY) -m pytest -m e2e $(PYTEST_ARGS)

# bench: the benchmarks (tests/bench)
bench: $(INSTALLED)
	$(PY) -m tests.bench

# migrate: public schema, the company template schema and every company
migrate: $(INSTALLED)
	$(PY) manage.py migrate_platform

# seed: the demo companies (idempotent)
seed: $(INSTALLED)
	$(PY) manage.py seed_demo

# stop-local: stop the embedded PostgreSQL and Redis (data stays in .local/)
stop-local: $(INSTALLED)
	$(PY) -m config.launcher --stop-embedded

# clean-local: stop the embedded servers and delete .local/ (database, Redis, static files)
clean-local: stop-local
	rm -rf -- "$(LOCAL_DIR)"

venv: $(INSTALLED)

$(PY):
	@test -n "$(PYTHON)" || { echo "Python 3.11 is needed (python3.11 not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

# Playwright comes in as a Python package only: the browser tests drive Debian's chromium.
$(INSTALLED): pyproject.toml | $(PY)
	$(PY) -m pip install -e ".[dev]"
	touch $@
