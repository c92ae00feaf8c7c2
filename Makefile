# Two commands on a fresh machine (see README): `make demo` and `make test`.
# The demo, the generator and the text evaluation are fixtures (`python -m fixtures ...`, run from this folder):
# the editable install and the image hold `transforms` only.
# Everything else here is what those two need, plus a few conveniences.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Three pytest workers (xdist) on a 2-core machine: much of the suite waits on servers, browsers and subprocesses
# (a full run kept 1.5 of 2 cores busy with two workers), so a third worker fills the waits. A fourth gained nothing
# (fresh clones of one commit, 5 Dec 2026: three 9 min 56 s, four 10 min 26 s). TEST_WORKERS=0 runs in one process.
TEST_WORKERS ?= 3
ROOT := $(abspath .)
VAR := $(ROOT)/var

# Airflow runs against the repo's own folders and a local SQLite metadata DB.
export AIRFLOW_HOME ?= $(VAR)/airflow
export AIRFLOW__CORE__DAGS_FOLDER := $(ROOT)/dags
export AIRFLOW__CORE__PLUGINS_FOLDER := $(ROOT)/plugins
export AIRFLOW__CORE__LOAD_EXAMPLES := False
# Airflow 3 has no default_ui_timezone (removed in 3.0, apache/airflow#49176): the UI shows times in the
# browser's zone (per user: the clock menu). default_timezone makes naive times typed into forms, the API
# and the CLI mean Amsterdam time, the zone the pipeline's days are counted in.
export AIRFLOW__CORE__DEFAULT_TIMEZONE := Europe/Amsterdam
export AIRFLOW__CORE__UNIT_TEST_MODE ?= False
export DCN_DATA_ROOT ?= $(VAR)/data
export DCN_CACHE_DIR ?= $(VAR)/cache

.PHONY: demo test install ui bench eval-text clean

# Installed marker: rebuilt when the pins change.
$(VENV)/.installed: requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	$(PY) -m transforms warm-up
	touch $@

install: $(VENV)/.installed

demo: install
	$(PY) -m fixtures demo

test: install
	@bash scripts/ensure-chromium.sh
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m pytest -q -p no:cacheprovider -n $(TEST_WORKERS) --durations=25 $(PYTEST_ARGS)

ui: install
	$(PY) -m fixtures demo --prepare-only --ui

bench: install
	$(PY) bench/extract.py
	$(PY) bench/text_anonymiser.py
	$(PY) bench/research_dataset.py
	$(PY) bench/retention.py

# Notation fuzz through every layer (CLI, staged path, release gate), then the text anonymiser vs DEDUCE alone vs
# Presidio defaults on the three parts of eval/text (development, independent test, held-out; the last two without
# deny lists); fails if anything survives the fuzz or a part misses its targets.
eval-text: install
	$(PY) -m fixtures.text.notations
	$(PY) -m fixtures eval-text score

clean:
	rm -rf $(VAR)
