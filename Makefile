# Quick start: `make dashboard` (set up + open the dashboard on the sample corpus),
# `make test` (set up + run the tests). Both work on a fresh clone with Python 3.11.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: setup dashboard test lint evaluate bench

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

setup: $(STAMP)

# Headless (.streamlit/config.toml): no first-run e-mail prompt, so it also runs without a terminal;
# open the URL it prints.
dashboard: setup
	$(PY) -m streamlit run serve.py

test: setup
	$(PY) -m ruff check .
	$(PY) -m pytest -q

evaluate: setup
	$(PY) -m positions evaluate --gold ../shared/gold/seeds.gold.jsonl --docs ../shared/seeds \
		--meta ../shared/gold/seeds.meta.jsonl --quiet
