# 网络安全事件报告指引 — tasks. `make help` lists them. Everything runs inside .venv,
# which the first task that needs it creates from the pinned requirements-dev.txt.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
PORT ?= 8000
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.DEFAULT_GOAL := help
.PHONY: help setup generate site serve test test-wheel test-pyodide wheel golden fingerprint benchmark bundle check checksums clean

help: ## list the tasks
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation --editable .
	touch $(STAMP)

setup: $(STAMP) ## create .venv and install the pinned dependencies

generate: $(STAMP) ## regenerate the site's pages (docs/*.md) from decision_tree/data
	$(PY) -m build_scripts.generate

site: generate ## build the site into site/ and its English edition into site/en/ (mkdocs build --strict)
	$(BIN)/mkdocs build --strict --quiet
	$(BIN)/mkdocs build --strict --quiet --config-file mkdocs.en.yml

serve: site ## build, then serve the site on http://127.0.0.1:$(PORT)
	@echo "Serving on http://127.0.0.1:$(PORT) (Ctrl-C to stop)"
	$(PY) -m http.server $(PORT) --bind 127.0.0.1 --directory site

test: check ## lint, type-check, then run every test (data, text integrity, pages, site, browser, wheel, Pyodide)
	$(PY) -m pytest
	$(MAKE) --no-print-directory test-wheel test-pyodide

wheel: $(STAMP) ## build the package's pure wheel into dist/
	$(PY) -m build_scripts.package_tests wheel

test-wheel: wheel ## run tests/package against the built wheel, installed alone, in CPython
	$(PY) -m build_scripts.package_tests cpython

test-pyodide: wheel ## run tests/package against the built wheel inside Pyodide under Node (needs Node >= 18)
	$(PY) -m build_scripts.package_tests pyodide

check: $(STAMP) ## lint and type-check (ruff + mypy --strict)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bundle: site ## pack the built site into dist/incident-reporting-guide-<date>.zip, to unpack on any static server
	$(PY) -m build_scripts.bundle

golden: $(STAMP) ## rewrite tests/package/golden/paths.txt (every path → outcome) after a rule change; review the diff
	$(PY) -m decision_tree paths > tests/package/golden/paths.txt

fingerprint: $(STAMP) ## after changing the rules, tree, interpretations or text: record their fingerprint under the new rules version in CHANGELOG.md
	$(PY) -m build_scripts.release

benchmark: site ## print the engine's speed (CPython, Pyodide) and the questionnaire's in Chromium (not a test)
	$(PY) -m build_scripts.benchmark
	$(PY) -m build_scripts.benchmark_browser

checksums: $(STAMP) ## re-record the text's SHA-256 digests — only after checking it against the official text
	$(PY) -m build_scripts.checksums

clean: ## remove everything make created
	rm -rf $(VENV) site dist build .pytest_cache .mypy_cache .ruff_cache test-artifacts node_modules .cache
