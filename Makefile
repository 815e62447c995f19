# Two commands set a fresh machine up: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.setup-stamp
CORPUS ?= corpus
OUT ?= outputs

export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS ?= 90
export PREFECT_SERVER_ANALYTICS_ENABLED ?= false

.PHONY: setup run serve test test-service lint schema bench clean golden

# The project's own modules compiled to bytecode: an editable install leaves them as sources, and
# where bytecode is not written (PYTHONDONTWRITEBYTECODE, a read-only install) every process
# (the command, each worker) compiled them again at start (~0.15-0.25 s each). Only changed
# files are compiled again; a stale file is simply compiled in memory, as before.
setup: $(STAMP)
	$(BIN)/python -m compileall -q pipeline flows > /dev/null

$(STAMP): pyproject.toml constraints.txt
	./scripts/system_packages.sh
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

run: setup
	$(BIN)/docpipe run $(CORPUS) --out $(OUT)

# The batch on the schedule of docpipe.yaml, with a local Prefect server (Ctrl-C stops both).
serve: setup
	$(BIN)/docpipe serve

# The slow tests of the service: a scheduled run through `docpipe serve`, the Dask runner, the
# Prefect server under faults (`docpipe server`, SIGKILL, a server dying mid-run) (~5-8 min).
test-service: setup
	$(BIN)/python -m pytest -q -m slow

test: setup
	$(BIN)/python -m pytest -q
	$(BIN)/ruff check pipeline flows tests
	$(BIN)/mypy pipeline flows tests

lint: setup
	$(BIN)/ruff check pipeline flows tests
	$(BIN)/mypy pipeline flows tests

# The committed JSON Schema and catalogue of codes (tests fail when they drift from the code).
schema: setup
	$(BIN)/docpipe schema > pipeline/schema/docpipe.schema.json.tmp
	mv pipeline/schema/docpipe.schema.json.tmp pipeline/schema/docpipe.schema.json
	$(BIN)/python -m pipeline.codes > docs/codes.md.tmp
	mv docs/codes.md.tmp docs/codes.md

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

# Rewrite the golden outputs (tests/golden/) on purpose, after an intended change of reading;
# `git diff tests/golden` then shows what changed, and the commit explains it.
golden: setup
	$(BIN)/python -m tests.golden $(NAMES)
