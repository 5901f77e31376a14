# statement-workflow: `make run` to start the review UI, `make test` to run every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: install run test lint bench clean messages

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,pdf]'
	touch $(STAMP)

# The interface's catalogs: .po in git, .mo built here (the app compiles a stale one itself).
I18N := webui/translations
MO := $(patsubst %.po,%.mo,$(wildcard $(I18N)/*/LC_MESSAGES/messages.po))

$(I18N)/%/LC_MESSAGES/messages.mo: $(I18N)/%/LC_MESSAGES/messages.po $(STAMP)
	$(BIN)/pybabel compile -i $< -o $@

install: $(STAMP) $(MO)

# After marking new interface strings: extract them, merge them into every catalog.
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg --no-location --sort-output -c TRANSLATORS: \
	  --project statement-workflow --copyright-holder "statement-workflow contributors" \
	  -o $(I18N)/messages.pot .
	$(BIN)/pybabel update -i $(I18N)/messages.pot -d $(I18N) --no-fuzzy-matching --ignore-obsolete

SEED ?= ../shared/seed/statement.txt

run: install
	$(BIN)/statements setup --seed $(SEED) --base-url http://$(HOST):$(PORT)
	$(BIN)/statements serve --host $(HOST) --port $(PORT)

lint: $(STAMP)
	$(BIN)/ruff check workflow webui tests bench
	$(BIN)/mypy

test: install lint
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/catalog_bench.py
	$(BIN)/python bench/pretranslate_bench.py
	$(BIN)/python bench/memory_bench.py

clean:
	rm -rf $(VENV) build .pytest_cache .mypy_cache .ruff_cache
