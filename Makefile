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

.PHONY: demo test venv test-tools bench bench-receiver fuzz clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

venv: $(STAMP)

# What the tests drive for real, installed here (never by hand) when we are root:
# Debian's Chromium (browser tests), LibreOffice without GUI (opens the generated
# documents headless) and PostgreSQL (the receiver's tests start a throwaway cluster on
# 127.0.0.1; the packaged cluster is not used). Otherwise those tests are skipped and say why.
OFFICE_PACKAGES := libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui libreoffice-draw-nogui

PG_BIN_GLOB := /usr/lib/postgresql/*/bin/initdb

test-tools:
	@if [ -x $(CHROMIUM) ] && command -v soffice >/dev/null && ls $(PG_BIN_GLOB) >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
		echo "Installing chromium, LibreOffice (no GUI) and PostgreSQL for the tests..."; \
		export DEBIAN_FRONTEND=noninteractive; apt-get update -qq \
		&& apt-get install -y -qq chromium >/dev/null \
		&& apt-get install -y -qq --no-install-recommends $(OFFICE_PACKAGES) postgresql >/dev/null \
		|| echo "apt-get failed: the tests that need chromium, LibreOffice or PostgreSQL will say so"; \
	else \
		echo "chromium, libreoffice or postgresql missing and not root: the tests that need them will be skipped"; \
	fi

demo: $(STAMP)
	$(BIN)/roomserver demo --data-dir $(DATA) --host $(HOST) --port $(PORT)

test: $(STAMP) test-tools
	$(BIN)/python -m pytest

# The answer path through the real HTTP API and Socket.IO, on this disk and on an emulated
# 5 ms-fsync disk (an LD_PRELOAD shim built with gcc into a temporary directory); bounded,
# about 6 minutes. The last line printed is one JSON object (docs/performance.md).
# Then the upstream receiver (receiver_bench.py, about 2 minutes; alone: make bench-receiver):
# sessions of 300 candidates ingested per second into PostgreSQL with 1 and 4 gunicorn workers
# (docs/receiver.md; PostgreSQL from make test-tools), in the same table and the same last line.
bench: $(STAMP)
	$(BIN)/python tests/bench/run_bench.py

bench-receiver: $(STAMP)
	$(BIN)/python tests/bench/receiver_bench.py

# Many more fuzzing cases than `make test` (12 per operation), on a new seed each time (printed
# in a failure, so it can be replayed: make fuzz ROOMSERVER_FUZZ_SEED=...). About 15 minutes.
FUZZ_CASES ?= 400
fuzz: $(STAMP)
	ROOMSERVER_FUZZ_CASES=$(FUZZ_CASES) ROOMSERVER_FUZZ_SEED=$${ROOMSERVER_FUZZ_SEED:-$$(date +%s)} \
		$(BIN)/python -m pytest -q -s tests/security/test_fuzz.py

clean:
	rm -rf $(VENV) $(DATA) .pytest_cache .hypothesis
