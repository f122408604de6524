# infolib — run `make help` for the commands.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help install demo lab test test-fast lint notebooks-clean bench clean
WORKBOOK ?= data

help: ## Show the commands
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-16s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q -U pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	$(BIN)/nbstripout --install --attributes .gitattributes || true
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install infolib with its test tools

demo: $(STAMP) ## The whole journey on the fictional demo company, offline (results in out/)
	bash scripts/system-deps.sh
	$(BIN)/infolib journey --out out

lab: $(STAMP) ## Start JupyterLab on the workbook (make lab WORKBOOK=out/workbook for the demo)
	$(BIN)/jupyter lab --notebook-dir "$(WORKBOOK)"

test: $(STAMP) ## Install what the tests need (Debian packages too) and run the whole suite
	bash scripts/system-deps.sh
	$(BIN)/nbstripout --verify notebooks/*.ipynb
	$(BIN)/ruff check infolib tests bench scripts
	INFOLIB_REQUIRE_POSTGRES=1 INFOLIB_REQUIRE_CHROMIUM=1 $(BIN)/python -m pytest

test-fast: $(STAMP) ## The tests without the slow ones (clone, notebooks, browser): the inner loop
	$(BIN)/python -m pytest -m "not slow"

lint: $(STAMP) ## Check style with ruff
	$(BIN)/ruff check infolib tests bench scripts

notebooks-clean: $(STAMP) ## Strip outputs from the notebooks before committing
	$(BIN)/nbstripout notebooks/*.ipynb

bench: $(STAMP) ## Run the benchmarks and print their figures
	$(BIN)/python bench/run_all.py

clean: ## Remove the virtual environment and caches (keeps your workbook in data/)
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
