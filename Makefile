# Two commands: `make run` and `make test`. Both install what they need on a fresh Debian
# machine (system packages with apt when root, Python packages with uv) before they start.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := run

export UV_PYTHON_DOWNLOADS := never
export PATH := $(HOME)/.local/bin:$(PATH)

# What the app needs at run time (WeasyPrint: Pango, HarfBuzz subsetting; fonts for every script)
RUN_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core fonts-dejavu-core
# What the tests need on top: a real browser, PDF text extraction, a PostgreSQL server
TEST_DEBS := $(RUN_DEBS) chromium poppler-utils postgresql-15

HOST ?= 127.0.0.1
PORT ?= 8000
# a small demo centre to try the product with: persons, cases, employers, procedures
DEMO_PERSONS ?= 300

.PHONY: run test bench lint typecheck i18n uv-installed debs-run debs-test sync sync-dev

run: debs-run sync
	uv run --frozen --no-dev welcome i18n compile
	uv run --frozen --no-dev welcome db upgrade
	uv run --frozen --no-dev welcome demo --if-empty --scale $(DEMO_PERSONS)
	uv run --frozen --no-dev welcome serve --host $(HOST) --port $(PORT)

# mypy checks beside the suite: alone it kept one of the two cores idle for ~19 s (without its
# cache); its report follows the suite's, and either failing fails `make test`
test: debs-test sync-dev
	uv run --frozen ruff check welcome cases tests
	uv run --frozen ruff format --check welcome cases tests
	uv run --frozen welcome i18n compile
	types_log=$$(mktemp); uv run --frozen mypy welcome cases > "$$types_log" 2>&1 & types=$$!; \
	suite=0; TIMEFORMAT='suite wall time: %0R s'; time uv run --frozen pytest $(PYTEST_ARGS) || suite=$$?; \
	checked=0; wait $$types || checked=$$?; echo "mypy welcome cases:"; cat "$$types_log"; \
	rm -f "$$types_log"; test $$suite -eq 0 && test $$checked -eq 0

bench: debs-test sync-dev
	uv run --frozen welcome i18n compile
	uv run --frozen python -m tests.bench

lint: sync-dev
	uv run --frozen ruff check welcome cases tests
	uv run --frozen ruff format --check welcome cases tests
	uv run --frozen mypy welcome cases

i18n: sync-dev
	uv run --frozen welcome i18n update
	uv run --frozen welcome i18n compile

uv-installed:
	@command -v uv >/dev/null 2>&1 || { \
	  echo "uv is missing: installing it with pip"; \
	  python3 -m pip install --quiet uv 2>/dev/null || python3 -m pip install --quiet --user uv; }

sync: uv-installed
	uv sync --frozen --no-dev

sync-dev: uv-installed
	uv sync --frozen

debs-run:
	@.ci/debs $(RUN_DEBS)

debs-test:
	@.ci/debs $(TEST_DEBS)
