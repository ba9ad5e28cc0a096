# Two commands for a new user: `make run` and `make test`. Everything else is a helper.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT

.PHONY: run test lint check superuser backup restore bench load cluster cluster-down faults messages region-map clean help

help:
	@echo "make run        set everything up and serve the seeded site on http://127.0.0.1:$(PORT)/"
	@echo "make test       run the whole test suite (SQLite, or PostgreSQL when DATABASE_URL says so)"
	@echo "make superuser  create an account for the admin at /admin/"
	@echo "make lint       ruff, the import layers, bandit, pip check and Django's checks"
	@echo "make messages   update the Russian catalogue (locale/ru/) from the code and compile it"
	@echo "make region-map rebuild programmes/region_map.json from Natural Earth (needs npm)"
	@echo "make backup     snapshot of the database and media into backups/<date-time>/"
	@echo "make restore FROM=backups/<date-time>   put a snapshot back (replaces all content)"
	@echo "make bench      benchmark on PostgreSQL with 100,000 events (docs/performance.md)"
	@echo "make load       load test: 64 connections for 60 s against gunicorn on PostgreSQL"
	@echo "make cluster    nginx, two app servers, PostgreSQL with a replica, Redis on this machine (docs/deployment.md)"
	@echo "make cluster-down  stop what make cluster started (keeps the database and var/cluster/media)"
	@echo "make faults     break the running cluster under load and print what readers saw"

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when a requirements file changes.
$(VENV)/.runtime-installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime-installed $@

run: $(VENV)/.runtime-installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_seed
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@echo ""
	@echo "  Milestones portal: http://127.0.0.1:$(PORT)/"
	@echo "  Admin for editors: http://127.0.0.1:$(PORT)/admin/  (create an account with: make superuser)"
	@echo ""
	$(BIN)/gunicorn --config gunicorn.conf.py

test: $(VENV)/.dev-installed
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/bandit --quiet --recursive milestones programmes unodc_portal --exclude "*/migrations/*"
	$(BIN)/python -m pip check
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

# The Russian catalogue from the code: new strings come in untranslated, gone ones go (translate
# the new ones in locale/ru/LC_MESSAGES/django.po, then run this again to compile). Needs GNU
# gettext (apt-get install gettext); `make run` does not: the compiled .mo is committed.
# tests/test_translations.py runs the same command and fails on any string left untranslated.
MESSAGES_IGNORE := --ignore=.venv --ignore=bench --ignore=tests --ignore=staticfiles --ignore=var --ignore=test-artifacts

messages: $(VENV)/.runtime-installed
	$(BIN)/python manage.py makemessages --locale=ru --no-obsolete $(MESSAGES_IGNORE)
	$(BIN)/python manage.py compilemessages --locale=ru $(MESSAGES_IGNORE)

superuser: $(VENV)/.runtime-installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createsuperuser

backup: $(VENV)/.runtime-installed
	$(BIN)/python manage.py backup

restore: $(VENV)/.runtime-installed
	@test -n "$(FROM)" || { echo "Say which backup: make restore FROM=backups/<date-time>"; exit 2; }
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py restore "$(FROM)"

bench: $(VENV)/.runtime-installed
	$(BIN)/python bench/run.py $(BENCH_ARGS)

load: $(VENV)/.runtime-installed
	$(BIN)/python bench/run.py --load $(BENCH_ARGS)

# A production-like cluster on this machine (deploy/cluster.py, docs/deployment.md).
cluster: $(VENV)/.runtime-installed
	$(BIN)/python deploy/cluster.py up $(CLUSTER_ARGS)

cluster-down: $(VENV)/.runtime-installed
	$(BIN)/python deploy/cluster.py down

faults: $(VENV)/.runtime-installed
	$(BIN)/python bench/faults.py $(FAULTS_ARGS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache

# The region's map from Natural Earth's boundaries (world-atlas, pinned in package.json). The
# result is committed: `make run` and the portal never need npm or the network for the map.
region-map: $(VENV)/.runtime-installed
	npm ci --no-audit --no-fund
	$(BIN)/python manage.py build_region_map node_modules/world-atlas/countries-50m.json
