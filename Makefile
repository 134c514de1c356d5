# Two commands on a fresh machine with Python 3: `make demo` and `make test` (README).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PYTEST_WORKERS ?= 2

.PHONY: demo serve test check lint types imports migrations-check schema-check pytest messages setup clean \
	vendor chromium libreoffice audit-local

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP) messages node_modules/.installed

# axe-core (accessibility checks in the browser tests) comes from npm, pinned in package-lock.json.
# The CSS/JS the pages use are committed under mandate/static/vendor/ (`make vendor` refreshes them),
# so a machine with only Python can run the demo.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --loglevel=error && touch node_modules/.installed; \
	else echo "npm not found: the browser tests' accessibility checks need it (Node.js 18+)."; fi

vendor:
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p mandate/static/vendor/bootstrap mandate/static/vendor/bootstrap-icons/fonts mandate/static/vendor/chart.js
	cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/js/bootstrap.bundle.min.js \
		node_modules/bootstrap/LICENSE mandate/static/vendor/bootstrap/
	cp node_modules/bootstrap-icons/font/bootstrap-icons.min.css node_modules/bootstrap-icons/LICENSE \
		mandate/static/vendor/bootstrap-icons/
	cp node_modules/bootstrap-icons/font/fonts/bootstrap-icons.woff2 node_modules/bootstrap-icons/font/fonts/bootstrap-icons.woff \
		mandate/static/vendor/bootstrap-icons/fonts/
	cp node_modules/chart.js/dist/chart.umd.min.js node_modules/chart.js/LICENSE.md mandate/static/vendor/chart.js/
	# Source maps are not shipped; their references would break collectstatic's manifest.
	sed -i -E 's#/[*/]\# sourceMappingURL=[^ *]*( \*/)?##' $$(grep -rl sourceMappingURL mandate/static/vendor)

# Debian's Chromium for the browser tests (Playwright drives it; no browser download).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			apt-get install -y -q chromium >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null; }; \
		else echo "Chromium not found and cannot be installed here: browser tests will not run."; fi; }

# Debian's LibreOffice, Writer and Calc without a GUI, for the tests that convert a workbook to CSV
# as another program reads it (ADR 0032; `mandate/core/tests/libreoffice.py`) and for the reports'
# PDFs (`mandate/reports/render_pdf.py`); the Liberation 2 fonts, which have every Vietnamese letter,
# for those PDFs and the reports' charts (`mandate/reports/charts.py`). Nothing is done when the
# packages are installed; apt waits for another apt to finish rather than fail.
LIBREOFFICE_PACKAGES := libreoffice-writer-nogui libreoffice-calc-nogui fonts-liberation2
libreoffice:
	@dpkg-query -W -f='$${Status}\n' $(LIBREOFFICE_PACKAGES) 2>/dev/null | grep -c '^install ok installed$$' \
		| grep -qx 3 || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			apt="apt-get -y -q -o DPkg::Lock::Timeout=600"; \
			DEBIAN_FRONTEND=noninteractive $$apt install --no-install-recommends $(LIBREOFFICE_PACKAGES) >/dev/null \
			|| { $$apt update >/dev/null && DEBIAN_FRONTEND=noninteractive $$apt install --no-install-recommends \
				$(LIBREOFFICE_PACKAGES) >/dev/null; }; \
		else echo "LibreOffice not found and cannot be installed here: its conversion tests will not run."; fi; }

