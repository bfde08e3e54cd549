# CivicPlan: `make run` to serve the app, `make test` to run every test. `make help` lists the rest.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PG_TEST_URL ?= postgresql://postgres@127.0.0.1:5432/civicplan
export DJANGO_SETTINGS_MODULE ?= config.settings.local

.DEFAULT_GOAL := help
.PHONY: help install install-test run setup serve test test-sqlite test-postgres lint bench frontend clean seeds-canonical

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | PORT='$(PORT)' PG_TEST_URL='$(PG_TEST_URL)' awk ' \
		function expand(text, name,   value, at, out) { \
			value = ENVIRON[name]; out = ""; \
			while ((at = index(text, "$$(" name ")")) > 0) { \
				out = out substr(text, 1, at - 1) value; text = substr(text, at + length(name) + 3) } \
			return out text } \
		BEGIN {FS = ":.*## "} \
		{printf "  make %-16s %s\n", $$1, expand(expand($$2, "PORT"), "PG_TEST_URL")}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The C extension modules `pip install -e .` compiles (setup.py): an edit rebuilds them.
C_SOURCES := civicplan/importer/parsers/_pdfwords.c

$(VENV)/.installed: pyproject.toml setup.py $(C_SOURCES) | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@$(BIN)/python -c "import weasyprint, cairosvg" 2>/dev/null || { echo "Installing the Pango and Cairo libraries reports need"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 libcairo2 >/dev/null; }
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	@missing=""; command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
		command -v pdftotext >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
		if [ -n "$$missing" ]; then echo "Installing Debian packages the tests use:$$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; fi
	touch $@

install: $(VENV)/.installed ## Create .venv and install CivicPlan

install-test: $(VENV)/.installed-test ## Install CivicPlan with its test dependencies

setup: install ## Migrate, collect static files, load the seed plans (safe to repeat)
	$(BIN)/civicplan setup --demo-users

run: setup ## Set everything up and serve on http://127.0.0.1:$(PORT)
	@echo "CivicPlan: http://127.0.0.1:$(PORT)/  (admin: $(BIN)/civicplan manage createsuperuser)"
	@# The task queue's worker runs beside the server (report copies, reminder e-mails) and stops with it.
	$(BIN)/civicplan worker --no-reload --no-startup-delay --verbosity 0 & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		PORT=$(PORT) $(BIN)/civicplan serve

test: install-test ## Run every test on SQLite, then on PostgreSQL
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite: install-test ## Run the tests on SQLite only
	DJANGO_SETTINGS_MODULE=config.settings.test DATABASE_URL= CIVICPLAN_VAR_DIR=$(CURDIR)/var/test \
		$(BIN)/python -m pytest $(PYTEST_ARGS)

test-postgres: install-test ## Run the tests on PostgreSQL ($(PG_TEST_URL))
	@bash scripts/ensure-postgres.sh "$(PG_TEST_URL)"; status=$$?; \
	if [ $$status -eq 0 ]; then \
		DJANGO_SETTINGS_MODULE=config.settings.test DATABASE_URL="$(PG_TEST_URL)" \
			$(BIN)/python -m pytest --create-db $(PYTEST_ARGS); \
	elif [ "$${CI:-}" = "true" ]; then \
		echo "PostgreSQL is not reachable at $(PG_TEST_URL): the PostgreSQL leg must run on CI" >&2; exit 1; \
	else \
		echo "PostgreSQL is not reachable at $(PG_TEST_URL): PostgreSQL leg skipped (set PG_TEST_URL)"; \
	fi

lint: install-test ## Check the code with ruff
	$(BIN)/pip install --quiet ruff==0.14.0 && $(BIN)/ruff check civicplan config tests bench

bench: install ## Run the benchmarks in bench/ (they print figures)
	@for f in bench/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

frontend: ## Rebuild the GOV.UK Frontend assets (needs Node and npm)
	bash scripts/build-frontend.sh

clean: ## Remove the virtual environment and local data
	rm -rf $(VENV) var build
	find civicplan -name "*.so" -delete

SEED_SLUGS := lc-business-plan-2013-14 lc-challenge-2017 lc-business-plan-2019-20 lc-business-plan-2020-21 lc-shared-ambitions-2022-23
seeds-canonical: install ## Rewrite the seed plan files in canonical export form (after editing them by hand)
	rm -rf var/canonical
	CIVICPLAN_VAR_DIR=$(CURDIR)/var/canonical DATABASE_URL= $(BIN)/civicplan setup --no-static
	for slug in $(SEED_SLUGS); do \
		CIVICPLAN_VAR_DIR=$(CURDIR)/var/canonical DATABASE_URL= $(BIN)/civicplan export $$slug --format yaml --out civicplan/plans/seeds/$$slug.yaml || exit 1; \
	done
	rm -rf var/canonical
