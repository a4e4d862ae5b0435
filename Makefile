# Frontier Ledger: `make run` and `make test` are the two commands users need.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: setup system-deps run test check load bench clean

setup: $(VENV)/.installed system-deps

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --disable-pip-version-check -q -r requirements-dev.txt
	@touch $@

system-deps:
	@bash scripts/system_deps.sh

run: setup
	@bash scripts/run.sh

test: setup
	$(PY) -m pytest

check: setup
	$(PY) -m registry check

load: setup
	$(PY) -m registry load

bench: setup
	for b in bench/*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean:
	rm -rf data/ledger.duckdb* data/served.duckdb* data/.served* .pytest_cache
