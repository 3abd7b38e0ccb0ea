PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_DB := demo/archive.json

.PHONY: setup run test test-slow lint bench clean

$(BIN)/newsdesk: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

setup: $(BIN)/newsdesk

run: setup
	$(BIN)/newsdesk --db $(DEMO_DB) import fixtures/articles fixtures/pages fixtures/exports --exclude '*garbled*'
	$(BIN)/newsdesk --db $(DEMO_DB)

test: setup
	$(BIN)/pytest -q

test-slow: setup
	$(BIN)/pytest -q -m slow

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: setup
	$(BIN)/python bench/run.py --articles 10000

clean:
	rm -rf $(VENV) demo
