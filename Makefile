# Quick start: `make demo` runs the main job on the bundled example data,
# `make test` runs the checks. Both build their own virtual environment.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck pytest bench bench-reference bench-parquet bench-events-duckdb bench-lazy bench-spark bench-html bench-intervals bench-at-risk bench-staffing schema clean

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("svcstandards needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,holidays,parquet,handbook,excel,progress,polars,duckdb,spark,plot,sql]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/python examples/demo.py

lint: $(STAMP)
	$(BIN)/ruff check src tests examples benchmarks scripts
	$(BIN)/ruff format --check src tests examples benchmarks scripts

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest

test: lint typecheck pytest

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/run.py

# The lazy engines against hand-written Polars and DuckDB queries (see benchmarks/README.md).
# Sizes and options go through BENCH_ARGS, e.g. `make bench-reference BENCH_ARGS="--rows 2000000"`.
BENCH_ARGS ?=

bench-reference: $(STAMP)
	$(BIN)/python benchmarks/bench_reference.py $(BENCH_ARGS)

bench-parquet: $(STAMP)
	$(BIN)/python benchmarks/bench_parquet.py $(BENCH_ARGS)

bench-events-duckdb: $(STAMP)
	$(BIN)/python benchmarks/bench_events_duckdb.py $(BENCH_ARGS)

bench-lazy: bench-reference bench-parquet bench-events-duckdb

# The Spark engine against hand-written Spark SQL, local[2] (needs PySpark and Java; see benchmarks/README.md).
bench-spark: $(STAMP)
	$(BIN)/python benchmarks/bench_spark.py $(BENCH_ARGS)

# The HTML page for 50 standards x 30 groups against the evaluation it shows (see docs/reports.md).
bench-html: $(STAMP)
	$(BIN)/python benchmarks/bench_html.py $(BENCH_ARGS)

# Half-hour periods against day periods over 10 M calls and 30 days, on pandas and DuckDB (ratios printed).
bench-intervals: $(STAMP)
	$(BIN)/python benchmarks/bench_intervals.py $(BENCH_ARGS)

# Open items at risk on open tickets against hand-written pandas deadlines (see docs/live.md).
bench-at-risk: $(STAMP)
	$(BIN)/python benchmarks/bench_at_risk.py $(BENCH_ARGS)

# agents_needed over 33,600 quarter-hours against pyworkforce's ErlangC, one interval at a time (see docs/staffing.md).
bench-staffing: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/bench_staffing.py $(BENCH_ARGS)

schema: $(STAMP)
	$(BIN)/svcstandards schema > docs/standards.schema.json

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .hypothesis
