# Two commands on a fresh machine: `make run` and `make test`. Everything they need is installed here.
# Python 3.11: python3.11 if it is on the PATH, otherwise python3 (checked below).
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3 2>/dev/null)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test test-only install browser migrate seed worker check-deploy audit messages clean

$(VENV)/.installed: pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null \
	  || { echo "Duo needs Python 3.11 (found: $$($(PYTHON) --version 2>&1))."; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip "setuptools>=83"
	$(PY) -m pip install --quiet -c constraints.txt -e ".[test]"
	touch $@

install: $(VENV)/.installed

migrate: install
	@mkdir -p var
	$(PY) manage.py migrate --noinput -v 0

seed: migrate
	$(PY) manage.py seed_demo --if-empty

run: seed
	$(PY) manage.py demo_logins
	@echo "Duo is at http://127.0.0.1:$(PORT)/  (French /fr/, Dutch /nl/, English /en/)"
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

worker: install
	$(VENV)/bin/celery -A config worker --loglevel=INFO

# Debian's chromium drives the browser tests; install it when missing and this machine allows it.
browser:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's chromium for the browser tests..."; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "chromium could not be installed: the browser tests will fail."; \
	  else echo "chromium is missing and cannot be installed here: the browser tests will fail."; fi; \
	fi

test: install browser test-only

test-only:
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

messages: install
	$(PY) manage.py makemessages -l fr -l nl --no-obsolete --no-location -e html,txt,py -i ".venv/*" -i "var/*" -i "tests/*" -i "benchmarks/*" -i "test-artifacts/*"
	$(PY) manage.py compilemessages -i ".venv" -i "var"

check-deploy: install
	DUO_ENV=production SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	  ALLOWED_HOSTS=duo.example.org DUO_FIELD_KEYS=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(32))') \
	  PAIR_GUARD_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(32))') \
	  $(PY) manage.py check --deploy --fail-level WARNING

# The installed packages against a vulnerability database (pip-audit): fails on a known vulnerability; says
# "NOT CHECKED" and passes when no database answers (duo/core/audit.py). AUDIT_SERVICE=osv asks OSV instead of PyPI.
audit: install
	$(PY) -m duo.core.audit

# The load test (benchmarks/load): ~100,000 people in the PostgreSQL database duo_load, gunicorn, locust at 50 and
# 200 users; one JSON line per level. LOAD_ARGS passes options, e.g. LOAD_ARGS="--reuse --duration 120".
LOAD_ARGS ?=
load: install
	$(PY) -m pip install --quiet -c constraints.txt -e ".[load]"
	$(PY) benchmarks/load/run.py $(LOAD_ARGS)

clean:
	rm -rf $(VENV) var
