# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test lint bench demo samples clean chromium postgresql

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# Stamps re-run an install only when its requirements file changes.
$(VENV)/.app-installed: requirements.txt | $(PY)
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.test-installed: requirements-test.txt requirements.txt $(VENV)/.app-installed
	$(PIP) install --quiet -r requirements-test.txt
	touch $@

run: $(VENV)/.app-installed ## start the app on a populated demo store
	$(PY) -m carenet_dash demo
	$(PY) -m carenet_dash serve

chromium: ## Debian's Chromium for the browser tests (never a downloaded browser)
	@if [ ! -x $(CHROMIUM) ]; then \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

postgresql: ## Debian's PostgreSQL server binaries: the tests start a private cluster of their own
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq postgresql >/dev/null; \
	fi

lint: $(VENV)/.test-installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

test: $(VENV)/.test-installed chromium postgresql lint ## every test, browser and PostgreSQL included
	$(PY) -m pytest -n 2

bench: $(VENV)/.test-installed chromium postgresql ## import, page, hostile-input, connection-map and store-size benchmarks; tables in bench/results/
	$(PY) bench/import_10k.py
	$(PY) bench/pages.py
	$(PY) bench/hostile_inputs.py
	$(PY) bench/connections.py
	$(PY) bench/store_size.py

demo: $(VENV)/.app-installed
	$(PY) -m carenet_dash demo --reset

samples: $(VENV)/.app-installed
	$(PY) -c "from carenet_dash.demo import write_samples; print(*write_samples(), sep='\n')"

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
