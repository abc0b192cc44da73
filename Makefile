# newstally: `make run` sets everything up and runs the pipeline on seeds/; `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
WAREHOUSE ?= warehouse
export PREFECT_SERVER_ANALYTICS_ENABLED ?= false

.PHONY: run test lint docs eval bench screenshot server install clean

install: $(STAMP)

# Reinstall only when the dependencies change.
$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/newstally run seeds --warehouse $(WAREHOUSE)

test: lint
	$(BIN)/python -m pytest

# Style and format, as CI checks them (`$(BIN)/ruff format .` fixes the format).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The README's blocks that derive from code (tables, settings, commands); a test fails when they are stale.
docs: $(STAMP)
	$(BIN)/python -m tools.docs

# Extraction quality on ../shared's labelled dev sets, beside quantulum3; rewrites the README's table. A fixed hash
# seed, because quantulum3's results move with the order it iterates sets in.
eval: $(STAMP)
	PYTHONHASHSEED=0 $(BIN)/python -m tools.evaluate --readme README.md

# Speed and memory on ../shared/corpus (BENCH_ARGS="--docs 20000 --processes 2" for more; add --readme docs/benchmarks.md
# to append the result to the bench block of docs/benchmarks.md).
bench: $(STAMP)
	$(BIN)/python -m tools.bench $(BENCH_ARGS)

# docs/report.png, the README's picture of `newstally report` over ../shared/corpus (analysed first into
# SCREENSHOT_WAREHOUSE when it is not there; needs Chromium: `apt-get install chromium`).
SCREENSHOT_WAREHOUSE ?= /tmp/newstally-corpus
screenshot: $(STAMP)
	$(BIN)/python -m tools.screenshot --warehouse $(SCREENSHOT_WAREHOUSE)

# A local Prefect server with its UI at http://127.0.0.1:4200 and its database in .prefect/
server: $(STAMP)
	PREFECT_HOME=$(CURDIR)/.prefect $(BIN)/prefect server start --host 127.0.0.1 --port 4200

clean:
	rm -rf $(WAREHOUSE)/newstally.duckdb* $(WAREHOUSE)/parquet $(WAREHOUSE)/reports $(WAREHOUSE)/report.html .prefect .pytest_cache
