# Panjara: `make run` serves the portal with demo data; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test messages bench clean system-packages

$(VENV)/.base: requirements/base.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q -r requirements/base.txt
	touch $@

$(VENV)/.test: requirements/test.txt $(VENV)/.base
	$(PY) -m pip install -q -r requirements/test.txt
	touch $@

# System packages the tests use: Debian's Chromium for browser tests, gettext for catalogs.
system-packages:
	@missing=""; \
	test -x /usr/lib/chromium/chromium || missing="$$missing chromium"; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	fc-list 2>/dev/null | grep -q "Noto Sans Georgian" || missing="$$missing fonts-noto-core"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

messages: $(VENV)/.base | system-packages
	$(PY) tools/i18n.py compile

run: $(VENV)/.base messages
	$(PY) tools/run_all.py

test: $(VENV)/.test messages
	$(PY) tools/i18n.py check
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports
	DJANGO_SETTINGS_MODULE=panjara.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest -q -p no:cacheprovider

bench: $(VENV)/.test
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) var
