# BackCare: `make run` serves the site, `make test` runs every test. See README.md.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help run test jstest install install-dev frontend static migrate chromium lint format clean \
	gettext messages compilemessages \
	bench loadtest faulttest wrk

help:
	@echo "make run    install, migrate, load the catalogue and serve on http://$(HOST):$(PORT)"
	@echo "make test   install test tools (Chromium included) and run every test"
	@echo "make jstest the player's JavaScript unit tests alone (node --test tests/js/)"
	@echo "make messages  gather the marked interface strings into locale/<lang>/LC_MESSAGES/*.po"
	@echo "make lint   ruff check and format check, and the layers the apps import by"
	@echo "make bench  measure the main pages against a baseline (not part of CI)"
	@echo "make loadtest  concurrent session saves and two-server checks (not part of CI)"
	@echo "make faulttest  session saves while Redis, PostgreSQL and workers fail (not part of CI)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Stamps make a second run quick: dependencies are reinstalled only when their list changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check '.[dev]'
	@touch $@ $(VENV)/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev
frontend: node_modules/.installed

static: install frontend
	DJANGO_DEBUG=1 $(MANAGE) collectstatic --noinput --verbosity 0

# migrate also loads the built-in catalogue (a post_migrate handler upserts it by slug).
migrate: install
	DJANGO_DEBUG=1 $(MANAGE) migrate --noinput

run: static migrate compilemessages
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(MANAGE) runserver $(HOST):$(PORT)

# Debian's Chromium for the browser tests, installed when missing and the machine allows it.
chromium:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Debian's chromium for the browser tests..."; \
		(apt-get install -y -q --no-install-recommends chromium >/dev/null 2>&1 || \
		 (apt-get update -q >/dev/null && \
		  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium >/dev/null)) \
		|| echo "Could not install chromium: browser tests will be skipped (they fail under CI=true)."; \
	else echo "chromium is missing and cannot be installed here: browser tests will be skipped (they fail under CI=true)."; fi

# Translations. `make messages` gathers every marked string of the Python code, templates
# and JavaScript into locale/<lang>/LC_MESSAGES/django.po and djangojs.po (file names only,
# no line numbers, so a change elsewhere in a file leaves the catalogue alone); translate
# there. `run` and `test` compile them (.mo files, not kept in git) with GNU gettext's
# msgfmt, Debian's gettext package, installed when missing as chromium is.
LOCALES := ru
MESSAGES_IGNORE := -i .venv -i node_modules -i staticfiles -i bench -i tests -i build
MESSAGES_OPTIONS := $(addprefix -l ,$(LOCALES)) $(MESSAGES_IGNORE) --add-location file --no-obsolete

gettext:
	@if command -v msgfmt >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Debian's gettext for the translations..."; \
		apt-get install -y -q --no-install-recommends gettext >/dev/null 2>&1 || \
		(apt-get update -q >/dev/null && \
		 DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends gettext >/dev/null); \
	else echo "msgfmt (GNU gettext) is missing: install gettext to compile the translations."; exit 1; fi

messages: install gettext
	DJANGO_DEBUG=1 $(MANAGE) makemessages $(MESSAGES_OPTIONS)
	DJANGO_DEBUG=1 $(MANAGE) makemessages -d djangojs $(MESSAGES_OPTIONS)

compilemessages: install gettext
	DJANGO_DEBUG=1 $(MANAGE) compilemessages $(MESSAGES_IGNORE) --verbosity 0

# The player's pure modules (clock, stepping, save queue, resume) have Node unit tests; the
# save queue's store runs on fake-indexeddb, an npm devDependency.
jstest: frontend
	node --test tests/js/

test: install-dev frontend chromium jstest compilemessages
	$(BIN)/pytest $(PYTEST_ARGS)

# Benchmarks and load tests need wrk (Debian's package) and, for the two-server checks,
# the PostgreSQL and Redis servers given by BENCH_DATABASE_URL and BENCH_REDIS_URL.
wrk:
	@command -v wrk >/dev/null 2>&1 || (apt-get install -y -q wrk >/dev/null 2>&1 || \
		(apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null))

bench: install frontend wrk
	$(BIN)/python bench/run.py

loadtest: install frontend
	$(BIN)/python bench/loadtest.py

# Starts its own PostgreSQL (initdb) and Redis on spare loopback ports: needs their server
# binaries (/usr/lib/postgresql/*/bin, redis-server), never the machine's running servers.
faulttest: install frontend
	$(BIN)/python bench/faulttest.py

# lint-imports: the apps import one way (the layers in pyproject.toml, README's layout).
lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .ruff_cache
