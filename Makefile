# Needs only Python 3.11+: the first target that runs creates .venv and installs everything into it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PACKAGES := shared clients $(sort $(wildcard services/*))
# the kernel with its development servers (embedded PostgreSQL, the broker, honcho): the image installs it without

.PHONY: run test token bench faults install dashboard clean-data

$(STAMP): constraints.txt $(foreach p,$(PACKAGES),$(p)/pyproject.toml) requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -r requirements-dev.txt -e 'shared[dev]' $(foreach p,$(filter-out shared,$(PACKAGES)),-e $(p))
	touch $(STAMP)

DASHBOARD_UI := services/projection/dashboard-ui
DASHBOARD := services/projection/projection/dashboard/static/index.html

# The dashboard's scripts (ECharts) come from the npm registry at build time. Without npm the system still
# runs; the page then says how to build it.
$(DASHBOARD): $(DASHBOARD_UI)/package-lock.json $(wildcard $(DASHBOARD_UI)/src/*) $(DASHBOARD_UI)/build.mjs
	@if command -v npm >/dev/null 2>&1; then \
		cd $(DASHBOARD_UI) && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent; \
	else echo "npm not found: the dashboard is not built (install Node.js 20+ and run make again)"; fi

DOCS_UI := shared/docs-ui
DOCS := shared/kernel/docs/static/swagger-ui-bundle.js

# Swagger UI for every service's /docs, from the npm registry at build time (an intranet reaches no CDN).
$(DOCS): $(DOCS_UI)/package-lock.json $(wildcard $(DOCS_UI)/src/*) $(DOCS_UI)/build.mjs
	@if command -v npm >/dev/null 2>&1; then \
		cd $(DOCS_UI) && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent; \
	else echo "npm not found: the /docs pages are not built (install Node.js 20+ and run make again)"; fi

dashboard: $(DASHBOARD) $(DOCS)

install: $(STAMP) $(DASHBOARD) $(DOCS)

run: $(STAMP) $(DASHBOARD) $(DOCS)  ## start PostgreSQL, the broker and the services; Ctrl-C stops them
	$(BIN)/ipo run

test: $(STAMP) $(DASHBOARD) $(DOCS)  ## the whole test suite, against real PostgreSQL and a real broker it starts itself
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP)  ## measure throughput, freshness, rebuild, query and memory against same-run baselines
	$(BIN)/python -m bench $(BENCH_ARGS)

faults: $(STAMP)  ## SIGKILL every process under load, one at a time and together; check nothing is lost or doubled
	$(BIN)/python -m faults $(FAULTS_ARGS)

token: $(STAMP)  ## print a development token with every scope (the last line)
	@$(BIN)/ipo token

clean-data:  ## forget everything `make run` recorded
	rm -rf .data
