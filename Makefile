# statement-workflow: `make run` to start the review UI, `make test` to run every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: install run test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,pdf]'
	touch $(STAMP)

install: $(STAMP)

SEED ?= ../shared/seed/statement.txt

run: $(STAMP)
	$(BIN)/statements setup --seed $(SEED) --base-url http://$(HOST):$(PORT)
	$(BIN)/statements serve --host $(HOST) --port $(PORT)

lint: $(STAMP)
	$(BIN)/ruff check workflow webui tests bench
	$(BIN)/mypy

test: $(STAMP) lint
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/catalog_bench.py
	$(BIN)/python bench/pretranslate_bench.py
	$(BIN)/python bench/memory_bench.py

clean:
	rm -rf $(VENV) build .pytest_cache .mypy_cache .ruff_cache
