# statement-workflow: `make run` to start the review UI, `make test` to run every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: debian install run test lint bench bench-quick clean messages
# One step after the other: the system packages are checked before anything else happens.
.NOTPARALLEL:

# The Debian packages in deps/debian.txt: installed when root, otherwise the command to run.
debian:
	@PYTHON=$(PYTHON) bash deps/debian.sh

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

install: debian $(STAMP) $(MO)

# After marking new interface strings: extract them, merge them into every catalog.
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg --no-location --sort-output -c TRANSLATORS: \
	  --project statement-workflow --copyright-holder "statement-workflow contributors" \
	  -o $(I18N)/messages.pot .
	$(BIN)/pybabel update -i $(I18N)/messages.pot -d $(I18N) --no-fuzzy-matching --ignore-obsolete

SEED ?= ../shared/seed/statement.txt

# Set up and serve; when this folder's UI already runs on PORT, a new editor link instead.
run: install
	@$(BIN)/statements serve --setup --seed $(SEED) --host $(HOST) --port $(PORT)

lint: $(STAMP)
	$(BIN)/ruff check workflow webui tests bench
	$(BIN)/mypy

PYTEST_ARGS ?=
test: install lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

BENCH_STAMP := $(VENV)/.bench-stamp

$(BENCH_STAMP): $(STAMP) bench/debian.txt
	@PYTHON=$(PYTHON) bash deps/debian.sh bench/debian.txt
	$(BIN)/python -m pip install --quiet -e '.[test,pdf,bench]'
	touch $(BENCH_STAMP)

# Every benchmark with its anchors; rewrites bench/README.md; fails when a target is missed.
bench: install $(BENCH_STAMP)
	$(BIN)/python bench/run.py

# Smaller inputs, ratios only, nothing written: run before submitting a change.
bench-quick: install $(BENCH_STAMP)
	$(BIN)/python bench/run.py --quick

clean:
	rm -rf $(VENV) build .pytest_cache .mypy_cache .ruff_cache
