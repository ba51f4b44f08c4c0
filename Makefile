# The two commands of the README:
#   make run   set up a virtual environment and start the app on the embedded SQLite database
#   make test  set up everything the tests need (PostgreSQL and Chromium too, when root) and run all tests

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501

.PHONY: setup lock run test bench bench-50 bench-gc soak scaleout clean-data

# Installs exactly the versions in requirements.lock (hashes checked), then the project itself without
# resolving anything. pip prints each package as it is collected and installed (a few minutes on the first
# run), not --quiet.
$(BIN)/.installed: pyproject.toml requirements.lock
	@echo "== Setting up $(VENV): installing the dashboard and its dependencies (a few minutes the first time) =="
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade --progress-bar on pip
	@# pip says nothing while it installs what it downloaded (minutes on a busy machine): a line every 20 s.
	@$(BIN)/python -m pip install --progress-bar on -r requirements.lock & pip=$$!; s=0; \
	while kill -0 $$pip 2>/dev/null; do \
	  sleep 1; s=$$((s + 1)); \
	  if [ $$((s % 20)) = 0 ] && kill -0 $$pip 2>/dev/null; then \
	    echo "   ... still installing ($$s s, $$(ls -d $(VENV)/lib/python3*/site-packages/*.dist-info 2>/dev/null | wc -l) packages in place)"; \
	  fi; \
	done; wait $$pip
	$(BIN)/python -m pip install --progress-bar on --no-deps -e .
	touch $@
	@echo "== $(VENV) is ready =="

setup: $(BIN)/.installed

# Rewrites requirements.lock after a change to pyproject.toml's dependencies (needs uv: pip install uv).
# Versions already in the lock are kept; LOCK_ARGS="--upgrade-package streamlit" moves one on.
lock:
	uv pip compile --quiet pyproject.toml --extra dev --python-version 3.11 --python-platform x86_64-manylinux_2_28 \
		--generate-hashes --index-url https://pypi.org/simple --custom-compile-command "make lock" \
		-o requirements.lock $(LOCK_ARGS)

run: setup
	@echo "== Starting the app on http://localhost:$(PORT) (the first start loads the sample into data/; the page shows it) =="
	$(BIN)/streamlit run app.py --server.port $(PORT)

test: setup
	@url=$$(bash .ci/services.sh) && \
	TEST_POSTGRES_URL=$${TEST_POSTGRES_URL:-$$url} $(BIN)/python -m pytest $(PYTEST_ARGS)

# The performance benchmark (README, Performance), one command, about 20 minutes on a quiet 2-core machine:
# scales 1 and 10 on SQLite and PostgreSQL; the real server over its websocket protocol (every page, 15 reruns
# each after a new gemeente selection; 1, 10 and 50 sessions at once for a minute each at scale 1 on SQLite),
# a fresh clone's first start, 3 Chromium sessions as a cross-check and the AppTest breakdown (5 runs per page).
# BENCH_ARGS overrides, e.g. BENCH_ARGS="--scales 1 --backends sqlite --ws-runs 20 --sessions 1,10".
BENCH_ARGS ?= --scales 1,10 --backends sqlite,postgresql --ws-runs 15 --sessions 1,10,50 --session-duration 60 \
	--session-backends sqlite --first-start --runs 5 --page-budget 45 --concurrency 3 --duration 30
bench: setup
	@url=$$(bash .ci/services.sh) && \
	$(BIN)/dashboard bench --postgres-url "$${TEST_POSTGRES_URL:-$$url}" --out bench/results.json $(BENCH_ARGS)

# The issue-14 target run: 50 sessions for 10 minutes on the sample (Fasematrix, Kaart, Kandidaten, Overzicht).
bench-50: setup
	$(BIN)/python -m dashboard.devtools.loadgen --database sample --workdir bench/work --sessions 50 \
		--duration 600 --interval 5 --timeout 120 --out bench/sessions50.json

# Streamlit's post-script GC on, off, and on with gc.freeze() after the imports (about 6 minutes).
bench-gc: setup
	$(BIN)/python -m dashboard.devtools.loadgen --database sample --workdir bench/work --sessions 1 --reruns 1 >/dev/null
	$(BIN)/python -m dashboard.devtools.gcbench --database sqlite:///$(CURDIR)/bench/work/sample.sqlite \
		--workdir bench/work --out bench/gc.json

# 30 minutes of 10 sessions changing filters: the server's memory over time (bench/soak.json).
soak: setup
	$(BIN)/python -m dashboard.devtools.loadgen --database sample --workdir bench/work --sessions 10 \
		--duration 1800 --interval 10 --timeout 120 --out bench/soak.json

# Two replicas behind nginx (deploy/nginx.conf) on one PostgreSQL against one replica (bench/scaleout.json).
scaleout: setup
	@url=$$(bash .ci/services.sh) && \
	$(BIN)/python -m dashboard.devtools.scaleout --postgres-url "$${TEST_POSTGRES_URL:-$$url}" \
		--sessions 20 --duration 60 --workdir bench/work --out bench/scaleout.json

# Drop the embedded database; the next start loads the sample again.
clean-data:
	rm -rf data/
