# Panjara: `make run` serves the portal with demo data; `make test` runs every test.
PYTHON ?= python3
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -ec
VENV := .venv
PY := $(VENV)/bin/python
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test test-postgres messages bench clean system-packages runtime-packages
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/panjara

$(VENV)/.base: requirements/base.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV) || { apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null && $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install -q -r requirements/base.txt 2>&1 | { grep -v 'is ignored: it is neither' || true; }
	touch $@

$(VENV)/.test: requirements/test.txt $(VENV)/.base
	$(PY) -m pip install -q -r requirements/test.txt 2>&1 | { grep -v 'is ignored: it is neither' || true; }
	touch $@

# System libraries the portal itself needs: Pango and fonts for WeasyPrint's PDFs (the hall's
# registration application).
runtime-packages:
	@missing=""; \
	ldconfig -p | grep -q 'libpango-1.0.so.0' || missing="$$missing libpango-1.0-0"; \
	ldconfig -p | grep -q 'libpangoft2-1.0.so.0' || missing="$$missing libpangoft2-1.0-0"; \
	ldconfig -p | grep -q 'libharfbuzz-subset.so.0' || missing="$$missing libharfbuzz-subset0"; \
	test -d /usr/share/fonts/truetype/dejavu || missing="$$missing fonts-dejavu-core"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

# System packages the tests use: Debian's Chromium for browser tests, gettext's xgettext for the
# catalog check.
system-packages: runtime-packages
	@missing=""; \
	test -x /usr/lib/chromium/chromium || missing="$$missing chromium"; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

messages: $(VENV)/.base
	$(PY) tools/i18n.py compile

run: runtime-packages $(VENV)/.base messages
	$(PY) tools/run_all.py

test: system-packages $(VENV)/.test messages
	$(PY) tools/i18n.py check
	$(PY) -m ruff check --no-cache .
	$(PY) -m ruff format --no-cache --check .
	$(VENV)/bin/lint-imports
	DJANGO_SETTINGS_MODULE=panjara.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest -q -p no:cacheprovider

# The same suite against PostgreSQL (CI runs it when a server answers on 127.0.0.1:5432).
test-postgres: runtime-packages $(VENV)/.test messages
	PANJARA_DATABASE_URL=$(POSTGRES_URL) $(PY) -m pytest -q -p no:cacheprovider

$(VENV)/.bench: requirements/bench.txt $(VENV)/.test
	$(PY) -m pip install -q -r requirements/bench.txt 2>&1 | { grep -v 'is ignored: it is neither' || true; }
	touch $@

bench: $(VENV)/.bench
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) var
