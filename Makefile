# CityVotes: `make run` sets up everything and runs the portal; `make test` runs the tests.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PORT

.PHONY: run test setup venv services stop migrate demo lint bench-search bench-pages clean

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
	$(VENV)/bin/honcho --procfile Procfile start

## Same set-up, then the whole test suite on real PostgreSQL and Redis.
test: venv services
	$(VENV)/bin/pytest $(PYTEST_ARGS)

## Stop the PostgreSQL and Redis this checkout started (never others).
stop:
	@$(PYTHON) scripts/devservices.py down

lint: venv
	$(VENV)/bin/ruff check .

clean: stop
	rm -rf var .env
