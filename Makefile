# `make demo` and `make test` work on a fresh machine with Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_WORKERS ?= auto

.PHONY: install demo test test-fast lint typecheck clean bench bench-quick

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "newsroom needs Python 3.11 or newer; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/python -m cli.demo

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

test: lint typecheck
	$(BIN)/pytest -n $(PYTEST_WORKERS)

# The unit tier: deciders, folds, lint, pages, the service on the in-memory store, the
# layer rules. No database, no process, no network: seconds.
test-fast: $(STAMP)
	$(BIN)/pytest -q tests/unit

# Bytecode compiled up front, as an installed package has it (PYTHONDONTWRITEBYTECODE
# would otherwise make every timed process compile the sources again).
bench: $(STAMP)
	$(BIN)/python -m compileall -q events workflow projections images delivery website cli bench
	$(BIN)/python -m bench.run

bench-quick: $(STAMP)
	$(BIN)/python -m compileall -q events workflow projections images delivery website cli bench
	$(BIN)/python -m bench.run --quick --out bench/results/quick

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache *.egg-info
