# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
FLASK := $(BIN)/flask --app training.app
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup install translations bench

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

AXE := tests/e2e/axe/node_modules/axe-core/axe.min.js

install: $(STAMP) $(AXE)

# axe-core for the accessibility browser test, pinned in tests/e2e/axe/package-lock.json.
# Without npm the step is skipped and that test skips too (CI has npm).
$(AXE): tests/e2e/axe/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		cd tests/e2e/axe && npm ci --no-audit --no-fund --silent && touch node_modules/axe-core/axe.min.js; \
	else echo "npm not found: the accessibility browser test will be skipped"; fi

translations: $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -d training/translations

setup: install translations
	$(FLASK) create-db
	$(FLASK) import-courses content/courses
	$(FLASK) load-demo --if-needed

run: setup
	@echo "Karya Mandiri is serving on http://$(HOST):$(PORT)"
	$(BIN)/gunicorn --config gunicorn.conf.py --bind $(HOST):$(PORT) 'training.app:create_app()'

# ruff (checks only, never formatting) and mypy first; then the whole suite on SQLite; then, when
# TEST_DATABASE_URL names a PostgreSQL database, every test that touches a database again on PostgreSQL.
test: install translations
	$(BIN)/ruff check training tests bench
	$(BIN)/mypy
	env -u TEST_DATABASE_URL $(BIN)/python -m pytest $(PYTEST_ARGS)
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "--- again on $$TEST_DATABASE_URL"; \
		$(BIN)/python -m pytest tests/web tests/e2e $(PYTEST_ARGS); \
	fi

bench: install translations
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python bench/bench_pages.py
	$(BIN)/python bench/profile_pages.py
	$(BIN)/python bench/bench_lab.py
	$(BIN)/python bench/bench_simulator.py
	$(BIN)/python bench/bench_certificates.py
	$(BIN)/python bench/bench_login.py --rounds 1
