# The two commands of the README:
#   make run   set up a virtual environment and start the app on the embedded SQLite database
#   make test  set up everything the tests need (PostgreSQL and Chromium too, when root) and run all tests

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501

.PHONY: setup run test bench clean-data

# pip prints each package as it is collected and installed (a few minutes on the first run), not --quiet.
$(BIN)/.installed: pyproject.toml
	@echo "== Setting up $(VENV): installing the dashboard and its dependencies (a few minutes the first time) =="
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade --progress-bar on pip
	@# pip says nothing while it installs what it downloaded (minutes on a busy machine): a line every 20 s.
	@$(BIN)/python -m pip install --progress-bar on -e ".[dev]" & pip=$$!; s=0; \
	while kill -0 $$pip 2>/dev/null; do \
	  sleep 1; s=$$((s + 1)); \
	  if [ $$((s % 20)) = 0 ] && kill -0 $$pip 2>/dev/null; then \
	    echo "   ... still installing ($$s s, $$(ls -d $(VENV)/lib/python3*/site-packages/*.dist-info 2>/dev/null | wc -l) packages in place)"; \
	  fi; \
	done; wait $$pip
	touch $@
	@echo "== $(VENV) is ready =="

setup: $(BIN)/.installed

run: setup
	@echo "== Starting the app on http://localhost:$(PORT) (the first start loads the sample into data/; the page shows it) =="
	$(BIN)/streamlit run app.py --server.port $(PORT)

test: setup
	@url=$$(bash .ci/services.sh) && \
	TEST_POSTGRES_URL=$${TEST_POSTGRES_URL:-$$url} $(BIN)/python -m pytest $(PYTEST_ARGS)

# The performance benchmark (README, Performance): scales 1 and 10 on SQLite and PostgreSQL, and 20 browser
# sessions for a minute against one server; BENCH_ARGS overrides, e.g. BENCH_ARGS="--scales 1,10,30".
BENCH_ARGS ?= --scales 1,10 --backends sqlite,postgresql --runs 20 --concurrency 20 --duration 60
bench: setup
	@url=$$(bash .ci/services.sh) && \
	$(BIN)/dashboard bench --postgres-url "$${TEST_POSTGRES_URL:-$$url}" --out bench/results.json $(BENCH_ARGS)

# Drop the embedded database; the next start loads the sample again.
clean-data:
	rm -rf data/
