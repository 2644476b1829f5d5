# CityVotes: `make run` sets up everything and runs the portal; `make test` runs the tests.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PORT
# POOL=1: the portal and the tests reach PostgreSQL through a project-local PgBouncer (transaction mode).
POOL ?=
export POOL
ifneq ($(POOL),)
export PGBOUNCER := true
endif

.PHONY: run test setup venv services stop lint format clean backup restore

$(VENV)/.installed: requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

venv: $(VENV)/.installed

services:
	@$(PYTHON) scripts/devservices.py up

setup: venv services
	$(PY) manage.py migrate --noinput
	$(PY) manage.py maintain_partitions
	$(PY) manage.py collectstatic --noinput --verbosity 0

## Set up everything, load demo data, run web + Celery worker + beat (Ctrl-C stops all).
run: setup
	$(PY) manage.py seed_demo
	$(PY) manage.py load_legistar_demo
	$(PY) manage.py load_minutes_demo
	$(PY) manage.py load_311_demo
	$(PY) manage.py ensure_local_admin
	@echo ""
	@echo "  CityVotes: http://127.0.0.1:$(PORT)/   admin: http://127.0.0.1:$(PORT)/admin/"
	@echo ""
	@rm -rf var/metrics && mkdir -p var/metrics  # each process's Prometheus samples (config.metrics)
	$(VENV)/bin/honcho --procfile Procfile start

## Same set-up, then the whole test suite on real PostgreSQL and Redis. Locally the test databases are
## kept between runs (--reuse-db); CI=true builds them new.
# Through PgBouncer (POOL=1) the test databases are kept at the end: the pooler still holds server
# connections to them, and a DROP DATABASE would refuse.
TEST_DB_FLAG := $(if $(CI),--create-db,--reuse-db)$(if $(POOL), --reuse-db)
test: venv services
	$(VENV)/bin/pytest $(TEST_DB_FLAG) $(PYTEST_ARGS)

## Back the whole database up into var/backups/ (pg_dump custom format and a manifest of every table).
backup: venv services
	$(PY) manage.py db_backup

## Restore FILE=var/backups/<archive>.dump into a new database and check every table against the manifest.
restore: venv services
	@test -n "$(FILE)" || { echo "make restore FILE=var/backups/<archive>.dump"; exit 2; }
	$(PY) manage.py db_restore $(FILE)

## Stop the PostgreSQL and Redis this checkout started (never others).
stop:
	@$(PYTHON) scripts/devservices.py down

## Format check, ruff, mypy and the import contracts between apps (pyproject.toml); CI runs it first, before
## any .env exists, so mypy's Django plugin (which loads the settings) gets placeholders it never connects to.
TYPECHECK_ENV := SECRET_KEY=$${SECRET_KEY:-type-checking-only} DATABASE_URL=$${DATABASE_URL:-postgres://127.0.0.1/unused} REDIS_URL=$${REDIS_URL:-redis://127.0.0.1/0}
lint: venv
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(TYPECHECK_ENV) $(VENV)/bin/mypy .
	$(VENV)/bin/lint-imports

## Apply the formatter and ruff's safe fixes.
format: venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

## Stop the servers and remove everything this checkout made: var/ (and a cluster kept outside it), .env.
clean:
	@$(PYTHON) scripts/devservices.py clean
	rm -rf var .env