# Compiled catalogues are committed; recompile when gettext's msgfmt is on the machine.
messages: $(STAMP)
	@if command -v msgfmt >/dev/null 2>&1; then \
		for po in mandate/locale/*/LC_MESSAGES/django.po; do \
			[ -f "$$po" ] || continue; msgfmt --check-format -o "$${po%.po}.mo" "$$po" || exit 1; \
		done; \
	fi

# The audit chain's key: a development machine without MANDATE_AUDIT_KEY gets var/audit.key and
# var/audit-checkpoints/ (one line says which); production refuses to start without a key (ADR 0021).
audit-local: setup
	@$(BIN)/mandate audit local-key

# `make demo PORT=8001` serves on another port; a port in use is said in one sentence before
# anything is loaded. `mandate serve` runs one job consumer beside the web server (ADR 0023).
HOST ?= 127.0.0.1
PORT ?= 8000

demo: setup audit-local
	@$(BIN)/mandate serve --bind $(HOST):$(PORT) --check-port
	$(BIN)/mandate demo
	MANDATE_BASE_URL=$${MANDATE_BASE_URL:-http://$(HOST):$(PORT)} $(BIN)/mandate serve --bind $(HOST):$(PORT)

serve: setup
	MANDATE_BASE_URL=$${MANDATE_BASE_URL:-http://$(HOST):$(PORT)} $(BIN)/mandate serve --bind $(HOST):$(PORT)

test: setup audit-local chromium libreoffice check pytest

check: lint imports types migrations-check schema-check

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

imports:
	$(BIN)/lint-imports

types:
	$(BIN)/mypy .

migrations-check:
	DJANGO_SETTINGS_MODULE=config.test_settings $(BIN)/python manage.py makemigrations --check --dry-run

schema-check:
	DJANGO_SETTINGS_MODULE=config.test_settings $(BIN)/python manage.py spectacular --validate --fail-on-warn --file /dev/null

# The browser tests run once, on SQLite (issue 4); on PostgreSQL the rest of the suite runs.
pytest:
	@if [ -z "$$DATABASE_URL" ]; then \
		$(BIN)/pytest -n $(PYTEST_WORKERS) -q; \
	else $(BIN)/pytest -n $(PYTEST_WORKERS) -q -m "not browser"; fi

clean:
	rm -rf var/static var/test-media

# National-scale benchmark (bench/README.md): needs DATABASE_URL on PostgreSQL; generates the
# data set when it is missing, prints the table and writes bench/results.json. FAIL rows do not
# make it fail: the table is always written.
TASKS ?= 1000000
.PHONY: bench
bench: setup
	@case "$$DATABASE_URL" in \
		postgres://*|postgresql://*|pgsql://*) ;; \
		"") echo "make bench: set DATABASE_URL to a PostgreSQL database of its own, e.g." >&2; \
		    echo "  DATABASE_URL=postgres://mandate:mandate@127.0.0.1:5432/mandate_bench make bench" >&2; \
		    echo "  (create it once: su postgres -c \"createdb -O mandate mandate_bench\")" >&2; exit 2 ;; \
		*) echo "make bench: DATABASE_URL is not PostgreSQL; the benchmark runs on PostgreSQL only, e.g." >&2; \
		   echo "  DATABASE_URL=postgres://mandate:mandate@127.0.0.1:5432/mandate_bench make bench" >&2; exit 2 ;; \
	esac
	$(BIN)/python -m bench.run --tasks $(TASKS)

# Write throughput (issue 9 §3): 4 and 8 writer processes through the real services. The writes
# change the data set, so the next `make bench` regenerates it (bench/README.md).
.PHONY: bench-writes
bench-writes: setup
	@case "$$DATABASE_URL" in postgres://*|postgresql://*|pgsql://*) ;; \
		*) echo "make bench-writes: set DATABASE_URL to a PostgreSQL database of its own (see make bench)" >&2; exit 2 ;; \
	esac
	$(BIN)/python -m bench.generate --tasks $(TASKS)
	$(BIN)/python -m bench.writes --writers 4 8

# Only the indicators' rows (issue 11, item 14): the tasks' data set, then the indicators' values
# (about 5 minutes the first time), then the country roll-up, the league, the entry page and the
# import of 100,000 values; the other rows of bench/results.json are kept.
.PHONY: bench-indicators
bench-indicators: setup
	@case "$$DATABASE_URL" in postgres://*|postgresql://*|pgsql://*) ;; \
		*) echo "make bench-indicators: set DATABASE_URL to a PostgreSQL database of its own (see make bench)" >&2; exit 2 ;; \
	esac
	$(BIN)/python -m bench.generate --tasks $(TASKS)
	$(BIN)/python -m bench.gen_indicators
	$(BIN)/python -m bench.run --tasks $(TASKS) --indicators-only
