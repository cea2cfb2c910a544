# The two commands: `make run` (a working portal with demo data) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
PYTEST_WORKERS ?= 2
DEMO_STAFF_EMAIL ?= curator@greentech.example
DEMO_STAFF_PASSWORD ?= greentech-demo

.PHONY: install run test test-fast lint format messages messages-update check bench bench-data clean browser \
	audit bandit fuzz

# Commands for a development machine run with DEBUG on unless told otherwise: with DEBUG off the
# portal refuses the development SECRET_KEY (set SECRET_KEY to run them as in production).
DEV_ENV := DEBUG=$${DEBUG:-true}

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-install only when the dependencies change.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

messages: install
	$(BIN)/python manage.py compilemessages --ignore=.venv --verbosity 0

# Collect new interface strings into the Chinese catalogue (sorted, without source lines).
messages-update: install
	$(BIN)/python manage.py makemessages -l zh_Hans --ignore=.venv --ignore=var --ignore=tests --no-obsolete

run: install messages
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py migrate --no-input
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py load_demo
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py ensure_demo_staff --email "$(DEMO_STAFF_EMAIL)" --password "$(DEMO_STAFF_PASSWORD)"
	@echo ""
	@echo "  GreenTech Cooperation Portal: http://$(HOST):$(PORT)/"
	@echo "  Admin:    http://$(HOST):$(PORT)/admin/"
	@echo "  API:      http://$(HOST):$(PORT)/api/  (docs: http://$(HOST):$(PORT)/api/docs/)"
	@echo "  Log in as $(DEMO_STAFF_EMAIL) with password $(DEMO_STAFF_PASSWORD) (demo staff curator)"
	@echo ""
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py runserver $(HOST):$(PORT)

# The browser tests (tests/e2e) use the system's Chromium: installed here when missing and
# possible (root or password-less sudo); otherwise they are skipped, and under CI=true they fail.
browser:
	@sh tests/e2e/ensure_chromium.sh

test: install messages browser
	$(DEV_ENV) $(BIN)/python manage.py makemigrations --check --dry-run --verbosity 0
	$(BIN)/ruff check .
	$(BIN)/bandit -c pyproject.toml -r . -q
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadgroup

test-fast: install
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadgroup -m "not integration and not e2e"

# The API contract's long run (never part of `make test`, which runs a few examples per operation):
# schemathesis with FUZZ_EXAMPLES examples per operation and role and every check it has, on the
# test database at DATABASE_URL (PostgreSQL) or SQLite; FUZZ_COVERAGE=1 adds its coverage phase
# (boundary values of every parameter: several times longer). Prints the counts.
FUZZ_EXAMPLES ?= 25
FUZZ_COVERAGE ?= 0
fuzz: install messages
	CONTRACT_FUZZ=1 CONTRACT_EXAMPLES=$(FUZZ_EXAMPLES) CONTRACT_COVERAGE=$(FUZZ_COVERAGE) \
		CONTRACT_NO_SHRINK=1 $(BIN)/pytest tests/contract/test_api_contract.py -n 0 -q \
		-p no:cacheprovider

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install
	$(DEV_ENV) $(BIN)/python manage.py check
	$(DEV_ENV) $(BIN)/python manage.py makemigrations --check --dry-run

# Security checks: bandit over the code (findings fixed or explained inline with `# nosec`), then
# pip-audit over the installed packages where its vulnerability service answers (it says
# NOT AUDITED where it does not). `make test`, and so CI, runs the bandit part.
bandit: install
	$(BIN)/bandit -c pyproject.toml -r . -q

audit: bandit
	$(BIN)/python scripts/pip_audit.py

# Benchmarks (bench/README.md), never part of `make test`. Both use DATABASE_URL (PostgreSQL, a
# database of their own); APP_DIR measures another checkout, e.g. an older commit's worktree.
N ?= 100000
bench-data: install
	$(BIN)/python bench/bench_data.py --technologies $(N) $(if $(APP_DIR),--app-dir $(APP_DIR))

bench: install messages
	$(BIN)/python bench/bench.py $(if $(APP_DIR),--app-dir $(APP_DIR)) $(if $(LABEL),--label $(LABEL))

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
