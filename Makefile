# Two commands: `make site` builds the archive, `make test` runs every test.
# Both create .venv and install the pinned dependencies on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: site test serve check lint bench bench-scale clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

site: $(STAMP)
	$(PY) -m build_scripts build

check: $(STAMP)
	$(PY) -m build_scripts check

test: $(STAMP)
	$(PY) -m ruff check build_scripts tests
	$(PY) -m mypy
	$(PY) -m pytest

serve: $(STAMP)
	$(PY) -m build_scripts build
	$(PY) -m mkdocs serve -f mkdocs.serve.yml

clean:
	rm -rf site dist build .cache .pytest_cache .mypy_cache .ruff_cache

bench: $(STAMP)
	$(PY) -m tests.bench.benchmark

# Benchmark at scale: make bench-scale N="100 1000 10000" (each N in its own process).
N ?= 100 1000
bench-scale: $(STAMP)
	$(PY) -m tests.bench.scale $(N)
