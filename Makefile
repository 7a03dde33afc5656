# The two commands a newcomer needs: `make demo` and `make test`.
# Both create the virtual environment when it is missing.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8080
HOST ?= 127.0.0.1
DATA ?= demo-data
CHROMIUM := /usr/bin/chromium

.PHONY: demo test venv chromium bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

venv: $(STAMP)

# Browser tests drive Debian's Chromium. Installed here (never by hand) when we are root;
# otherwise the browser tests are skipped and say why.
chromium:
	@if [ -x $(CHROMIUM) ]; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's chromium for the browser tests..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "chromium missing and not root: browser tests will be skipped"; \
	fi

demo: $(STAMP)
	$(BIN)/roomserver demo --data-dir $(DATA) --host $(HOST) --port $(PORT)

test: $(STAMP) chromium
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python tests/bench/bench_spine.py

clean:
	rm -rf $(VENV) $(DATA) .pytest_cache .hypothesis
