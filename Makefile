# Two commands on a fresh machine with Python 3: `make demo` and `make test` (README).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PYTEST_WORKERS ?= 2

.PHONY: demo serve test check lint types imports migrations-check schema-check pytest messages setup clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP) messages

# Compiled catalogues are committed; recompile when gettext's msgfmt is on the machine.
messages: $(STAMP)
	@if command -v msgfmt >/dev/null 2>&1; then \
		for po in mandate/locale/*/LC_MESSAGES/django.po; do \
			[ -f "$$po" ] || continue; msgfmt --check-format -o "$${po%.po}.mo" "$$po" || exit 1; \
		done; \
	fi

demo: setup
	$(BIN)/mandate demo
	$(BIN)/mandate serve

serve: setup
	$(BIN)/mandate serve

test: setup check pytest

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

pytest:
	$(BIN)/pytest -n $(PYTEST_WORKERS) -q

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
